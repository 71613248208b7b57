"""The command line's language: how it is chosen, and that in Vietnamese every help page and
every error says no English sentence (checked against the catalog and word by word)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

import click
import pytest

from tests.conftest import LANGUAGE_VARIABLES, SAMPLE_TASKS, Result, cli_env
from tools import catalog as tool

LOCALE_VARIABLES = (*LANGUAGE_VARIABLES, "LANG")


def run(
    db: Path, *args: str, env: Mapping[str, str] | None = None, stdin: str | None = None
) -> Result:
    """`python -m tracker ARGS` with no language variable but those in `env`."""
    environ = cli_env(db)
    for variable in LOCALE_VARIABLES:
        environ.pop(variable, None)
    environ.update(env or {})
    completed = subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        env=environ,
        capture_output=True,
        text=True,
        encoding="utf-8",
        input=stdin,
        timeout=60,
        check=False,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


def language_of_help(result: Result) -> str:
    assert result.code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    if first.startswith("Cách dùng:"):
        return "vi"
    assert first.startswith("Usage:"), first
    return "en"


# (arguments, environment, saved setting, the language expected)
PRECEDENCE = [
    ([], {}, None, "en"),
    (["--lang", "vi"], {"TRACKER_LANG": "en"}, "en", "vi"),
    (["--lang=en"], {"TRACKER_LANG": "vi"}, "vi", "en"),
    (["list", "--lang", "vi"], {}, None, "vi"),
    (["--lang", "en", "agencies", "add", "--lang", "vi"], {}, None, "vi"),
    ([], {"TRACKER_LANG": "vi"}, "en", "vi"),
    ([], {"TRACKER_LANG": "en", "LANG": "vi_VN.UTF-8"}, None, "en"),
    ([], {"LC_ALL": "en_US.UTF-8"}, "vi", "vi"),
    ([], {"LANG": "vi_VN.UTF-8"}, "en", "en"),
    ([], {"LC_ALL": "en_US.UTF-8", "LANG": "vi_VN.UTF-8"}, None, "en"),
    ([], {"LC_ALL": "C", "LANG": "vi_VN.UTF-8"}, None, "en"),
    ([], {"LC_MESSAGES": "vi_VN.UTF-8", "LANG": "en_US.UTF-8"}, None, "vi"),
    ([], {"LC_MESSAGES": "C.UTF-8", "LANG": "vi_VN.UTF-8"}, None, "en"),
    ([], {"LANG": "vi_VN.UTF-8"}, None, "vi"),
    ([], {"LANG": "en_US.UTF-8", "LANGUAGE": "vi"}, None, "en"),
    ([], {"LANGUAGE": "vi:en"}, None, "vi"),
    ([], {"LANGUAGE": "fr:en"}, None, "en"),
]


@pytest.mark.parametrize(("args", "env", "saved", "expected"), PRECEDENCE, ids=lambda v: str(v))
def test_the_language_is_lang_then_tracker_lang_then_setting_then_locale_then_english(
    tmp_path: Path,
    own_settings: Path,
    args: list[str],
    env: dict[str, str],
    saved: str | None,
    expected: str,
) -> None:
    if saved is not None:
        own_settings.write_text(f'language = "{saved}"\n', encoding="utf-8")
    result = run(tmp_path / "db.json", *args, "--help", env=env)
    assert language_of_help(result) == expected


@pytest.mark.parametrize(
    "args",
    [["--lang", "fr", "list"], ["list", "--lang=vi_VN"], ["agencies", "add", "--lang", ""]],
    ids=" ".join,
)
def test_a_language_we_do_not_have_is_bad_usage(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "db.json"
    result = run(db, *args)
    assert result.code == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "'--lang'" in lines[0] and "'vi', 'en'" in lines[0], lines
    assert not db.exists()


def test_the_language_is_not_case_sensitive(tmp_path: Path) -> None:
    assert language_of_help(run(tmp_path / "db.json", "--lang", "VI", "--help")) == "vi"


def test_the_report_is_in_the_interface_language(sample_db: Path) -> None:
    def report(*args: str, env: dict[str, str] | None = None) -> str:
        result = run(sample_db, "report", "--format", "markdown", *args, env=env)
        assert result.code == 0, result.stderr
        return result.stdout

    vietnamese, english = report("--lang", "vi"), report("--lang", "en")
    assert vietnamese != english
    assert report(env={"TRACKER_LANG": "vi"}) == vietnamese
    assert report(env={"LANG": "vi_VN.UTF-8"}) == vietnamese
    assert report() == english


# --- no English in Vietnamese -----------------------------------------------------------


@cache
def english_fragments() -> tuple[tuple[str, str], ...]:
    """Each English sentence part of 2+ words in the catalog, with its Vietnamese message.

    A message is cut at its placeholders: what a placeholder brings (a task's title, an
    agency code) is the user's, not ours.
    """
    vietnamese = tool.read_catalog(tool.po_path("vi"), "vi")
    fragments = []
    for message in tool.extract():
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        translated = vietnamese.get(ids[0])
        forms = translated.string if translated is not None else ""
        translation = " ".join(forms) if isinstance(forms, tuple) else str(forms or "")
        for english in ids:
            for part in re.split(r"\{[^{}]*\}|%\(\w+\)[sd]", str(english)):
                part = part.strip(" \n:;,.()")
                if len(LOWER_WORD.findall(part)) >= 2 and part not in translation:
                    fragments.append((part, str(english)))
    return tuple(fragments)


# Words that only English uses, case as written; Vietnamese writes none of them ("in",
# "an" and "no" are Vietnamese words too: in ra, an toàn, no đủ).
ENGLISH_WORDS = {
    "the", "is", "to", "with", "this", "and", "of", "for", "not", "or", "are", "was",
    "be", "by", "No", "Usage", "Options", "Show", "Error", "Missing", "Invalid",
    "Commands", "Example", "Examples", "error", "warning",
}  # fmt: skip
# An English word: ASCII letters only, not a piece of a Vietnamese word ("to" of "toàn").
WORD = re.compile(r"(?<!\w)[A-Za-z]{2,}(?!\w)")
# A sentence has lowercase words; "Quý IV" and "eom" in an example are not one.
LOWER_WORD = re.compile(r"(?<!\w)[a-z]{2,}(?!\w)")

# Code in a Vietnamese text: `commands`, 'values' and "values" quoted, options, $VARS,
# paths and file names, CODES and METAVARS, and example command lines.
CODE = re.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"|(?<!\w)[-$][\w$-]+|\S*[/.]\S+|\b[A-Z][A-Z0-9_&-]+\b")
EXAMPLE_LINE = re.compile(r"^\s+(tracker|--)\s.*$", re.MULTILINE)


def english_in(text: str) -> list[str]:
    """The English in `text`: catalog sentences, then English words outside code."""
    found = [english for part, english in english_fragments() if part in text]
    prose = CODE.sub(" ", EXAMPLE_LINE.sub(" ", text))
    found += sorted(set(WORD.findall(prose)) & ENGLISH_WORDS)
    return found


def test_the_checker_finds_english() -> None:
    assert english_in("tracker: error: No such option '--x'.")
    assert english_in("Cách dùng: tracker [TÙY-CHỌN]\n\nShow this message and exit.")
    assert english_in("tracker: lỗi: task #3 is already done")
    assert not english_in("tracker: lỗi: Không có tùy chọn '--frob'. (xem `tracker list --help`)")


def command_paths(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from command_paths(sub, (*path, name))


def all_command_paths() -> list[tuple[str, ...]]:
    from tracker.cli import cli

    return list(command_paths(cli))


@pytest.mark.parametrize("path", all_command_paths(), ids=" ".join)
def test_every_help_page_in_vietnamese_has_no_english(
    tmp_path: Path, path: tuple[str, ...]
) -> None:
    result = run(tmp_path / "db.json", *path, "--help", env={"TRACKER_LANG": "vi"})
    assert language_of_help(result) == "vi"
    assert "--lang [vi|en]" in result.stdout
    assert not english_in(result.stdout), (english_in(result.stdout), result.stdout)


# Every kind of bad invocation: click's own usage errors, the command line's, and the
# service's (these last read the domain's messages, translated with the domain).
BAD_INVOCATIONS = [
    ["--frobnicate"],
    ["list", "--frob"],
    ["frob"],
    ["add"],
    ["add", "Việc mới"],
    ["close"],
    ["show", "1", "2"],
    ["list", "--format", "xml"],
    ["list", "--status", "finished"],
    ["list", "--due-within", "abc"],
    ["list", "--due-within", "-1"],
    ["list", "--agency"],
    ["list", "--overdue=yes"],
    ["--lock-timeout", "x", "list"],
    ["--lock-timeout", "nan", "list"],
    ["--lang", "fr", "list"],
    ["import", "/no/such/file.json"],
    ["close", "abc"],
    ["update", "1", "--due", "1/1/2027", "--no-due"],
    ["update", "1", "--partner", "HN-KHDT", "--no-partners"],
    ["reopen", "1", "--reason", "a", "--note", "b"],
    ["config", "set", "language", "fr"],
    ["config", "set", "colour", "blue"],
    ["config", "get", "database"],
    ["config", "unset", "colour"],
    # The service's and the domain's messages:
    ["add", "", "--lead", "HN-KHDT"],
    ["add", "Việc mới", "--lead", "NOPE"],
    ["add", "Việc mới", "--lead", "HN-KHDT", "--due", "31/02/2026"],
    ["add", "Việc mới", "--lead", "HN-KHDT", "--due", "next blue moon"],
    ["add", "Việc mới", "--lead", "HN-KHDT", "--meeting", "no-such"],
    ["close", "9999"],
    ["close", "3"],
    ["reopen", "6"],
    ["update", "1"],
    ["update", "1", "--status", "done"],
    ["list", "--as-of", "hôm kia"],
    ["agencies", "add", "HN-KHDT", "Trùng mã"],
]


@pytest.mark.parametrize("args", BAD_INVOCATIONS, ids=" ".join)
def test_every_error_in_vietnamese_has_no_english(sample_db: Path, args: list[str]) -> None:
    before = sample_db.read_bytes()
    result = run(sample_db, *args, env={"TRACKER_LANG": "vi"})
    assert result.code in (1, 2), result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tracker: lỗi: "), lines[0]
    assert not english_in(lines[0]), (english_in(lines[0]), lines[0])
    assert sample_db.read_bytes() == before


def test_list_and_show_in_vietnamese(sample_db: Path) -> None:
    vi = {"TRACKER_LANG": "vi"}
    listed = run(sample_db, "list", env=vi)
    assert listed.code == 0, listed.stderr
    assert listed.stdout.split()[:4] == ["số", "thời", "hạn", "tình"]
    assert listed.stderr.strip() == f"{SAMPLE_TASKS} nhiệm vụ"
    shown = run(sample_db, "show", "2", env=vi)
    assert shown.code == 0, shown.stderr
    lines = shown.stdout.splitlines()[2:8]
    labels = ["Chủ trì", "Phối hợp", "Cuộc họp", "Văn bản", "Người chỉ đạo", "Lĩnh vực"]
    assert all(line.startswith(f"{label} ") for line, label in zip(lines, labels, strict=True))
    # The JSON for scripts is the same in every language.
    assert json.loads(run(sample_db, "list", "--format", "json", env=vi).stdout) == json.loads(
        run(sample_db, "list", "--format", "json").stdout
    )


def test_counts_are_grouped_in_vietnamese_and_left_as_digits_in_english() -> None:
    from tracker import i18n
    from tracker.cli.output import counted

    assert counted(14068) == "14068"
    i18n.use("vi")  # tests/conftest.py puts English back
    assert counted(14068) == "14.068"
