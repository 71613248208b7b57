"""The base of the form dialogs: a centred box with a title, scrolling fields and buttons."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")


class FormDialog(ModalScreen[ResultT]):
    """A modal form styled by dialog.tcss; subclasses add their own .tcss after it."""
