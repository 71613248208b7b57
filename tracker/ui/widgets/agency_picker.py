"""Type-ahead choice of one agency (a task's lead) or several (its partners)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Self

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tracker.domain.model import Agency
from tracker.domain.text import fold, matches, sort_key
from tracker.i18n import N_, _


def agency_label(agency: Agency | None, code: str) -> str:
    """How a picked agency reads: "Sở KH&ĐT Hà Nội (HN-KHDT)"; an unknown code stays bare."""
    if agency is None:
        return code
    return f"{agency.short_name} ({agency.code})"


class _QueryInput(Input):
    """The text box of the picker; Backspace in it when empty takes back the last pick."""

    @dataclass
    class EmptyBackspace(Message):
        """Backspace was pressed with nothing typed."""

    def action_delete_left(self) -> None:
        if not self.value:
            self.post_message(self.EmptyBackspace())
            return
        super().action_delete_left()


class _MatchList(OptionList, can_focus=False):
    """The agencies matching what is typed; never focused, so Tab leaves the picker at once."""


class _PickedEntry(Static):
    """One picked partner, "× name (code)"; a click removes it."""

    @dataclass
    class RemoveRequested(Message):
        """The user clicked the entry: take agency `code` off the picks."""

        code: str

    def __init__(self, code: str, label: str) -> None:
        super().__init__(Content.assemble(("× ", "bold"), label), markup=False)
        self.code = code
        self.tooltip = _("Click to remove")

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(self.RemoveRequested(self.code))


class AgencyPicker(Vertical):
    """Pick agencies by typing any part of their name, short name, code or locality.

    Diacritics, case and word order do not matter: "ke hoach ha noi" offers
    "Sở Kế hoạch và Đầu tư Hà Nội". Up/Down move in the matches, Enter or a click picks,
    Escape closes the list, Tab leaves. With `multiple=False` the box shows the one picked
    agency; with `multiple=True` the picks are listed below it and each can be removed by a
    click, or the last one by Backspace in the empty box.
    """

    DEFAULT_CSS = """
    AgencyPicker {
        height: auto;
        width: 1fr;

        & > _MatchList {
            display: none;
            height: auto;
            max-height: 8;
            text-wrap: nowrap;
            text-overflow: ellipsis;
            border: tall $border-blurred;
            background: $surface;
            &.-open {
                display: block;
            }
        }

        & > .agency-picker--picked {
            height: auto;
            padding: 0 1;
        }

        & _PickedEntry {
            width: auto;
            max-width: 100%;
            height: 1;
            text-wrap: nowrap;
            text-overflow: ellipsis;
            &:hover {
                color: $text-error;
                background: $error-muted;
            }
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", N_("Next match"), show=False, id="agency_picker.next"),
        Binding("up", "move(-1)", N_("Previous match"), show=False, id="agency_picker.previous"),
        Binding(
            "escape", "close_matches", N_("Close the list"), show=False, id="agency_picker.close"
        ),
    ]

    @dataclass
    class Changed(Message):
        """The picked agencies changed; `codes` has at most one code for a single picker."""

        picker: AgencyPicker
        codes: tuple[str, ...]

        @property
        def control(self) -> AgencyPicker:
            """The picker whose picks changed, for `@on(..., selector)`."""
            return self.picker

    def __init__(
        self,
        agencies: Sequence[Agency],
        *,
        multiple: bool = False,
        placeholder: str | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.multiple = multiple
        self._agencies = {agency.code: agency for agency in agencies}
        # Folded once: the search runs on every keystroke.
        self._haystacks = {
            agency.code: (fold(agency.code), fold(agency.short), fold(agency.name))
            for agency in agencies
        }
        self._picked: tuple[str, ...] = ()
        self._placeholder = placeholder or _("Type part of a name or code…")

    # Public API ----------------------------------------------------------------------

    @property
    def value(self) -> str | None:
        """The picked agency code of a single picker, or None."""
        return self._picked[0] if self._picked else None

    @value.setter
    def value(self, code: str | None) -> None:
        self._set_picked(() if code is None else (code,))

    @property
    def values(self) -> tuple[str, ...]:
        """The picked agency codes, in the order they were picked."""
        return self._picked

    @values.setter
    def values(self, codes: Sequence[str]) -> None:
        self._set_picked(tuple(dict.fromkeys(codes)))

    @property
    def input(self) -> Input:
        """The text box, e.g. to give it focus or type into it in a test."""
        return self.query_one(_QueryInput)

    @property
    def is_open(self) -> bool:
        """Whether the list of matches is showing."""
        return self.is_mounted and self._match_list.has_class("-open")

    def label_of(self, code: str) -> str:
        """How agency `code` reads in the picker: short name and code."""
        return agency_label(self._agencies.get(code), code)

    def focus(self, scroll_visible: bool = True) -> Self:
        """Focus the text box: the picker is a container."""
        # The picker is a container; focusing it means focusing its text box.
        self.input.focus(scroll_visible)
        return self

    def find(self, query: str) -> list[Agency]:
        """The agencies matching `query`, best first: an exact code, then a name or code
        starting with the query, then the rest in Vietnamese alphabetical order."""
        words = " ".join(fold(query).split())
        if not words:
            return []
        found = [
            agency
            for agency in self._agencies.values()
            if matches(query, agency.name, agency.short, agency.code, agency.locality)
            and not (self.multiple and agency.code in self._picked)
        ]

        def rank(agency: Agency) -> tuple[int, tuple[tuple[int, ...], tuple[int, ...], str]]:
            code, short, name = self._haystacks[agency.code]
            if code == words:
                first = 0
            elif short.startswith(words) or name.startswith(words) or code.startswith(words):
                first = 1
            else:
                first = 2
            return first, sort_key(agency.name)

        return sorted(found, key=rank)

    # Composition and state -----------------------------------------------------------

    def compose(self) -> ComposeResult:
        """The text box, the list of matches and, for several, the picks."""
        yield _QueryInput(
            value=self._box_text(),
            placeholder=self._placeholder,
            select_on_focus=not self.multiple,
        )
        yield _MatchList()
        if self.multiple:
            with Vertical(classes="agency-picker--picked"):
                yield from self._entries()

    def on_mount(self) -> None:
        """Follow the screen's focus, to tidy up when the user leaves."""
        # Watching the screen's focus (not Blur) tells a click on the list, which moves focus
        # to a scrolling ancestor at most, from really leaving for another field.
        self.watch(self.screen, "focused", self._focus_moved, init=False)

    @property
    def _match_list(self) -> _MatchList:
        return self.query_one(_MatchList)

    def _box_text(self) -> str:
        """What the text box shows when nobody is typing: the pick of a single picker."""
        if self.multiple or not self._picked:
            return ""
        return self.label_of(self._picked[0])

    def _entries(self) -> list[_PickedEntry]:
        return [_PickedEntry(code, self.label_of(code)) for code in self._picked]

    def _set_picked(self, codes: tuple[str, ...]) -> None:
        if not self.multiple:
            codes = codes[-1:]
        if codes == self._picked:
            return
        self._picked = codes
        if self.is_mounted:
            self._close()
            if not self.multiple:
                self.input.value = self._box_text()
            else:
                box = self.query_one(".agency-picker--picked", Vertical)
                box.remove_children()
                box.mount_all(self._entries())
            self.post_message(self.Changed(self, codes))

    def _pick(self, code: str) -> None:
        if self.multiple:
            self._set_picked((*self._picked, code))
            # Clear what was typed even when the pick changed nothing, ready for the next one.
            self.input.value = ""
        else:
            self._set_picked((code,))
            # Picking the agency already picked changes nothing, yet the query must go.
            self.input.value = self._box_text()
            self.input.cursor_position = len(self.input.value)
        self._close()

    def _typing(self) -> str | None:
        """The query being typed, or None when the box only shows the current pick."""
        text = self.input.value
        if not text.strip() or text == self._box_text():
            return None
        return text

    def _open(self, query: str) -> None:
        match_list = self._match_list
        found = self.find(query)
        if found:
            match_list.set_options(Option(self._prompt(agency), id=agency.code) for agency in found)
            match_list.highlighted = 0
        else:
            nothing = _("No agency matches “{query}”").format(query=query.strip())
            # Content, not a str: what was typed must not be read as markup.
            match_list.set_options([Option(Content(nothing), disabled=True)])
        match_list.add_class("-open")
        match_list.scroll_home(animate=False)
        self.call_after_refresh(match_list.scroll_visible, animate=False)

    def _close(self) -> None:
        if self.is_mounted:
            self._match_list.remove_class("-open")

    def _prompt(self, agency: Agency) -> Content:
        label = agency_label(agency, agency.code)
        if agency.short and agency.short != agency.name:
            return Content.assemble(label, "  ", (agency.name, "dim"))
        return Content(label)

    def _focus_moved(self, focused: Widget | None) -> None:
        if focused is None or focused is self.input or focused in self.ancestors:
            return
        self._close()
        if not self.multiple and self.input.value != self._box_text():
            if not self.input.value.strip():
                # Emptying the box of a single picker is how its pick is taken back.
                self._set_picked(())
            # What was typed but never picked is not a choice: show the real one again.
            self.input.value = self._box_text()

    # Events and actions --------------------------------------------------------------

    @on(Input.Changed)
    def _query_changed(self, event: Input.Changed) -> None:
        event.stop()
        query = self._typing()
        if query is None or not self.input.has_focus:
            self._close()
        else:
            self._open(query)

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        match_list = self._match_list
        if self.is_open and match_list.highlighted is not None:
            option = match_list.get_option_at_index(match_list.highlighted)
            if option.id is not None and not option.disabled:
                self._pick(option.id)
                return
        code = event.value.strip().upper()
        if code in self._agencies:
            self._pick(code)

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self._pick(event.option.id)
            self.input.focus()

    @on(_QueryInput.EmptyBackspace)
    def _take_back_last(self, event: _QueryInput.EmptyBackspace) -> None:
        event.stop()
        if self.multiple and self._picked:
            self._set_picked(self._picked[:-1])

    @on(_PickedEntry.RemoveRequested)
    def _remove_entry(self, event: _PickedEntry.RemoveRequested) -> None:
        event.stop()
        self._set_picked(tuple(code for code in self._picked if code != event.code))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether a key of the picker applies now."""
        # Off unless the list is or can be shown, so Up/Down/Escape reach the form otherwise.
        if action == "close_matches":
            return self.is_open
        if action == "move":
            return self.is_open or self._typing() is not None
        return True

    def action_move(self, step: int) -> None:
        """Move in the matches, opening them first if they are closed."""
        if not self.is_open:
            query = self._typing()
            if query is not None:
                self._open(query)
            return
        match_list = self._match_list
        if step > 0:
            match_list.action_cursor_down()
        else:
            match_list.action_cursor_up()

    def action_close_matches(self) -> None:
        """Close the list of matches."""
        self._close()
