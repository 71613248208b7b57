"""Pilot tests of the first-run welcome that asks for the interface language."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from tests.conftest import SAMPLE, TODAY
from tests.ui.conftest import plain_text, settle, wait_for
from tracker import i18n, settings
from tracker.service import Tracker
from tracker.ui.app import TrackerApp, make_app, needs_language_choice
from tracker.ui.screens.main import MainScreen
from tracker.ui.screens.welcome import WelcomeScreen


@pytest.fixture
def first_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TrackerApp:
    """The app over an empty database, with no language saved nor given."""
    monkeypatch.chdir(tmp_path)
    tracker = Tracker.open(Path("tracker.json"), today=TODAY)
    ask = needs_language_choice(settings.settings_path(), lang_given=False)
    assert ask  # what `tracker` decides with no --lang, no $TRACKER_LANG, none saved
    return make_app(tracker, sample=SAMPLE, watch_interval=0, ask_language=ask)


def welcome_text(app: TrackerApp) -> str:
    """Everything the welcome's box says."""
    return "".join(plain_text(static) for static in app.screen.query(Static))


def empty_database_text(app: TrackerApp) -> str:
    """What the main screen says over an empty database."""
    return plain_text(app.screen.query_one("#welcome", Static))


async def test_a_first_run_asks_in_both_languages_and_vietnamese_is_kept(
    first_run: TrackerApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")  # the locale's guess comes first
    app = first_run
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        said = welcome_text(app)
        assert "Chọn ngôn ngữ của tracker." in said
        assert "Choose the language of tracker." in said
        languages = app.screen.query_one(OptionList)
        assert languages.highlighted == languages.get_option_index("vi")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert i18n.language() == "vi"
        assert settings.saved_language(settings.settings_path()) == "vi"
        # Then on as before: the empty database offers the sample, now in Vietnamese.
        assert "nạp dữ liệu mẫu" in empty_database_text(app)
        await pilot.press("l")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, MainScreen)
                and app.screen.board is not None
                and not app.screen.board.is_empty
            ),
            "the sample loaded",
        )


async def test_english_is_chosen_with_the_keys_or_a_click(first_run: TrackerApp) -> None:
    app = first_run  # LANG=C.UTF-8 (tests/conftest.py): the guess is English
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        languages = app.screen.query_one(OptionList)
        assert languages.highlighted == languages.get_option_index("en")
        await pilot.press("up")
        assert languages.highlighted == languages.get_option_index("vi")
        await pilot.click(OptionList, offset=(4, 2))  # the second line: English
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert i18n.language() == "en"
        assert settings.saved_language(settings.settings_path()) == "en"
        assert "load the sample" in empty_database_text(app)


async def test_v_chooses_vietnamese_straight_away(first_run: TrackerApp) -> None:
    app = first_run
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert settings.saved_language(settings.settings_path()) == "vi"


def test_the_welcome_is_skipped_once_a_language_is_saved_or_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = settings.settings_path()
    assert needs_language_choice(path, lang_given=False)
    assert not needs_language_choice(path, lang_given=True)  # --lang
    monkeypatch.setenv("TRACKER_LANG", "vi")
    assert not needs_language_choice(path, lang_given=False)
    monkeypatch.delenv("TRACKER_LANG")
    settings.set_value(path, "language", "en")
    assert not needs_language_choice(path, lang_given=False)


async def test_a_saved_language_opens_straight_on_the_tasks(tmp_path: Path) -> None:
    settings.set_value(settings.settings_path(), "language", "vi")
    i18n.use("vi")  # what the command line does with the saved setting
    ask = needs_language_choice(settings.settings_path(), lang_given=False)
    tracker = Tracker.open(tmp_path / "tracker.json", today=TODAY)
    app = make_app(tracker, watch_interval=0, ask_language=ask)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
