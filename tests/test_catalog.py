"""The Vietnamese catalog translates every message of the code, keeps every placeholder, and
the compiled .mo the program reads is the .po as it is committed (tools/catalog.py)."""

from __future__ import annotations

import gettext
import io
import re
import string
from collections import Counter
from functools import cache

import pytest
from babel.messages.catalog import Catalog, Message

from tools import catalog as tool

PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([sdifrx])")


@cache
def template() -> Catalog:
    return tool.extract()


@cache
def vietnamese() -> Catalog:
    return tool.read_catalog(tool.po_path("vi"), "vi")


def forms(message: Message) -> list[str]:
    string = message.string
    if isinstance(string, str):
        return [string]
    return [str(form) for form in string or ()]


def placeholders(text: str) -> Counter[str]:
    """The named and positional fields of a message, brace and percent styles alike."""
    found: Counter[str] = Counter()
    try:
        for _literal, field, _spec, _conversion in string.Formatter().parse(text):
            if field is not None:
                found["{" + field + "}"] += 1
    except ValueError:  # not a format string: a lone brace is text
        pass
    for name, kind in PERCENT.findall(text):
        found[f"%({name}){kind}" if name else f"%{kind}"] += 1
    return found


def test_every_message_in_the_code_has_a_vietnamese_translation() -> None:
    catalog = vietnamese()
    missing = []
    for message in template():
        if not message.id:
            continue
        translated = catalog.get(message.id, message.context)
        if translated is None or translated.fuzzy or not all(forms(translated)):
            missing.append(message.id)
    assert not missing, f"{len(missing)} messages without Vietnamese (make i18n): {missing[:20]}"


def test_translations_keep_every_placeholder() -> None:
    wrong = []
    for message in vietnamese():
        if not message.id or not any(forms(message)):
            continue
        ids = [message.id] if isinstance(message.id, str) else [str(i) for i in message.id]
        # Vietnamese has one plural form: it must carry what the English plural carries.
        expected = set(placeholders(ids[-1]))
        for form in forms(message):
            if set(placeholders(form)) != expected:
                wrong.append((ids[-1], form))
    assert not wrong, "placeholders dropped or renamed:\n" + "\n".join(map(repr, wrong[:20]))


def test_the_compiled_catalog_is_the_committed_po() -> None:
    committed = gettext.GNUTranslations(io.BytesIO(tool.mo_path("vi").read_bytes()))
    fresh = gettext.GNUTranslations(io.BytesIO(tool.compiled(vietnamese())))
    assert committed._catalog == fresh._catalog, "run `make i18n` to compile the .po"  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", tool.LANGUAGES)
def test_the_program_reads_the_committed_catalog(lang: str) -> None:
    from tracker import i18n

    catalog = vietnamese()
    sample = next(m for m in catalog if isinstance(m.id, str) and m.id and m.string)
    try:
        i18n.use(lang)
        assert i18n._(str(sample.id)) == sample.string
    finally:
        i18n.use("en")


def test_the_quick_reader_answers_as_gettext_does_for_every_message() -> None:
    from tracker import i18n

    data = tool.mo_path("vi").read_bytes()
    standard = gettext.GNUTranslations(io.BytesIO(data))
    quick = i18n.CompiledCatalog(data)
    for message in vietnamese():
        if not message.id:
            continue
        if isinstance(message.id, str) and message.context:
            expected = standard.pgettext(message.context, message.id)
            assert quick.pgettext(message.context, message.id) == expected
        elif isinstance(message.id, str):
            assert quick.gettext(message.id) == standard.gettext(message.id)
        else:
            singular, plural = (str(part) for part in message.id)
            for n in (0, 1, 2, 5, 21):
                expected = standard.ngettext(singular, plural, n)
                assert quick.ngettext(singular, plural, n) == expected
    # What the catalog does not have comes back as it is, with English's plural rule.
    assert quick.gettext("not in the catalog") == "not in the catalog"
    assert quick.ngettext("{n} thing", "{n} things", 1) == "{n} thing"
    assert quick.ngettext("{n} thing", "{n} things", 2) == "{n} things"
