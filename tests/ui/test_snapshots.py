"""One snapshot per screen at 80x24 and 120x36, with today frozen and no cursor blink."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import AppFactory, settle, steady_cursor
from tracker.ui.widgets.group_list import GroupList

SIZES = [(80, 24), (120, 36)]
Steps = Callable[[Pilot[None]], Awaitable[None]]


def choosing(*keys: str, group: str | None = None, notice: str | None = None) -> Steps:
    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)
        if group is not None:
            groups = pilot.app.screen.query_one(GroupList)
            groups.highlighted = groups.get_option_index(group)
            await settle(pilot)
        if notice is not None:
            pilot.app.notify(notice, severity="error")
            await settle(pilot)
        await steady_cursor(pilot)

    return run


def editing(view_key: str, group: str) -> Steps:
    """Issue 15: choose `group` in the view on `view_key`, then edit it with E."""
    choose = choosing(view_key, group=group)

    async def run(pilot: Pilot[None]) -> None:
        await choose(pilot)
        await pilot.press("E")
        await steady_cursor(pilot)

    return run


SCREENS: dict[str, tuple[Steps, bool]] = {
    "agency_view": (choosing(group="agency:HN-KHDT"), False),
    "status_view": (choosing("2", group="standing:open_overdue"), False),
    "deadline_view": (choosing("3"), False),
    "search": (choosing("slash", *"dong xuan"), False),
    "help": (choosing("question_mark"), False),
    "welcome": (choosing(), True),
    # Issue 12: the first-week bugs, each as the screen now shows it.
    "welcome_report": (choosing("r"), True),
    "partner_counts": (choosing("t", group="agency:TN-KHDT"), False),
    "edit_form": (choosing("e"), False),
    "palette": (choosing("ctrl+p", *"sort"), False),
    "toast_over_dialog": (
        choosing("e", notice="Lưu không được: tệp đang bận, hãy thử lại."),
        False,
    ),
    # Issue 15: the view by meeting, its details while the groups have focus, and the
    # meeting and agency forms in their edit mode.
    "meeting_view": (choosing("4", "shift+tab", group="meeting:2019-06-21-hn-tn"), False),
    "meeting_edit": (editing("4", "meeting:2019-06-21-hn-tn"), False),
    "agency_edit": (editing("1", "agency:HN-KHDT"), False),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(
    snap_compare: Any, sample_app: AppFactory, name: str, size: tuple[int, int]
) -> None:
    steps, empty = SCREENS[name]
    assert snap_compare(sample_app(empty=empty), terminal_size=size, run_before=steps)


# Issue 13: the same screens in Vietnamese, beside the English ones.
VIETNAMESE = [
    "agency_view",
    "status_view",
    "deadline_view",
    "search",
    "help",
    "welcome",
    "meeting_view",
    "meeting_edit",
    "agency_edit",
]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", VIETNAMESE)
def test_screen_in_vietnamese(
    snap_compare: Any, sample_app: AppFactory, name: str, size: tuple[int, int]
) -> None:
    steps, empty = SCREENS[name]
    app = sample_app(empty=empty, lang="vi")
    assert snap_compare(app, terminal_size=size, run_before=steps)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_first_run_welcome(
    snap_compare: Any, sample_app: AppFactory, size: tuple[int, int]
) -> None:
    """The welcome that asks for the language, in both at once (nothing saved yet)."""
    app = sample_app(empty=True)
    app.ask_language = True  # as `tracker` decides on a first run (tests/ui/test_welcome.py)
    assert snap_compare(app, terminal_size=size, run_before=choosing())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_discard_confirmation(
    snap_compare: Any, sample_app: AppFactory, size: tuple[int, int]
) -> None:
    async def steps(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("a", *"Ke hoach", "escape")
        await steady_cursor(pilot)

    assert snap_compare(sample_app(), terminal_size=size, run_before=steps)
