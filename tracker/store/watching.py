"""What a watch on a server's writes knows at a moment (store/server/watch.py hears them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WatchState:
    """What a watch on a server knows: the latest revision heard of (None before the first
    one), and why the server cannot be heard now ("" while it can)."""

    revision: object = None
    problem: str = ""
