"""The tracker's own errors; the command line maps each kind to its exit status."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.i18n import N_, _

if TYPE_CHECKING:
    from tracker.domain.revision import FieldConflict, Revision


class TrackerError(Exception):
    """Base of every error the tracker explains to its user in one line."""

    exit_code = 1


class InvalidInput(TrackerError):
    """Bad usage or bad input: an unreadable date, an unknown agency, an empty title."""

    exit_code = 2


class RequestRefused(TrackerError):
    """A well-formed request that cannot be carried out: no such task, already closed."""

    exit_code = 1


class StoreError(TrackerError):
    """The database cannot be read or written: corrupt, foreign, locked too long, disk full."""

    exit_code = 1


class EditConflict(RequestRefused):
    """A change made on a task as it was at an earlier revision, to fields someone else
    changed meanwhile to other values; `conflicts` says, per field, theirs and yours.

    `revision` is the task's revision now: a caller that has asked its user which value
    to keep tries again with it.
    """

    def __init__(
        self,
        message: str,
        task_id: int,
        conflicts: tuple[FieldConflict, ...],
        revision: Revision,
    ) -> None:
        super().__init__(message)
        self.task_id = task_id
        self.conflicts = conflicts
        self.revision = revision


# The system's own words (the C library's, in English) for the file errors users meet:
# `os_reason` shows them in the interface language. Any other error keeps the system's.
_SYSTEM_REASONS = frozenset(
    {
        N_("No such file or directory"),
        N_("Permission denied"),
        N_("Operation not permitted"),
        N_("Is a directory"),
        N_("Not a directory"),
        N_("No space left on device"),
        N_("Read-only file system"),
        N_("Too many levels of symbolic links"),
        N_("File name too long"),
        N_("File exists"),
        N_("Device or resource busy"),
        N_("Input/output error"),
    }
)


def os_reason(error: OSError) -> str:
    """Why a file operation failed (`error.strerror`), in the interface language."""
    reason = error.strerror or str(error)
    return _(reason) if reason in _SYSTEM_REASONS else reason
