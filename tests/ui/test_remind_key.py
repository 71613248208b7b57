"""The chaser-note key (R) of the main screen, driven with Pilot: it writes the selected
agency's note beside the reports and names the file."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import TODAY
from tests.ui.conftest import AppFactory, settle
from tests.ui.test_main_screen import choose_group, main_screen

NOTE = f"don-doc-HN-DL-{TODAY.isoformat()}.html"


async def test_r_writes_the_chaser_note_of_the_selected_agency(
    sample_app: AppFactory, tmp_path: Path
) -> None:
    app = sample_app(lang="vi")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await choose_group(pilot, screen, "agency:HN-DL")  # #24 is overdue on TODAY
        await pilot.press("R")
        await settle(pilot)
        note = tmp_path / NOTE  # beside the database, where the report dialog saves
        assert note.exists()
        html = note.read_text(encoding="utf-8")
        assert "PHIẾU ĐÔN ĐỐC THỰC HIỆN NHIỆM VỤ" in html and "#24 " in html
        assert "27/11/2026" in html
        assert any(str(note) in n.message for n in app._notifications)
        assert sorted(p.name for p in tmp_path.glob("don-doc-*")) == [NOTE]


async def test_r_without_an_agency_or_with_nothing_to_chase_writes_nothing(
    sample_app: AppFactory, tmp_path: Path
) -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("R")  # "All tasks" is selected: no agency to chase
        await settle(pilot)
        assert any("Choose an agency" in n.message for n in app._notifications)
        await choose_group(pilot, screen, "agency:HN-KHDT")  # nothing due in 7, 3, 1 days
        await pilot.press("R")
        await settle(pilot)
        assert any("Nothing to chase for HN-KHDT" in n.message for n in app._notifications)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert list(tmp_path.glob("don-doc-*")) == []
