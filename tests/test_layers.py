"""The layer rules of DESIGN.md hold: `lint-imports` keeps every contract in pyproject.toml."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the venv's lint-imports on the tree at `cwd`, without leaving a cache there."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_layer_contract_is_kept() -> None:
    completed = lint_imports(ROOT)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "0 broken" in completed.stdout


def test_a_shortcut_past_the_service_breaks_the_contracts(tmp_path: Path) -> None:
    """The contracts bite: a copy of the package with two shortcuts fails, naming both."""
    shutil.copytree(ROOT / "tracker", tmp_path / "tracker")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    output = tmp_path / "tracker" / "cli" / "output.py"
    output.write_text(output.read_text("utf-8") + "\nfrom tracker.store import database\n")
    render = tmp_path / "tracker" / "reports" / "render.py"
    render.write_text(render.read_text("utf-8") + "\nfrom tracker import service\n")
    # The copy, not the installed package, is the one found first.
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    completed = lint_imports(tmp_path, env)
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "tracker.cli.output -> tracker.store" in completed.stdout
    assert "tracker.reports.render -> tracker.service" in completed.stdout
