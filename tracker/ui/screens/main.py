"""The main screen: groups on the left, the task table, the detail pane and the summary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static
from textual.worker import get_current_worker

from tracker.domain.dates import format_date
from tracker.domain.errors import TrackerError
from tracker.domain.model import Meeting, Status, Task
from tracker.domain.safe_text import visible
from tracker.i18n import _
from tracker.reports.render import save_report
from tracker.service import NewTask, TaskChanges, Tracker, load_interchange_file
from tracker.ui.board import (
    ALL_TASKS,
    Board,
    Role,
    ViewKind,
    file_stamp,
    opening_sort,
)
from tracker.ui.dialogs.close_task import CloseRequest, CloseTaskDialog
from tracker.ui.dialogs.meeting_form import MeetingFormDialog
from tracker.ui.dialogs.note import NoteDialog
from tracker.ui.dialogs.report import ReportDialog, ReportRequest
from tracker.ui.dialogs.set_status import SetStatusDialog
from tracker.ui.dialogs.task_form import TaskDraft, TaskFormDialog
from tracker.ui.messages import BoardLoaded, StoreFailed, WriteDone
from tracker.ui.screens.help import HelpScreen
from tracker.ui.widgets.detail_pane import DetailPane
from tracker.ui.widgets.group_list import GroupList
from tracker.ui.widgets.summary_strip import SummaryStrip
from tracker.ui.widgets.task_table import TaskTable

MAIN_BINDINGS = [
    Binding("a", "add_task", _("Add"), tooltip=_("Add a task"), id="main.add"),
    Binding("e", "edit_task", _("Edit"), tooltip=_("Edit the selected task"), id="main.edit"),
    Binding("c", "close_task", _("Close"), tooltip=_("Close the task as done"), id="main.close"),
    Binding("o", "reopen_task", _("Reopen"), tooltip=_("Reopen a closed task"), id="main.reopen"),
    Binding("n", "add_note", _("Note"), tooltip=_("Add a progress note"), id="main.note"),
    Binding(
        "s", "set_status", _("Status"), tooltip=_("Set in progress, blocked..."), id="main.status"
    ),
    Binding(
        "slash", "search", _("Search"), tooltip=_("Filter this view as you type"), id="main.search"
    ),
    Binding("m", "add_meeting", _("Meeting"), tooltip=_("Record a new meeting"), id="main.meeting"),
    Binding("1", "switch_view('agency')", _("By agency"), show=False, id="main.view_agency"),
    Binding("2", "switch_view('status')", _("By status"), show=False, id="main.view_status"),
    Binding("3", "switch_view('deadline')", _("By deadline"), show=False, id="main.view_deadline"),
    Binding(
        "t",
        "toggle_role",
        _("Lead/partner"),
        tooltip=_("Agency view: tasks it leads / partners on"),
        show=False,
        id="main.toggle_role",
    ),
    Binding("r", "report", _("Report"), tooltip=_("Save a status report"), id="main.report"),
    Binding(
        "l",
        "load_sample",
        _("Load sample"),
        tooltip=_("Load the sample conference (empty database only)"),
        show=False,
        id="main.load_sample",
    ),
    Binding("question_mark", "help", _("Help"), tooltip=_("This list of keys"), id="main.help"),
    Binding("q", "app.quit", _("Quit"), id="main.quit"),
]


class MainScreen(Screen[None]):
    """Where users spend their day: choose a group, read and change its tasks."""

    CSS_PATH = "main.tcss"
    BINDINGS: ClassVar[list[BindingType]] = list(MAIN_BINDINGS)
    # Below 100 columns the screen gets "-narrow" and main.tcss gives the table more room.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    AUTO_FOCUS = "TaskTable"

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

    @property
    def today(self) -> date:
        return self.tracker.today

    # Layout -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
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
        yield Footer()

    def on_mount(self) -> None:
        self.title = "tracker"
        self.sub_title = _("{file} · as of {day}").format(
            file=visible(self.tracker.database.path.name), day=format_date(self.today)
        )
        self.query_one("#search", Input).display = False
        self.query_one("#welcome").display = False
        self._show_view_tabs()
        self.load_board()
        if self.watch_interval > 0:
            self.set_interval(self.watch_interval, self.watch_disk)
            self.set_interval(self.watch_interval, self.notice_new_day)

    # Reading the database ---------------------------------------------------

    @work(thread=True, exclusive=True, group="board")
    def load_board(self) -> None:
        worker = get_current_worker()
        try:
            board = Board.load(self.tracker)
        except TrackerError as error:
            self.post_message(StoreFailed(str(error)))
            return
        if not worker.is_cancelled:
            self.post_message(BoardLoaded(board))
            # Folding every title for search takes a second at 100,000 tasks, and each
            # view's groups tens of milliseconds: do both now, off the UI thread, so that
            # the first "/" or view switch is as quick as the rest.
            board.prepare_search()
            board.warm_views()

    @work(thread=True, exclusive=True, group="watch")
    def watch_disk(self) -> None:
        """Reload when another process changed the file (a `tracker add` in another window)."""
        if self.board is not None and file_stamp(self.tracker.database.path) != self.board.stamp:
            self.app.call_from_thread(self.load_board)

    def notice_new_day(self) -> None:
        """Past midnight, move to the new day: standings, deadlines and the header as of it."""
        table, day = self.query_one(TaskTable), self.today
        if table.today == day:
            return
        table.today = day
        self.sub_title = _("{file} · as of {day}").format(
            file=visible(self.tracker.database.path.name), day=format_date(day)
        )
        self.load_board()  # the board's standings and deadline buckets are as of its day

    def on_board_loaded(self, message: BoardLoaded) -> None:
        self.board = message.board
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

    def on_store_failed(self, message: StoreFailed) -> None:
        self.notify(visible(message.message), title=_("Database"), severity="error", timeout=10)
        if message.retry is not None:
            message.retry()

    def on_write_done(self, message: WriteDone) -> None:
        self.notify(visible(message.message))
        self._select_after_load = message.task_id
        self.load_board()

    # Showing ----------------------------------------------------------------

    def _welcome_text(self) -> Text:
        text = Text()
        text.append(_("Welcome to tracker") + "\n\n", style="bold")
        text.append(
            _("The database {path} has no tasks yet.").format(
                path=visible(str(self.tracker.database.path))
            )
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
        role = _("leads") if self.role is Role.LEAD else _("partners on")
        hint.update(
            Text.assemble(("t", "bold reverse"), " ", _("tasks it {role}").format(role=role))
        )

    def _refresh_groups(self) -> None:
        assert self.board is not None
        groups = self.board.groups(self.view)
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
        row = self.board.row(task_id) if task_id is not None else None
        self.query_one(DetailPane).show(row, self.board.agencies, self.board.meetings, self.today)

    @on(GroupList.GroupChosen)
    def group_chosen(self, message: GroupList.GroupChosen) -> None:
        if message.key != self.group:
            self.group = message.key
            self._refresh_table()

    @on(TaskTable.Highlighted)
    def task_highlighted(self, message: TaskTable.Highlighted) -> None:
        self._show_detail(message.task_id)

    @on(TaskTable.SortChanged)
    def sort_changed(self) -> None:
        self._refresh_table()

    @on(TaskTable.Chosen)
    def task_chosen(self, message: TaskTable.Chosen) -> None:
        self.action_edit_task()

    # Views and search -------------------------------------------------------

    def action_switch_view(self, view: str) -> None:
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
        if self.view is not ViewKind.AGENCY:
            return
        self.role = Role.PARTNER if self.role is Role.LEAD else Role.LEAD
        self._show_view_tabs()
        self._refresh_table()

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        # Focus now, not on the next idle: keys typed fast behind "/" must land in the box.
        self.set_focus(search)

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self._refresh_table()

    @on(Input.Submitted, "#search")
    def search_submitted(self) -> None:
        self.query_one(TaskTable).focus()

    def key_escape(self) -> None:
        search = self.query_one("#search", Input)
        if search.display:
            search.value = ""
            search.display = False
            self.query_one(TaskTable).focus()

    # Changing tasks ---------------------------------------------------------

    def _current_task(self) -> Task | None:
        task_id = self.query_one(TaskTable).current_task_id
        row = self.board.row(task_id) if self.board and task_id is not None else None
        if row is None:
            self.notify(_("Choose a task first."), severity="warning")
            return None
        return row.task

    @work(thread=True, group="write")
    def save(
        self,
        change: Callable[[], object],
        done: str,
        retry: Callable[[], None] | None = None,
    ) -> None:
        """Run one change through the locked store, off the UI thread.

        A change that returns a task id gets that task selected once the view reloads.
        """
        try:
            result = change()
            task_id = result if isinstance(result, int) else None
        except TrackerError as error:
            self.post_message(StoreFailed(str(error), retry))
            return
        self.post_message(WriteDone(done.format(id=task_id, result=result), task_id))

    def _open_task_form(self, task: Task | None = None, draft: TaskDraft | None = None) -> None:
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

        def saved(result: TaskDraft | None) -> None:
            if result is None:
                return
            if task is None:
                self.save(
                    lambda: self.tracker.add_task(_new_task(result)).id,
                    _("Added #{id}"),
                    retry=lambda: self._open_task_form(None, result),
                )
            else:
                self.save(
                    lambda: self.tracker.update_task(task.id, _changes(result)).id,
                    _("Saved #{id}"),
                    retry=lambda: self._open_task_form(task, result),
                )

        self.app.push_screen(dialog, saved)

    def action_add_task(self) -> None:
        self._open_task_form()

    def action_edit_task(self) -> None:
        task = self._current_task()
        if task is not None:
            self._open_task_form(task)

    def action_close_task(self) -> None:
        task = self._current_task()
        if task is None:
            return
        if task.is_closed:
            self.notify(
                _("#{id} is already {status}.").format(id=task.id, status=task.status.label),
                severity="warning",
            )
            return

        def closed(request: CloseRequest | None) -> None:
            if request is not None:
                self.save(
                    lambda: (
                        self.tracker.close_tasks([task.id], request.outcome, request.closed_on)[
                            0
                        ].id
                    ),
                    _("Closed #{id}"),
                )

        self.app.push_screen(CloseTaskDialog(task, self.today), closed)

    def action_reopen_task(self) -> None:
        task = self._current_task()
        if task is None:
            return
        if not task.is_closed:
            self.notify(_("#{id} is not closed.").format(id=task.id), severity="warning")
            return
        self.save(lambda: self.tracker.reopen(task.id).id, _("Reopened #{id}"))

    def action_add_note(self) -> None:
        task = self._current_task()
        if task is not None:
            self._open_note(task)

    def _open_note(self, task: Task, draft: str = "") -> None:
        def noted(note: str | None) -> None:
            if note:
                self.save(
                    lambda: self.tracker.update_task(task.id, TaskChanges(note=note)).id,
                    _("Noted on #{id}"),
                    retry=lambda: self._open_note(task, note),
                )

        self.app.push_screen(NoteDialog(task, self.today, draft), noted)

    def action_set_status(self) -> None:
        task = self._current_task()
        if task is None:
            return

        def chosen(status: Status | None) -> None:
            if status is not None:
                self.save(
                    lambda: self.tracker.update_task(task.id, TaskChanges(status=status)).id,
                    _("#{id} is now ") + status.label,
                )

        self.app.push_screen(SetStatusDialog(task), chosen)

    def action_add_meeting(self) -> None:
        if self.board is None:
            return

        def recorded(meeting: Meeting | None) -> None:
            if meeting is not None:
                self.save(
                    partial(self.tracker.add_meeting, meeting),
                    _("Recorded the meeting; new tasks now default to it"),
                )

        dialog = MeetingFormDialog(
            list(self.board.agreements.values()), set(self.board.meetings), self.today
        )
        self.app.push_screen(dialog, recorded)

    def action_load_sample(self) -> None:
        if self.sample is None or self.board is None:
            return
        if not self.board.is_empty:
            self.notify(
                _("The sample can only be loaded into an empty database."), severity="warning"
            )
            return
        sample = self.sample
        self.save(
            lambda: self.tracker.import_data(load_interchange_file(sample)),
            _("Loaded the sample conference"),
        )

    def action_report(self) -> None:
        if self.board is None or self.board.is_empty:
            return
        dialog = ReportDialog(
            agencies=list(self.board.agencies.values()),
            meetings=sorted(self.board.meetings.values(), key=lambda m: (m.date, m.id)),
            today=self.today,
            folder=self.tracker.database.path.absolute().parent,
            refuse_path=self.tracker.check_output_path,
        )

        def chosen(request: ReportRequest | None) -> None:
            if request is not None:
                self.save(
                    partial(save_report, self.tracker, request, request.path),
                    _("Report saved to {result}"),
                )

        self.app.push_screen(dialog, chosen)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen([*MAIN_BINDINGS, *TaskTable.BINDINGS]))


def _new_task(draft: TaskDraft) -> NewTask:
    return NewTask(
        title=draft.title,
        lead=draft.lead,
        partners=draft.partners,
        due=draft.due,
        meeting=draft.meeting,
        area=draft.area,
        description=draft.description,
    )


def _changes(draft: TaskDraft) -> TaskChanges:
    return TaskChanges(
        title=draft.title,
        lead=draft.lead,
        partners=draft.partners,
        due=draft.due,
        meeting=draft.meeting or None,
        area=draft.area or None,
        description=draft.description,
    )
