"""How a user names one task: its local id (12, #12) or the start of its uuid (3f2a9c)."""

from __future__ import annotations

from collections.abc import Iterable

from tracker.domain.errors import InvalidInput
from tracker.i18n import _

# Fewer digits would match many tasks of any real database (4 hex digits: 1 in 65,536).
SHORTEST_PREFIX = 4
_HEX = frozenset("0123456789abcdefABCDEF")  # not `string`'s: 0.7 ms to import


def task_number(text: str) -> int | None:
    """The local id `text` names (`12`, `#12`), or None when it is not one.

    Digits always mean a local id, never a uuid's start: scripts pass the ids `add` prints.
    """
    digits = text.strip().lstrip("#")
    # isascii: str.isdigit() also takes "²" and "١٢", which int() refuses or misreads.
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 12 or int(digits) == 0:
        return None
    return int(digits)


def uuid_prefix(text: str) -> str | None:
    """The hex digits of a uuid's start as typed (any case, hyphens where the uuid has
    them), or None when `text` is a local id or not the start of a uuid."""
    digits = text.strip().lower().replace("-", "")
    if digits.isdigit():  # an id, even one too long or 0, which is refused as an id
        return None
    if len(digits) < SHORTEST_PREFIX or not _HEX.issuperset(digits):
        return None
    return digits


def uuids_starting(prefix: str, uuids: Iterable[str]) -> list[str]:
    """The uuids (canonical form) whose hex digits start with `prefix` (from uuid_prefix)."""
    return [uuid for uuid in uuids if uuid.replace("-", "").startswith(prefix)]


def not_a_task(text: str) -> InvalidInput:
    """The refusal of `text` that names no task the way a user may name one."""
    return InvalidInput(
        _(
            "{value!r} is not a task id: use the number shown as #12, or the first digits "
            "of the task's uuid"
        ).format(value=text)
    )
