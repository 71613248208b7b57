"""The open tasks' deadlines as a calendar (`tracker export --format ics`), RFC 5545.

Each open task with a deadline is an all-day event on the deadline in force (most
calendar apps ignore VTODO), with a reminder some days before. The event's UID is the
task's uuid, so a calendar that imports the file again updates the events it already has
(a deadline extended moves its event) instead of adding copies; SEQUENCE grows with every
change of deadline, which tells a calendar the new event replaces the old one.

The words are fixed strings in the file's language, not gettext messages, as a report's
(`--lang en` writes an English calendar whatever the catalog).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import NamedTuple

from tracker.domain.dates import format_date
from tracker.domain.model import Agency, Meeting, Task
from tracker.interchange.dataset import Dataset

UID_DOMAIN = "coop-tracker"  # a UID is "<task uuid>@coop-tracker"


class CalendarWords(NamedTuple):
    """The words of a calendar in one language."""

    name: str
    description: str
    lead: str
    partners: str
    meeting: str
    document: str
    directed_by: str
    deadline: str
    reminder: str  # {days} {summary}
    reminder_today: str  # {summary}


ENGLISH = CalendarWords(
    name="Cooperation task deadlines",
    description="The deadlines of the open cooperation tasks, one all-day event each.",
    lead="Lead agency",
    partners="Partner agencies",
    meeting="Meeting",
    document="Assigning document",
    directed_by="Directed by",
    deadline="Deadline",
    reminder="Due in {days} days: {summary}",
    reminder_today="Due today: {summary}",
)

VIETNAMESE = CalendarWords(
    name="Thời hạn nhiệm vụ hợp tác",
    description="Thời hạn các nhiệm vụ hợp tác chưa hoàn thành, mỗi nhiệm vụ một sự kiện cả ngày.",
    lead="Cơ quan chủ trì",
    partners="Cơ quan phối hợp",
    meeting="Hội nghị, cuộc họp",
    document="Văn bản giao",
    directed_by="Lãnh đạo chỉ đạo",
    deadline="Thời hạn",
    reminder="Còn {days} ngày đến hạn: {summary}",
    reminder_today="Đến hạn hôm nay: {summary}",
)

_WORDS = {"en": ENGLISH, "vi": VIETNAMESE}


def calendar_tasks(dataset: Dataset) -> list[Task]:
    """The tasks a calendar shows: open (not done, cancelled or deleted) with a deadline,
    by deadline then id."""
    shown = [
        task
        for task in dataset.tasks
        if task.due is not None and not task.is_closed and not task.is_deleted
    ]
    return sorted(shown, key=lambda task: (task.due, task.id))


def summary_of(task: Task) -> str:
    """An event's title: "#12 title", or the title alone for a task not yet numbered."""
    title = " ".join(task.title.split())
    return f"#{task.id} {title}" if task.id else title


def _agency(code: str, agencies: Mapping[str, Agency]) -> str:
    agency = agencies.get(code)
    return f"{agency.name} ({code})" if agency else code


def description_of(
    task: Task,
    words: CalendarWords,
    agencies: Mapping[str, Agency],
    meetings: Mapping[str, Meeting],
) -> str:
    """What the event says: the deadline, lead and partners (names and codes), the meeting,
    the assigning document and the directing leader, one per line."""
    assert task.due is not None
    lines = [f"{words.deadline}: {format_date(task.due)}"]
    lines.append(f"{words.lead}: {_agency(task.lead, agencies)}")
    if task.partners:
        partners = "; ".join(_agency(code, agencies) for code in task.partners)
        lines.append(f"{words.partners}: {partners}")
    meeting = meetings.get(task.meeting) if task.meeting else None
    if meeting is not None:
        lines.append(f"{words.meeting}: {meeting.title} ({format_date(meeting.date)})")
    elif task.meeting:
        lines.append(f"{words.meeting}: {task.meeting}")
    if task.document:
        lines.append(f"{words.document}: {task.document}")
    if task.directed_by:
        lines.append(f"{words.directed_by}: {task.directed_by}")
    if task.description.strip():
        lines.extend(("", task.description.strip()))
    return "\n".join(lines)


def encode_calendar(dataset: Dataset, *, lang: str, remind_days: int, stamp: datetime) -> bytes:
    """An iCalendar file of the open tasks' deadlines, in `lang` ("vi" or "en"), each with a
    reminder `remind_days` days before (0: at the start of the deadline's day); `stamp`
    (when the file is made) is every event's DTSTAMP."""
    from icalendar import Alarm, Calendar, Event  # loaded only to write a calendar

    words = _WORDS[lang]
    agencies = {agency.code: agency for agency in dataset.agencies}
    meetings = {meeting.id: meeting for meeting in dataset.meetings}
    calendar = Calendar()
    calendar.add("prodid", f"-//coop-tracker//tracker//{lang.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # PUBLISH: a calendar to subscribe to or import, not a meeting request to answer.
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", words.name)
    calendar.add("x-wr-caldesc", words.description)
    for task in calendar_tasks(dataset):
        due: date = task.due  # type: ignore[assignment]  # calendar_tasks keeps dated ones
        summary = summary_of(task)
        event = Event()
        event.add("uid", f"{task.uuid}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", due)  # a date: an all-day event (DTSTART;VALUE=DATE)
        event.add("dtend", due + timedelta(days=1))  # all-day ends are exclusive
        event.add("summary", summary)
        event.add("description", description_of(task, words, agencies, meetings))
        # Each change of deadline adds one to `deadlines`: the event's revision number.
        event.add("sequence", len(task.deadlines))
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
        if task.updated is not None:
            event.add("last-modified", task.updated)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(days=-remind_days))
        reminder = (
            words.reminder.format(days=remind_days, summary=summary)
            if remind_days
            else words.reminder_today.format(summary=summary)
        )
        alarm.add("description", reminder)
        event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
