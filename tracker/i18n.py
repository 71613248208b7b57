"""The interface language: which catalog `_()` reads, chosen per process and switched live.

Every user-facing string goes through `_()` / `ngettext()` when it is shown, never when a
module is imported, so that `use("vi")` (the command line's `--lang`, the UI's language
switch) changes every later message. A string that must exist before a language is known
(a click help text, a constant table) is marked with `N_()` and translated where shown.

Which language, in order (`choose`): `--lang`, then $TRACKER_LANG, then the saved setting,
then the locale ($LC_ALL, $LC_MESSAGES, $LANG, $LANGUAGE, as gettext reads them), then
English. The catalog is tracker/locale/vi/LC_MESSAGES/tracker.mo, compiled from
tracker.po by `make i18n`; English is the code's own text.
"""

from __future__ import annotations

import gettext
import struct
from collections.abc import Callable, Mapping
from pathlib import Path

LANGUAGES = ("vi", "en")
"""The interface languages, by code; English is the code's own text."""

NAMES = {"vi": "Tiếng Việt", "en": "English"}
"""Each language named in itself, as a language menu shows it."""

DEFAULT = "en"
DOMAIN = "tracker"
LOCALE_DIR = Path(__file__).parent / "locale"

# gettext's own order: the first of these that is set and non-empty names the locale.
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")

_catalogs: dict[str, gettext.NullTranslations] = {}
_current: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT


def _(message: str) -> str:
    """`message` in the current interface language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the current interface language."""
    return _current.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the current interface language, as meant in `context`: the same English
    word may need two Vietnamese ones ("title" of a task, of a meeting)."""
    return _current.pgettext(context, message)


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it here (translate where shown)."""
    return message


def language() -> str:
    """The code of the current interface language: "vi" or "en"."""
    return _language


def catalog(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of `lang`, read once; English needs none."""
    if lang not in _catalogs:
        if lang == DEFAULT:
            _catalogs[lang] = gettext.NullTranslations()
        else:
            # A missing .mo is a broken install, not a reason for English: it raises.
            path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
            _catalogs[lang] = CompiledCatalog(path.read_bytes())
    return _catalogs[lang]


class CompiledCatalog(gettext.NullTranslations):
    """A GNU .mo catalog that decodes a message only when it is first asked for.

    Same answers as gettext.GNUTranslations (tests/test_catalog.py compares them on every
    message), for a fraction of the start-up: that class decodes all ~700 messages of the
    file, 2 ms of every Vietnamese command, where one command shows a few dozen.
    """

    def __init__(self, data: bytes) -> None:
        super().__init__()
        byte_order = "<" if data[:4] == b"\xde\x12\x04\x95" else ">"
        _magic, _version, count, ids_at, strings_at = struct.unpack_from(f"{byte_order}5I", data)
        # (length, offset) pairs of every original and of every translation, in one read.
        self._ids = struct.unpack_from(f"{byte_order}{2 * count}I", data, ids_at)
        self._strings = struct.unpack_from(f"{byte_order}{2 * count}I", data, strings_at)
        self._data = data
        pairs = zip(self._ids[::2], self._ids[1::2], strict=True)
        self._position = {
            data[offset : offset + length]: index for index, (length, offset) in enumerate(pairs)
        }
        self._found: dict[str, str] = {}
        self._plural: Callable[[int], int] | None = None

    def _translation(self, key: bytes) -> str | None:
        index = self._position.get(key)
        if index is None:
            return None
        length, offset = self._strings[2 * index], self._strings[2 * index + 1]
        return self._data[offset : offset + length].decode("utf-8")

    def gettext(self, message: str) -> str:
        """`message` translated, or as it is if the catalog does not have it."""
        found = self._found.get(message)
        if found is None:
            found = self._translation(message.encode("utf-8")) or message
            self._found[message] = found
        return found

    def pgettext(self, context: str, message: str) -> str:
        """`message` as translated in `context`, or as it is."""
        return self.gettext(f"{context}\x04{message}").rpartition("\x04")[2]

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        """The translated form for `n`; English's own rule if the catalog lacks the message."""
        forms = self._translation(f"{msgid1}\0{msgid2}".encode())
        if forms is None:
            return msgid1 if n == 1 else msgid2
        choices = forms.split("\0")
        return choices[min(self._plural_rule()(n), len(choices) - 1)]

    def _plural_rule(self) -> Callable[[int], int]:
        if self._plural is None:
            rule = "0"
            for line in (self._translation(b"") or "").splitlines():
                if line.lower().startswith("plural-forms:"):
                    rule = line.split("plural=", 1)[1].rstrip(";").strip()
            self._plural = gettext.c2py(rule)
        return self._plural


def use(lang: str) -> None:
    """Make `lang` the interface language of everything shown from now on."""
    global _current, _language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown interface language {lang!r}")
    _current, _language = catalog(lang), lang


def known(text: str | None) -> str | None:
    """The language code `text` names ("vi", "VI", "vi_VN.UTF-8", "en-GB"), None if none."""
    if not text:
        return None
    code = text.strip().lower().replace("-", "_").split("_")[0].split(".")[0]
    return code if code in LANGUAGES else None


def from_locale(environ: Mapping[str, str]) -> str | None:
    """The language the locale names, as gettext reads it; None if it names neither of ours.

    $LANGUAGE may list several ("vi:en"): the first we have wins.
    """
    for variable in _LOCALE_VARIABLES:
        value = environ.get(variable)
        if value:
            if value in ("C", "POSIX") or value.startswith(("C.", "POSIX.")):
                return None
            for part in value.split(":"):
                if (lang := known(part)) is not None:
                    return lang
            return None
    return None


def choose(flag: str | None, environ: Mapping[str, str], saved: str | None) -> str:
    """The interface language: `--lang`, $TRACKER_LANG, the saved setting, the locale, English."""
    for candidate in (flag, environ.get("TRACKER_LANG"), saved):
        if (lang := known(candidate)) is not None:
            return lang
    return from_locale(environ) or DEFAULT


# How each language writes numbers: Vietnamese groups thousands with a dot and writes a
# decimal comma (14.068; 98,62%), English the other way round.
_NUMBER_MARKS = {"vi": (".", ","), "en": (",", ".")}


def number(value: int) -> str:
    """A whole number as the interface language writes it: 14.068 (vi), 14,068 (en)."""
    thousands, _decimal = _NUMBER_MARKS[_language]
    return f"{value:,}".replace(",", thousands)


def decimal_mark() -> str:
    """The decimal mark of the interface language: "," (vi) or "." (en)."""
    return _NUMBER_MARKS[_language][1]
