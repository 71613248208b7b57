"""The tracker's own errors; the command line maps each kind to its exit status."""


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
