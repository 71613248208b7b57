"""Plain-text, CSV and JSON output of the command line (no Rich, so commands start fast)."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import click
import msgspec

from tracker import i18n
from tracker.domain import fields
from tracker.domain.audit import author_label, shown_when
from tracker.domain.dates import describe_due, format_date
from tracker.domain.history import describe, last_deletion
from tracker.domain.model import AREAS, Agency, HistoryEvent, Meeting, Status, Task
from tracker.domain.safe_text import (
    escape_json_controls,
    spreadsheet_row,
    spreadsheet_safe,
    task_texts,
    visible,
    visible_all,
    visible_lines,
)
from tracker.domain.standing import (
    STANDING_SYMBOLS,
    Standing,
    standing_as_of,
)
from tracker.domain.subtasks import tree_order
from tracker.i18n import _, ngettext, pgettext
from tracker.interchange.dataset import task_record, task_records
from tracker.service import ImportResult, Listing, TaskDetails

CSV_COLUMNS = fields.header(fields.STANDING)


def dump_json(value: Any) -> bytes:
    """Indented JSON; C1 and bidi controls escaped too, as msgspec writes them raw."""
    return escape_json_controls(msgspec.json.format(msgspec.json.encode(value), indent=2)) + b"\n"


def counted(n: int) -> str:
    """A count in a message: grouped as the interface language writes it (14.068) in
    Vietnamese; in English the digits alone, as these lines always printed them (scripts
    read `imported 50000 tasks`)."""
    return str(n) if i18n.language() == "en" else i18n.number(n)


def closed_line(task: Task) -> str:
    """What `tracker close` prints for a task it closed: on time or late."""
    late = task.due is not None and task.closed_on is not None and task.closed_on > task.due
    if late:
        days = (task.closed_on - task.due).days  # type: ignore[operator]
        return ngettext(
            "#{id} closed late ({days} day after {due})",
            "#{id} closed late ({days} days after {due})",
            days,
        ).format(id=task.id, days=days, due=format_date(task.due))  # type: ignore[arg-type]
    return _("#{id} closed on time").format(id=task.id)


def standing_cell(standing: Standing) -> str:
    """A standing as the table shows it: its symbol and its words."""
    return f"{STANDING_SYMBOLS[standing]} {standing.label}"


def due_cell(task: Task, as_of: date) -> str:
    """The deadline cell: the date and, while the task is open, how far it is from `as_of`."""
    if task.due is None:
        return "—"
    if task.is_closed:
        return format_date(task.due)
    return f"{format_date(task.due)} ({describe_due(task.due, as_of)})"


def print_tasks(listing: Listing, as_of: date, fmt: str, *, into_file: bool | None = None) -> None:
    """Print the listed tasks as a table, JSON or CSV.

    `into_file`: whether what is printed ends up in a file, where a CSV starts with the
    byte-order mark Excel needs; None: a file if standard output is one.
    """
    if fmt == "json":
        records = task_records(listing.tasks, listing.parent_uuids)
        for record, task in zip(records, listing.tasks, strict=True):
            record["standing"] = standing_as_of(task, as_of).value
        sys.stdout.buffer.write(dump_json(records))
        sys.stdout.flush()
    elif fmt == "csv":
        from tracker.reports.csv_dialect import BOM, csv_dialect
        from tracker.reports.labels import labels_for

        dialect = csv_dialect(labels_for(i18n.language()))
        if stdout_is_a_file() if into_file is None else into_file:
            sys.stdout.write(BOM)  # for Excel, which opens files (csv_dialect.py)
        writer = dialect.writer(sys.stdout, lineterminator="\n")
        writer.writerow(dialect.header(CSV_COLUMNS))
        standings = [standing_as_of(task, as_of) for task in listing.tasks]
        rows: Iterable[Iterable[Any]] = fields.csv_rows(listing.tasks, [standings])
        # Stored text is nearly always safe as it is, which one fast pass finds out.
        if not spreadsheet_safe(task_texts(listing.tasks)):
            rows = map(spreadsheet_row, rows)
        writer.writerows(rows)
    else:
        print_task_table(listing, as_of)


def stdout_is_a_file() -> bool:
    """True when standard output is redirected to a file (`> list.csv`), not a pipe or a
    terminal: where a CSV gets the byte-order mark Excel needs (tracker/reports/csv_dialect.py)."""
    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError):  # no file descriptor (io.UnsupportedOperation is one)
        return False


def write_file_bytes(data: bytes) -> None:
    """Print a file's bytes (a report): a CSV's byte-order mark only into a file, as it would
    be glued to the first heading for a program reading a pipe."""
    from tracker.reports.csv_dialect import BOM_BYTES

    if data.startswith(BOM_BYTES) and not stdout_is_a_file():
        data = data[len(BOM_BYTES) :]
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def task_list_file(listing: Listing, as_of: date, fmt: str, lang: str) -> bytes:
    """The listed tasks as `list --output FILE` saves them: an Excel workbook for xlsx
    (headed in `lang`), else exactly what `print_tasks` prints, as UTF-8."""
    if fmt == "xlsx":
        from tracker.interchange.task_sheet import encode_task_list

        return encode_task_list(listing.tasks, lang, as_of=as_of)
    # What is printed is what is saved: the printing code is the one description of
    # each format, so it runs once more with stdout caught.
    saved = io.BytesIO()
    text = io.TextIOWrapper(saved, encoding="utf-8", newline="")
    with contextlib.redirect_stdout(text):
        print_tasks(listing, as_of, fmt, into_file=True)
        text.flush()
    return saved.getvalue()


def print_task_table(listing: Listing, as_of: date) -> None:
    """Print the listed tasks as a table (id, deadline, standing, lead, title) and a count."""
    if not listing.tasks:
        click.echo(_("No tasks match."), err=True)
        return
    tasks, marks = listed_tree(listing.tasks)
    leads = visible_all([_short(listing.agencies, task.lead) for task in tasks])
    titles = visible_all([task.title for task in tasks])
    rows: list[tuple[str, ...]] = [
        (
            f"#{task.id}",
            due_cell(task, as_of),
            standing_cell(standing_as_of(task, as_of)),
            lead,
            mark + title,
        )
        for task, lead, title, mark in zip(tasks, leads, titles, marks, strict=True)
    ]
    header: tuple[str, ...] = (_("id"), _("due"), _("standing"), _("lead"), _("title"))
    rows, header = with_document_column(tasks, rows, header)
    click.echo(format_table(header, rows, wrap_last=sys.stdout.isatty()))
    click.echo(
        ngettext("{count} task", "{count} tasks", len(rows)).format(count=counted(len(rows))),
        err=True,
    )


def with_document_column(
    tasks: Sequence[Task], rows: list[tuple[str, ...]], header: tuple[str, ...]
) -> tuple[list[tuple[str, ...]], tuple[str, ...]]:
    """The table with an assigning-document column before the title, when some listed task
    has a document: a list of tasks that come from no document keeps its 80 columns."""
    if not any(task.document for task in tasks):
        return rows, header
    documents = visible_all([task.document or "—" for task in tasks])
    rows = [(*row[:-1], document, row[-1]) for row, document in zip(rows, documents, strict=True)]
    return rows, (*header[:-1], _("document"), header[-1])


def listed_tree(tasks: Sequence[Task]) -> tuple[Sequence[Task], Sequence[str]]:
    """The tasks with each sub-task right under its listed parent, and the tree mark before
    each title ("" for a task whose parent is not listed: it shows flat)."""
    tree = tree_order(tasks, _itself)
    if tree is None:
        return tasks, [""] * len(tasks)
    return [task for task, _mark in tree], [mark for _task, mark in tree]


def _itself(task: Task) -> Task:
    return task


def format_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], wrap_last: bool = False
) -> str:
    """Columns padded to their widest cell; the last one cut to the terminal width on a TTY."""
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header) - 1)]
    limit = shutil.get_terminal_size().columns - sum(widths) - 2 * len(widths) if wrap_last else 0
    lines = []
    for row in (header, *rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        last = row[-1]
        if limit > 10 and len(last) > limit:
            last = last[: limit - 1] + "…"
        lines.append("  ".join([*cells, last]).rstrip())
    return "\n".join(lines)


def _short(agencies: dict[str, Agency], code: str) -> str:
    agency = agencies.get(code)
    return agency.short_name if agency else code


def _full(agencies: dict[str, Agency], code: str) -> str:
    agency = agencies.get(code)
    return visible(f"{agency.name} ({code})" if agency else code)


def print_details(
    details: TaskDetails, today: date, fmt: str, *, series: Sequence[Task] = ()
) -> None:
    """Print one task with its agencies, meeting and history, as text or JSON; `series`
    the occurrences of the periodic duty it is part of."""
    from tracker.cli import series_command

    task = details.task
    if fmt == "json":
        record = details_json(details, today)
        if series:
            record.update(series_command.series_json(task, series, today))
        sys.stdout.buffer.write(dump_json(record))
        sys.stdout.flush()
        return
    standing = standing_as_of(task, today)
    lines = [f"#{task.id}  {visible(task.title)}", ""]
    if task.deleted_on is not None:
        lines += [deleted_line(task), ""]
    fields_shown = [(_("Lead"), _full(details.agencies, task.lead))]
    for number, code in enumerate(task.partners):
        label = _("Partners") if number == 0 else ""
        fields_shown.append((label, _full(details.agencies, code)))
    if details.meeting:
        meeting = details.meeting
        when = format_date(meeting.date)
        fields_shown.append((_("Meeting"), f"{visible(meeting.title)} ({when})"))
    if task.document:
        fields_shown.append((_("Document"), visible(task.document)))
    if task.directed_by:
        fields_shown.append((_("Directed by"), visible(task.directed_by)))
    if details.parent is not None:
        parent = details.parent
        fields_shown.append((_("Part of"), f"#{parent.id}  {visible(parent.title)}"))
    if task.area:
        fields_shown.append((_("Area"), visible(AREAS.get(task.area, task.area))))
    fields_shown.append((_("Due"), due_cell(task, today)))
    fields_shown.append((_("Status"), f"{task.status.label} — {standing_cell(standing)}"))
    if task.closed_on:
        fields_shown.append((_("Closed"), format_date(task.closed_on)))
    if task.outcome:
        fields_shown.append((_("Outcome"), visible_lines(task.outcome)))
    if repeats := series_command.repeats_value(task):
        fields_shown.append((_("Repeats"), repeats))
    # The labels' column is as wide as the longest label in the reader's language, and at
    # least the 11 characters the English one always had.
    width = max(10, *(len(label) for label, _value in fields_shown)) + 1
    lines += [f"{label:<{width}}{value}" for label, value in fields_shown]
    if details.subtasks:
        lines += ["", *subtask_lines(details.subtasks, today)]
    if task.description:
        lines += ["", visible_lines(task.description)]
    if task.deadlines:
        lines += ["", _("Deadlines"), *deadline_lines(task)]
    lines += series_command.series_lines(task, series, today)
    if task.history:
        lines += ["", _("History")]
        lines += [history_line(event) for event in task.history]
    click.echo("\n".join(lines))


def history_line(event: HistoryEvent) -> str:
    """One line of `show`'s history: when, who (when known) and what."""
    who = author_label(event.by)
    words = visible_lines(describe(event))
    if who:
        return f"  {shown_when(event)}  {visible(who)}  {words}"
    return f"  {shown_when(event)}  {words}"


def subtask_lines(children: Sequence[Task], today: date) -> list[str]:
    """`show`'s sub-tasks section: how many are done, then each with its standing."""
    done = sum(child.status is Status.DONE for child in children)
    lines = [_("Sub-tasks ({done}/{total} done)").format(done=done, total=len(children))]
    for child in children:
        standing = standing_cell(standing_as_of(child, today))
        lines.append(f"  #{child.id}  {standing}  {visible(child.title)}")
    return lines


def details_json(details: TaskDetails, today: date) -> dict[str, Any]:
    """`show --format json`: the task's object as `list` writes it, its parent's uuid under
    "parent" and id under "parent_id", and its sub-tasks with their standings."""
    task = details.task
    uuids = {other.id: other.uuid for other in (details.parent, *details.subtasks) if other}
    record = task_record(task, uuids)
    record["standing"] = standing_as_of(task, today).value
    record["parent_id"] = task.parent
    record["subtasks"] = [
        {
            "id": child.id,
            "uuid": child.uuid,
            "title": child.title,
            "status": child.status.value,
            "standing": standing_as_of(child, today).value,
        }
        for child in details.subtasks
    ]
    record["subtasks_done"] = sum(child.status is Status.DONE for child in details.subtasks)
    return record


def deadline_lines(task: Task) -> list[str]:
    """The deadline's history for `show`: the original, then each change and extension on
    the day it was set, with an extension's document and reason."""
    lines = []
    for number, deadline in enumerate(task.deadlines):
        due = format_date(deadline.due) if deadline.due else "—"
        if number == 0:
            said = _("original deadline {due}").format(due=due)
        elif deadline.extension and deadline.document:
            said = _("extended to {due} ({document}): reason {reason}").format(
                due=due, document=deadline.document, reason=deadline.reason
            )
        elif deadline.extension:
            said = _("extended to {due}: reason {reason}").format(due=due, reason=deadline.reason)
        else:
            said = _("changed to {due}").format(due=due)
        lines.append(f"  {format_date(deadline.set_on)}  {visible_lines(said)}")
    return lines


def deleted_line(task: Task) -> str:
    """What `show` says first about a deleted task: when, why, and the way back."""
    event = last_deletion(task.history)
    day = format_date(task.deleted_on) if task.deleted_on else "—"
    if event is not None and event.text:
        return _("DELETED on {day}: {reason} (`tracker restore {id}` brings it back)").format(
            day=day, reason=visible_lines(event.text), id=task.id
        )
    return _("DELETED on {day} (`tracker restore {id}` brings it back)").format(day=day, id=task.id)


def import_summary(result: ImportResult) -> str:
    """The one line `tracker import` prints: what it added and what was already there."""
    # Each count carries its own plural; the sentence around them is translated whole.
    if result.updated:
        return _(
            "imported {tasks}, {agencies}, {meetings}, {agreements}; {updated}; {skipped}"
        ).format(**_import_counts(result))
    return _("imported {tasks}, {agencies}, {meetings}, {agreements}; {skipped}").format(
        **_import_counts(result)
    )


def print_import_plan(result: ImportResult) -> None:
    """What `tracker import --dry-run` prints: each task it would add (deadline, lead,
    partners, title), then the counts."""
    rows = [
        (
            format_date(task.due) if task.due else "—",
            visible(task.lead),
            visible(", ".join(task.partners)) or "—",
            visible(task.title),
        )
        for task in result.tasks
    ]
    if rows:
        header = (_("deadline"), _("lead"), _("partners"), _("title"))
        click.echo(format_table(header, rows, wrap_last=sys.stdout.isatty()))
    from tracker.cli.merge_output import print_merged

    print_merged(result)
    if result.updated:
        click.echo(
            _(
                "dry run, nothing written: would import {tasks}, {agencies}, {meetings}, "
                "{agreements}; {to_update}; {skipped}"
            ).format(**_import_counts(result))
        )
        return
    click.echo(
        _(
            "dry run, nothing written: would import {tasks}, {agencies}, {meetings}, "
            "{agreements}; {skipped}"
        ).format(**_import_counts(result))
    )


def _import_counts(result: ImportResult) -> dict[str, str]:
    """Each count of an import in words, with its own plural."""
    tasks = len(result.tasks) if result.dry_run else len(result.added_tasks)
    skipped = result.skipped_tasks
    updated = len(result.updated)
    return {
        "tasks": ngettext("{n} task", "{n} tasks", tasks).format(n=counted(tasks)),
        "agencies": ngettext("{n} agency", "{n} agencies", result.added_agencies).format(
            n=counted(result.added_agencies)
        ),
        "meetings": ngettext("{n} meeting", "{n} meetings", result.added_meetings).format(
            n=counted(result.added_meetings)
        ),
        "agreements": ngettext("{n} agreement", "{n} agreements", result.added_agreements).format(
            n=counted(result.added_agreements)
        ),
        "skipped": ngettext(
            "{n} task was already present", "{n} tasks were already present", skipped
        ).format(n=counted(skipped)),
        # Tasks already present that took in the file's events (a merge).
        "updated": ngettext(
            "{n} task updated from the file", "{n} tasks updated from the file", updated
        ).format(n=counted(updated)),
        "to_update": ngettext(
            "{n} task would be updated from the file",
            "{n} tasks would be updated from the file",
            updated,
        ).format(n=counted(updated)),
    }


def print_agencies(agencies: Sequence[Agency]) -> None:
    """Print every agency, in the order given."""
    if not agencies:
        click.echo(_("No agencies yet: `tracker agencies add` or `tracker import`."), err=True)
        return
    rows = [
        tuple(map(visible, (a.code, a.locality or "—", a.short or "—", a.name))) for a in agencies
    ]
    click.echo(format_table((_("code"), _("locality"), _("short"), _("name")), rows))


def print_meetings(meetings: Sequence[Meeting]) -> None:
    """Print every meeting, in the order given."""
    if not meetings:
        click.echo(_("No meetings yet: `tracker meetings add`."), err=True)
        return
    rows: list[tuple[str, ...]] = [
        (visible(m.id), format_date(m.date), visible(m.agreement or "—"), visible(m.title))
        for m in meetings
    ]
    # Not the task list's "id" and "title" (số, tên nhiệm vụ): a meeting's id is a code.
    headers: tuple[str, ...] = (
        pgettext("meeting", "id"),
        _("date"),
        _("agreement"),
        pgettext("meeting", "title"),
    )
    # The conclusion document's column only when some meeting has one, as for tasks.
    if any(m.document for m in meetings):
        rows = [
            (*row[:-1], visible(m.document or "—"), row[-1])
            for row, m in zip(rows, meetings, strict=True)
        ]
        headers = (*headers[:-1], pgettext("meeting", "document"), headers[-1])
    click.echo(format_table(headers, rows))
