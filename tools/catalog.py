"""The message catalogs: extract every message into the .pot, update the .po, compile the .mo.

`make i18n` runs `python -m tools.catalog`: it re-extracts, merges new messages into each
language's .po (untranslated, for a translator to fill) and compiles the .mo that the
program reads. tests/test_catalog.py calls `extract()` to check that the committed .po
translates every message the code has today and that the .mo matches it.

Messages come from three places:
- tracker/**.py: `_()`, `ngettext()` and `N_()` calls (Babel's Python extractor);
- the click commands' docstrings, which click shows as their help (`_command_docstrings`);
- click's own messages ("Usage:", "No such option: {name}"), which click translates through
  gettext and which tracker/cli routes to our catalog, from the installed click.
"""

from __future__ import annotations

import ast
import inspect
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click
from babel.messages import extract as babel_extract
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tracker"
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / "tracker.pot"
LANGUAGES = ("vi",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
# Click's own names for its messages.
CLICK_KEYWORDS = {"_": None, "ngettext": (1, 2)}
HEADER = "Messages of tracker, the follow-up of cooperation agreements between localities."

Extracted = tuple[str, int, str | tuple[str, str], list[str]]


def po_path(lang: str) -> Path:
    """The translator's file of `lang`."""
    return LOCALE / lang / "LC_MESSAGES" / "tracker.po"


def mo_path(lang: str) -> Path:
    """The compiled catalog of `lang`, as tracker/i18n.py reads it."""
    return po_path(lang).with_suffix(".mo")


def _command_docstrings(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extractor: the docstring of every function decorated as a click command or group.

    The message is the docstring as click shows it (`inspect.cleandoc`), which is what
    tracker/cli looks up.
    """
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        if not any(_is_command_decorator(decorator) for decorator in node.decorator_list):
            continue
        docstring = ast.get_docstring(node, clean=False)
        if docstring:
            yield node.lineno, "", inspect.cleandoc(docstring), ["help of a command"]


def _is_command_decorator(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return name in ("command", "group")


def extract() -> Catalog:
    """Every message of the program today, as a template catalog."""
    template = Catalog(project="tracker", header_comment=f"# {HEADER}", fuzzy=False)
    for filename, lineno, message, comments, context in babel_extract.extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        location = (f"tracker/{filename}", lineno)
        template.add(message, None, [location], auto_comments=comments, context=context)
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        with path.open("rb") as source:
            for lineno, message, comments, context in babel_extract.extract(
                _command_docstrings,  # type: ignore[arg-type]
                source,
            ):
                relative = path.relative_to(ROOT).as_posix()
                template.add(
                    message, None, [(relative, lineno)], auto_comments=comments, context=context
                )
    click_dir = Path(click.__file__).parent
    for name in sorted(click_dir.glob("*.py")):
        if name.name in ("testing.py", "_winconsole.py"):
            continue  # not shown to a user of ours
        with name.open("rb") as source:
            for lineno, message, comments, context in babel_extract.extract(
                "python", source, keywords=CLICK_KEYWORDS
            ):
                template.add(
                    message,
                    None,
                    [(f"click/{name.name}", lineno)],
                    auto_comments=[*comments, "click's own message"],
                    context=context,
                )
    return template


def write_catalog(catalog: Catalog, path: Path, **options: Any) -> None:
    """Write a .po or .pot sorted, and only if more than its dates changed, so that a diff
    shows only real changes."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, **options)
    content = buffer.getvalue()
    if path.exists() and _undated(path.read_bytes()) == _undated(content):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _undated(content: bytes) -> list[bytes]:
    return [
        line
        for line in content.splitlines()
        if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:'))
    ]


def read_catalog(path: Path, lang: str) -> Catalog:
    """A .po file as a catalog."""
    with path.open("rb") as source:
        return read_po(source, locale=lang)


def compiled(catalog: Catalog) -> bytes:
    """The .mo bytes of a catalog; untranslated and fuzzy entries are left out."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def update() -> None:
    """Re-extract, merge into each .po, compile each .mo."""
    template = extract()
    write_catalog(template, TEMPLATE, omit_header=False)
    for lang in LANGUAGES:
        path = po_path(lang)
        if path.exists():
            catalog = read_catalog(path, lang)
        else:
            catalog = Catalog(locale=lang, project="tracker", fuzzy=False)
        # No fuzzy guesses: a near-miss translation shown as right is worse than English.
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=True)
        catalog.header_comment = f"# {HEADER}"
        write_catalog(catalog, path, ignore_obsolete=True)
        mo_path(lang).write_bytes(compiled(read_catalog(path, lang)))
        missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} untranslated")


if __name__ == "__main__":
    update()
    sys.exit(0)
