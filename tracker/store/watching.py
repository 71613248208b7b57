"""What a watch on a server's writes knows at a moment (store/server/watch.py hears them)."""

from __future__ import annotations

import msgspec


# A Struct, not a dataclass: every command imports this through the service, and a
# dataclass takes 0.7 ms to build where a Struct takes a few microseconds.
class WatchState(msgspec.Struct, frozen=True):
    """What a watch on a server knows: the latest revision heard of (None before the first
    one), and why the server cannot be heard now ("" while it can)."""

    revision: object = None
    problem: str = ""
