"""The UI's task form gives the verdict `add`, `update` and `import` give on the same input.

The cases are those of tests/test_rules_parity.py that a user can put into the form (the
area is a list to choose from, agency codes come from pickers); each is saved through the
main screen and must be stored as the command line stores it, or refused with the file
unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tests.test_rules_parity import BASE, CASES, Stored
from tests.ui.conftest import AppFactory, settle
from tracker.ui.dialogs.task_form import TaskFormDialog
from tracker.ui.screens.main import MainScreen
from tracker.ui.widgets.agency_picker import AgencyPicker

FORM_CASES = [
    case
    for case in CASES
    if case[0]
    in {
        "title-runs-of-spaces",
        "title-blank",
        "title-control-character",
        "title-escape-sequence",
        "lead-unknown",
        "lead-also-partner",
        "partner-repeated",
        "partner-unknown",
    }
]


@pytest.mark.parametrize(
    ("fields", "expected"), [c[1:] for c in FORM_CASES], ids=[c[0] for c in FORM_CASES]
)
async def test_the_task_form_gives_the_command_lines_verdict(
    sample_app: AppFactory, tmp_path: Path, fields: dict[str, Any], expected: Stored
) -> None:
    typed = {**BASE, **fields}
    app = sample_app()
    path = tmp_path / "tracker.json"
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.board is not None
        count = len(screen.board.rows)
        before = path.read_bytes()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TaskFormDialog)
        form.query_one("#title", Input).value = typed["title"]
        form.query_one("#lead", AgencyPicker).value = typed["lead"]
        form.query_one("#partners", AgencyPicker).values = typed["partners"]
        await pilot.pause()
        await pilot.press("ctrl+s")  # The form's save key.
        await settle(pilot)
        if expected is None:
            # Refused by the form, or by the service with the form shown again.
            assert isinstance(app.screen, TaskFormDialog)
            assert path.read_bytes() == before
            assert len(screen.board.rows) == count
            return
        assert isinstance(app.screen, MainScreen)
        assert len(screen.board.rows) == count + 1
        new = screen.board.rows[-1].task
        stored = {"title": new.title, "lead": new.lead, "partners": list(new.partners)}
        assert {key: stored[key] for key in expected} == expected
