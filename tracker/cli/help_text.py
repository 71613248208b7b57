"""Click in the interface language: help texts translated when shown, click's own messages
routed to our catalog, and the `--lang` option every command has.

Help texts are written with `N_()` (or as docstrings) and translated only when click reads
them, so the language chosen for this command (tracker/cli/language.py) is the one shown.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from tracker import i18n
from tracker.i18n import N_, _

F = TypeVar("F", bound=Callable[..., Any])

# Every click module that shows a message; each reads gettext through its own `_` and
# `ngettext`, bound when it is imported.
CLICK_MODULES = (
    "click.core",
    "click.exceptions",
    "click.types",
    "click.parser",
    "click.decorators",
    "click.formatting",
    "click.termui",
    "click.utils",
    "click._termui_impl",
    "click.shell_completion",
)


def route_click_messages() -> None:
    """Make click's own messages ("Usage:", "No such option") come from our catalog.

    Only the modules already imported are changed: importing the others (progress bars,
    shell completion) would slow every command down, and tracker uses neither.
    """
    for name in CLICK_MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = i18n._  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = i18n.ngettext  # type: ignore[attr-defined]


class _TranslatedParameter:
    """A parameter whose help and metavar (`CODE`, `WHEN`) are message ids, translated
    each time they are shown."""

    @property
    def help(self) -> str | None:
        """The help in the interface language."""
        return _(self._help) if self._help else self._help

    @help.setter
    def help(self, text: str | None) -> None:
        self._help = text

    @property
    def metavar(self) -> str | None:
        """The placeholder of the value in the interface language."""
        return _(self._metavar) if self._metavar else self._metavar

    @metavar.setter
    def metavar(self, text: str | None) -> None:
        self._metavar = text


class TranslatedOption(_TranslatedParameter, click.Option):
    """An option with its help and metavar translated when shown."""


class TranslatedArgument(_TranslatedParameter, click.Argument):
    """An argument with its metavar translated when shown (an error names it so)."""


class _TranslatedTypeName:
    """A value type whose name, which click's errors quote ("'x' is not a valid integer
    range"), is translated when shown; click's own names are set when a type is made,
    before the command's language is known."""

    _name = ""

    @property
    def name(self) -> str:
        """The name of the type in the interface language."""
        return _(self._name)

    @name.setter
    def name(self, text: str) -> None:
        self._name = text


class FilePath(_TranslatedTypeName, click.Path):
    """`click.Path`, named "file", "directory" or "path" in the interface language."""


class WholeNumber(_TranslatedTypeName, click.IntRange):
    """`click.IntRange`, named in the interface language."""

    _name = N_("whole number")


class Number(_TranslatedTypeName, click.FloatRange):
    """`click.FloatRange`, named in the interface language."""

    _name = N_("number")


def option(*decls: str, **attrs: Any) -> Callable[[F], F]:
    """`click.option` with its help translated when shown."""
    attrs.setdefault("cls", TranslatedOption)
    return click.option(*decls, **attrs)


def argument(*decls: str, **attrs: Any) -> Callable[[F], F]:
    """`click.argument` with its metavar translated when shown."""
    attrs.setdefault("cls", TranslatedArgument)
    return click.argument(*decls, **attrs)


def language_option() -> click.Option:
    """The `--lang vi|en` option, the same on every command."""
    return TranslatedOption(
        ["--lang"],
        type=click.Choice(i18n.LANGUAGES, case_sensitive=False),
        expose_value=False,
        # The language itself was read before click ran (tracker/cli/language.py); click
        # only checks the value, first, so that a wrong one is the error reported.
        is_eager=True,
        help=N_(
            "Language of messages, help and reports: vi or en (default: $TRACKER_LANG,"
            " else the `language` setting, else your locale)."
        ),
    )


class _Translated:
    """A command or group whose help, short help and epilog are translated when shown,
    and which takes `--lang`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(language_option())  # type: ignore[attr-defined]

    @property
    def help(self) -> str | None:
        """The help (a docstring, cleaned as the catalog stores it) in the interface language."""
        return _(inspect.cleandoc(self._help)) if self._help else self._help

    @help.setter
    def help(self, text: str | None) -> None:
        self._help = text

    @property
    def short_help(self) -> str | None:
        """The short help, if one was given, in the interface language."""
        return _(self._short_help) if self._short_help else self._short_help

    @short_help.setter
    def short_help(self, text: str | None) -> None:
        self._short_help = text

    @property
    def epilog(self) -> str | None:
        """The epilog (examples) in the interface language."""
        return _(self._epilog) if self._epilog else self._epilog

    @epilog.setter
    def epilog(self, text: str | None) -> None:
        self._epilog = text

    @property
    def options_metavar(self) -> str | None:
        """`[OPTIONS]` of the usage line, in the interface language."""
        return _(self._options_metavar) if self._options_metavar else self._options_metavar

    @options_metavar.setter
    def options_metavar(self, text: str | None) -> None:
        self._options_metavar = text


# Texts click writes itself without a message id of their own: the usage line's
# placeholders, and the "[required]" of a required option (click calls `_()` on a variable).
CLICK_TEXTS = (N_("[OPTIONS]"), N_("[COMMAND] [ARGS]..."), N_("COMMAND [ARGS]..."), N_("required"))


class TrackerCommand(_Translated, click.Command):
    """A tracker command: translated help and the `--lang` option."""


class TrackerGroup(_Translated, click.Group):
    """A tracker group: translated help, `--lang`, and subcommands of the same kinds."""

    command_class = TrackerCommand
    group_class = type  # subgroups are TrackerGroups too

    @property
    def subcommand_metavar(self) -> str:
        """`[COMMAND] [ARGS]...` of the usage line, in the interface language."""
        return _(self._subcommand_metavar)

    @subcommand_metavar.setter
    def subcommand_metavar(self, text: str) -> None:
        self._subcommand_metavar = text


def version_text(ctx: click.Context) -> str:
    """What `tracker --version` prints."""
    from importlib.metadata import version

    return _("{program}, version {version}").format(
        program="tracker", version=version("coop-tracker")
    )


def version_option() -> Callable[[F], F]:
    """`--version`, with its help and its line in the interface language."""
    return click.custom_version_option(
        version_text, cls=TranslatedOption, help=N_("Show the version and exit.")
    )
