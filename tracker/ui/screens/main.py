"""The main screen: groups on the left, the task table, the detail pane and the summary."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from functools import partial, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Concatenate, ParamSpec, TypeVar

from msgspec import UNSET
from msgspec.structs import replace
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input, Static
from textual.worker import get_current_worker

from tracker.domain.dates import format_date
from tracker.domain.errors import EditConflict, RequestRefused, TrackerError
from tracker.domain.model import Agency, Meeting, Status, Task
from tracker.domain.revision import Revision, revision_of
from tracker.domain.safe_text import visible
from tracker.domain.series import next_occurrence_line, withdrawn_line
from tracker.domain.subtasks import open_descendants, task_refs
from tracker.domain.undoing import UndoPlan, refusal, undone_lines
from tracker.i18n import N_, _, ngettext
from tracker.service import (
    AgencyChanges,
    MeetingChanges,
    TaskChanges,
    Tracker,
    WatchState,
    load_interchange_file,
)

if TYPE_CHECKING:
    from tracker.service import Watch
from tracker.ui.board import (
    ALL_TASKS,
    Board,
    Role,
    ViewKind,
    opening_sort,
)
from tracker.ui.dialogs.agency_form import AgencyFormDialog
from tracker.ui.dialogs.close_task import CloseRequest, CloseTaskDialog
from tracker.ui.dialogs.confirm import ConfirmDialog
from tracker.ui.dialogs.conflict import ConflictDialog, conflict_rows
from tracker.ui.dialogs.extend import ExtendDialog, ExtendRequest
from tracker.ui.dialogs.meeting_form import MeetingFormDialog
from tracker.ui.dialogs.note import NoteDialog
from tracker.ui.dialogs.reason import ReasonDialog, ReasonQuestion
from tracker.ui.dialogs.report import ReportDialog, ReportRequest
from tracker.ui.dialogs.set_status import SetStatusDialog
from tracker.ui.dialogs.task_form import TaskDraft, TaskFormDialog
from tracker.ui.dialogs.undo import UndoDialog
from tracker.ui.language_switch import follow_language, stop_following_language
from tracker.ui.meeting_groups import chosen_meeting
from tracker.ui.screens.change_log import ChangeLogScreen
from tracker.ui.screens.help import HelpScreen
from tracker.ui.widgets.detail_pane import DetailPane
from tracker.ui.widgets.group_list import GroupList
from tracker.ui.widgets.key_footer import KeyFooter
from tracker.ui.widgets.summary_strip import SummaryStrip
from tracker.ui.widgets.task_table import TaskTable

# Descriptions are marked with N_() and translated where shown (the footer, the help
# screen, the palette), so that a language switch relabels every key.
MAIN_BINDINGS = [
    Binding("a", "add_task", N_("Add"), tooltip=N_("Add a task"), id="main.add"),
    Binding("e", "edit_task", N_("Edit"), tooltip=N_("Edit the selected task"), id="main.edit"),
    Binding("c", "close_task", N_("Close"), tooltip=N_("Close the task as done"), id="main.close"),
    Binding("o", "reopen_task", N_("Reopen"), tooltip=N_("Reopen a closed task"), id="main.reopen"),
    Binding("n", "add_note", N_("Note"), tooltip=N_("Add a progress note"), id="main.note"),
    Binding(
        "x",
        "extend_task",
        N_("Extend"),
        tooltip=N_("Extend the deadline (gia hạn)"),
        show=False,
        id="main.extend",
    ),
    Binding(
        "d",
        "delete_task",
        N_("Delete"),
        tooltip=N_("Delete a mistaken task"),
        show=False,
        id="main.delete",
    ),
    Binding(
        "s", "set_status", N_("Status"), tooltip=N_("Set in progress, blocked..."), id="main.status"
    ),
    Binding(
        "slash",
        "search",
        N_("Search"),
        tooltip=N_("Filter this view as you type"),
        id="main.search",
    ),
    Binding(
        "m", "add_meeting", N_("Meeting"), tooltip=N_("Record a new meeting"), id="main.meeting"
    ),
    Binding(
        "1",
        "switch_view('agency')",
        N_("By agency"),
        tooltip=N_("Group the tasks by agency"),
        show=False,
        id="main.view_agency",
    ),
    Binding(
        "2",
        "switch_view('status')",
        N_("By status"),
        tooltip=N_("Group the tasks by status and standing"),
        show=False,
        id="main.view_status",
    ),
    Binding(
        "3",
        "switch_view('deadline')",
        N_("By deadline"),
        tooltip=N_("Group the tasks by deadline"),
        show=False,
        id="main.view_deadline",
    ),
    Binding(
        "4",
        "switch_view('meeting')",
        N_("By meeting"),
        tooltip=N_("Group the tasks by meeting, newest first"),
        show=False,
        id="main.view_meeting",
    ),
    Binding(
        "E",
        "edit_group",
        N_("Edit meeting/agency"),
        tooltip=N_("Edit the meeting or agency chosen on the left (e there too)"),
        show=False,
        id="main.edit_group",
    ),
    Binding(
        "t",
        "toggle_role",
        N_("Lead/partner"),
        tooltip=N_("Agency view: tasks it leads / partners on"),
        show=False,
        id="main.toggle_role",
    ),
    Binding("r", "report", N_("Report"), tooltip=N_("Save a status report"), id="main.report"),
    Binding(
        "R",
        "write_reminders",
        N_("Chaser note"),
        tooltip=N_("Write the selected agency's chaser note (đôn đốc)"),
        show=False,
        id="main.remind",
    ),
    Binding(
        "l",
        "load_sample",
        N_("Load sample"),
        tooltip=N_("Load the sample conference (empty database only)"),
        show=False,
        id="main.load_sample",
    ),
    Binding(
        "h",
        "show_log",
        N_("Log"),
        tooltip=N_("Every change, newest first: when, who, what (nhật ký)"),
        show=False,
        id="main.log",
    ),
    Binding(
        "g",
        "app.switch_language",
        N_("Language"),
        tooltip=N_("Switch between Tiếng Việt and English"),
        id="main.language",
    ),
    Binding(
        "u",
        "undo",
        N_("Undo"),
        tooltip=N_("Undo your last change (again: redo)"),
        show=False,
        id="main.undo",
    ),
    Binding("question_mark", "help", N_("Help"), tooltip=N_("This list of keys"), id="main.help"),
    Binding("q", "app.quit", N_("Quit"), id="main.quit"),
]

# How many lines of what an undo reverted its notification shows (an import's are many).
_UNDO_LINES_SHOWN = 6

# The keys the footer keeps on a narrow terminal (80 columns); the others are under ?.
ESSENTIAL_ACTIONS = (
    "add_task",
    "edit_task",
    "close_task",
    "add_note",
    "search",
    "report",
    "help",
    "app.quit",
)


ScreenT = TypeVar("ScreenT", bound=Screen[None])
Params = ParamSpec("Params")


def write_worker(
    change: Callable[Concatenate[ScreenT, Params], None],
) -> Callable[Concatenate[ScreenT, Params], None]:
    """Run a screen's method in a thread worker of the "write" group, off the UI thread.

    Unlike a bare @work, the decorated method keeps its parameter types and returns None,
    so mypy checks what each change is given and it can be a dialog's callback.
    """
    start = work(thread=True, group="write")(change)

    @wraps(change)
    def run(screen: ScreenT, /, *args: Params.args, **kwargs: Params.kwargs) -> None:
        start(screen, *args, **kwargs)

    return run


class MainScreen(Screen[None]):
    """Where users spend their day: choose a group, read and change its tasks."""

    CSS_PATH = "main.tcss"
    BINDINGS: ClassVar[list[BindingType]] = list(MAIN_BINDINGS)
    # Below 100 columns the screen gets "-narrow" and main.tcss gives the table more room.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    AUTO_FOCUS = "TaskTable"

    # What the workers post; a worker never touches a widget or the screen's state.

    @dataclass
    class BoardLoaded(Message):
        """A read of the database (the `load`-th asked for) is ready to show."""

        board: Board
        load: int

    @dataclass
    class StoreFailed(Message):
        """Reading or writing the database failed; `retry` reopens what the user typed."""

        message: str
        retry: Callable[[], None] | None = None

    @dataclass
    class ConflictFound(Message):
        """A change met someone else's meanwhile; `resolve` asks the user which to keep."""

        conflict: EditConflict
        resolve: Callable[[EditConflict], None]

    @dataclass
    class WriteDone(Message):
        """A change was saved; select `task_id` once the board reloads."""

        message: str
        task_id: int | None = None

    @dataclass
    class ServerHeard(Message):
        """The server's listener heard a write, or lost or regained the server."""

        state: WatchState

    @dataclass
    class UndoRead(Message):
        """What `u` would undo was read: the plan, or why there is nothing to undo."""

        plan: UndoPlan | None
        nothing: str = ""

    def __init__(self, tracker: Tracker, sample: Path | None, watch_interval: float) -> None:
        super().__init__()
        self.tracker = tracker
        self.sample = sample
        self.watch_interval = watch_interval
        self.board: Board | None = None
        self.view = ViewKind.AGENCY
        self.group = ALL_TASKS
        self.role = Role.LEAD
        self.query_text = ""
        self._select_after_load: int | None = None
        self._loads = 0  # how many reads were asked for: only the latest one is shown
        # On a server: the listener for other people's writes, why it cannot hear the
        # server now ("" while it can), the latest revision it heard of, and the one the
        # latest read was asked for.
        self._watch: Watch | None = None
        self._server_problem = ""
        self._heard_revision: object = None
        self._reloading_for: object = None

    @property
    def today(self) -> date:
        """The day standings and new dates are reckoned from."""
        return self.tracker.today

    # Layout -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Groups on the left; search, table and details in the middle; counts below."""
        yield Header(show_clock=False)
        with Horizontal(id="body"):
            with Vertical(id="nav"):
                yield Static(id="view-tabs")
                yield GroupList(id="groups")
                yield Static(id="role-hint")
            with Vertical(id="work"):
                yield Input(placeholder=_("Search: words, without diacritics"), id="search")
                yield TaskTable(self.today, id="tasks")
                yield DetailPane(id="detail")
            yield Static(id="welcome")
        yield SummaryStrip(id="summary")
        # The language key stays while there is room: it is how a user who landed in the
        # wrong language finds theirs.
        yield KeyFooter(ESSENTIAL_ACTIONS, kept_longer=["app.switch_language"])

    def on_mount(self) -> None:
        """Name the file in the header, start the first read and the watch on the file."""
        self.title = "tracker"
        self._name_file(self.today)
        self.query_one("#search", Input).display = False
        self.query_one("#welcome").display = False
        self._show_view_tabs()
        self.load_board()
        if self.watch_interval > 0:
            # A server says when anyone writes; a file is looked at every interval.
            self._watch = self.tracker.watch_changes(self._heard)
            if self._watch is None:
                self.set_interval(self.watch_interval, self.watch_disk)
            self.set_interval(self.watch_interval, self.notice_new_day)
        follow_language(self, self.retranslate)

    def on_unmount(self) -> None:
        """Stop following the language switch, which would keep a closed screen alive, and
        stop listening to the server."""
        stop_following_language(self)
        if self._watch is not None:
            self._watch.stop()

    def _name_file(self, day: date) -> None:
        """The header's line: the database file, the day the standings are as of, and
        whether the server is out of reach."""
        if self._server_problem:
            # First: a narrow header cuts the end of the line, and this must be seen.
            line = _("server unreachable, reconnecting… · {file} · as of {day}")
        else:
            line = _("{file} · as of {day}")
        self.sub_title = line.format(file=visible(self.tracker.location_name), day=format_date(day))

    def retranslate(self, lang: str) -> None:
        """Say everything again in the language just chosen, keeping view, group, search
        and cursor: header, view tabs, groups, table, details, summary and keys."""
        self._name_file(self.today)
        search = self.query_one("#search", Input)
        search.placeholder = _("Search: words, without diacritics")
        self._show_view_tabs()
        if self.board is not None:
            if self.board.is_empty:
                self.query_one("#welcome", Static).update(self._welcome_text())
            else:
                self._refresh_groups()
                self._refresh_table()
        footer = self.query_one(KeyFooter)
        footer.call_later(footer.recompose)

    # Reading the database ---------------------------------------------------

    def load_board(self) -> None:
        """Read the database again, off the UI thread; the board is shown when it arrives."""
        self._loads += 1
        self._read_board(self._loads)

    @work(thread=True, exclusive=True, group="board")
    def _read_board(self, load: int) -> None:
        """Post the board of one read, then a twin of it ready for search and every view."""
        try:
            board = Board.load(self.tracker)
        except TrackerError as error:
            self.post_message(self.StoreFailed(str(error)))
            return
        self.post_message(self.BoardLoaded(board, load))
        if get_current_worker().is_cancelled:
            return  # a later read is on its way
        # Folding every task's text for search takes a second at 100,000 tasks, and each
        # view's groups tens of milliseconds: a twin of the board does both here, off the
        # UI thread, and replaces the one shown, so that the first "/" or view switch is as
        # quick as the rest. The board posted above belongs to the screen from then on.
        ready = board.twin()
        ready.prepare_search()
        ready.warm_views()
        self.post_message(self.BoardLoaded(ready, load))

    @work(thread=True, exclusive=True, group="watch")
    def watch_disk(self) -> None:
        """Reload when another process changed the file (a `tracker add` in another window)."""
        try:
            stamp = self.tracker.file_stamp()
        except TrackerError:
            return  # the next read says what is wrong
        if self.board is not None and stamp != self.board.stamp:
            self.app.call_from_thread(self.load_board)

    def _heard(self, state: WatchState) -> None:
        """From the server listener's thread: hand what it heard to the screen."""
        with suppress(RuntimeError):  # the app closed meanwhile
            self.post_message(self.ServerHeard(state))

    def on_main_screen_server_heard(self, message: MainScreen.ServerHeard) -> None:
        """Say in the header while the server is out of reach; read again when someone
        wrote (on this machine or another) since the board was read."""
        state = message.state
        if state.problem != self._server_problem:
            self._server_problem = state.problem
            self._name_file(self.today)
        if state.problem:
            self._reloading_for = None  # that read may have failed: ask again on return
            return
        self._heard_revision = state.revision
        self._catch_up()

    def _catch_up(self) -> None:
        """Read again if the listener heard of a revision the board does not show, unless
        a read since then is on its way."""
        heard = self._heard_revision
        if self.board is None or heard is None:
            return
        if heard not in (self.board.stamp, self._reloading_for):
            self._reloading_for = heard
            self.load_board()

    def notice_new_day(self) -> None:
        """Past midnight, move to the new day: standings, deadlines and the header as of it."""
        table, day = self.query_one(TaskTable), self.today
        if table.today == day:
            return
        table.today = day
        self._name_file(day)
        self.load_board()  # the board's standings and deadline buckets are as of its day

    def on_main_screen_board_loaded(self, message: MainScreen.BoardLoaded) -> None:
        """Show a fresh read: the welcome for an empty database, else groups and tasks."""
        if message.load != self._loads:
            return  # a read overtaken by a later one
        self.board = message.board
        self._catch_up()  # a write heard of while this was read
        empty = message.board.is_empty
        self.query_one("#nav").display = not empty
        self.query_one("#work").display = not empty
        welcome = self.query_one("#welcome", Static)
        welcome.display = empty
        if empty:
            welcome.update(self._welcome_text())
            self.query_one(SummaryStrip).update("")
            return
        self._refresh_groups()
        self._refresh_table(keep=self._select_after_load)
        self._select_after_load = None

    def on_main_screen_store_failed(self, message: MainScreen.StoreFailed) -> None:
        """Say what went wrong; give back what the user typed, if anything."""
        self._reloading_for = None  # if that was a read, the next word from the server retries it
        self.notify(visible(message.message), title=_("Database"), severity="error", timeout=10)
        if message.retry is not None:
            message.retry()

    def on_main_screen_conflict_found(self, message: MainScreen.ConflictFound) -> None:
        """Ask the user whether to keep their value or the other one, field by field."""
        message.resolve(message.conflict)

    def on_main_screen_write_done(self, message: MainScreen.WriteDone) -> None:
        """Say what was saved, and show the board with it (the changed task selected)."""
        self.notify(visible(message.message))
        self._select_after_load = message.task_id
        self.load_board()

    # Showing ----------------------------------------------------------------

    def _welcome_text(self) -> Text:
        text = Text()
        text.append(_("Welcome to tracker") + "\n\n", style="bold")
        text.append(
            _("The database {path} has no tasks yet.").format(path=visible(self.tracker.location))
            + "\n\n"
        )
        if self.sample is not None:
            text.append("  l  ", style="bold reverse")
            text.append(
                "  "
                + _("load the sample: the Hà Nội – Thái Nguyên conference of 21/06/2019")
                + "\n"
            )
        text.append("  m  ", style="bold reverse")
        text.append("  " + _("record a meeting") + "\n")
        text.append("  ?  ", style="bold reverse")
        text.append("  " + _("all keys") + "\n\n")
        text.append(
            _("Agencies come with an import (tracker import FILE) or `tracker agencies add`."),
            style="dim",
        )
        return text

    def _show_view_tabs(self) -> None:
        tabs = Text(no_wrap=True, overflow="ellipsis")
        for number, view in enumerate(ViewKind, start=1):
            style = "bold reverse" if view is self.view else "dim"
            tabs.append(f"{number}", style=style)
            tabs.append(" ")
        tabs.append(self.view.label, style="bold")
        self.query_one("#view-tabs", Static).update(tabs)
        hint = self.query_one("#role-hint", Static)
        hint.display = self.view is ViewKind.AGENCY
        role = _("tasks it leads") if self.role is Role.LEAD else _("tasks it partners on")
        hint.update(Text.assemble(("t", "bold reverse"), " ", role))

    def _refresh_groups(self) -> None:
        assert self.board is not None
        groups = self.board.groups(self.view, self.role)
        if self.group not in {group.key for group in groups}:
            self.group = ALL_TASKS
        self.query_one(GroupList).show_groups(groups, keep=self.group)

    def _refresh_table(self, keep: int | None = None) -> None:
        if self.board is None:
            return
        table = self.query_one(TaskTable)
        rows = self.board.select(
            self.view, self.group, self.role, self.query_text, table.sort_column, table.sort_reverse
        )
        if self.query_text:
            table.empty_message = _("No task matches “{query}”.").format(query=self.query_text)
        else:
            table.empty_message = _("No tasks in this group.")
        table.show_rows(
            rows,
            keep=keep if keep is not None else table.current_task_id,
            max_id=self.board.max_id,
        )
        self.query_one(SummaryStrip).show_counts(self.board.standing_counts(rows))
        self._show_detail(table.current_task_id)

    def _show_detail(self, task_id: int | None) -> None:
        if self.board is None:
            return
        if self._show_meeting(task_id):
            return
        row = self.board.row(task_id) if task_id is not None else None
        board = self.board
        self.query_one(DetailPane).show(row, board.agencies, board.meetings, self.today, board.row)

    def _chosen_meeting(self) -> Meeting | None:
        """The meeting chosen on the left in the meeting view, if one is."""
        if self.board is None or self.view is not ViewKind.MEETING:
            return None
        return chosen_meeting(self.group, self.board.meetings)

    def _show_meeting(self, task_id: int | None) -> bool:
        """In the meeting view the pane tells of what has the focus: while the user moves
        among the meetings on the left (or the meeting has no task), the meeting itself;
        in the table, the task. True if it shows a meeting."""
        meeting = self._chosen_meeting()
        if meeting is None or self.board is None:
            return False
        if task_id is not None and not isinstance(self.focused, GroupList):
            return False
        self.query_one(DetailPane).show_meeting(meeting, self.board.agreements)
        return True

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Moving between the groups and the table changes what the meeting view's pane shows."""
        if self.view is ViewKind.MEETING and self.board is not None:
            self._show_detail(self.query_one(TaskTable).current_task_id)

    @on(GroupList.GroupChosen)
    def group_chosen(self, message: GroupList.GroupChosen) -> None:
        """Show the tasks of the group picked on the left."""
        if message.key != self.group:
            self.group = message.key
            self._refresh_table()

    @on(TaskTable.Highlighted)
    def task_highlighted(self, message: TaskTable.Highlighted) -> None:
        """Show the details of the task under the cursor."""
        self._show_detail(message.task_id)

    @on(TaskTable.SortChanged)
    def sort_changed(self) -> None:
        """Show the table in the order the user asked for."""
        self._refresh_table()

    @on(TaskTable.Chosen)
    def task_chosen(self, message: TaskTable.Chosen) -> None:
        """Enter on a task opens it for editing."""
        self.action_edit_task()

    # Views and search -------------------------------------------------------

    def action_switch_view(self, view: str) -> None:
        """Group the tasks by agency, status, deadline or meeting."""
        self.view = ViewKind(view)
        self.group = ALL_TASKS
        self._show_view_tabs()
        if self.board is not None and not self.board.is_empty:
            table = self.query_one(TaskTable)
            table.sort_column = opening_sort(self.view)
            table.sort_reverse = False
            self._refresh_groups()
            self._refresh_table()

    def action_toggle_role(self) -> None:
        """In the agency view, switch between tasks an agency leads and partners on."""
        if self.view is not ViewKind.AGENCY:
            return
        self.role = Role.PARTNER if self.role is Role.LEAD else Role.LEAD
        self._show_view_tabs()
        if self.board is not None and not self.board.is_empty:
            self._refresh_groups()  # the counts are of the tasks each agency leads / partners on
        self._refresh_table()

    def action_search(self) -> None:
        """Open the search box above the table."""
        search = self.query_one("#search", Input)
        search.display = True
        # Focus now, not on the next idle: keys typed fast behind "/" must land in the box.
        self.set_focus(search)

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        """Narrow the table to the tasks matching what is typed."""
        self.query_text = event.value
        self._refresh_table()

    @on(Input.Submitted, "#search")
    def search_submitted(self) -> None:
        """Enter in the search box goes back to the table."""
        self.query_one(TaskTable).focus()

    def key_escape(self) -> None:
        """Escape closes the search box and shows every task of the group again."""
        search = self.query_one("#search", Input)
        if search.display:
            search.value = ""
            search.display = False
            self.query_one(TaskTable).focus()

    # Changing tasks ---------------------------------------------------------
    # Each change is an action that opens its dialog, and a thread worker that takes the
    # dialog's result to one Tracker call and posts what came of it.

    def _current_task(self) -> Task | None:
        task_id = self.query_one(TaskTable).current_task_id
        row = self.board.row(task_id) if self.board and task_id is not None else None
        if row is None:
            self.notify(_("Choose a task first."), severity="warning")
            return None
        return row.task

    @contextmanager
    def _posting_failure(
        self,
        retry: Callable[[], None] | None = None,
        conflict: Callable[[EditConflict], None] | None = None,
    ) -> Iterator[None]:
        """In a worker: turn a refused or failed change into a StoreFailed message, and a
        conflict with someone else's change into a ConflictFound for `conflict` to resolve."""
        try:
            yield
        except EditConflict as error:
            if conflict is None:
                self.post_message(self.StoreFailed(str(error), retry))
            else:
                self.post_message(self.ConflictFound(error, conflict))
        except TrackerError as error:
            self.post_message(self.StoreFailed(str(error), retry))

    def _open_task_form(self, task: Task | None = None, draft: TaskDraft | None = None) -> None:
        """Open the task form on `task` (None: a new task), filled with `draft` if given."""
        if self.board is None:
            return
        if not self.board.agencies:
            self.notify(
                _("No agencies yet: import a file or run `tracker agencies add`."),
                severity="warning",
            )
            return
        latest = self.board.latest_meeting()
        dialog = TaskFormDialog(
            agencies=list(self.board.agencies.values()),
            meetings=list(self.board.meetings.values()),
            today=self.today,
            task=task,
            draft=draft,
            default_meeting=latest.id if latest else None,
        )
        if task is None:
            self.app.push_screen(dialog, self._add_task)
        else:
            self.app.push_screen(dialog, partial(self._update_task, task))

    def action_add_task(self) -> None:
        """Open an empty task form."""
        self._open_task_form()

    @write_worker
    def _add_task(self, draft: TaskDraft | None) -> None:
        """Record the task the form describes; a refused one comes back in the form."""
        if draft is None:
            return
        with self._posting_failure(retry=partial(self._open_task_form, None, draft)):
            task = self.tracker.add_task(draft.new_task())
            self.post_message(self.WriteDone(_("Added #{id}").format(id=task.id), task.id))

    def action_edit_task(self) -> None:
        """Open the task form on the selected task; on the left, edit the meeting or agency."""
        if isinstance(self.focused, GroupList) and self._group_record() is not None:
            self.action_edit_group()
            return
        task = self._current_task()
        if task is not None:
            self._open_task_form(task)

    @write_worker
    def _update_task(self, task: Task, draft: TaskDraft | None) -> None:
        """Save the fields the user changed in the form; a refused edit comes back in it."""
        if draft is None:
            return
        changes = draft.changes_from(task)
        if not changes.requested():
            # Nothing to write: the form closes, as a save of what already stands.
            self.app.call_from_thread(
                self.notify, _("Nothing changed on #{id}.").format(id=task.id)
            )
            return
        self._save_edit(task, draft, changes, revision_of(task))

    def _save_edit(
        self, task: Task, draft: TaskDraft, changes: TaskChanges, revision: Revision
    ) -> None:
        """In a worker: send `changes` made on `revision`; a conflict asks which to keep."""
        with self._posting_failure(
            retry=partial(self._open_task_form, task, draft),
            conflict=partial(self._resolve_edit, task, draft, changes),
        ):
            self.tracker.update_task(task.id, changes, seen_revision=revision)
            self.post_message(self.WriteDone(_("Saved #{id}").format(id=task.id), task.id))

    def _conflict_dialog(
        self,
        conflict: EditConflict,
        heading: str,
        *,
        per_field: bool = True,
        can_apply: bool = True,
        hint: str = "",
    ) -> ConflictDialog:
        """The dialog showing `conflict`, its values worded with the board's names."""
        assert self.board is not None
        rows = conflict_rows(conflict.conflicts, self.board.agencies, self.board.meetings)
        return ConflictDialog(heading, rows, per_field=per_field, can_apply=can_apply, hint=hint)

    def _resolve_edit(
        self, task: Task, draft: TaskDraft, changes: TaskChanges, conflict: EditConflict
    ) -> None:
        """Show theirs and yours for each field both changed; Escape gives the form back."""
        heading = _("#{id} was changed by someone else while you edited it").format(id=task.id)
        self.app.push_screen(
            self._conflict_dialog(conflict, heading),
            partial(self._edit_resolved, task, draft, changes, conflict),
        )

    def _kept_theirs(self, task: Task) -> None:
        """Nothing written: say so, and show the task as the other side left it."""
        self.notify(
            _("#{id} keeps the other changes; nothing of yours was saved").format(id=task.id)
        )
        self._select_after_load = task.id
        self.load_board()

    def _edit_resolved(
        self,
        task: Task,
        draft: TaskDraft,
        changes: TaskChanges,
        conflict: EditConflict,
        yours: frozenset[str] | None,
    ) -> None:
        """Save the user's choice on the task as it is now, or reopen the form on Escape."""
        if yours is None:
            self._open_task_form(task, draft)
            return
        theirs = {c.field: UNSET for c in conflict.conflicts if c.field not in yours}
        resolved = replace(changes, **theirs)
        if not resolved.requested():
            self._kept_theirs(task)
            return
        self._save_resolved_edit(task, draft, resolved, conflict.revision)

    @write_worker
    def _save_resolved_edit(
        self, task: Task, draft: TaskDraft, changes: TaskChanges, revision: Revision
    ) -> None:
        """Send the edit as the user resolved it, on the revision the conflict was found on."""
        self._save_edit(task, draft, changes, revision)

    def action_close_task(self) -> None:
        """Ask how and when the selected task was done."""
        task = self._current_task()
        if task is None:
            return
        if task.is_closed:
            self.notify(
                _("#{id} is already {status}.").format(id=task.id, status=task.status.label),
                severity="warning",
            )
            return
        open_ones = self._open_subtasks(task)
        if open_ones:
            self._ask_close_subtasks(task, open_ones)
        else:
            self._open_close(task)

    def _open_subtasks(self, task: Task) -> list[Task]:
        """The task's open sub-tasks at any depth, as this screen's read has them."""
        assert self.board is not None
        board = self.board

        def task_of(task_id: int) -> Task | None:
            row = board.row(task_id)
            return row.task if row is not None else None

        return open_descendants(task, task_of)

    def _ask_close_subtasks(self, task: Task, open_ones: list[Task]) -> None:
        """A parent with open sub-tasks closes only with them: ask before the close dialog;
        saying no closes nothing."""
        question = ngettext(
            "#{id} has {count} open sub-task ({ids}). Close it too?",
            "#{id} has {count} open sub-tasks ({ids}). Close them too?",
            len(open_ones),
        ).format(id=task.id, count=len(open_ones), ids=task_refs(t.id for t in open_ones))
        dialog = ConfirmDialog(question, yes=_("Close them too"), no=_("Cancel"))

        def answered(yes: bool | None) -> None:
            if yes:
                self._open_close(task, with_subtasks=True)

        self.app.push_screen(dialog, answered)

    def _open_close(
        self, task: Task, draft: CloseRequest | None = None, *, with_subtasks: bool = False
    ) -> None:
        """Open the close dialog on `task`, holding `draft` when the user comes back to it;
        `with_subtasks` when the user agreed to close its open sub-tasks with it."""
        dialog = CloseTaskDialog(task, self.today, draft)
        closing = partial(self._close_task, task, revision_of(task), with_subtasks=with_subtasks)
        self.app.push_screen(dialog, closing)

    @write_worker
    def _close_task(
        self,
        task: Task,
        revision: Revision,
        request: CloseRequest | None,
        *,
        with_subtasks: bool = False,
    ) -> None:
        """Mark the task done with the outcome and on the day the dialog gave (and its open
        sub-tasks with it, when the user said so)."""
        if request is None:
            return
        resolve = partial(self._resolve_close, task, request, with_subtasks=with_subtasks)
        with self._posting_failure(conflict=resolve):
            tasks = self.tracker.close_tasks(
                [task.id],
                request.outcome,
                request.closed_on,
                seen_revisions={task.id: revision},
                with_subtasks=with_subtasks,
            )
            # The parent first, its sub-tasks after it when they were closed with it.
            closed = tasks[0]
            done = _("Closed #{id}").format(id=task.id)
            self.post_message(self.WriteDone(self._with_next(done, closed), task.id))

    def _resolve_close(
        self,
        task: Task,
        request: CloseRequest,
        conflict: EditConflict,
        *,
        with_subtasks: bool = False,
    ) -> None:
        """Someone closed the task or changed its status meanwhile: keep theirs or close it
        (with its open sub-tasks still, when the user said so before)."""
        closed = _closed_now(conflict)
        if closed:
            heading = _("#{id} was closed by someone else meanwhile").format(id=task.id)
        else:
            heading = _("The status of #{id} was changed by someone else meanwhile").format(
                id=task.id
            )
        dialog = self._conflict_dialog(
            conflict,
            heading,
            per_field=False,
            can_apply=not closed,
            hint=_("To close it your way, reopen it first.") if closed else "",
        )
        resolved = partial(
            self._close_resolved, task, request, conflict, with_subtasks=with_subtasks
        )
        self.app.push_screen(dialog, resolved)

    def _close_resolved(
        self,
        task: Task,
        request: CloseRequest,
        conflict: EditConflict,
        yours: frozenset[str] | None,
        *,
        with_subtasks: bool = False,
    ) -> None:
        """Close it as the user asked, keep theirs, or go back to the close dialog."""
        if yours is None:
            self._open_close(task, request, with_subtasks=with_subtasks)
        elif yours:
            self._close_task(task, conflict.revision, request, with_subtasks=with_subtasks)
        else:
            self._kept_theirs(task)

    def _with_next(self, done: str, task: Task) -> str:
        """`done`, and the next occurrence closing or cancelling `task` recorded, if any
        (called in a worker: it reads the file)."""
        if task.next is None:
            return done
        line = next_occurrence_line(task, self.tracker.task_details(task.next).task)
        return f"{done}. {line}" if line else done

    def action_extend_task(self) -> None:
        """Ask for the new deadline of the selected task, why and by which document."""
        task = self._current_task()
        if task is not None:
            self._open_extend(task)

    def _open_extend(self, task: Task, draft: ExtendRequest | None = None) -> None:
        """Open the extend dialog on `task`, holding `draft` if a save of it failed."""
        dialog = ExtendDialog(task, self.today, draft)
        self.app.push_screen(dialog, partial(self._extend_task, task, revision_of(task)))

    @write_worker
    def _extend_task(self, task: Task, revision: Revision, request: ExtendRequest | None) -> None:
        """Record the extension the dialog gave; a refused one comes back in the dialog."""
        if request is None:
            return
        with self._posting_failure(retry=partial(self._open_extend, task, request)):
            self.tracker.extend_task(
                task.id,
                request.to,
                request.reason,
                request.document,
                request.granted_on,
                seen_revision=revision,
            )
            done = _("Extended #{id} to {due}").format(id=task.id, due=format_date(request.to))
            self.post_message(self.WriteDone(done, task.id))

    def action_reopen_task(self) -> None:
        """Reopen the selected task, if it is closed."""
        task = self._current_task()
        if task is None:
            return
        if not task.is_closed:
            self.notify(_("#{id} is not closed.").format(id=task.id), severity="warning")
            return
        question = ReasonQuestion(
            title=_("Reopen #{id} — {title}").format(id=task.id, title=visible(task.title)),
            explanation=_(
                "It goes back to the status it had before it was closed; its outcome moves "
                "into its history."
            ),
            button=_("Reopen"),
            placeholder=_("why it is reopened (optional)"),
        )
        self.app.push_screen(ReasonDialog(question), partial(self._reopen_task, task))

    @write_worker
    def _reopen_task(self, task: Task, reason: str | None) -> None:
        """Open the closed task again, with the reason the dialog gave."""
        if reason is None:
            return
        with self._posting_failure():
            reopened = self.tracker.reopen(task.id, reason)
            done = _("Reopened #{id}").format(id=task.id)
            if withdrawn := withdrawn_line(reopened):
                done = f"{done}. {withdrawn}"
            self.post_message(self.WriteDone(done, task.id))

    def action_delete_task(self) -> None:
        """Ask to confirm, with a reason, the deletion of the selected task."""
        task = self._current_task()
        if task is None:
            return
        question = ReasonQuestion(
            title=_("Delete #{id} — {title}").format(id=task.id, title=visible(task.title)),
            explanation=_(
                "It leaves every list, count and report, and stays in the file with its "
                "history: `tracker restore {id}` brings it back."
            ).format(id=task.id),
            button=_("Delete"),
            placeholder=_("why it is deleted (required)"),
            required=True,
            destructive=True,
        )
        self.app.push_screen(ReasonDialog(question), partial(self._delete_task, task))

    @write_worker
    def _delete_task(self, task: Task, reason: str | None) -> None:
        """Delete the task, for the reason the dialog gave."""
        if reason is None:
            return
        with self._posting_failure():
            self.tracker.delete_task(task.id, reason)
            self.post_message(self.WriteDone(_("Deleted #{id}").format(id=task.id)))

    def action_add_note(self) -> None:
        """Ask for a progress note on the selected task."""
        task = self._current_task()
        if task is not None:
            self._open_note(task)

    def _open_note(self, task: Task, draft: str = "") -> None:
        """Open the note dialog on `task`, holding `draft` if a save of it failed."""
        self.app.push_screen(NoteDialog(task, self.today, draft), partial(self._add_note, task))

    @write_worker
    def _add_note(self, task: Task, note: str | None) -> None:
        """Record the note in the task's history; a refused one comes back in the dialog."""
        if not note:
            return
        with self._posting_failure(retry=partial(self._open_note, task, note)):
            # A note never conflicts (it changes no field); the revision says which task
            # the writer read, and is there for the day notes are checked against it.
            self.tracker.update_task(
                task.id, TaskChanges(note=note), seen_revision=revision_of(task)
            )
            self.post_message(self.WriteDone(_("Noted on #{id}").format(id=task.id), task.id))

    def action_set_status(self) -> None:
        """Offer the statuses the selected task can be given."""
        task = self._current_task()
        if task is not None:
            self._open_status(task)

    def _open_status(self, task: Task) -> None:
        """Offer the statuses `task` can be given, as the user saw it."""
        dialog = SetStatusDialog(task)
        self.app.push_screen(dialog, partial(self._set_status, task, revision_of(task)))

    @write_worker
    def _set_status(self, task: Task, revision: Revision, status: Status | None) -> None:
        """Give the task the status picked."""
        if status is None:
            return
        with self._posting_failure(conflict=partial(self._resolve_status, task, status)):
            changed = self.tracker.update_task(
                task.id, TaskChanges(status=status), seen_revision=revision
            )
            done = _("#{id} is now {status}").format(id=task.id, status=status.label)
            done = self._with_next(done, changed)
            self.post_message(self.WriteDone(done, task.id))

    def _resolve_status(self, task: Task, status: Status, conflict: EditConflict) -> None:
        """Someone set another status meanwhile: keep theirs or apply the one picked."""
        closed = _closed_now(conflict)
        dialog = self._conflict_dialog(
            conflict,
            _("The status of #{id} was changed by someone else meanwhile").format(id=task.id),
            per_field=False,
            can_apply=not closed,
            hint=_("It is closed now: reopen it first to change its status.") if closed else "",
        )
        self.app.push_screen(dialog, partial(self._status_resolved, task, status, conflict))

    def _status_resolved(
        self,
        task: Task,
        status: Status,
        conflict: EditConflict,
        yours: frozenset[str] | None,
    ) -> None:
        """Apply the status picked, keep theirs, or offer the statuses again."""
        if yours is None:
            self._open_status(task)
        elif yours:
            self._set_status(task, conflict.revision, status)
        else:
            self._kept_theirs(task)

    def action_add_meeting(self) -> None:
        """Ask for a new meeting."""
        if self.board is None:
            return
        dialog = MeetingFormDialog(
            list(self.board.agreements.values()), set(self.board.meetings), self.today
        )
        self.app.push_screen(dialog, self._add_meeting)

    @write_worker
    def _add_meeting(self, meeting: Meeting | None) -> None:
        """Record the meeting; new tasks then default to it."""
        if meeting is None:
            return
        with self._posting_failure():
            self.tracker.add_meeting(meeting)
            self.post_message(
                self.WriteDone(_("Recorded the meeting; new tasks now default to it"))
            )

    # Editing meetings and agencies -----------------------------------------

    def _group_record(self) -> Meeting | Agency | None:
        """The meeting (meeting view) or agency (agency view) chosen on the left, if any."""
        if self.board is None:
            return None
        if self.view is ViewKind.AGENCY and self.group.startswith("agency:"):
            return self.board.agencies.get(self.group.removeprefix("agency:"))
        return self._chosen_meeting()

    def action_edit_group(self) -> None:
        """Open the meeting or agency chosen on the left in its form."""
        record = self._group_record()
        if isinstance(record, Meeting):
            self._open_meeting_form(record)
        elif isinstance(record, Agency):
            self._open_agency_form(record)
        else:
            self.notify(
                _("Choose a meeting (key 4) or an agency (key 1) on the left first."),
                severity="warning",
            )

    def _open_meeting_form(self, meeting: Meeting, draft: Meeting | None = None) -> None:
        """Open the meeting form on `meeting`, filled with `draft` if a save of it failed."""
        if self.board is None:
            return
        dialog = MeetingFormDialog(
            list(self.board.agreements.values()),
            set(self.board.meetings),
            self.today,
            meeting=meeting,
            draft=draft,
        )
        self.app.push_screen(dialog, partial(self._update_meeting, meeting))

    @write_worker
    def _update_meeting(self, meeting: Meeting, edited: Meeting | None) -> None:
        """Save the fields the user changed; those changed meanwhile by others stay theirs."""
        if edited is None:
            return
        changes = MeetingChanges(**_changed_fields(meeting, edited))
        if changes == MeetingChanges():
            self.app.call_from_thread(
                self.notify, _("Nothing changed on meeting {id}.").format(id=meeting.id)
            )
            return
        with self._posting_failure(retry=partial(self._open_meeting_form, meeting, edited)):
            self.tracker.update_meeting(meeting.id, changes)
            self.post_message(self.WriteDone(_("Saved meeting {id}").format(id=meeting.id)))

    def _open_agency_form(self, agency: Agency, draft: Agency | None = None) -> None:
        """Open the agency form on `agency`, filled with `draft` if a save of it failed."""
        dialog = AgencyFormDialog(agency, draft)
        self.app.push_screen(dialog, partial(self._update_agency, agency))

    @write_worker
    def _update_agency(self, agency: Agency, edited: Agency | None) -> None:
        """Save the fields the user changed; those changed meanwhile by others stay theirs."""
        if edited is None:
            return
        changes = AgencyChanges(**_changed_fields(agency, edited))
        if changes == AgencyChanges():
            self.app.call_from_thread(
                self.notify, _("Nothing changed on agency {code}.").format(code=agency.code)
            )
            return
        with self._posting_failure(retry=partial(self._open_agency_form, agency, edited)):
            self.tracker.update_agency(agency.code, changes)
            self.post_message(self.WriteDone(_("Saved agency {code}").format(code=agency.code)))

    def action_load_sample(self) -> None:
        """Import the sample conference into an empty database."""
        if self.sample is None or self.board is None:
            return
        if not self.board.is_empty:
            self.notify(
                _("The sample can only be loaded into an empty database."), severity="warning"
            )
            return
        self._load_sample(self.sample)

    @write_worker
    def _load_sample(self, sample: Path) -> None:
        """Import the sample file."""
        with self._posting_failure():
            self.tracker.import_data(load_interchange_file(sample))
            self.post_message(self.WriteDone(_("Loaded the sample conference")))

    def action_report(self) -> None:
        """Ask which status report to write, and where."""
        if self.board is None:
            return
        if not self.board.rows:
            # A report counts tasks; say so, rather than let `r` seem to do nothing.
            if self.sample is not None and self.board.is_empty:
                why = _(
                    "Nothing to report yet: the database has no tasks. Press l to load the"
                    " sample, or import a file (tracker import FILE)."
                )
            else:
                why = _(
                    "Nothing to report yet: the database has no tasks. Add one with a, or"
                    " import a file (tracker import FILE)."
                )
            self.notify(why, severity="warning")
            return
        dialog = ReportDialog(
            agencies=list(self.board.agencies.values()),
            meetings=sorted(self.board.meetings.values(), key=lambda m: (m.date, m.id)),
            today=self.today,
            folder=self.tracker.output_folder,
            refuse_path=self.tracker.check_output_path,
        )
        self.app.push_screen(dialog, self._save_report)

    @write_worker
    def _save_report(self, request: ReportRequest | None) -> None:
        """Write the report the dialog asked for, and say where it went."""
        if request is None:
            return
        with self._posting_failure():
            path = self.tracker.save_report(request, request.path)
            self.post_message(self.WriteDone(_("Report saved to {path}").format(path=path)))

    def action_write_reminders(self) -> None:
        """Write the chaser note of the agency selected in the agency view, beside the reports."""
        agency = self.group.removeprefix("agency:")  # the agency view's group keys
        if self.view is not ViewKind.AGENCY or agency == self.group:
            self.notify(_("Choose an agency in the agency view first (key 1)."), severity="warning")
            return
        self._save_reminders(agency)

    @write_worker
    def _save_reminders(self, agency: str) -> None:
        """Write `agency`'s chaser note as of today (HTML, to print), and say where it went."""
        with self._posting_failure():
            run = self.tracker.reminders(self.today, agency=agency)
            if not run.notes:
                message = _("Nothing to chase for {agency} on {date}.").format(
                    agency=agency, date=format_date(run.as_of)
                )
                self.app.call_from_thread(self.notify, message)
                return
            folder = self.tracker.output_folder  # where the report dialog saves
            (path,) = self.tracker.save_reminders(run, folder, "html")
            self.post_message(self.WriteDone(_("Chaser note saved to {path}").format(path=path)))

    # Undo ---------------------------------------------------------------------

    def action_undo(self) -> None:
        """Read what the user's last change was, to ask before undoing it."""
        self._read_undo()

    @work(thread=True, exclusive=True, group="undo")
    def _read_undo(self) -> None:
        """Post the plan of an undo, or the line saying there is nothing to undo."""
        try:
            self.post_message(self.UndoRead(self.tracker.undo_preview()))
        except RequestRefused as error:
            self.post_message(self.UndoRead(None, str(error)))
        except TrackerError as error:
            self.post_message(self.StoreFailed(str(error)))

    def on_main_screen_undo_read(self, message: MainScreen.UndoRead) -> None:
        """Ask to confirm the undo, saying what it reverts; or say why it cannot be done."""
        plan = message.plan
        if plan is None:
            self.notify(visible(message.nothing), severity="warning")
            return
        refused = refusal(plan)
        if refused is not None:
            self.notify(visible(refused), title=_("Undo"), severity="error", timeout=10)
            return
        self.app.push_screen(UndoDialog(plan), partial(self._undo, plan))

    @write_worker
    def _undo(self, plan: UndoPlan, confirmed: bool | None) -> None:
        """Undo the change the dialog showed (refused if the user's changes moved on)."""
        if not confirmed:
            return
        with self._posting_failure():
            done = self.tracker.undo(expected=plan.change.change)
            # One line, as every notice is: "Undid the change of ...: #9 closed; #18 closed".
            heading, *lines = undone_lines(done)
            shown = [line.strip() for line in lines[:_UNDO_LINES_SHOWN]]
            if len(lines) > len(shown):
                more = len(lines) - len(shown)
                shown.append(ngettext("and {n} more", "and {n} more", more).format(n=more))
            first = done.tasks[0].id if done.tasks else None
            self.post_message(self.WriteDone(f"{heading} {'; '.join(shown)}", first))

    def action_help(self) -> None:
        """Show every key."""
        self.app.push_screen(HelpScreen([*MAIN_BINDINGS, *TaskTable.BINDINGS]))

    def action_show_log(self) -> None:
        """Show every change to the tasks, newest first: when, who, what."""
        self.app.push_screen(ChangeLogScreen(self.tracker))


def _changed_fields(before: Meeting | Agency, after: Meeting | Agency) -> dict[str, Any]:
    """The fields of `after` that differ from `before`, with their new values: a form saves
    only these, so what another process changed meanwhile in the others stays."""
    return {
        name: getattr(after, name)
        for name in before.__struct_fields__
        if getattr(after, name) != getattr(before, name)
    }


def _closed_now(conflict: EditConflict) -> bool:
    """Whether the conflict found the task done or cancelled by someone else: its status
    is a closed one, or its closing date or outcome differ (only a closed task's do)."""
    return any(
        c.field in ("closed_on", "outcome")
        or (c.field == "status" and isinstance(c.theirs, Status) and c.theirs.is_closed)
        for c in conflict.conflicts
    )
