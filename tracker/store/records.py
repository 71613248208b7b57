"""Agencies, agreements, meetings and the changes journal read from stored documents: the
same for the file and a server, which differ only in how they fetch a table."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tracker.domain.changes import ChangeRecord
from tracker.domain.errors import StoreError
from tracker.domain.model import Agency, Agreement, Meeting
from tracker.store import documents
from tracker.store.schema import JOURNAL_TABLE


class RecordReader:
    """The reads every store's snapshot shares, over its `_raw(table)`: a table's stored
    documents by id, as the file keeps them."""

    def _raw(self, table: str) -> dict[str, Any]:
        raise NotImplementedError

    def _damaged(self, problem: documents.DamagedDocument) -> StoreError:
        """The store's one message for a damaged record: where it is, the way back."""
        raise NotImplementedError

    def agencies(self) -> dict[str, Agency]:
        """Every agency by code."""
        with self._naming_damage():
            rows = documents.records_from_table(
                "agencies", self._raw("agencies"), documents.agency_from_document
            )
        return {agency.code: agency for agency in rows}

    def agreements(self) -> dict[str, Agreement]:
        """Every agreement by code."""
        with self._naming_damage():
            rows = documents.records_from_table(
                "agreements", self._raw("agreements"), documents.agreement_from_document
            )
        return {agreement.code: agreement for agreement in rows}

    def meetings(self) -> dict[str, Meeting]:
        """Every meeting by id."""
        with self._naming_damage():
            rows = documents.records_from_table(
                "meetings", self._raw("meetings"), documents.meeting_from_document
            )
        return {meeting.id: meeting for meeting in rows}

    def changes(self) -> list[ChangeRecord]:
        """The changes journal, oldest first (tracker/domain/changes.py)."""
        table = self._raw(JOURNAL_TABLE)
        with self._naming_damage():
            return [
                documents.change_from_document(key, table[key]) for key in sorted(table, key=int)
            ]

    @contextmanager
    def _naming_damage(self) -> Iterator[None]:
        try:
            yield
        except documents.DamagedDocument as error:
            raise self._damaged(error) from None
