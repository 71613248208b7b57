"""The Extend dialog (gia hạn): the key and the palette open it, it checks the service's
rules as the user types, and what it saves is the extension `tracker extend` records."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.conftest import TODAY
from tests.ui.conftest import AppFactory, plain_text, settle, steady_cursor, wait_for
from tests.ui.test_dialogs import TASK, DialogHost
from tests.ui.test_main_screen import main_screen, palette_offers
from tracker import i18n
from tracker.ui.dialogs.extend import ExtendDialog, ExtendRequest
from tracker.ui.widgets.task_table import TaskTable

OVERDUE = 24  # in progress, due 15/11/2026: overdue on TODAY (27/11/2026)


async def fill(pilot: Pilot[None], to: str, reason: str, document: str = "") -> None:
    screen = pilot.app.screen
    screen.query_one("#extend-to", Input).value = to
    screen.query_one("#extend-reason", Input).value = reason
    screen.query_one("#extend-document", Input).value = document
    await pilot.pause()


async def test_x_extends_the_selected_task_and_the_file_holds_it(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.query_one(TaskTable).select_task(OVERDUE)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExtendDialog)
        await fill(pilot, "31/12/2026", "Chờ ý kiến của Thái Nguyên", "Công văn 1234/UBND-KT")
        echo = plain_text(dialog.query_one("#extend-to-check", Static))
        assert "31/12/2026" in echo and echo.startswith("→")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        stored = json.loads(Path(screen.tracker.path).read_bytes())
        task = next(doc for doc in stored["tasks"].values() if doc["due"] == "2026-12-31")
        assert task["deadlines"][-1] == {
            "set_on": TODAY.isoformat(),
            "due": "2026-12-31",
            "extension": True,
            "reason": "Chờ ý kiến của Thái Nguyên",
            "document": "Công văn 1234/UBND-KT",
        }


async def test_the_dialog_refuses_an_earlier_deadline_beside_the_field(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        before = Path(screen.tracker.path).read_bytes()
        screen.query_one(TaskTable).select_task(OVERDUE)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        await fill(pilot, "10/11/2026", "Chờ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        check = plain_text(dialog.query_one("#extend-to-check", Static))
        assert "not after the current one (15/11/2026)" in check
        await fill(pilot, "31/12/2026", "")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "reason is empty" in plain_text(dialog.query_one("#extend-reason-check", Static))
        assert Path(screen.tracker.path).read_bytes() == before


async def test_a_closed_task_is_refused_and_the_file_is_unchanged(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        before = Path(screen.tracker.path).read_bytes()
        screen.query_one(TaskTable).select_task(4)  # done
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        await fill(pilot, "31/12/2026", "Chờ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "reopen it" in plain_text(dialog.query_one("#extend-to-check", Static))
        assert Path(screen.tracker.path).read_bytes() == before


async def test_the_dialog_gives_back_what_was_typed() -> None:
    host = DialogHost(ExtendDialog(TASK, TODAY))
    async with host.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await fill(pilot, "31/1/2027", "Chờ ý kiến", "CV 12")
        host.dialog.query_one("#extend-on", Input).value = "25/11/2026"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert host.result == ExtendRequest(
            to=date(2027, 1, 31),
            reason="Chờ ý kiến",
            document="CV 12",
            granted_on=date(2026, 11, 25),
        )


async def test_the_palette_offers_extend(sample_app: AppFactory) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        main_screen(app).query_one(TaskTable).select_task(OVERDUE)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"extend")
        await wait_for(pilot, lambda: palette_offers(app, "Extend"), "the palette's matches")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ExtendDialog), "the dialog")


SIZES = [(80, 24), (120, 36)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_extend_dialog_snapshot(snap_compare: Any, lang: str, size: tuple[int, int]) -> None:
    i18n.use(lang)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await fill(pilot, "31/12/2026", "Chờ ý kiến của Bộ Công Thương", "Công văn 1234/UBND-KT")
        await steady_cursor(pilot)

    assert snap_compare(DialogHost(ExtendDialog(TASK, TODAY)), terminal_size=size, run_before=steps)
