"""Following the live language switch: a screen redraws when `TrackerApp.language_changed`
says the interface language changed (the `g` key, the palette)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.dom import DOMNode
from textual.signal import Signal


def _signal(node: DOMNode) -> Signal[str] | None:
    # A screen may run in an app without a language switch: a test's host for one dialog.
    signal: Signal[str] | None = getattr(node.app, "language_changed", None)
    return signal


def follow_language(node: DOMNode, redraw: Callable[[str], Any]) -> None:
    """Call `redraw(lang)` on `node` after each switch of the interface language."""
    if (signal := _signal(node)) is not None:
        signal.subscribe(node, redraw)


def stop_following_language(node: DOMNode) -> None:
    """Stop calling `node` back: a subscription would keep a closed screen alive."""
    if (signal := _signal(node)) is not None:
        signal.unsubscribe(node)
