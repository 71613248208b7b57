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
from collections.abc import Mapping
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
            # fallback=False: a missing .mo is a broken install, not a reason for English.
            _catalogs[lang] = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])
    return _catalogs[lang]


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
