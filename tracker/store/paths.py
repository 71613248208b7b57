"""Where the database lives when the user does not say."""

from __future__ import annotations

from pathlib import Path

from tracker.domain.errors import InvalidInput
from tracker.i18n import _

APP_NAME = "coop-tracker"


def default_database_path() -> Path:
    """Where the database lives when nothing names one: the user's data folder."""
    from platformdirs import user_data_path  # Only needed when no --db or $TRACKER_DB.

    return user_data_path(APP_NAME, appauthor=False) / "tracker.json"


def resolve_database_path(given: Path | None) -> Path:
    """`--db`/`$TRACKER_DB` if given, else the user data folder, created on first use."""
    if given is not None:
        if str(given) == "-":
            raise InvalidInput(_("--db -: the database is a file; give its path, not -"))
        try:
            return given.expanduser()
        except RuntimeError:  # "~nouser/...": no such user, or no home folder to go by
            raise InvalidInput(
                _("--db {path}: cannot tell which home folder {start} is").format(
                    path=given, start=given.parts[0]
                )
            ) from None
    path = default_database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
