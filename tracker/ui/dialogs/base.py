"""The base of the form dialogs: a centred box with a title, scrolling fields and buttons."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tracker.domain.dates import DeadlineError, format_date, parse_deadline, weekday_name
from tracker.i18n import _

ResultT = TypeVar("ResultT")


class FormDialog(ModalScreen[ResultT]):
    """A modal form styled by dialog.tcss; subclasses add their own .tcss after it."""

    def _show(self, check_id: str, message: str, kind: str = "-error") -> None:
        """Put `message` in the line under a field, styled as `kind` (-ok, -hint, -error)."""
        check = self.query_one(check_id, Static)
        check.remove_class("-ok", "-hint", "-error")
        check.add_class(kind)
        check.update(message)
        # An empty line would cost a row that an 80x24 terminal cannot spare.
        check.display = bool(message)

    def _read_day(self, input_id: str, check_id: str, today: date) -> date | None:
        """The date typed in `input_id`, echoed as "→ Thứ Sáu 27/11/2026", or None and why."""
        try:
            day = parse_deadline(self.query_one(input_id, Input).value, today)
        except DeadlineError as error:
            self._show(check_id, str(error))
            return None
        self._show(
            check_id,
            _("→ {weekday} {day}").format(weekday=weekday_name(day), day=format_date(day)),
            "-ok",
        )
        return day
