"""Explicit conversions between stored JSON documents and the domain's dataclasses."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from tracker.domain.model import Agency, Agreement, HistoryEntry, Meeting, Status, Task

Document = dict[str, Any]


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def agency_to_document(agency: Agency) -> Document:
    return {
        "code": agency.code,
        "name": agency.name,
        "short": agency.short,
        "locality": agency.locality,
    }


def agency_from_document(doc: Mapping[str, Any]) -> Agency:
    return Agency(
        code=doc["code"],
        name=doc["name"],
        short=doc.get("short") or "",
        locality=doc.get("locality") or "",
    )


def agreement_to_document(agreement: Agreement) -> Document:
    return {"code": agreement.code, "title": agreement.title, "parties": list(agreement.parties)}


def agreement_from_document(doc: Mapping[str, Any]) -> Agreement:
    return Agreement(code=doc["code"], title=doc["title"], parties=tuple(doc.get("parties", ())))


def meeting_to_document(meeting: Meeting) -> Document:
    return {
        "id": meeting.id,
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "place": meeting.place,
        "agreement": meeting.agreement,
        "chairs": list(meeting.chairs),
        "notes": meeting.notes,
    }


def meeting_from_document(doc: Mapping[str, Any]) -> Meeting:
    return Meeting(
        id=doc["id"],
        title=doc["title"],
        date=date.fromisoformat(doc["date"]),
        place=doc.get("place") or "",
        agreement=doc.get("agreement"),
        chairs=tuple(doc.get("chairs", ())),
        notes=doc.get("notes") or "",
    )


def history_to_document(entry: HistoryEntry) -> Document:
    return {"on": entry.on.isoformat(), "text": entry.text, "kind": entry.kind}


def history_from_document(doc: Mapping[str, Any]) -> HistoryEntry:
    return HistoryEntry(
        on=date.fromisoformat(doc["on"]), text=doc["text"], kind=doc.get("kind", "note")
    )


def task_to_document(task: Task) -> Document:
    """The stored form of a task; the id is TinyDB's document id, not a field."""
    return {
        "uuid": task.uuid,
        "title": task.title,
        "description": task.description,
        "lead": task.lead,
        "partners": list(task.partners),
        "meeting": task.meeting,
        "area": task.area,
        "due": _iso(task.due),
        "status": task.status.value,
        "closed_on": _iso(task.closed_on),
        "outcome": task.outcome,
        "history": [history_to_document(entry) for entry in task.history],
        "created": _iso(task.created),
        "updated": _iso(task.updated),
    }


_STATUSES = {status.value: status for status in Status}


def task_from_document(task_id: int, doc: Mapping[str, Any]) -> Task:
    # The hot path of every load: plain dict lookups rather than Enum and helper calls.
    created = doc.get("created")
    updated = doc.get("updated")
    due = doc.get("due")
    closed_on = doc.get("closed_on")
    history = doc.get("history")
    return Task(
        id=task_id,
        uuid=doc["uuid"],
        title=doc["title"],
        lead=doc["lead"],
        description=doc.get("description") or "",
        partners=tuple(doc.get("partners", ())),
        meeting=doc.get("meeting"),
        area=doc.get("area"),
        due=date.fromisoformat(due) if due else None,
        status=_STATUSES[doc.get("status") or "open"],
        closed_on=date.fromisoformat(closed_on) if closed_on else None,
        outcome=doc.get("outcome"),
        history=[history_from_document(entry) for entry in history] if history else [],
        created=datetime.fromisoformat(created) if created else None,
        updated=datetime.fromisoformat(updated) if updated else None,
    )
