"""Profile one slow thing with cProfile on a database the benchmark made (bench/out/SIZE/).

    python -m bench.hotspots cli 100000 report
    python -m bench.hotspots cli 100000 close 3
    python -m bench.hotspots cli 100000 list --overdue
    python -m bench.hotspots tui 100000 filter      # or: move, view, first-screen

`cli` runs `tracker --db COPY ARGS...` in this process under cProfile (a copy, so that
commands that write leave the benchmark's database as it was). `tui` runs the headless
probe and profiles only the chosen keystrokes, or the start up to the first screen. Prints
the functions with the most cumulative and the most own time. Run `make bench` or
`make bench-quick` first so that the database exists.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"
TODAY = "2026-11-27"


def database(size: int) -> Path:
    path = OUT / str(size) / "tracker.json"
    if not path.exists():
        raise SystemExit(f"{path} does not exist: run `make bench` (or bench-quick) first")
    return path


def show(profile: cProfile.Profile, limit: int) -> None:
    for order in ("cumulative", "tottime"):
        stream = io.StringIO()
        stats = pstats.Stats(profile, stream=stream)
        stats.strip_dirs().sort_stats(order).print_stats(limit)
        print(f"==== sorted by {order} ====")
        print(stream.getvalue().strip("\n"))


def profile_cli(size: int, args: list[str], limit: int) -> None:
    from tracker.cli import main

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "tracker.json"
        shutil.copyfile(database(size), copy)
        profile = cProfile.Profile()
        stdout = sys.stdout
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the command's output is not the point
        try:
            profile.enable()
            try:
                main(["--db", str(copy), *args])
            except SystemExit as exit_:
                if exit_.code not in (0, None):
                    raise SystemExit(f"tracker {' '.join(args)} exited with {exit_.code}") from None
            finally:
                profile.disable()
        finally:
            sys.stdout.close()
            sys.stdout = stdout
    show(profile, limit)


def profile_tui(size: int, what: str, limit: int) -> None:
    from bench import tui_probe

    kinds = {
        "move": tui_probe.MOVE_KEYS,
        "view": tui_probe.VIEW_KEYS,
        "filter": tui_probe.FILTER_KEYS,
    }
    profile = cProfile.Profile()
    measure = tui_probe.measure_keys

    async def measure_keys(pilot: Any, clock: Any, keys: Any) -> Any:
        if what in kinds and keys is kinds[what]:
            profile.enable()
            try:
                return await measure(pilot, clock, keys)
            finally:
                profile.disable()
        return await measure(pilot, clock, keys)

    tui_probe.measure_keys = measure_keys
    if what == "first-screen":
        profile.enable()
        result = asyncio.run(tui_probe.probe(database(size), keys=False))
        profile.disable()
    else:
        result = asyncio.run(tui_probe.probe(database(size), keys=True))
        times = result[what]["table"]
        print(f"{what}: {len(times)} keystrokes, until the table shows it (ms): {times}")
    show(profile, limit)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=25, help="functions shown per listing")
    sub = parser.add_subparsers(dest="kind", required=True)
    cli = sub.add_parser("cli", help="a tracker command")
    cli.add_argument("size", type=int)
    cli.add_argument("args", nargs=argparse.REMAINDER)
    tui = sub.add_parser("tui", help="the terminal UI")
    tui.add_argument("size", type=int)
    tui.add_argument("what", choices=["first-screen", "move", "view", "filter"])
    args = parser.parse_args()
    os.environ.setdefault("TRACKER_TODAY", TODAY)
    if args.kind == "cli":
        profile_cli(args.size, args.args, args.limit)
    else:
        profile_tui(args.size, args.what, args.limit)


if __name__ == "__main__":
    main()
