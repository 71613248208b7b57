"""Connecting to the server, and saying in one line what went wrong when it fails."""

from __future__ import annotations

import logging

import psycopg
from psycopg import errors as pg_errors

from tracker.domain.errors import StoreError
from tracker.domain.text import fold
from tracker.i18n import _

# How long a connection attempt waits for the server before saying it cannot reach it.
CONNECT_TIMEOUT = 10

# psycopg logs a warning when cleaning up after a lost connection fails too ("error ignored
# terminating <psycopg.Copy>"); with no handler, Python prints it on stderr beside our one
# line that already says the connection was lost.
logging.getLogger("psycopg").addHandler(logging.NullHandler())


def connect(url: str, location: str, application: str) -> psycopg.Connection[tuple[object, ...]]:
    """A connection in autocommit mode (each `transaction()` is BEGIN ... COMMIT), named
    `application` in the server's list of sessions; StoreError if it cannot be made."""
    try:
        return psycopg.connect(
            url,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT,
            # The server keeps ASCII here: "giao diện" would show as "giao di???n".
            application_name=fold(application).encode("ascii", "replace").decode()[:63],
        )
    except psycopg.Error as error:
        raise StoreError(
            _("cannot connect to {server}: {reason}").format(server=location, reason=reason(error))
        ) from None


def reason(error: BaseException) -> str:
    """The server's or libpq's message, on one line."""
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    text = lines[0] if lines else type(error).__name__
    for prefix in ("FATAL:", "ERROR:"):
        text = text.removeprefix(prefix).strip()
    return text


def refused_write(error: pg_errors.InsufficientPrivilege, location: str, role: str) -> StoreError:
    """The server said no to a change: the role may only read."""
    return StoreError(
        _(
            "{server}: the role {role} may not change the tracker's records ({reason}); "
            "nothing was changed: ask the server's administrator for a role that may write"
        ).format(server=location, role=role, reason=reason(error))
    )


def lost(error: BaseException, location: str, *, committing: bool) -> StoreError:
    """The connection broke during a command: before the commit nothing was saved; during
    it the server may have saved the change."""
    if committing:
        message = _(
            "lost the connection to {server} while saving ({reason}); the change may or may "
            "not have been saved: check with `tracker log`"
        )
    else:
        message = _("lost the connection to {server} ({reason}); nothing was changed: try again")
    return StoreError(message.format(server=location, reason=reason(error)))
