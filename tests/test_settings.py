"""The settings file: where it is, what survives writing it, and what is refused."""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tracker import settings
from tracker.domain.errors import InvalidInput

# Keys and texts of every kind: dotted keys become tables, and any character a user can
# type (quotes, backslashes, control characters, Vietnamese) must come back as it was.
KEY_PART = st.text(min_size=1, max_size=12)
VALUE = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(),
    st.lists(st.text(max_size=10), max_size=4),
)


@st.composite
def setting_maps(draw: st.DrawFn) -> dict[str, settings.Value]:
    """Plain keys and one-level tables whose names never clash with a plain key."""
    plain = draw(st.dictionaries(KEY_PART.map(lambda k: "p" + k.replace(".", "")), VALUE))
    tables = draw(
        st.dictionaries(
            st.tuples(KEY_PART.map(lambda k: "t" + k.replace(".", "")), KEY_PART),
            VALUE,
            max_size=5,
        )
    )
    values: dict[str, settings.Value] = dict(plain)
    for (table, name), value in tables.items():
        values[f"{table}.{name.replace('.', '')}"] = value
    return values


@given(setting_maps())
@hypothesis_settings(max_examples=200, deadline=None)
def test_any_settings_survive_to_toml_then_tomllib(values: dict[str, settings.Value]) -> None:
    document = tomllib.loads(settings.to_toml(values))
    assert settings._flattened(document) == values


@given(st.text())
@hypothesis_settings(max_examples=200, deadline=None)
def test_any_text_survives_as_a_value(text: str) -> None:
    assert tomllib.loads(settings.to_toml({"note": text}))["note"] == text


@given(setting_maps())
@hypothesis_settings(max_examples=200, deadline=None)
def test_the_quick_reading_agrees_with_tomllib(values: dict[str, settings.Value]) -> None:
    # Every command reads the file without tomllib when it is in the plain form we write;
    # whatever that reading accepts, it must read as tomllib does.
    text = settings.to_toml(values)
    quick = settings._plain_settings(text)
    if quick is not None:
        assert quick == settings._flattened(tomllib.loads(text))


@pytest.mark.parametrize(
    "text",
    [
        'language = "vi"\nlanguage = "en"\n',
        '[user]\nname = "A"\n[user]\nagency = "B"\n',
        'user = "A"\n[user]\nname = "B"\n',
        'language = "vi" # trailing comment\n',
        "language = 'vi'\n",
        'language = "v\\u0069"\n',
        "language = vi\n",
    ],
)
def test_anything_but_the_plain_form_is_left_to_tomllib(text: str, tmp_path: Path) -> None:
    assert settings._plain_settings(text) is None
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    try:
        expected: object = settings._flattened(tomllib.loads(text))
    except tomllib.TOMLDecodeError:
        expected = settings.SettingsError
    if expected is settings.SettingsError:
        with pytest.raises(settings.SettingsError):
            settings.load(path)
    else:
        assert settings.load(path) == expected


def test_writing_one_key_keeps_the_keys_this_version_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        'future = "kept"\nlanguage = "en"\n\n[user]\nname = "Nguyễn Văn A"\n', encoding="utf-8"
    )
    settings.set_value(path, "language", "vi")
    assert settings.load(path) == {
        "future": "kept",
        "language": "vi",
        "user.name": "Nguyễn Văn A",
    }
    assert settings.unset(path, "language")
    assert settings.load(path) == {"future": "kept", "user.name": "Nguyễn Văn A"}
    assert not settings.unset(path, "language")


def test_a_value_is_checked_before_the_file_is_touched(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('language = "en"\n', encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(InvalidInput, match="vi or en"):
        settings.set_value(path, "language", "fr")
    with pytest.raises(InvalidInput, match="language, database"):
        settings.set_value(path, "colour", "blue")
    assert path.read_bytes() == before


def test_a_broken_file_is_refused_naming_it_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(b"language = \n")
    with pytest.raises(settings.SettingsError, match=str(path)):
        settings.set_value(path, "language", "vi")
    assert path.read_bytes() == b"language = \n"


def test_the_database_setting_is_an_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "settings.toml"
    assert settings.set_value(path, "database", "hop-tac.json") == str(tmp_path / "hop-tac.json")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fast path is Linux's")
@pytest.mark.parametrize("xdg", [None, "", "/tmp/xdg-config-of-a-test"])
def test_the_linux_fast_path_is_where_platformdirs_says(
    xdg: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from platformdirs import user_config_path

    monkeypatch.delenv("TRACKER_CONFIG")
    if xdg is None:
        monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
    expected = user_config_path("coop-tracker", appauthor=False) / "settings.toml"
    assert settings.settings_path(os.environ) == expected


def test_tracker_config_names_the_file(tmp_path: Path) -> None:
    chosen = tmp_path / "elsewhere.toml"
    assert settings.settings_path({"TRACKER_CONFIG": str(chosen)}) == chosen


def test_the_file_as_tracker_writes_it_is_read_without_tomllib() -> None:
    values: dict[str, settings.Value] = {"language": "vi", "user.name": "Nguyễn Văn A"}
    assert settings._plain_settings(settings.to_toml(values)) == values
