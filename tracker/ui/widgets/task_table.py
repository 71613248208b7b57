"""A task table that renders only the visible rows, so 100,000 tasks scroll like 10."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tracker.domain.dates import describe_due, format_date
from tracker.domain.model import Task
from tracker.domain.safe_text import visible
from tracker.domain.standing import STANDING_SYMBOLS, Standing
from tracker.domain.subtasks import tree_order
from tracker.i18n import N_, _
from tracker.ui.board import Column, Row

COLUMN_TITLES = {
    Column.ID: N_("#"),
    Column.TITLE: N_("Title"),
    Column.LEAD: N_("Lead"),
    Column.DUE: N_("Due"),
    Column.STANDING: N_("Standing"),
}

# What goes before a title: "↻ " for an occurrence of a periodic duty still repeating.
REPEATS = {True: "↻ ", False: ""}

STANDING_COMPONENTS = {
    Standing.DONE_ON_TIME: "task-table--done",
    Standing.DONE_LATE: "task-table--late",
    Standing.OPEN_IN_TIME: "task-table--in-time",
    Standing.OPEN_OVERDUE: "task-table--overdue",
    Standing.CANCELLED: "task-table--cancelled",
}


@dataclass(frozen=True)
class Layout:
    """Column widths for the current width; narrow terminals get a compact table."""

    widths: dict[Column, int]
    wide: bool

    @classmethod
    def for_width(cls, width: int, id_width: int = 4) -> Layout:
        """The layout for a table `width` cells wide with ids `id_width` wide."""
        # Three tiers: full at a wide terminal, labels without relative dates in the
        # middle, symbols only at 80 columns where the title needs every cell.
        wide = width >= 110
        if wide:
            lead, due, standing = 20, 26, 15
        elif width >= 84:
            lead, due, standing = 14, 10, 15
        else:
            lead, due, standing = 12, 10, 2
        # The id column's title and its sort arrow ("Số ▲") are never cut either.
        id_width = max(id_width, len(_(COLUMN_TITLES[Column.ID])) + 2)
        fixed = {Column.ID: id_width, Column.LEAD: lead, Column.DUE: due, Column.STANDING: standing}
        gaps = len(Column)  # one space before each column
        title = max(10, width - sum(fixed.values()) - gaps)
        order = (Column.ID, Column.TITLE, Column.LEAD, Column.DUE, Column.STANDING)
        widths = {column: fixed.get(column, title) for column in order}
        return cls(widths, wide)

    @property
    def short_standings(self) -> bool:
        """Whether the standings take their short words: some full ones do not fit."""
        room = self.widths[Column.STANDING] - 3  # the symbol ("✔!") and a space
        return any(len(standing.label) > room for standing in Standing)

    @property
    def labels(self) -> bool:
        """Whether the standing column has room for words, not just the symbol."""
        return self.widths[Column.STANDING] > 2


def _task_of(row: Row) -> Task:
    return row.task


def _fit(text: str, width: int) -> str:
    if len(text) <= width:
        return text.ljust(width)
    return text[: max(0, width - 1)] + "…"


class TaskTable(ScrollView, can_focus=True):
    """Rows of tasks with a fixed header; only the lines on screen are ever rendered."""

    BINDINGS = [
        Binding("up,k", "move(-1)", N_("Up"), show=False, id="table.up"),
        Binding("down,j", "move(1)", N_("Down"), show=False, id="table.down"),
        Binding("pageup", "page(-1)", N_("Page up"), show=False, id="table.page_up"),
        Binding("pagedown", "page(1)", N_("Page down"), show=False, id="table.page_down"),
        Binding("home", "jump(0)", N_("First"), show=False, id="table.first"),
        Binding("end", "jump(-1)", N_("Last"), show=False, id="table.last"),
        # README: "e edit (or Enter)": Enter opens the task under the cursor in the form.
        Binding(
            "enter",
            "choose",
            N_("Open"),
            tooltip=N_("Open the task in the edit form"),
            show=False,
            id="table.open",
        ),
        Binding(
            "S", "cycle_sort", N_("Sort"), tooltip=N_("Sort by the next column"), id="table.sort"
        ),
    ]

    COMPONENT_CLASSES = {
        "task-table--header",
        "task-table--cursor",
        "task-table--done",
        "task-table--late",
        "task-table--in-time",
        "task-table--overdue",
        "task-table--cancelled",
        "task-table--empty",
    }

    DEFAULT_CSS = """
    TaskTable {
        height: 1fr;
        scrollbar-gutter: stable;
    }
    TaskTable > .task-table--header { text-style: bold; background: $panel; }
    TaskTable > .task-table--cursor { background: $block-cursor-blurred-background; }
    TaskTable:focus > .task-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    TaskTable > .task-table--done { color: $success; }
    TaskTable > .task-table--late { color: $warning; }
    TaskTable > .task-table--in-time { color: $foreground; }
    TaskTable > .task-table--overdue { color: $error; text-style: bold; }
    TaskTable > .task-table--cancelled { color: $text-muted; }
    TaskTable > .task-table--empty { color: $text-muted; text-style: italic; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another task (None when the table is empty)."""

        task_id: int | None

    @dataclass
    class SortChanged(Message):
        """The user asked for another order; the owner supplies re-sorted rows."""

        column: Column
        reverse: bool

    @dataclass
    class Chosen(Message):
        """Enter or a double click on a task."""

        task_id: int

    def __init__(self, today: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = today
        self.rows: list[Row] = []
        self.sort_column = Column.ID
        self.sort_reverse = False
        self.empty_message = _("No tasks here.")
        self.id_width = 4
        self._last_highlighted: int | None = -1
        # The tree mark before a sub-task's title, by task id, when its parent is listed.
        self.tree_marks: dict[int, str] = {}

    # Data -------------------------------------------------------------------

    def show_rows(self, rows: list[Row], keep: int | None = None, max_id: int = 0) -> None:
        """Replace the rows (already sorted); keep task `keep` selected if it is among them.

        `max_id` is the largest id in the database, so the id column keeps one width
        however the rows are filtered. In the default order (by id, ascending) each
        sub-task is shown right under its parent, indented; any other order is flat, so
        that a sort by deadline reads as one.
        """
        self.tree_marks = {}
        if self.sort_column is Column.ID and not self.sort_reverse:
            tree = tree_order(rows, _task_of)
            if tree is not None:
                rows = [row for row, _mark in tree]
                self.tree_marks = {row.task.id: mark for row, mark in tree if mark}
        self.rows = rows
        self.id_width = len(str(max_id)) + 1  # "#" plus the longest id: #100000 is never cut.
        self.virtual_size = Size(self.size.width, len(self.rows) + 1)
        index = self._index_of(keep)
        self.cursor = index if index is not None else min(self.cursor, max(0, len(self.rows) - 1))
        self._scroll_cursor_into_view()
        # Once laid out again (the search box may have gone, the rows grown), the scroll
        # range and page height are the new ones: bring the cursor into view against them.
        self.call_after_refresh(self._scroll_cursor_into_view)
        self.refresh()

    def sort_by(self, column: Column, reverse: bool | None = None) -> None:
        """Ask for the rows in another order; a click on the sorted column reverses it."""
        if reverse is None:
            reverse = not self.sort_reverse if column is self.sort_column else False
        self.sort_column, self.sort_reverse = column, reverse
        self.post_message(self.SortChanged(column, reverse))

    @property
    def current_task_id(self) -> int | None:
        """The id of the task under the cursor, or None for an empty table."""
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor].task.id
        return None

    def select_task(self, task_id: int) -> bool:
        """Put the cursor on task `task_id`; False if the table does not show it."""
        index = self._index_of(task_id)
        if index is None:
            return False
        self.cursor = index
        self._scroll_cursor_into_view()
        return True

    def _index_of(self, task_id: int | None) -> int | None:
        if task_id is None:
            return None
        if 0 <= self.cursor < len(self.rows) and self.rows[self.cursor].task.id == task_id:
            return self.cursor
        # A linear scan is a few ms even at 100,000 rows, and only runs on reload.
        for index, row in enumerate(self.rows):
            if row.task.id == task_id:
                return index
        return None

    # Cursor -----------------------------------------------------------------

    @property
    def page_height(self) -> int:
        """How many rows one page of the table shows."""
        return max(1, self.scrollable_content_region.height - 1)

    def watch_cursor(self, old: int, new: int) -> None:
        """Repaint, and tell the owner when the cursor reached another task."""
        self.refresh()
        task_id = self.current_task_id
        if task_id != self._last_highlighted:
            self._last_highlighted = task_id
            self.post_message(self.Highlighted(task_id))

    def _scroll_cursor_into_view(self) -> None:
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + self.page_height:
            self.scroll_to(y=self.cursor - self.page_height + 1, animate=False)

    def _move_to(self, index: int) -> None:
        if not self.rows:
            return
        self.cursor = max(0, min(len(self.rows) - 1, index))
        self._scroll_cursor_into_view()

    def action_move(self, delta: int) -> None:
        """Move the cursor `delta` rows."""
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        """Move the cursor a page up (-1) or down (1)."""
        self._move_to(self.cursor + direction * self.page_height)

    def action_jump(self, index: int) -> None:
        """Move the cursor to row `index`; -1 is the last row."""
        self._move_to(index if index >= 0 else len(self.rows) - 1)

    def action_cycle_sort(self) -> None:
        """Sort by the next column."""
        columns = list(Column)
        self.sort_by(columns[(columns.index(self.sort_column) + 1) % len(columns)], False)

    def action_choose(self) -> None:
        """Open the task under the cursor."""
        if self.current_task_id is not None:
            self.post_message(self.Chosen(self.current_task_id))

    async def _on_click(self, event: events.Click) -> None:
        if event.y == 0:
            column = self._column_at(event.x)
            if column is not None:
                self.sort_by(column)
            return
        index = int(self.scroll_y) + event.y - 1
        if 0 <= index < len(self.rows):
            self.cursor = index
            if event.chain == 2:
                self.action_choose()

    def _column_at(self, x: int) -> Column | None:
        start = 0
        for column, width in Layout.for_width(
            self.scrollable_content_region.width, self.id_width
        ).widths.items():
            if start <= x < start + width + 1:
                return column
            start += width + 1
        return None

    # Rendering --------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        """Keep the scrollable size in step with the widget's width, the cursor in view."""
        self.virtual_size = Size(event.size.width, len(self.rows) + 1)
        self.call_after_refresh(self._scroll_cursor_into_view)

    def render_line(self, y: int) -> Strip:
        """Line `y` of the table: the header, a task, or blank."""
        width = self.scrollable_content_region.width
        layout = Layout.for_width(width, self.id_width)
        if y == 0:
            return self._header(layout, width)
        index = int(self.scroll_y) + y - 1
        if index >= len(self.rows):
            if index == 0:
                style = self.get_component_rich_style("task-table--empty")
                return Strip([Segment(_fit(" " + self.empty_message, width), style)], width)
            return Strip.blank(width, self.rich_style)
        return self._row_line(self.rows[index], layout, width, index == self.cursor)

    def _header(self, layout: Layout, width: int) -> Strip:
        style = self.get_component_rich_style("task-table--header")
        cells = []
        for column, column_width in layout.widths.items():
            shown = layout.labels or column is not Column.STANDING
            title = _(COLUMN_TITLES[column]) if shown else ""
            if column is self.sort_column:
                title += " ▼" if self.sort_reverse else " ▲"
            cells.append(_fit(title, column_width))
        return Strip([Segment(_fit(" " + " ".join(cells), width), style)], width)

    def _row_line(self, row: Row, layout: Layout, width: int, is_cursor: bool) -> Strip:
        task = row.task
        widths = layout.widths
        due = "—"
        if task.due is not None:
            due = format_date(task.due)
            if layout.wide and row.bucket is not None:
                due += f" {describe_due(task.due, self.today)}"
        symbol = STANDING_SYMBOLS[row.standing]
        standing = symbol
        if layout.labels:
            words = row.standing.short_label if layout.short_standings else row.standing.label
            standing = f"{symbol} {words}"
        base = self.rich_style
        colour = self.get_component_rich_style(STANDING_COMPONENTS[row.standing])
        segments = [
            Segment(" " + _fit(f"#{task.id}", widths[Column.ID]) + " ", base),
            # Segments go to the terminal as they are: stored text is shown, never obeyed.
            # A periodic duty's occurrences are marked: closing one records the next.
            # A sub-task's tree mark comes first: it places the row under its parent.
            Segment(
                _fit(
                    self.tree_marks.get(task.id, "")
                    + REPEATS[task.every is not None]
                    + visible(task.title),
                    widths[Column.TITLE],
                )
                + " ",
                base,
            ),
            Segment(_fit(visible(row.lead_short), widths[Column.LEAD]) + " ", base),
            Segment(_fit(due, widths[Column.DUE]) + " ", colour if row.bucket else base),
            Segment(_fit(standing, widths[Column.STANDING]), colour),
        ]
        if is_cursor:
            # A post-style wins over each cell's own colour, so the cursor row always shows.
            cursor = self.get_component_rich_style("task-table--cursor")
            segments = list(Segment.apply_style(segments, post_style=cursor))
            base = base + cursor
        return Strip(segments).adjust_cell_length(width, base)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """One line per task, plus the header."""
        return len(self.rows) + 1
