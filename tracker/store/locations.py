"""Where a database is: a file's path, or a PostgreSQL server's URL (told apart here only)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

# libpq's two spellings of a connection URI.
SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server_url(location: object) -> bool:
    """True when `location` names a PostgreSQL server rather than a file."""
    return isinstance(location, str) and location.lower().startswith(SERVER_SCHEMES)


def shown_location(url: str) -> str:
    """The server URL as messages and the UI's header show it: never with its password."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
    except ValueError:
        return url.split("@")[-1]
    if "@" in netloc:
        user, host = netloc.rsplit("@", 1)
        netloc = f"{user.split(':', 1)[0]}@{host}"
    # A password may also come as a query parameter.
    query = "&".join(
        item for item in parts.query.split("&") if item and not item.startswith("password=")
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
