"""Who changed what, in the UI: the first run asks for a name, the detail pane's history
names when and who, and h opens the whole log. Pilot tests and one snapshot per screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from tests.conftest import SAMPLE, TODAY
from tests.movable_clock import StoppedClockTracker
from tests.ui.conftest import AppFactory, plain_text, sample_tracker, settle, steady_cursor
from tracker import i18n, settings
from tracker.domain.model import Author
from tracker.service import TaskChanges
from tracker.ui.app import TrackerApp, make_app, needs_author
from tracker.ui.dialogs.author import AuthorDialog
from tracker.ui.screens.change_log import ChangeLogScreen
from tracker.ui.screens.main import MainScreen
from tracker.ui.widgets.task_table import TaskTable

SIZES = [(80, 24), (120, 36)]
# The login name the changes go under until the user gives theirs.
STAND_IN = Author("nguoidung")
A = Author("Nguyễn Văn A", "HN-KHDT")


@pytest.fixture
def first_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The app over the sample, as `tracker` opens it when no name was ever given."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRACKER_USER", raising=False)

    def build(lang: str = "en") -> TrackerApp:
        i18n.use(lang)
        settings.set_value(settings.settings_path(), "language", lang)
        tracker = sample_tracker(Path("tracker.json"))
        tracker.author = STAND_IN
        ask = needs_author(settings.settings_path())
        assert ask  # neither user.name nor $TRACKER_USER
        return make_app(tracker, sample=SAMPLE, watch_interval=0, ask_author=ask)

    return build


async def test_the_first_run_asks_and_enter_saves_the_name_and_agency(first_run: Any) -> None:
    app = first_run()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AuthorDialog)
        assert isinstance(app.screen_stack[1], MainScreen)  # the tasks wait behind it
        assert "as “nguoidung” for now" in "".join(
            plain_text(static) for static in app.screen.query(Static)
        )
        await pilot.press(*"Nguyễn Văn A", "tab", *"hn-khdt", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.tracker.author == A
        saved = settings.load(settings.settings_path())
        assert (saved["user.name"], saved["user.agency"]) == ("Nguyễn Văn A", "HN-KHDT")
        assert not needs_author(settings.settings_path())
        # What is changed from now on is recorded as them.
        task = app.tracker.update_task(2, TaskChanges(note="Đã gửi số liệu"))
        assert task.history[-1].by == A


async def test_the_agency_may_be_left_out_but_not_mistyped(first_run: Any) -> None:
    app = first_run()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # no name yet
        await settle(pilot)
        assert isinstance(app.screen, AuthorDialog)
        check = plain_text(app.screen.query_one("#author-name-check", Static))
        assert "write your name" in check
        await pilot.press(*"Trần Thị Bình", "tab", *"Sở KH", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AuthorDialog)
        assert "agency code" in plain_text(app.screen.query_one("#author-agency-check", Static))
        app.screen.query_one("#author-agency", Input).value = ""
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.tracker.author == Author("Trần Thị Bình")
        assert "user.agency" not in settings.load(settings.settings_path())


async def test_escape_goes_on_under_the_login_name_and_asks_again_next_time(
    first_run: Any,
) -> None:
    app = first_run()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"Lê", "escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.tracker.author == STAND_IN
        assert "user.name" not in settings.load(settings.settings_path())
    assert needs_author(settings.settings_path())


async def test_a_name_given_is_not_asked_for(
    sample_app: AppFactory, own_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRACKER_USER", raising=False)
    settings.set_value(own_settings, "user.name", "Nguyễn Văn A")
    assert not needs_author(own_settings)
    settings.unset(own_settings, "user.name")
    assert not needs_author(own_settings, {"TRACKER_USER": "Máy chủ"})


async def test_the_detail_pane_history_names_when_and_who(sample_app: AppFactory) -> None:
    app = sample_app()
    app.tracker.author = A
    app.tracker.update_task(2, TaskChanges(note="Đã gửi số liệu"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.query_one(TaskTable).select_task(2)
        await settle(pilot)
        body = plain_text(screen.query_one("#detail-body", Static))
        assert "27/11/2026 09:30 Nguyễn Văn A (HN-KHDT)  Đã gửi số liệu" in body
        # The sample's own notes were recorded before authors: their day, and nobody.
        assert "01/10/2026       Gửi báo cáo quý III/2026" in body


async def test_h_opens_the_whole_log_newest_first_and_escape_closes_it(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    app.tracker.author = A
    app.tracker.update_task(6, TaskChanges(note="Đã gửi số liệu"))
    events = sum(len(task.history) for task in app.tracker.board_data().tasks)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, ChangeLogScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == events
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first[0] == "27/11/2026 09:30" and first[1] == "Nguyễn Văn A (HN-KHDT)"
        assert first[2].startswith("#6 ") and first[3] == "Đã gửi số liệu"
        assert str(table.get_row_at(1)[0]) == "20/11/2026      "
        await pilot.press("pagedown")
        await settle(pilot)
        assert table.cursor_row > 0  # it scrolls
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_the_log_key_is_listed_in_help_in_both_languages(sample_app: AppFactory) -> None:
    for lang, words in (("en", "Every change, newest first"), ("vi", "Mọi thay đổi")):
        app = sample_app(lang=lang)
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.press("question_mark")
            await settle(pilot)
            keys = plain_text(app.screen.query_one("#help-keys", Static))
            assert any(
                line.lstrip().startswith("h ") and words in line for line in keys.splitlines()
            )


# --- snapshots ---------------------------------------------------------------------------


async def showing_log(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("h")
    await steady_cursor(pilot)


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_log_snapshot(
    snap_compare: Any, sample_app: AppFactory, size: tuple[int, int], lang: str
) -> None:
    app = sample_app(lang=lang)
    app.tracker.author = A
    app.tracker.update_task(6, TaskChanges(note="Đã gửi số liệu cung cầu"))
    assert isinstance(app.tracker, StoppedClockTracker)  # the time shown is the same each run
    assert snap_compare(app, terminal_size=size, run_before=showing_log)


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_author_dialog_snapshot(
    snap_compare: Any, first_run: Any, size: tuple[int, int], lang: str
) -> None:
    assert snap_compare(first_run(lang), terminal_size=size, run_before=steady_cursor)


def test_the_snapshot_day_is_the_frozen_one() -> None:
    assert TODAY.isoformat() == "2026-11-27"


async def test_an_agency_given_without_a_name_is_offered(first_run: Any) -> None:
    app = first_run()
    app.tracker.author = Author("nguoidung", "TN-KHDT")  # user.agency alone was set
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AuthorDialog)
        assert app.screen.query_one("#author-agency", Input).value == "TN-KHDT"
        await pilot.press(*"Đỗ Văn Đức", "enter")
        await settle(pilot)
        assert app.tracker.author == Author("Đỗ Văn Đức", "TN-KHDT")
