"""The interface language of one command, chosen before click reads its arguments."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from tracker import i18n, settings


def flag_value(argv: Sequence[str]) -> str | None:
    """The value of the last `--lang X` or `--lang=X` before `--`, as typed; None if none.

    Read ahead of click, so that click's own errors about the other arguments, and every
    help text, are already in the chosen language; click then checks the value itself.
    """
    value = None
    for position, argument in enumerate(argv):
        if argument == "--":
            break
        if argument == "--lang" and position + 1 < len(argv):
            value = argv[position + 1]
        elif argument.startswith("--lang="):
            value = argument.partition("=")[2]
    return value


# The options of `tracker` itself that take a value, as the next argument.
_GROUP_OPTIONS_WITH_VALUES = ("--db", "--lock-timeout", "--lang")


def command_word(argv: Sequence[str]) -> str | None:
    """The command's name (`list`, `config`), read ahead of click like `--lang`; None if none."""
    arguments = iter(argv)
    for argument in arguments:
        if argument in _GROUP_OPTIONS_WITH_VALUES:
            next(arguments, None)
        elif argument == "--":
            return next(arguments, None)
        elif not argument.startswith("-"):
            return argument
    return None


def choose_language(argv: Sequence[str], environ: Mapping[str, str] = os.environ) -> str:
    """Use and return the language of this command: `--lang`, $TRACKER_LANG, the saved
    setting, the locale, English (tracker/i18n.py); the settings file is read only when
    neither of the first two decides."""
    flag = flag_value(argv)
    saved = None
    if i18n.known(flag) is None and i18n.known(environ.get("TRACKER_LANG")) is None:
        # `tracker config` says itself, as its error, that the settings file is broken.
        warn = command_word(argv) != "config"
        saved = settings.saved_language(settings.settings_path(environ), warn)
    lang = i18n.choose(flag, environ, saved)
    i18n.use(lang)
    return lang
