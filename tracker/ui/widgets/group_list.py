"""The left panel: the groups of the current view (agencies, statuses, deadlines) with counts."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tracker.domain.safe_text import visible
from tracker.i18n import number
from tracker.ui.board import Group


class GroupList(OptionList):
    """Lists groups under their section headings; highlighting one asks to show its tasks."""

    DEFAULT_CSS = """
    /* No focus frame: it would shift every row; the highlight shows where you are. */
    GroupList, GroupList:focus {
        height: 1fr;
        border: none;
        padding: 0;
    }
    """

    @dataclass
    class GroupChosen(Message):
        """The user moved to the group `key`: show its tasks."""

        key: str

    def show_groups(self, groups: list[Group], keep: str | None) -> None:
        """Replace the groups, keeping `keep` highlighted when it still exists."""
        options: list[Option | None] = []
        section = None
        for group in groups:
            if group.section and group.section != section:
                section = group.section
                heading = Text(visible(section), style="bold underline")
                options.append(Option(heading, disabled=True))
            options.append(Option(self._label(group), id=group.key))
        with self.prevent(OptionList.OptionHighlighted):
            self.set_options(options)
            index = self._index(keep) if keep else None
            self.highlighted = index if index is not None else self._index(groups[0].key)

    def _index(self, key: str) -> int | None:
        try:
            return self.get_option_index(key)
        except Exception:  # OptionDoesNotExist; the group disappeared with the data.
            return None

    @staticmethod
    def _label(group: Group) -> Table:
        # A grid keeps the counts in their own right-hand column however long the name.
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(no_wrap=True, justify="right")
        counts = Text(f" {number(group.count)}", style="dim")
        if group.overdue:
            counts.append(f" ⚠{number(group.overdue)}", style="bold red")
        if group.done:
            counts.append(f" ✓{number(group.done)}", style="green")
        grid.add_row(Text(visible(group.label)), counts)
        for line in group.lines:
            grid.add_row(Text(visible(line), style="dim"), "")
        return grid

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving onto a group shows its tasks."""
        event.stop()
        if event.option.id:
            self.post_message(self.GroupChosen(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click on a group shows its tasks."""
        event.stop()
        if event.option.id:
            self.post_message(self.GroupChosen(event.option.id))
