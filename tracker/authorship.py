"""Who this program's changes are recorded as: $TRACKER_USER or the user.name setting, with
the user.agency setting; else the login name, until the user says who they are."""

from __future__ import annotations

import os
from collections.abc import Mapping

import msgspec

from tracker.domain.model import Author
from tracker.i18n import _
from tracker.settings import Value

# What a script or a shared account sets to record its changes under another name.
USER_VARIABLE = "TRACKER_USER"


class Identity(msgspec.Struct, frozen=True):
    """The author of this program's changes, and whether the user chose it (False: the
    login name stands in for a name nobody gave)."""

    author: Author
    chosen: bool


def identity(values: Mapping[str, Value], environ: Mapping[str, str] = os.environ) -> Identity:
    """Who the changes are recorded as, from the settings `values` and the environment."""
    agency = _text(values.get("user.agency")).upper()
    name = environ.get(USER_VARIABLE, "").strip() or _text(values.get("user.name"))
    if name:
        return Identity(Author(name, agency), chosen=True)
    return Identity(Author(login_name(), agency), chosen=False)


def login_name() -> str:
    """The name the user logged in with, or "unknown" when the system cannot say."""
    # The variables getpass.getuser() reads, read here: importing it (and termios) costs
    # every writing command half a millisecond.
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        name = os.environ.get(variable, "").strip()
        if name:
            return name
    # Then the account's name, as getpass.getuser() ends; without importing getpass.
    import pwd

    try:
        return pwd.getpwuid(os.getuid()).pw_name.strip() or "unknown"
    except (KeyError, OSError):  # a uid with no account (a container's)
        return "unknown"


def setting_hint(author: Author) -> str:
    """The one line that says the changes went under the login name, and how to give a
    name once for all."""
    return _(
        "tracker: changes are recorded as “{name}”; set your name once: "
        'tracker config set user.name "Nguyễn Văn A" (and user.agency HN-KHDT)'
    ).format(name=author.label)


def _text(value: Value | None) -> str:
    return value.strip() if isinstance(value, str) else ""
