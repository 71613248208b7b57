"""The audit trail: every change to the tasks, newest first, chosen by task, day and author,
and the words of its columns (when, who) as `show`, `log` and the UI write them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import msgspec

from tracker.domain.dates import format_date
from tracker.domain.merge import event_order
from tracker.domain.model import Author, HistoryEvent, Task
from tracker.domain.text import matches

# How much of a task's title the whole log shows beside its id.
SHORT_TITLE = 40


class LogEntry(msgspec.Struct, frozen=True, gc=False):
    """One event of the trail, with the task it happened to."""

    task_id: int
    uuid: str
    title: str
    event: HistoryEvent


def trail(
    tasks: Iterable[Task], since: date | None = None, by: str | None = None
) -> list[LogEntry]:
    """The events of `tasks`, newest first: those recorded on or after `since` (on the
    recorder's calendar) by an author whose name or agency code holds every word of `by`
    (case and diacritics ignored)."""
    entries = [
        LogEntry(task.id, task.uuid, task.title, event)
        for task in tasks
        for event in task.history
        if (since is None or event.at.date() >= since) and (by is None or by_matches(event, by))
    ]
    entries.sort(key=lambda entry: event_order(entry.event), reverse=True)
    return entries


def by_matches(event: HistoryEvent, wanted: str) -> bool:
    """Whether `event` was recorded by someone `wanted` names (their name or agency code,
    case and diacritics ignored); an event with no author matches nobody."""
    author = event.by
    return author is not None and matches(wanted, author.name, author.agency)


def recorded_at(event: HistoryEvent) -> str:
    """When the event was recorded, to the minute, on the recorder's clock: "03/12/2026 14:05";
    the day alone (the time padded out) for an event migrated from a history that kept
    days only, such as the sample's: its time is not known, and "00:00" would claim one."""
    if event.by is None and event.at.hour == 0 and event.at.minute == 0:
        return f"{format_date(event.at.date())}      "
    return f"{format_date(event.at.date())} {event.at:%H:%M}"


def shown_when(event: HistoryEvent) -> str:
    """The date and time of a history line: the recording moment, or for a change dated
    another day (a close `--on` an earlier day) that day alone, the time padded out, as a
    time would belong to the day it was recorded and not to that one."""
    if event.effective is not None and event.effective != event.at.date():
        return f"{format_date(event.effective)}      "
    return recorded_at(event)


def author_label(author: Author | None) -> str:
    """Who recorded an event as a line names them, empty for an event older than authors."""
    return author.label if author is not None else ""


def short_title(title: str, width: int = SHORT_TITLE) -> str:
    """A title cut to `width` characters with an ellipsis, on one line."""
    line = " ".join(title.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"
