"""How many times the reliability suite tries each thing, and the tally of what it did.

Three budgets: `CI=true` runs fewer iterations (never zero) so the suite fits the CI
limit; the default runs the counts the issue asks for where they are affordable; and
`RELIABILITY_FULL=1` runs the big counts (more kills, more generated inputs, the 10 s
default lock timeout waited out in full).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Budget:
    mode: str
    cli_worker_ops: int  # case 1: operations by each of the 4 command-line writers
    tui_ops: int  # case 1: operations by the terminal UI
    exec_every: int  # case 1: every Nth command-line operation is a fresh `tracker` process
    kills: int  # case 2: writes killed at a random moment
    exec_kills: int  # case 2: of which by killing a fresh `python -m tracker` process
    crash_ops: int  # case 3: commands crashed at every step of their write (max 5)
    fill_levels: int  # case 4: how full the small filesystem is made (max 6)
    service_examples: int  # case 7: hostile text through the service, per property
    cli_examples: int  # case 7: hostile input through a real `tracker` process, per property
    interchange_examples: int  # case 7: damaged interchange files
    deadline_examples: int  # case 7: random deadline text
    big_import_mb: int  # case 7: size of the large interchange file
    round_trips: int  # case 8: random databases exported and imported in-process
    cli_round_trips: int  # case 8: the same through `tracker export` / `tracker import`
    wait_default_lock_timeout: bool  # case 6: wait the full default 10 s
    server_writer_ops: int  # case 16: operations by each command-line writer on a server
    server_rounds: int  # cases 17-19: writers caught mid-transaction, per way of catching


BUDGETS = {
    "ci": Budget(
        mode="ci",
        cli_worker_ops=40,
        tui_ops=30,
        exec_every=10,
        kills=80,
        exec_kills=8,
        crash_ops=5,
        fill_levels=3,
        service_examples=60,
        cli_examples=8,
        interchange_examples=80,
        deadline_examples=300,
        big_import_mb=10,
        round_trips=15,
        cli_round_trips=2,
        wait_default_lock_timeout=False,
        server_writer_ops=25,
        server_rounds=2,
    ),
    "default": Budget(
        mode="default",
        cli_worker_ops=100,
        tui_ops=60,
        exec_every=10,
        kills=200,
        exec_kills=20,
        crash_ops=5,
        fill_levels=6,
        service_examples=200,
        cli_examples=15,
        interchange_examples=250,
        deadline_examples=400,
        big_import_mb=50,
        round_trips=40,
        cli_round_trips=4,
        wait_default_lock_timeout=False,
        server_writer_ops=60,
        server_rounds=3,
    ),
    "full": Budget(
        mode="full",
        cli_worker_ops=100,
        tui_ops=100,
        exec_every=1,
        kills=1000,
        exec_kills=100,
        crash_ops=5,
        fill_levels=6,
        service_examples=1000,
        cli_examples=150,
        interchange_examples=1500,
        deadline_examples=10000,
        big_import_mb=50,
        round_trips=400,
        cli_round_trips=20,
        wait_default_lock_timeout=True,
        server_writer_ops=100,
        server_rounds=20,
    ),
}


def _mode() -> str:
    if os.environ.get("RELIABILITY_FULL", "").strip() not in ("", "0"):
        return "full"
    if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
        return "ci"
    return "default"


BUDGET = BUDGETS[_mode()]

# What the suite actually did, reported at the end of the run (see conftest.py).
TALLY: Counter[str] = Counter()


def tally(what: str, how_many: int = 1) -> None:
    TALLY[what] += how_many
