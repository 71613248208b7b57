"""The `tracker` command line: one click command per use case, never importing Textual."""

from __future__ import annotations

import functools
import math
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from msgspec import UNSET, UnsetType

from tracker import authorship, clock, i18n, process, settings
from tracker.authorship import Identity
from tracker.cli import series_command
from tracker.cli.agencies_command import agencies_update
from tracker.cli.config_command import config
from tracker.cli.copy_command import copy_stores
from tracker.cli.help_text import (
    FilePath,
    Number,
    TrackerGroup,
    WholeNumber,
    argument,
    option,
    route_click_messages,
    version_option,
)
from tracker.cli.language import choose_language
from tracker.cli.log_command import log
from tracker.cli.meetings_command import meetings_update
from tracker.cli.remind_command import remind
from tracker.cli.server_commands import DatabaseLocation, database_setting, init_db
from tracker.cli.undo_command import undo
from tracker.domain.dates import describe_due, format_date, parse_deadline, weekday_name
from tracker.domain.errors import InvalidInput, TrackerError
from tracker.domain.model import Agency, Meeting, Status
from tracker.domain.rules import SETTABLE_STATUSES
from tracker.domain.safe_text import visible
from tracker.domain.series import in_a_series, withdrawn_line
from tracker.domain.task_refs import not_a_task, task_number, uuid_prefix
from tracker.i18n import N_, _
from tracker.reports.formats import DOCUMENT_FORMATS, FORMATS
from tracker.service import (
    DEFAULT_LOCK_TIMEOUT,
    LONGEST_LOCK_TIMEOUT,
    ExportSpec,
    NewTask,
    TaskChanges,
    TaskFilter,
    Tracker,
    decode_interchange,
    is_task_workbook,
    load_task_workbook,
    read_import_file,
)

if TYPE_CHECKING:
    from tracker.reports.letterhead import Letterhead

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Context:
    """What every command needs: where the database is and what day it is."""

    def __init__(
        self, db: Path | str | None = None, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    ) -> None:
        self.db = db
        self.lock_timeout = lock_timeout
        self._tracker: Tracker | None = None
        # The terminal UI asks for a name itself; no line after it.
        self.ran_ui = False

    @functools.cached_property
    def today(self) -> date:
        """Read when a command first needs it: a bad TRACKER_TODAY is then its error."""
        return clock.today()

    @property
    def tracker(self) -> Tracker:
        """The tracker over the chosen database, opened on first use."""
        if self._tracker is None:
            # Named in the message of another command left waiting for our lock.
            current = click.get_current_context(silent=True)
            holder = current.command_path if current is not None else "tracker"
            if current is not None and current.parent is None:
                holder = _("tracker (terminal UI)")
            path = self.db or saved_database()
            self._tracker = Tracker.open(
                path, self.lock_timeout, holder, self.today, author=self.identity.author
            )
        return self._tracker

    @functools.cached_property
    def identity(self) -> Identity:
        """Who this command's changes are recorded as (tracker/authorship.py)."""
        return authorship.identity(settings.saved_values(settings.settings_path()))

    def name_hint(self) -> str | None:
        """After a command that saved a change under the login name, the line that says
        how to give a name once; None otherwise (nothing written, or a name was given)."""
        if self.saved_changes() == 0 or self.identity.chosen:
            return None
        return authorship.setting_hint(self.identity.author)

    def saved_changes(self) -> int:
        """How many changes the command has saved so far; none before it opened the database."""
        return 0 if self._tracker is None else self._tracker.saved_changes()

    def when(self, text: str | None, option: str) -> date | None:
        """Read a date the user typed, naming the option in the error."""
        if text is None:
            return None
        try:
            return parse_deadline(text, self.today)
        except InvalidInput as error:
            raise InvalidInput(
                _("{option}: {problem}").format(option=option, problem=error)
            ) from None


pass_context = click.make_pass_decorator(Context)


def saved_database() -> Path | str | None:
    """The `database` setting, when neither --db nor $TRACKER_DB names one."""
    return database_setting(settings.saved_values(settings.settings_path()).get("database"))


def given(value: T | None) -> T | UnsetType:
    """An option's value for a request, UNSET when the option was not given."""
    return UNSET if value is None else value


def tell_due(due: date | None, today: date) -> None:
    """On a terminal, say on stderr which deadline was understood; warn if it is past.

    Scripts read stdout, and a pipe or a file on stderr gets nothing extra: the line is for
    a person checking that "30/6" became the 30/06 they meant.
    """
    if due is None or not sys.stderr.isatty():
        return
    when = describe_due(due, today)
    line = _("due {weekday} {date} ({when})")
    click.echo(line.format(weekday=weekday_name(due), date=format_date(due), when=when), err=True)
    if due < today:
        warning = _("warning: this deadline is already past, so the task counts as overdue")
        click.echo(warning, err=True)


def task_ids(values: Sequence[str]) -> list[int]:
    """Task ids as typed (`12`, `#12`) or the start of a task's uuid (`3f2a9c`, looked up
    in the database: Tracker.find_task), or InvalidInput naming the one that is neither."""
    ids = []
    for value in values:
        number = task_number(value)
        context = click.get_current_context(silent=True)
        opened = context.find_object(Context) if context is not None else None
        if number is None and opened is not None and uuid_prefix(value) is not None:
            number = opened.tracker.find_task(value)
        if number is None:
            raise not_a_task(value)
        ids.append(number)
    return ids


def parent_option(value: str | None) -> int | None:
    """The task id --parent names, or None when it was not given."""
    if value is None:
        return None
    try:
        (number,) = task_ids([value])
    except InvalidInput as error:
        raise InvalidInput(_("--parent: {problem}").format(problem=error)) from None
    return number


def _seconds(ctx: click.Context, param: click.Parameter, value: float) -> float:
    """FloatRange lets "nan" and "inf" through, and no lock wait can be measured on them."""
    if math.isnan(value) or value > LONGEST_LOCK_TIMEOUT:
        raise click.BadParameter(
            _("give a number of seconds from 0 to {most:g} (a week), like 10").format(
                most=LONGEST_LOCK_TIMEOUT
            )
        )
    return value


@click.group(
    cls=TrackerGroup,
    invoke_without_command=True,
    context_settings=CONTEXT_SETTINGS,
    epilog=N_(
        "Examples:\n\n\b\n"
        "  tracker import sample_data/hanoi-thainguyen-2019.json\n"
        '  tracker add "Kết nối tiêu thụ chè Thái Nguyên" --lead HN-KHDT --due "Quý IV/2026"\n'
        "  tracker list --overdue\n"
        "  tracker                      # open the terminal UI"
    ),
)
@option(
    "--db",
    # readable=False, dir_okay=True: an unreadable database, or a folder in its place, is
    # the store's to refuse, with exit 1 and the reason.
    type=DatabaseLocation(path_type=Path, readable=False),
    metavar=N_("PATH|URL"),
    envvar="TRACKER_DB",
    help=N_(
        "Database file, or a PostgreSQL server as postgresql://user@host/dbname (default:"
        " $TRACKER_DB, else the `database` setting, else tracker.json in your user data"
        " folder)."
    ),
)
@option(
    "--lock-timeout",
    type=Number(min=0),
    metavar=N_("SECONDS"),
    callback=_seconds,
    default=DEFAULT_LOCK_TIMEOUT,
    show_default=True,
    help=N_("Seconds to wait while another tracker is writing."),
)
@version_option()
@click.pass_context
def cli(ctx: click.Context, db: Path | str | None, lock_timeout: float) -> None:
    """Follow up the action items of cooperation agreements between localities.

    With no command, opens the terminal UI.
    """
    # main() hands its Context in, to ask it afterwards whether a change was saved.
    context = ctx.ensure_object(Context)
    context.db, context.lock_timeout = db, lock_timeout
    if ctx.invoked_subcommand is None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            # In a pipe or a cron job the UI would wait for keys nobody can type.
            raise click.UsageError(
                _(
                    "the terminal UI needs a terminal; in a script, use a command such as"
                    " `tracker list`"
                ),
                ctx,
            )
        from tracker.ui.app import run_app  # Textual loads only when the UI is wanted.

        if signal.getsignal(signal.SIGINT) is _interrupt:
            # The UI's event loop answers Ctrl-C itself, but only under Python's handler.
            signal.signal(signal.SIGINT, signal.default_int_handler)
        # Without --lang (nor $TRACKER_LANG, nor a saved language) the UI asks for one.
        from tracker.cli.language import flag_value

        lang_given = flag_value(sys.argv[1:]) is not None
        context.ran_ui = True
        run_app(context.tracker.following_the_clock(), lang_given=lang_given)  # day moves on


@cli.command(
    epilog=N_(
        "Example:\n\n\b\n"
        '  tracker add "Kết nối tiêu thụ chè Thái Nguyên" --lead HN-KHDT \\\n'
        '      --partner TN-KHDT --due "30/9/2026" --area agriculture\n\n'
        "A title that starts with - goes after --, which ends the options:\n\n\b\n"
        '  tracker add --lead HN-KHDT -- "-5% phí vận chuyển chè"'
    )
)
@argument("title", metavar=N_("TITLE"))
@option("--lead", required=True, metavar=N_("CODE"), help=N_("Agency that leads (chủ trì)."))
@option(
    "--partner",
    "partners",
    multiple=True,
    metavar=N_("CODE"),
    help=N_("Partner agency (phối hợp); repeat for several."),
)
@option(
    "--due",
    metavar=N_("WHEN"),
    help=N_('Deadline: 30/9/2026, 2026-09-30, +2w, eom, "Quý IV/2026"...'),
)
@option(
    "--meeting", metavar=N_("ID"), help=N_("Meeting the task comes from (see `tracker meetings`).")
)
@option("--area", metavar=N_("TEXT"), help=N_("Cooperation area: trade, tourism, agriculture, ..."))
@option("--description", default="", metavar=N_("TEXT"), help=N_("Longer description."))
@option(
    "--document",
    default="",
    metavar=N_("NO"),
    help=N_('The document that assigned the task, e.g. "215/TB-VP".'),
)
@option("--directed-by", default="", metavar=N_("NAME"), help=N_("The leader who directed it."))
@option("--every", metavar=N_("CADENCE"), help=series_command.EVERY_HELP)
@option("--until", metavar=N_("WHEN"), help=series_command.UNTIL_HELP)
@option("--parent", metavar=N_("ID"), help=N_("The task this one is part of (a sub-task)."))
@pass_context
def add(
    ctx: Context,
    title: str,
    lead: str,
    partners: tuple[str, ...],
    due: str | None,
    meeting: str | None,
    area: str | None,
    description: str,
    document: str,
    directed_by: str,
    every: str | None,
    until: str | None,
    parent: str | None,
) -> None:
    """Record a new task and print its id."""
    tracker = ctx.tracker  # opened first, as before: its errors come before the date's
    deadline = ctx.when(due, "--due")
    cadence, last_day = series_command.cadence_given(every), ctx.when(until, "--until")
    parent_id = parent_option(parent)
    task = tracker.add_task(
        NewTask(
            title=title,
            lead=lead,
            partners=partners,
            due=deadline,
            meeting=meeting,
            area=area,
            description=description,
            document=document,
            directed_by=directed_by,
            every=cadence,
            until=last_day,
            parent=parent_id,
        )
    )
    click.echo(task.id)
    tell_due(deadline, ctx.today)


@cli.command(
    epilog=N_(
        "Examples:\n\n\b\n"
        '  tracker close 12 --outcome "Đã ký kết chương trình hợp tác"\n'
        "  tracker close 3 4 5 --on 30/9/2026"
    )
)
@argument("ids", nargs=-1, required=True, metavar=N_("ID..."))
@option("--outcome", metavar=N_("TEXT"), help=N_("What was achieved."))
@option("--on", "closed_on", metavar=N_("WHEN"), help=N_("Closing date (default: today)."))
@option(
    "--with-subtasks",
    is_flag=True,
    help=N_("Close the tasks' open sub-tasks too, on the same day with the same outcome."),
)
@pass_context
def close(
    ctx: Context,
    ids: tuple[str, ...],
    outcome: str | None,
    closed_on: str | None,
    with_subtasks: bool,
) -> None:
    """Mark tasks done; all of them, or none if any cannot be closed."""
    from tracker.cli import output

    tasks = ctx.tracker.close_tasks(
        task_ids(ids), outcome, ctx.when(closed_on, "--on"), with_subtasks=with_subtasks
    )
    for task in tasks:
        click.echo(output.closed_line(task))
        if line := series_command.next_occurrence_line(ctx.tracker, task):
            click.echo(line)


@cli.command(epilog=N_('Example:\n\n\b\n  tracker reopen 12 --reason "Cần bổ sung báo cáo"'))
@argument("task_id", metavar=N_("ID"))
@option("--reason", metavar=N_("TEXT"), help=N_("Why it is reopened (kept in the history)."))
# The option's name before --reason: users' scripts still pass it.
@option("--note", metavar=N_("TEXT"), hidden=True)
@pass_context
def reopen(ctx: Context, task_id: str, reason: str | None, note: str | None) -> None:
    """Reopen a done or cancelled task, back in the status it had before it was closed.

    Its outcome moves into its history; closing it again records a new one.
    """
    if reason is not None and note is not None:
        raise InvalidInput(_("give --reason or --note, not both"))
    (number,) = task_ids([task_id])
    task = ctx.tracker.reopen(number, reason if reason is not None else note)
    click.echo(_("#{id} reopened").format(id=task.id))
    if withdrawn := withdrawn_line(task):
        click.echo(withdrawn)


@cli.command(epilog=N_('Example:\n\n\b\n  tracker delete 12 --reason "Nhập trùng với #9"'))
@argument("task_id", metavar=N_("ID"))
@option(
    "--reason",
    required=True,
    metavar=N_("TEXT"),
    help=N_("Why it is deleted (kept in the history)."),
)
@pass_context
def delete(ctx: Context, task_id: str, reason: str) -> None:
    """Delete a task recorded by mistake: it leaves every list, count and report.

    It stays in the file: `tracker show ID` still shows it, and `tracker restore ID`
    brings it back.
    """
    (number,) = task_ids([task_id])
    task = ctx.tracker.delete_task(number, reason)
    click.echo(_("#{id} deleted").format(id=task.id))


@cli.command(epilog=N_("Example:\n\n\b\n  tracker restore 12"))
@argument("task_id", metavar=N_("ID"))
@option("--reason", metavar=N_("TEXT"), help=N_("Why it is restored (kept in the history)."))
@pass_context
def restore(ctx: Context, task_id: str, reason: str | None) -> None:
    """Bring back a deleted task, as it was when it was deleted."""
    (number,) = task_ids([task_id])
    task = ctx.tracker.restore_task(number, reason)
    click.echo(_("#{id} restored").format(id=task.id))


@cli.command(
    epilog=N_(
        "Example:\n\n\b\n"
        '  tracker extend 12 --to 30/9/2027 --reason "Chờ ý kiến của Bộ" '
        '--document "Công văn 1234/UBND-KT"'
    )
)
@argument("task_id", metavar=N_("ID"))
@option("--to", "to", required=True, metavar=N_("WHEN"), help=N_("The new deadline."))
@option(
    "--reason",
    required=True,
    metavar=N_("TEXT"),
    help=N_("Why the deadline is extended (kept in the history)."),
)
@option("--document", metavar=N_("TEXT"), help=N_("The document that granted it."))
@option("--on", "granted_on", metavar=N_("WHEN"), help=N_("Day it was granted (default: today)."))
@pass_context
def extend(
    ctx: Context,
    task_id: str,
    to: str,
    reason: str,
    document: str | None,
    granted_on: str | None,
) -> None:
    """Extend a task's deadline (gia hạn): reports judge it by the deadline in force."""
    (number,) = task_ids([task_id])
    tracker = ctx.tracker
    deadline = ctx.when(to, "--to")
    assert deadline is not None  # --to is required
    task = tracker.extend_task(number, deadline, reason, document, ctx.when(granted_on, "--on"))
    click.echo(_("#{id} extended to {due}").format(id=task.id, due=format_date(deadline)))
    tell_due(deadline, ctx.today)


@cli.command(
    epilog=N_(
        "Examples:\n\n\b\n"
        '  tracker update 12 --note "Đã gửi dự thảo cho Sở KH&ĐT Thái Nguyên"\n'
        '  tracker update 12 --due "cuối quý" --status in_progress'
    )
)
@argument("task_id", metavar=N_("ID"))
@option("--title", metavar=N_("TEXT"), help=N_("New title."))
@option("--lead", metavar=N_("CODE"), help=N_("New lead agency."))
@option(
    "--partner",
    "partners",
    multiple=True,
    metavar=N_("CODE"),
    help=N_("Partner agency; replaces the list; repeat for several."),
)
@option("--no-partners", is_flag=True, help=N_("Remove every partner."))
@option(
    "--due", metavar=N_("WHEN"), help=N_("New deadline (an extension is recorded in the history).")
)
@option("--no-due", is_flag=True, help=N_("Remove the deadline."))
@option(
    "--status",
    type=click.Choice([s.value for s in SETTABLE_STATUSES]),
    help=N_("New status (use `close` for done)."),
)
@option("--area", metavar=N_("TEXT"), help=N_("New cooperation area."))
@option("--description", metavar=N_("TEXT"), help=N_("New description."))
@option("--meeting", metavar=N_("ID"), help=N_("New meeting."))
@option("--parent", metavar=N_("ID"), help=N_("Make it part of this task (a sub-task)."))
@option("--no-parent", is_flag=True, help=N_("Make it a task of its own, part of no other."))
@option("--note", metavar=N_("TEXT"), help=N_("Append a dated progress note."))
@option("--document", metavar=N_("NO"), help=N_("New assigning document."))
@option("--no-document", is_flag=True, help=N_("Remove the assigning document."))
@option("--directed-by", metavar=N_("NAME"), help=N_("New leader who directed it."))
@option("--no-directed-by", is_flag=True, help=N_("Remove the leader who directed it."))
@pass_context
def update(
    ctx: Context,
    task_id: str,
    title: str | None,
    lead: str | None,
    partners: tuple[str, ...],
    no_partners: bool,
    due: str | None,
    no_due: bool,
    status: str | None,
    area: str | None,
    description: str | None,
    meeting: str | None,
    parent: str | None,
    no_parent: bool,
    note: str | None,
    document: str | None,
    no_document: bool,
    directed_by: str | None,
    no_directed_by: bool,
) -> None:
    """Change a task or note its progress; every change goes into its history."""
    (number,) = task_ids([task_id])
    if document is not None and no_document:
        raise InvalidInput(_("give --document or --no-document, not both"))
    if directed_by is not None and no_directed_by:
        raise InvalidInput(_("give --directed-by or --no-directed-by, not both"))
    if parent is not None and no_parent:
        raise InvalidInput(_("give --parent or --no-parent, not both"))
    parent_id = parent_option(parent)
    if due is not None and no_due:
        raise InvalidInput(_("give --due or --no-due, not both"))
    if partners and no_partners:
        raise InvalidInput(_("give --partner or --no-partners, not both"))
    # An option not given leaves its field as it is; --no-due removes the deadline.
    deadline = ctx.when(due, "--due")
    changes = TaskChanges(
        title=given(title),
        lead=given(lead),
        partners=() if no_partners else given(partners or None),
        due=None if no_due else given(deadline),
        status=given(Status(status) if status else None),
        area=given(area),
        description=given(description),
        meeting=given(meeting),
        parent=None if no_parent else given(parent_id),
        note=given(note),
        document="" if no_document else given(document),
        directed_by="" if no_directed_by else given(directed_by),
    )
    task = ctx.tracker.update_task(number, changes)
    click.echo(_("#{id} updated").format(id=task.id))
    if status == Status.CANCELLED and (
        line := series_command.next_occurrence_line(ctx.tracker, task)
    ):
        click.echo(line)
    tell_due(deadline, ctx.today)


@cli.command(
    name="list",
    epilog=N_(
        "Examples:\n\n\b\n"
        "  tracker list --overdue\n"
        "  tracker list --agency HN-KHDT --due-within 30\n"
        '  tracker list --search "che thai nguyen" --format json\n'
        "  tracker list --overdue --format xlsx --output qua-han.xlsx"
    ),
)
@option("--agency", metavar=N_("CODE"), help=N_("Tasks this agency leads or partners."))
@option("--status", type=click.Choice([s.value for s in Status]), help=N_("Stored status."))
@option("--overdue", is_flag=True, help=N_("Only open tasks past their deadline."))
@option(
    "--due-within",
    type=WholeNumber(min=0),
    metavar=N_("DAYS"),
    help=N_("Only open tasks due in the next DAYS days."),
)
@option("--search", metavar=N_("TEXT"), help=N_("Words to find, ignoring case and diacritics."))
@option("--meeting", metavar=N_("ID"), help=N_("Tasks from this meeting."))
@option("--parent", metavar=N_("ID"), help=N_("Only the sub-tasks of this task."))
@option("--top-level", is_flag=True, help=N_("Only tasks that are part of no other."))
@option(
    "--document",
    metavar=N_("TEXT"),
    help=N_("Tasks whose assigning document contains TEXT, ignoring case and diacritics."),
)
@option(
    "--as-of",
    "as_of",
    metavar=N_("WHEN"),
    help=N_("Judge deadlines as of this date (default: today)."),
)
@option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "xlsx"]),
    default="table",
    show_default=True,
    help=N_("How to show them; xlsx is an Excel workbook, to save with --output."),
)
@option(
    "--output",
    "output_path",
    type=FilePath(path_type=Path, dir_okay=False),
    metavar=N_("FILE"),
    help=N_("Write to FILE (atomically) instead of the screen."),
)
@pass_context
def list_tasks(
    ctx: Context,
    agency: str | None,
    status: str | None,
    overdue: bool,
    due_within: int | None,
    search: str | None,
    meeting: str | None,
    document: str | None,
    parent: str | None,
    top_level: bool,
    as_of: str | None,
    fmt: str,
    output_path: Path | None,
) -> None:
    """List tasks, filtered; --format json prints an array for scripts."""
    day = ctx.when(as_of, "--as-of") or ctx.today
    wanted = TaskFilter(
        agency=agency,
        status=Status(status) if status else None,
        overdue=overdue,
        due_within=due_within,
        search=search,
        meeting=meeting,
        document=document,
        parent=parent_option(parent),
        top_level=top_level,
    )
    from tracker.cli import output

    if fmt == "xlsx" and output_path is None and sys.stdout.isatty():
        raise click.UsageError(_("an Excel workbook is not for the terminal: give --output FILE"))
    listing = ctx.tracker.listing(wanted, day)
    if output_path is not None:
        ctx.tracker.write_file(
            output_path, output.task_list_file(listing, day, fmt, i18n.language())
        )
    elif fmt == "xlsx":
        sys.stdout.buffer.write(output.task_list_file(listing, day, fmt, i18n.language()))
        sys.stdout.flush()
    else:
        output.print_tasks(listing, day, fmt)


@cli.command(
    epilog=N_(
        "ID is the task's number (12 or #12) or the start of its uuid, at least 4 hex\n"
        "digits (as `list --format json` and exports show it); every command that takes\n"
        "an ID reads it so.\n\n"
        "Examples:\n\n\b\n  tracker show 12\n  tracker show 3f2a9c"
    )
)
@argument("task_id", metavar=N_("ID"))
@option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_context
def show(ctx: Context, task_id: str, fmt: str) -> None:
    """Show one task with its partners, meeting and history."""
    from tracker.cli import output

    (number,) = task_ids([task_id])
    details = ctx.tracker.task_details(number)
    series = ctx.tracker.series(number) if in_a_series(details.task) else []
    output.print_details(details, ctx.today, fmt, series=series)


@cli.command(
    epilog=N_(
        "Formats: text (Rich tables on a terminal, plain text in a pipe or file), markdown,\n"
        "csv (one file: a row per task with its standing, then after an empty row a summary\n"
        "section of totals and counts per role, lead agency and area, then an about\n"
        "section), json (the whole report; keys in README), html (one printable A4 page\n"
        "with a chart), docx (the official Word report, Nghị định 30/2020, with the task\n"
        "list as its appendix), xlsx (an Excel workbook); docx and xlsx need --output or a\n"
        "pipe. The department's details in docx (and html) come from `tracker config`\n"
        "(department.*); --number and --signer give this report's own. The report is in\n"
        "the language of the interface: --lang, else $TRACKER_LANG, else the `language`\n"
        "setting, else your locale.\n\n"
        "Examples:\n\n\b\n"
        "  tracker report --as-of 30/9/2026\n"
        "  tracker report --period 2026-Q3 --format markdown\n"
        "  tracker report --agency HN-KHDT --lang vi --format markdown\n"
        '  tracker report --as-of "Quý III/2026" --format html --output bao-cao-q3.html\n'
        "  tracker report --meeting 2019-06-21-hn-tn --format csv --output nhiem-vu.csv\n"
        "  tracker report --format docx --number 12 --output bao-cao.docx"
    )
)
@option("--as-of", "as_of", metavar=N_("WHEN"), help=N_("Reporting date (default: today)."))
@option(
    "--period",
    metavar=N_("PERIOD"),
    help=N_(
        "A reporting period, as of its last day: 2026-11, 2026-Q3, 2026-H1, 2026-9M, 2026, "
        '"quý III/2026".'
    ),
)
@option(
    "--soon",
    "soon_days",
    type=click.IntRange(min=0),
    default=7,
    show_default=True,
    metavar=N_("DAYS"),
    help=N_("Count open tasks due within DAYS days as due soon."),
)
@option(
    "--agency",
    metavar=N_("CODE"),
    help=N_("Only tasks this agency leads or partners (shown apart)."),
)
@option("--meeting", metavar=N_("ID"), help=N_("Only tasks from this meeting."))
@option(
    "--top-level",
    is_flag=True,
    help=N_("Count only tasks that are part of no other (sub-tasks left out)."),
)
@option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="text",
    show_default=True,
    help=N_("Output format; csv puts the summary section after the task rows."),
)
@option(
    "--output",
    "output_path",
    type=FilePath(path_type=Path, dir_okay=False),
    metavar=N_("FILE"),
    help=N_("Write to FILE (atomically) instead of the screen."),
)
@option(
    "--number",
    metavar=N_("TEXT"),
    help=N_("docx, html: the report's number, e.g. 12 (Số: 12/BC-...); else a dotted blank."),
)
@option(
    "--signer",
    metavar=N_("NAME"),
    help=N_("docx, html: who signs it, instead of the department.signer setting."),
)
@pass_context
def report(
    ctx: Context,
    as_of: str | None,
    period: str | None,
    soon_days: int,
    agency: str | None,
    meeting: str | None,
    top_level: bool,
    fmt: str,
    output_path: Path | None,
    number: str | None,
    signer: str | None,
) -> None:
    """Where every task stands on a reporting date: counts, rates, overdue and due-soon lists.

    Counts follow the government convention: done on time, done late, in time, overdue,
    cancelled; completion rate = done / (done + overdue), on-time rate =
    done on time / (done + overdue).
    """

    from tracker.domain.periods import parse_period
    from tracker.reports.labels import labels_for
    from tracker.reports.render import ReportSpec

    if period is not None and as_of is not None:
        raise click.UsageError(
            _(
                "--period and --as-of cannot be used together: "
                "a period report is as of its last day."
            )
        )
    if fmt == "xlsx" and output_path is None and sys.stdout.isatty():
        raise click.UsageError(_("an Excel workbook is not for the terminal: give --output FILE"))
    chosen = parse_period(period) if period is not None else None
    spec = ReportSpec(
        fmt=fmt,
        lang=i18n.language(),  # --lang, else $TRACKER_LANG, the setting, the locale
        as_of=chosen.end if chosen else ctx.when(as_of, "--as-of") or ctx.today,
        agency=agency,
        meeting=meeting,
        soon_days=soon_days,
        period=chosen,
        top_level=top_level,
        letterhead=official_letterhead(fmt, number, signer),
    )
    if output_path is None and fmt in DOCUMENT_FORMATS and sys.stdout.isatty():
        raise click.UsageError(
            _("a {format} file is not for the terminal: give --output FILE").format(format=fmt)
        )
    if output_path is not None:
        ctx.tracker.save_report(spec, output_path)
    elif fmt == "text" and sys.stdout.isatty():
        from tracker.reports.text import print_rich  # Rich loads only for a terminal.

        print_rich(ctx.tracker.report(spec), labels_for(spec.lang))
    else:
        from tracker.cli import output

        output.write_file_bytes(ctx.tracker.render_report(spec))


def official_letterhead(fmt: str, number: str | None, signer: str | None) -> Letterhead | None:
    """The department's details for an official report (docx, html), from the settings and
    the report's --number and --signer; None for the other formats, which have no header,
    and when no detail is given at all.

    --number and --signer with another format are a usage error: silently dropping them
    would leave the user believing they were printed.
    """
    if fmt not in ("docx", "html"):
        if number is not None or signer is not None:
            raise click.UsageError(
                _("--number and --signer are for --format docx or html (the official header)")
            )
        return None
    values = settings.saved_values(settings.settings_path())
    letterhead = settings.letterhead(
        values,
        number=checked_detail("--number", number),
        signer=checked_detail("--signer", signer),
    )
    # Nothing given anywhere: the same as no letterhead (docx: dotted blanks, html: none).
    return None if letterhead.is_blank() else letterhead


def checked_detail(option_name: str, value: str | None) -> str | None:
    """An official report's detail given as an option: one line, trimmed; None if empty."""
    if value is None or not value.strip():
        return None
    if not value.strip().isprintable():
        raise InvalidInput(_("{option}: write the value on one line").format(option=option_name))
    return value.strip()


@cli.command(
    name="import",
    epilog=N_(
        "FILE is an interchange file (JSON, from `tracker export`) or a task sheet (.xlsx):\n"
        "a table whose heading row (within the first 15 rows) has at least a task column\n"
        '("Nội dung nhiệm vụ", "Task") and a lead agency column ("Cơ quan chủ trì", "Lead\n'
        'agency"); partner agencies, deadline ("Thời hạn"), notes ("Ghi chú") and the other\n'
        "columns of `tracker export --format xlsx` are read when present. Agencies may be\n"
        "named by code, name or short name. One bad cell refuses the whole file, naming its\n"
        "row and column.\n\n"
        "A task already here (same uuid) takes in the events of an interchange file that it\n"
        "lacks: each field gets the value of its latest change, whichever office made it.\n"
        "The import lists what came in, and the fields both offices changed since they last\n"
        "exchanged files (the later change is kept: check them).\n\n"
        "Examples:\n\n\b\n"
        "  tracker import sample_data/hanoi-thainguyen-2019.json\n"
        "  tracker import --dry-run tn-2026-12-03.json\n"
        "  tracker import sample_data/nhiem-vu-hn-tn.xlsx --dry-run\n"
        '  tracker import nhiem-vu.xlsx --sheet "Phụ lục" --meeting 2026-10-15-hn-tn'
    ),
)
@argument("file", metavar=N_("FILE"), type=FilePath(path_type=Path, exists=True, dir_okay=False))
@option(
    "--sheet",
    metavar=N_("NAME"),
    help=N_("xlsx: read the tasks from this sheet (default: the first, or the one named Tasks)."),
)
@option(
    "--meeting",
    metavar=N_("ID"),
    help=N_("xlsx: put every imported task under this meeting (see `tracker meetings`)."),
)
@option(
    "--dry-run",
    is_flag=True,
    help=N_("Show what would be added and updated, and write nothing."),
)
@pass_context
def import_file(
    ctx: Context, file: Path, sheet: str | None, meeting: str | None, dry_run: bool
) -> None:
    """Import an interchange file or a task sheet (.xlsx); tasks already present (same
    uuid) take in the interchange file's events (a merge); a sheet's are left as they are."""
    from tracker.cli import output
    from tracker.cli.merge_output import print_merged

    content = read_import_file(file)
    if is_task_workbook(file, content):
        book = load_task_workbook(file, content, sheet)
        result = ctx.tracker.import_sheet(book, meeting=meeting, dry_run=dry_run)
    else:
        for given_option, name in ((sheet, "--sheet"), (meeting, "--meeting")):
            if given_option is not None:
                raise click.UsageError(
                    _("{option} is for task sheets (.xlsx); {file} is an interchange file").format(
                        option=name, file=file
                    )
                )
        result = ctx.tracker.import_data(decode_interchange(content, file), dry_run=dry_run)
    if dry_run:
        output.print_import_plan(result)
    else:
        print_merged(result)
        click.echo(output.import_summary(result))


@cli.command(
    epilog=N_(
        "Formats: json (the interchange file: everything, for `tracker import` in another\n"
        "office), xlsx (a workbook of tasks, agencies and meetings, which `tracker import`\n"
        "also reads), ics (a calendar: an all-day event on each open task's deadline).\n\n"
        "Examples:\n\n\b\n"
        "  tracker export --output hn-tn-2026.json\n"
        "  tracker export --format xlsx --output nhiem-vu.xlsx\n"
        "  tracker export --format ics --remind-days 5 --output han-xu-ly.ics\n"
        "  tracker export --since 26/11/2026 --output hn-2026-12-03.json"
    )
)
@option(
    "--format",
    "fmt",
    type=click.Choice(["json", "xlsx", "ics"]),
    default="json",
    show_default=True,
    help=N_("What to write: the interchange file, an Excel workbook or a calendar."),
)
@option(
    "--remind-days",
    type=click.IntRange(min=0),
    metavar=N_("DAYS"),
    help=N_("ics: ring a reminder DAYS days before each deadline (default 3)."),
)
@option(
    "--since",
    metavar=N_("WHEN"),
    help=N_(
        "Only the tasks changed since then (a date: from 00:00 that day; or a time like "
        "2026-12-03T10:15:00+07:00), with the agencies, meetings and tasks they name."
    ),
)
@option(
    "--output",
    "output_path",
    type=FilePath(path_type=Path, dir_okay=False),
    metavar=N_("FILE"),
    help=N_("Write to FILE instead of stdout."),
)
@pass_context
def export(
    ctx: Context,
    fmt: str,
    remind_days: int | None,
    since: str | None,
    output_path: Path | None,
) -> None:
    """Export everything (or what changed since a day): the interchange file (JSON), an
    Excel workbook or a calendar."""
    if remind_days is not None and fmt != "ics":
        raise click.UsageError(_("--remind-days is for --format ics (a calendar's reminders)"))
    spec = ExportSpec(
        fmt=fmt,
        lang=i18n.language(),
        remind_days=3 if remind_days is None else remind_days,
        since=since_option(since, ctx.today),
    )
    if output_path is None and fmt == "xlsx" and sys.stdout.isatty():
        raise click.UsageError(_("an Excel workbook is not for the terminal: give --output FILE"))
    if output_path is not None:
        ctx.tracker.check_output_path(output_path)
    dataset = ctx.tracker.exported(spec)
    content = ctx.tracker.encode_export(dataset, spec)
    if output_path is not None:
        ctx.tracker.write_file(output_path, content)
    else:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    if spec.since is not None and not dataset.tasks:
        click.echo(
            _("No task has changed since {since}: the export has no tasks.").format(since=since),
            err=True,
        )


def since_option(text: str | None, today: date) -> datetime | None:
    """The moment `--since` names (tracker/domain/exchange.py), or None when not given."""
    if text is None:
        return None
    from tracker.domain.exchange import since_moment

    try:
        return since_moment(text, today)
    except InvalidInput as error:
        raise InvalidInput(_("--since: {problem}").format(problem=error)) from None


@cli.group(
    invoke_without_command=True,
    epilog=N_(
        "Examples:\n\n\b\n"
        "  tracker agencies\n"
        '  tracker agencies add HN-CT "Sở Công Thương Hà Nội" \\\n'
        '      --short "Sở CT Hà Nội" --locality "Hà Nội"'
    ),
)
@click.pass_context
def agencies(ctx: click.Context) -> None:
    """List agencies (the default) or add one."""

    if ctx.invoked_subcommand is None:
        ctx.invoke(agencies_list)


@agencies.command(name="list")
@pass_context
def agencies_list(ctx: Context) -> None:
    """List agencies by locality."""
    from tracker.cli import output

    output.print_agencies(ctx.tracker.agencies())


@agencies.command(
    name="add",
    epilog=N_(
        'Example:\n\n\b\n  tracker agencies add HN-CT "Sở Công Thương Hà Nội" \\\n'
        '      --short "Sở CT HN" --locality "Hà Nội"'
    ),
)
@argument("code", metavar=N_("CODE"))
@argument("name", metavar=N_("NAME"))
@option("--short", default="", metavar=N_("TEXT"), help=N_("Short name shown in tables."))
@option("--locality", default="", metavar=N_("TEXT"), help=N_('Province or city, e.g. "Hà Nội".'))
@pass_context
def agencies_add(ctx: Context, code: str, name: str, short: str, locality: str) -> None:
    """Add an agency."""

    agency = ctx.tracker.add_agency(Agency(code=code, name=name, short=short, locality=locality))
    click.echo(agency.code)


@cli.group(
    invoke_without_command=True,
    epilog=N_(
        "Examples:\n\n\b\n"
        "  tracker meetings\n"
        '  tracker meetings add 2026-12-10-hn-tn "Họp sơ kết hợp tác" --date 10/12/2026 \\\n'
        '      --place "Hà Nội" --agreement HN-TN --chair "Nguyễn Văn A"'
    ),
)
@click.pass_context
def meetings(ctx: click.Context) -> None:
    """List meetings (the default) or record a new one."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(meetings_list)


@meetings.command(name="list")
@pass_context
def meetings_list(ctx: Context) -> None:
    """List meetings by date."""
    from tracker.cli import output

    output.print_meetings(ctx.tracker.meetings())


@meetings.command(
    name="add",
    epilog=N_(
        'Example:\n\n\b\n  tracker meetings add 2026-12-10-hn-tn "Họp sơ kết" \\\n'
        "      --date 10/12/2026 --agreement HN-TN"
    ),
)
@argument("meeting_id", metavar=N_("ID"))
@argument("title", metavar=N_("TITLE"))
@option(
    "--date", "when", required=True, metavar=N_("WHEN"), help=N_("Meeting date, e.g. 10/12/2026.")
)
@option("--place", default="", metavar=N_("TEXT"), help=N_("Where it was held."))
@option("--agreement", metavar=N_("CODE"), help=N_("Cooperation agreement, e.g. HN-TN."))
@option(
    "--chair", "chairs", multiple=True, metavar=N_("NAME"), help=N_("Chair; repeat for several.")
)
@option("--notes", default="", metavar=N_("TEXT"), help=N_("Notes or conclusions."))
@option(
    "--document",
    default="",
    metavar=N_("NO"),
    help=N_('The conclusion document\'s number, e.g. "215/TB-VP".'),
)
@pass_context
def meetings_add(
    ctx: Context,
    meeting_id: str,
    title: str,
    when: str,
    place: str,
    agreement: str | None,
    chairs: tuple[str, ...],
    notes: str,
    document: str,
) -> None:
    """Record a meeting, then add its tasks with --meeting ID."""

    day = ctx.when(when, "--date")
    assert day is not None
    meeting = ctx.tracker.add_meeting(
        Meeting(
            id=meeting_id,
            title=title,
            date=day,
            place=place.strip(),
            agreement=agreement,
            chairs=tuple(c.strip() for c in chairs if c.strip()),
            notes=notes.strip(),
            document=document,
        )
    )
    click.echo(meeting.id)


cli.add_command(config)
cli.add_command(remind)
cli.add_command(log)
meetings.add_command(meetings_update)
agencies.add_command(agencies_update)
cli.add_command(series_command.stop_repeating)
cli.add_command(undo)
cli.add_command(init_db)
cli.add_command(copy_stores)


def interrupted_line(saved: bool) -> str:
    """Ctrl-C: say whether the change had already been saved (a commit is never cut short)."""
    if saved:
        return _("tracker: interrupted after the change was saved")
    return _("tracker: interrupted; nothing was changed")


class Interrupted(BaseException):
    """Ctrl-C, raised in place of KeyboardInterrupt: click catches that one and prints a
    blank line of its own, before ours, on its way to re-raising it as Abort."""


def _interrupt(number: int, frame: object) -> None:
    # Only the first Ctrl-C ends the command; a second one must not cut short the line
    # that says what the first one did.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise Interrupted


def _catch_interrupts() -> bool:
    """Make Ctrl-C raise Interrupted, once; True if this call installed the handler."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        return False  # signals reach the main thread only; or run() installed it already
    signal.signal(signal.SIGINT, _interrupt)
    return True


def _outcome(argv: Sequence[str] | None, context: Context) -> tuple[int, str | None]:
    """Run one command: its exit status and the one line to print on stderr, if any."""
    try:
        cli.main(args=argv, prog_name="tracker", standalone_mode=False, obj=context)
        # Flushed here, so that a Ctrl-C or a closed pipe while the output drains is
        # answered like one during the command.
        sys.stdout.flush()
        outcome: tuple[int, str | None] = (0, None)
    except TrackerError as error:
        outcome = (error.exit_code, _("tracker: error: {message}").format(message=error))
    except click.exceptions.Abort:  # end of input at a prompt, or Ctrl-C in the UI
        outcome = (130, interrupted_line(context.saved_changes() > 0))
    except click.ClickException as error:
        if isinstance(error, click.UsageError) and error.ctx is not None:
            message = _("tracker: error: {message} (see `{command} --help`)").format(
                message=error.format_message(), command=error.ctx.command_path
            )
        else:
            message = _("tracker: error: {message}").format(message=error.format_message())
        outcome = (error.exit_code, message)
    except BrokenPipeError:
        # `tracker list | head` closes the pipe early; that is not an error.
        sys.stderr.close()
        outcome = (0, None)
    except Exception as error:
        message = _("tracker: internal error ({kind}: {error}); nothing was changed").format(
            kind=type(error).__name__, error=error
        )
        if context.saved_changes() > 0:
            message = _("tracker: internal error ({kind}: {error}) after the change was saved")
            message = message.format(kind=type(error).__name__, error=error)
        outcome = (1, message)
    # From here on the outcome is decided: a Ctrl-C now would only garble its line.
    if signal.getsignal(signal.SIGINT) is _interrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    return outcome


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line; every failure, Ctrl-C included, becomes one line on stderr and
    an exit status."""
    context = Context()
    installed = False
    choose_language(sys.argv[1:] if argv is None else argv)
    route_click_messages()
    try:
        installed = _catch_interrupts()
        code, message = _outcome(argv, context)
        if code == 0 and not context.ran_ui and (hint := context.name_hint()):
            message = hint
    except Interrupted:  # the handler raises it once, and ignores any Ctrl-C after it
        code, message = 130, interrupted_line(context.saved_changes() > 0)
    if message is not None:
        # A path or an id quoted in the line cannot act on the terminal.
        click.echo(visible(message), err=True)
    if installed:  # a caller running commands in-process gets its Ctrl-C back
        signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.exit(code)


def run() -> None:
    """The `tracker` console script: `main`, then leave without tearing down the heap.

    A command over 100,000 tasks ends holding a million small objects; freeing them one
    by one at exit costs a tenth of a second and serves nobody, since the work is already
    written and fsynced. Output is flushed first, then the process ends at once.
    """
    try:
        # Installed here, for the whole process, so that no Ctrl-C finds Python's own
        # handler (and its traceback) between main()'s steps; main() leaves it ignored.
        _catch_interrupts()
        main()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except Interrupted:  # before main() was under way: nothing was done
        click.echo(interrupted_line(saved=False), err=True)
        code = 130
    try:
        # Output cut short by Ctrl-C is dropped: the pipe may be full, with nobody reading.
        if code != 130:
            sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    process.leave(code)
