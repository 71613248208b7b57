"""The user's settings: one small TOML file in the platform's config folder.

Read with the standard library (tomllib), written whole and atomically by `tracker config`
and the UI's language switch. Keys are dotted ("language", "user.name"); a dotted
key is written as a table (`[user]` / `name = "..."`). Every key the program knows is in
`KNOWN`, with what it means and how its value is checked; keys it does not know (written by
a newer version, or by hand) are kept as they are when the file is rewritten.

The file is $TRACKER_CONFIG if set, else settings.toml in the user config folder of
platformdirs (~/.config/coop-tracker on Linux, ~/Library/Application Support/coop-tracker
on macOS, %LOCALAPPDATA%\\coop-tracker on Windows).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from tracker import i18n
from tracker.domain.errors import InvalidInput, TrackerError
from tracker.i18n import N_, _
from tracker.store.locations import is_server_url

if TYPE_CHECKING:
    from tracker.reports.letterhead import Letterhead

APP_NAME = "coop-tracker"
FILE_NAME = "settings.toml"

Value = str | int | float | bool | list[str]


class SettingsError(TrackerError):
    """The settings file cannot be read or written (exit 1); nothing was changed."""

    exit_code = 1


class Setting(NamedTuple):
    """A key the program reads: what it means (shown by `config list`) and its check."""

    meaning: str  # marked with N_(), translated where shown
    check: Callable[[str], str]


def _language(value: str) -> str:
    lang = i18n.known(value)
    if lang is None or value.strip().lower() not in (lang, i18n.NAMES[lang].lower()):
        raise InvalidInput(
            _("language: {value!r} is not a language of tracker; use vi or en").format(value=value)
        )
    return lang


def _database(value: str) -> str:
    if not value.strip():
        raise InvalidInput(_("database: give the path of a database file"))
    if is_server_url(value.strip()):
        return value.strip()
    if "://" in value:
        raise InvalidInput(
            _("database: {value} is neither a file nor a postgresql:// URL").format(value=value)
        )
    # Absolute: the setting must name the same file from whatever folder tracker runs in.
    return str(Path(value.strip()).expanduser().absolute())


def _one_line(key: str) -> Callable[[str], str]:
    """The check of a department detail: one line of text, trimmed, not empty."""

    def check(value: str) -> str:
        text = value.strip()
        if not text:
            raise InvalidInput(
                _("{key}: give a value, or remove the setting with `tracker config unset`").format(
                    key=key
                )
            )
        if not text.isprintable():
            raise InvalidInput(_("{key}: write the value on one line").format(key=key))
        return text

    return check


# Several values in one setting: the signer's position lines, the recipients.
POSITION_SEPARATOR = "/"
RECIPIENT_SEPARATOR = ";"


def _listed(key: str, separator: str) -> Callable[[str], str]:
    """The check of a list written on one line: its parts trimmed, empty parts dropped."""
    line = _one_line(key)

    def check(value: str) -> str:
        parts = [part.strip() for part in line(value).split(separator)]
        kept = [part for part in parts if part]
        if not kept:
            raise InvalidInput(
                _("{key}: give a value, or remove the setting with `tracker config unset`").format(
                    key=key
                )
            )
        # Saved as it reads best: "a; b" for recipients, "A / B" for position lines.
        joiner = f"{separator} " if separator == RECIPIENT_SEPARATOR else f" {separator} "
        return joiner.join(kept)

    return check


def _agency_code(value: str) -> str:
    """The check of user.agency: an agency code, upper-cased (HN-KHDT)."""
    from tracker.domain.model import AGENCY_CODE

    code = value.strip().upper()
    if not AGENCY_CODE.match(code):
        raise InvalidInput(
            _("user.agency: {value!r} is not an agency code; write it like HN-KHDT").format(
                value=value
            )
        )
    return code


KNOWN: dict[str, Setting] = {
    "language": Setting(N_("interface language: vi (Tiếng Việt) or en (English)"), _language),
    "database": Setting(
        N_(
            "database file, or postgresql:// server URL, used when --db and $TRACKER_DB"
            " are not given"
        ),
        _database,
    ),
    # The department's details, at the head and foot of the Word report (Nghị định 30/2020).
    "department.parent": Setting(
        N_("official reports: the body above your agency, e.g. UBND THÀNH PHỐ HÀ NỘI"),
        _one_line("department.parent"),
    ),
    "department.name": Setting(
        N_("official reports: your agency, e.g. SỞ KẾ HOẠCH VÀ ĐẦU TƯ"),
        _one_line("department.name"),
    ),
    "department.place": Setting(
        N_("official reports: the place before the date, e.g. Hà Nội"),
        _one_line("department.place"),
    ),
    "department.symbol": Setting(
        N_("official reports: the symbol after the number, e.g. BC-SKHĐT"),
        _one_line("department.symbol"),
    ),
    "department.signer": Setting(
        N_("official reports: the name of who signs them (report --signer overrides it)"),
        _one_line("department.signer"),
    ),
    "department.position": Setting(
        N_("official reports: the signer's position, a line per / (KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC)"),
        _listed("department.position", POSITION_SEPARATOR),
    ),
    "department.recipients": Setting(
        N_("official reports: who receives them, separated by ;, e.g. UBND Thành phố; Như trên"),
        _listed("department.recipients", RECIPIENT_SEPARATOR),
    ),
    "department.archive": Setting(
        N_("official reports: the unit in the archive line, e.g. KTĐN (Lưu: VT, KTĐN.)"),
        _one_line("department.archive"),
    ),
    # Who the changes made here are recorded as (tracker/authorship.py).
    "user.name": Setting(
        N_("who your changes are recorded as, e.g. Nguyễn Văn A ($TRACKER_USER overrides it)"),
        _one_line("user.name"),
    ),
    "user.agency": Setting(
        N_("the code of the agency you work for, recorded with your changes, e.g. HN-KHDT"),
        _agency_code,
    ),
}


def letterhead(
    values: Mapping[str, Value], *, number: str | None = None, signer: str | None = None
) -> Letterhead:
    """Who issues an official report: the department.* settings in `values`, with the
    report's own `number` and a `signer` given for it (`report --number`, `--signer`)
    over them; a detail given nowhere stays None (a dotted blank, never a guess)."""
    from tracker.reports.letterhead import Letterhead

    def text(key: str) -> str | None:
        value = values.get(key)
        return value.strip() or None if isinstance(value, str) else None

    def parts(key: str, separator: str) -> tuple[str, ...]:
        value = text(key)
        if value is None:
            return ()
        return tuple(part.strip() for part in value.split(separator) if part.strip())

    return Letterhead(
        parent_body=text("department.parent"),
        agency=text("department.name"),
        place=text("department.place"),
        number=number,
        symbol=text("department.symbol"),
        position=parts("department.position", POSITION_SEPARATOR),
        signer=signer or text("department.signer"),
        recipients=parts("department.recipients", RECIPIENT_SEPARATOR),
        archive=text("department.archive"),
    )


def saved_letterhead(path: Path) -> Letterhead:
    """The department's details saved in `path`, read afresh (the UI may have been open
    while `tracker config` changed them); none at all if the file cannot be read."""
    try:
        values = load(path)
    except SettingsError:
        values = {}
    return letterhead(values)


def settings_path(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the settings file is: $TRACKER_CONFIG, else the platform's user config folder."""
    if explicit := environ.get("TRACKER_CONFIG"):
        return Path(explicit).expanduser()
    if sys.platform.startswith("linux"):
        # What platformdirs answers on Linux (tests/test_settings.py checks), without
        # importing it: every command reads this file on start-up.
        base = environ.get("XDG_CONFIG_HOME", "").strip()
        folder = Path(base) if base else Path.home() / ".config"
        return folder / APP_NAME / FILE_NAME
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / FILE_NAME


def load(path: Path) -> dict[str, Value]:
    """The settings in `path` by dotted key; empty if the file does not exist.

    Raises SettingsError naming the file if it cannot be read or is not TOML.
    """
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise SettingsError(
            _("cannot read the settings file {path}: {reason}").format(
                path=path, reason=error.strerror
            )
        ) from None
    try:
        text = content.decode("utf-8")
        if (plain := _plain_settings(text)) is not None:
            return plain
        import tomllib  # for a file edited by hand: 3 ms that most commands need not pay

        document = tomllib.loads(text)
    except (UnicodeDecodeError, ValueError) as error:  # TOMLDecodeError is a ValueError
        raise SettingsError(
            _("the settings file {path} is not valid TOML ({reason}); fix or remove it").format(
                path=path, reason=error
            )
        ) from None
    return _flattened(document)


def _plain_settings(text: str) -> dict[str, Value] | None:
    """The settings of a file in the plain form `to_toml` writes, without tomllib; None
    for anything else (escapes, numbers, arrays, a repeated key), which tomllib then reads.

    Every command reads this file to learn its language: importing tomllib would cost
    more than the rest of that choice. Only lines whose TOML meaning is unambiguous are
    read here: comments, `[table]` headers and `key = "text without escapes"`.
    """
    values: dict[str, Value] = {}
    tables: set[str] = set()
    prefix = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]") and _bare(line[1:-1], dots=True):
            table = line[1:-1]
            if table in tables or table in values:
                return None  # a table defined twice, or over a key: tomllib says why
            tables.add(table)
            prefix = table + "."
            continue
        key, equals, value = line.partition(" = ")
        if not (equals and _bare(key) and len(value) >= 2 and value[0] == value[-1] == '"'):
            return None
        inner = value[1:-1]
        if '"' in inner or "\\" in inner or any(ord(c) < 0x20 or ord(c) == 0x7F for c in inner):
            return None
        if f"{prefix}{key}" in values or f"{prefix}{key}" in tables:
            return None  # tomllib says why that is an error
        values[f"{prefix}{key}"] = inner
    return values


def _bare(key: str, dots: bool = False) -> bool:
    """Whether `key` is a TOML bare key (or dotted bare keys): A-Z a-z 0-9 - _."""
    parts = key.split(".") if dots else [key]
    return all(
        part and all(c.isascii() and (c.isalnum() or c in "-_") for c in part) for part in parts
    )


def _flattened(table: Mapping[str, object], prefix: str = "") -> dict[str, Value]:
    values: dict[str, Value] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            values.update(_flattened(value, f"{prefix}{key}."))
        else:
            values[f"{prefix}{key}"] = value  # type: ignore[assignment]
    return values


# The settings a command started with, by file: read once however many keys it asks for.
_saved: dict[Path, dict[str, Value]] = {}


def saved_values(path: Path, warn: bool = True) -> dict[str, Value]:
    """The settings in `path`, read once per process; an unreadable file gives none.

    Every command reads these before it starts: a broken settings file must not stop
    `tracker --help` or the command that could fix it, so it is one warning line on
    stderr (unless `warn` is False: `tracker config` reports it as its error).
    """
    if path not in _saved:
        try:
            _saved[path] = load(path)
        except SettingsError as error:
            _saved[path] = {}
            if warn:
                print(_("warning: {problem}").format(problem=error), file=sys.stderr)
    return _saved[path]


def saved_language(path: Path, warn: bool = True) -> str | None:
    """The saved interface language, or None (none saved, or the file is unreadable)."""
    value = saved_values(path, warn).get("language")
    return i18n.known(value) if isinstance(value, str) else None


def checked(key: str, value: str) -> str:
    """`value` as stored under `key`, or InvalidInput naming the key or the value."""
    setting = KNOWN.get(key)
    if setting is None:
        raise unknown_key(key)
    return setting.check(value)


def unknown_key(key: str) -> InvalidInput:
    """The error for a key the program does not know (exit 2), naming the ones it knows."""
    return InvalidInput(
        _("there is no setting named {key}; the settings are: {keys}").format(
            key=key, keys=", ".join(KNOWN)
        )
    )


def as_text(value: Value) -> str:
    """A value as `tracker config get` prints it: a text as it is, anything else as TOML."""
    return value if isinstance(value, str) else _value(value)


def set_value(path: Path, key: str, value: str) -> str:
    """Save `key = value` (checked first) in the file at `path`; the value as saved."""
    value = checked(key, value)
    values = load(path)
    values[key] = value
    _write(path, values)
    return value


def unset(path: Path, key: str) -> bool:
    """Remove `key` from the file; False if it was not set."""
    values = load(path)
    if key not in values:
        return False
    del values[key]
    _write(path, values)
    return True


def _write(path: Path, values: Mapping[str, Value]) -> None:
    from tracker.store.storage import write_atomically

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SettingsError(
            _("cannot create the folder {folder}: {reason}").format(
                folder=path.parent, reason=error.strerror
            )
        ) from None
    write_atomically(path, to_toml(values).encode("utf-8"), keep_backup=False)
    _saved.pop(path, None)


def to_toml(values: Mapping[str, Value]) -> str:
    """The settings as a TOML document: plain keys first, then one table per prefix."""
    plain = {key: value for key, value in values.items() if "." not in key}
    tables: dict[str, dict[str, Value]] = {}
    for key, value in values.items():
        if "." in key:
            table, name = key.rsplit(".", 1)
            tables.setdefault(table, {})[name] = value
    lines = [
        "# tracker's settings; `tracker config list` shows them, `tracker config set` changes",
        "# them.",
    ]
    lines += [f"{_key(key)} = {_value(value)}" for key, value in sorted(plain.items())]
    for table, entries in sorted(tables.items()):
        lines += ["", f"[{'.'.join(_key(part) for part in table.split('.'))}]"]
        lines += [f"{_key(key)} = {_value(value)}" for key, value in sorted(entries.items())]
    return "\n".join(lines) + "\n"


def _key(key: str) -> str:
    bare = key and all(c.isascii() and (c.isalnum() or c in "-_") for c in key)
    return key if bare else _string(key)


def _value(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_string(str(item)) for item in value) + "]"
    return _string(value)


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}
_ESCAPES["\r"] = "\\r"


def _string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
