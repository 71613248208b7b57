"""Pilot tests of the interface language: chosen at start, switched live, Textual's words too."""

from __future__ import annotations

import io
import itertools

import pytest
from rich.cells import cell_len
from rich.console import Console
from textual.binding import Binding
from textual.command import Command, CommandInput, CommandList
from textual.widgets import Header, Input
from textual.widgets._footer import FooterKey

from tests.ui.conftest import AppFactory, plain_text, settle, wait_for
from tracker import i18n, settings
from tracker.ui.app import TrackerApp
from tracker.ui.board import ViewKind
from tracker.ui.screens.help import HelpScreen
from tracker.ui.screens.main import ESSENTIAL_ACTIONS, MainScreen
from tracker.ui.widgets.detail_pane import DetailPane
from tracker.ui.widgets.group_list import GroupList
from tracker.ui.widgets.summary_strip import SummaryStrip
from tracker.ui.widgets.task_table import TaskTable


def main_screen(app: TrackerApp) -> MainScreen:
    screen = app.screen_stack[1]
    assert isinstance(screen, MainScreen)
    return screen


def sub_title(screen: MainScreen) -> str:
    """The header's second part: the file and the day, as shown."""
    return str(screen.sub_title)


def table_header(screen: MainScreen) -> str:
    """The task table's title row, as shown."""
    return screen.query_one(TaskTable).render_line(0).text


def footer_words(app: TrackerApp) -> list[str]:
    """The descriptions of the keys the footer shows."""
    return [key.description for key in app.screen.query(FooterKey) if key.display]


def detail_text(screen: MainScreen) -> str:
    return plain_text(screen.query_one(DetailPane).query_one("#detail-body"))  # type: ignore[arg-type]


def plain_text_of(renderable: object) -> str:
    """A group's label (a Rich grid) as plain text."""
    buffer = io.StringIO()
    Console(width=60, file=buffer, color_system=None).print(renderable)
    return buffer.getvalue()


def palette_names(app: TrackerApp) -> list[str]:
    """The names of the commands the open palette lists."""
    lists = app.screen.query(CommandList)
    if not lists:
        return []
    options = lists.first(CommandList).options
    return [option.hit.text or "" for option in options if isinstance(option, Command)]


async def test_the_ui_starts_in_the_language_the_command_line_chose(
    sample_app: AppFactory,
) -> None:
    app = sample_app(lang="vi")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert "tính đến ngày 27/11/2026" in sub_title(screen)
        assert "Tên nhiệm vụ" in table_header(screen)
        assert "Thêm" in footer_words(app)


async def test_the_g_key_switches_the_whole_screen_and_keeps_where_the_user_was(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("2")  # the status view
        await settle(pilot)
        groups = screen.query_one(GroupList)
        groups.highlighted = groups.get_option_index("standing:open_overdue")
        await settle(pilot)
        table = screen.query_one(TaskTable)
        table.action_move(1)
        await pilot.press("slash", *"ha noi")
        await settle(pilot)
        await pilot.press("enter")  # back to the table, the search kept
        cursor, rows = table.current_task_id, [row.task.id for row in table.rows]
        assert "as of 27/11/2026" in sub_title(screen)
        assert "Title" in table_header(screen) and "Add" in footer_words(app)

        await pilot.press("g")
        await settle(pilot)

        assert i18n.language() == "vi"
        assert settings.saved_language(settings.settings_path()) == "vi"
        assert "tracker.json · tính đến ngày 27/11/2026" in sub_title(screen)
        assert screen.query_one(Header).screen_sub_title == screen.sub_title
        header = table_header(screen)
        assert "Tên nhiệm vụ" in header and "Thời hạn" in header and "Title" not in header
        words = footer_words(app)
        assert {"Thêm", "Sửa", "Trợ giúp", "Thoát", "Lệnh"} <= set(words)
        assert "Add" not in words
        assert "Trạng thái" in plain_text(screen.query_one("#view-tabs"))  # type: ignore[arg-type]
        assert "Trạng thái" in detail_text(screen)  # a field of the task under the cursor
        assert "Tỷ lệ hoàn thành" in plain_text(screen.query_one(SummaryStrip))
        assert screen.query_one("#search", Input).placeholder.startswith("Tìm kiếm")
        # Where the user was: view, group, search and cursor.
        assert screen.view is ViewKind.STATUS and screen.group == "standing:open_overdue"
        assert screen.query_one("#search", Input).value == "ha noi"
        assert (table.current_task_id, [row.task.id for row in table.rows]) == (cursor, rows)
        section = groups.get_option_at_index(0).prompt
        assert "Mọi nhiệm vụ" in plain_text_of(section)

        await pilot.press("g")
        await settle(pilot)
        assert i18n.language() == "en"
        assert settings.saved_language(settings.settings_path()) == "en"
        assert "as of 27/11/2026" in sub_title(screen)
        assert "Title" in table_header(screen) and "Add" in footer_words(app)
        assert [notice.message for notice in app._notifications][-2:] == [
            "Ngôn ngữ: Tiếng Việt",
            "Language: English",
        ]


async def test_the_palette_switches_the_language_and_finds_commands_in_both(
    sample_app: AppFactory,
) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"tieng viet")
        await wait_for(
            pilot, lambda: "Language: Tiếng Việt" in palette_names(app), "the language command"
        )
        await pilot.press("enter")
        await settle(pilot)
        assert i18n.language() == "vi"
        assert settings.saved_language(settings.settings_path()) == "vi"
        assert "Tên nhiệm vụ" in table_header(main_screen(app))

        for query in ("them", "thêm", "add"):
            await pilot.press("ctrl+p")
            await pilot.press(*query)
            await wait_for(
                pilot,
                lambda: bool(palette_names(app)) and palette_names(app)[0] == "Thêm nhiệm vụ",
                f"Thêm nhiệm vụ found by {query!r}",
            )
            await pilot.press("escape")
            await settle(pilot)

        await pilot.press("ctrl+p")
        await pilot.press(*"ngon ngu")
        await wait_for(
            pilot, lambda: "Ngôn ngữ: English" in palette_names(app), "the language command"
        )
        await pilot.press("enter")
        await settle(pilot)
        assert i18n.language() == "en"


async def test_textuals_own_words_are_translated(sample_app: AppFactory) -> None:
    app = sample_app(lang="vi")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.query_one(CommandInput).placeholder == "Tìm lệnh…"
        await wait_for(pilot, lambda: "Thoát" in palette_names(app), "the palette's list")
        names = palette_names(app)
        assert {"Giao diện màu", "Chụp màn hình", "Ngôn ngữ: English"} <= set(names)
        assert not {"Quit", "Theme", "Screenshot", "Keys"} & set(names)
        await pilot.press(*"zzzq")
        await wait_for(
            pilot,
            lambda: any(
                "Không tìm thấy lệnh nào" in str(option.prompt)
                for option in app.screen.query_one(CommandList).options
            ),
            "the palette saying it found nothing",
        )
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p", *"giao dien")
        await wait_for(
            pilot,
            lambda: palette_names(app)[:1] == ["Giao diện màu"],
            "the theme command",
        )
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: (
                bool(app.screen.query(CommandInput))
                and app.screen.query_one(CommandInput).placeholder == "Tìm giao diện màu…"
            ),
            "the theme picker, its prompt in Vietnamese",
        )
        await pilot.press("escape")
        assert app.get_key_display(Binding("space", "noop")) == "Dấu cách"
        assert app.get_key_display(Binding("enter", "noop")) == "⏎"


async def test_the_help_screen_lists_the_keys_in_the_language_and_follows_a_switch(
    sample_app: AppFactory,
) -> None:
    app = sample_app(lang="vi")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = plain_text(app.screen.query_one("#help-keys"))  # type: ignore[arg-type]
        assert "Thêm nhiệm vụ" in keys and "Chuyển giữa Tiếng Việt và English" in keys
        app.action_switch_language()
        await settle(pilot)
        keys = plain_text(app.screen.query_one("#help-keys"))  # type: ignore[arg-type]
        assert "Add a task" in keys and "Thêm nhiệm vụ" not in keys


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
async def test_the_footer_shows_its_keys_whole_in_vietnamese(
    sample_app: AppFactory, size: tuple[int, int]
) -> None:
    app = sample_app(lang="vi")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        keys = [key for key in app.screen.query(FooterKey) if key.display]
        shown = [key.action for key in keys if not key.has_class("-command-palette")]
        assert set(ESSENTIAL_ACTIONS) <= set(shown)
        if size[0] > 100:
            assert "app.switch_language" in shown
        # Whole: every key's label fits inside the screen, none under the next one.
        for key in keys:
            assert key.region.width >= cell_len(key.key_display) + cell_len(key.description) + 1
        assert all(a.region.right <= b.region.x for a, b in itertools.pairwise(keys))
        assert keys[-1].region.right <= size[0]
