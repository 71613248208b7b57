"""The base of the form dialogs: a centred box with a title, scrolling fields and buttons."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TypeVar

from rich.cells import cell_len
from textual import events, on
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tracker.domain.dates import (
    DeadlineError,
    describe_due,
    format_date,
    parse_deadline,
    weekday_name,
)
from tracker.i18n import _
from tracker.ui.dialogs.confirm import ConfirmDialog

ResultT = TypeVar("ResultT")


@contextmanager
def form_field(label: str, id: str | None = None) -> Iterator[None]:
    """A form row in compose: the label on the left; what the block yields goes on the right."""
    with Horizontal(classes="field", id=id) as row:
        row.compose_add_child(Label(label, classes="field-label"))
        with Vertical(classes="field-body"):
            yield


def field_check(id: str) -> Static:
    """The line under a field that says what is wrong with it, or what it was read as."""
    return Static("", id=id, classes="field-check", markup=False)


def widen_to_fit(labels: Sequence[Label]) -> int:
    """Make `labels`, a column of one dialog, wide enough for the longest; its width now.

    Each dialog's .tcss sizes its columns for the English words; Vietnamese ones run longer
    ("Cơ quan phối hợp"), and a label wrapped in its column breaks a word in two.
    """
    if not labels:
        return 0
    widest = max(cell_len(str(label.content)) for label in labels)
    # The padding is inside the width; one more cell keeps what follows off the text.
    needed = widest + labels[0].styles.padding.width + 1
    for label in labels:
        label.styles.min_width = needed
    width = labels[0].styles.width
    return max(needed, int(width.value) if width is not None and width.is_cells else 0)


class FormDialog(ModalScreen[ResultT]):
    """A modal form styled by dialog.tcss; subclasses add their own .tcss after it."""

    @on(events.Mount)
    def _fit_field_labels(self) -> None:
        """Widen the label column to the longest label, so that no label wraps or is cut.

        Textual calls this besides a subclass's own on_mount (handlers run along the MRO).
        """
        widen_to_fit(list(self.query(".field-label").results(Label)))

    def _show(self, check_id: str, message: str, kind: str = "-error") -> None:
        """Put `message` in the line under a field, styled as `kind` (-ok, -hint, -error)."""
        check = self.query_one(check_id, Static)
        check.remove_class("-ok", "-hint", "-error")
        check.add_class(kind)
        check.update(message)
        # An empty line would cost a row that an 80x24 terminal cannot spare.
        check.display = bool(message)

    def _mark_invalid(self, field_id: str, invalid: bool) -> None:
        """Give the text boxes of a field a red frame: it finds the field, the line says why."""
        for box in self.query_one(field_id).query(Input):
            box.set_class(invalid, "-invalid")

    def _read_day(
        self,
        input_id: str,
        check_id: str,
        today: date,
        *,
        blank: str | None = None,
        relative: bool = False,
    ) -> date | DeadlineError | None:
        """The day typed in `input_id`, echoed beneath it as "→ Thứ Sáu 27/11/2026", or why not.

        A blank field is None, echoed as `blank`, when the field is optional (`blank` given);
        `relative` adds how far the day is from today ("in 34 days").
        """
        text = self.query_one(input_id, Input).value
        if blank is not None and not text.strip():
            self._show(check_id, blank, "-hint")
            return None
        try:
            day = parse_deadline(text, today)
        except DeadlineError as error:
            self._show(check_id, str(error))
            return error
        echo = _("→ {weekday} {day}").format(weekday=weekday_name(day), day=format_date(day))
        if relative:
            echo = _("→ {weekday} {date}, {relative}").format(
                weekday=weekday_name(day), date=format_date(day), relative=describe_due(day, today)
            )
        self._show(check_id, echo, "-ok")
        return day

    def _ask_before_discarding(self, question: str) -> None:
        """Ask whether to throw the typed values away; dismiss with None on yes."""
        self.app.push_screen(ConfirmDialog(question), self._discard_if_confirmed)

    def _discard_if_confirmed(self, discard: bool | None) -> None:
        """The answer to `_ask_before_discarding`."""
        if discard:
            self.dismiss(None)
