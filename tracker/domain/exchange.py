"""A weekly exchange's file: the tasks changed since a moment, and the records they name."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time

import msgspec

from tracker.domain.dates import parse_deadline
from tracker.domain.errors import InvalidInput
from tracker.domain.model import Agency, Agreement, Meeting, Task
from tracker.i18n import _

# A date followed by a time of day: the moment a script saved at its last exchange
# (2026-12-03T10:15:00+07:00), read as ISO 8601; anything else is a date phrase.
_TIMESTAMP = re.compile(r"^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


class Exchange(msgspec.Struct, frozen=True):
    """What an export since a moment holds: the tasks changed since then, the tasks they
    link to, and the agencies, meetings and agreements all of those name."""

    tasks: list[Task]
    agencies: list[Agency]
    agreements: list[Agreement]
    meetings: list[Meeting]


def since_moment(text: str, today: date) -> datetime:
    """The moment `--since` names: a full ISO timestamp as written (local time when it has
    no offset), or any date phrase a deadline takes, from 00:00 of that day in local time.

    InvalidInput (DeadlineError) for text that is neither.
    """
    if _TIMESTAMP.match(text):
        try:
            moment = datetime.fromisoformat(text.strip())
        except ValueError:
            raise InvalidInput(
                _(
                    "{text!r} is not a date and time: write it as 2026-12-03T10:15:00+07:00, "
                    "or give a date"
                ).format(text=text.strip())
            ) from None
        return moment if moment.tzinfo is not None else moment.astimezone()
    return datetime.combine(parse_deadline(text, today), time()).astimezone()


def changed_since(
    since: datetime,
    tasks: Sequence[Task],
    agencies: Sequence[Agency],
    agreements: Sequence[Agreement],
    meetings: Sequence[Meeting],
) -> Exchange:
    """The tasks with a history event at or after `since`, with every task they link to
    (parent, previous occurrence, and theirs in turn) so that the file imports into an
    empty database too, and the agencies, meetings and agreements those tasks name.

    Records keep the order they are given in.
    """
    by_id = {task.id: task for task in tasks}
    wanted = {task.id for task in tasks if any(event.at >= since for event in task.history)}
    # A linked task names its own links: follow them until none is new.
    waiting = list(wanted)
    while waiting:
        task = by_id[waiting.pop()]
        for linked in (task.parent, task.previous):
            if linked is not None and linked in by_id and linked not in wanted:
                wanted.add(linked)
                waiting.append(linked)
    chosen = [task for task in tasks if task.id in wanted]
    agency_codes = {code for task in chosen for code in (task.lead, *task.partners)}
    meeting_ids = {task.meeting for task in chosen if task.meeting}
    named_meetings = [meeting for meeting in meetings if meeting.id in meeting_ids]
    agreement_codes = {meeting.agreement for meeting in named_meetings if meeting.agreement}
    return Exchange(
        tasks=chosen,
        agencies=[agency for agency in agencies if agency.code in agency_codes],
        agreements=[item for item in agreements if item.code in agreement_codes],
        meetings=named_meetings,
    )
