"""The tracker's own errors; the command line maps each kind to its exit status."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.domain.revision import FieldConflict, Revision


class TrackerError(Exception):
    """Base of every error the tracker explains to its user in one line."""

    exit_code = 1


class InvalidInput(TrackerError):
    """Bad usage or bad input: an unreadable date, an unknown agency, an empty title."""

    exit_code = 2


class RequestRefused(TrackerError):
    """A well-formed request that cannot be carried out: no such task, already closed."""

    exit_code = 1


class StoreError(TrackerError):
    """The database cannot be read or written: corrupt, foreign, locked too long, disk full."""

    exit_code = 1


class EditConflict(RequestRefused):
    """A change made on a task as it was at an earlier revision, to fields someone else
    changed meanwhile to other values; `conflicts` says, per field, theirs and yours.

    `revision` is the task's revision now: a caller that has asked its user which value
    to keep tries again with it.
    """

    def __init__(
        self,
        message: str,
        task_id: int,
        conflicts: tuple[FieldConflict, ...],
        revision: Revision,
    ) -> None:
        super().__init__(message)
        self.task_id = task_id
        self.conflicts = conflicts
        self.revision = revision
