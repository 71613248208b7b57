"""A task named by its id or by the start of its uuid: `show 12`, `show #12`, `show 3f2a9c`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CliRunner
from tests.server import state_of
from tracker.domain.task_refs import task_number, uuid_prefix, uuids_starting

# The sample's sub-tasks #26-#28 share the first 31 hex digits of their uuids.
SUBTASK_UUIDS = [f"5d0c2b1e-8f3a-4c6d-9e2b-1a7f4c3d2e0{n}" for n in (1, 2, 3)]


def uuid_of(tracker: CliRunner, task_id: int) -> str:
    shown = tracker("show", str(task_id), "--format", "json")
    uuid: str = json.loads(shown.stdout)["uuid"]
    return uuid


@pytest.mark.parametrize(
    "ref",
    [
        "12",
        "#12",
        " 12 ",
        "57c6cef9",
        "57C6CEF9",
        "57c6",
        "57c6cef9-",
    ],
)
def test_show_takes_an_id_or_the_start_of_a_uuid(
    sample_store: Path | str, store_tracker: CliRunner, ref: str
) -> None:
    assert uuid_of(store_tracker, 12).startswith("57c6cef9")
    shown = store_tracker("show", ref, "--format", "json")
    assert shown.code == 0, shown.stderr
    assert json.loads(shown.stdout)["id"] == 12


def test_a_whole_uuid_any_case_with_or_without_hyphens(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    uuid = SUBTASK_UUIDS[1]
    for ref in (uuid, uuid.upper(), uuid.replace("-", "")):
        shown = store_tracker("show", ref)
        assert shown.code == 0, shown.stderr
        assert shown.stdout.startswith("#27 ")


def test_a_start_several_tasks_share_asks_for_more_digits(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    before = state_of(sample_store)
    for command in (("show",), ("close",), ("update", "--note", "x")):
        done = store_tracker(command[0], SUBTASK_UUIDS[0][:-1], *command[1:])
        assert done.code == 2
        assert done.stderr == (
            "tracker: error: 3 tasks have a uuid starting with 5d0c2b1e-8f3a-4c6d-9e2b-1a7f4c3d2e0:"
            " give more of its digits\n"
        )
    assert state_of(sample_store) == before


def test_a_start_no_task_has_is_like_an_unknown_id(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    before = state_of(sample_store)
    done = store_tracker("show", "ffff0000")
    assert done.code == 1
    assert done.stderr.startswith("tracker: error: no task has a uuid starting with ffff0000")
    assert len(done.stderr.splitlines()) == 1
    assert store_tracker("show", "999").code == 1
    assert state_of(sample_store) == before


@pytest.mark.parametrize("ref", ["abc", "zz12", "3f2a!", "#3f2a", "0", "1234567890123"])
def test_neither_an_id_nor_a_uuid_start_is_bad_input(
    sample_store: Path | str, store_tracker: CliRunner, ref: str
) -> None:
    before = state_of(sample_store)
    done = store_tracker("show", ref)
    assert done.code == 2
    assert f"{ref!r} is not a task id" in done.stderr
    assert state_of(sample_store) == before


def test_digits_always_mean_a_local_id(sample_store: Path | str, store_tracker: CliRunner) -> None:
    # "1234" could start a uuid, but a script that passes the id `add` printed means #1234.
    done = store_tracker("show", "1234")
    assert done.code == 1
    assert "no task #1234" in done.stderr


def test_commands_that_take_one_id_take_a_uuid_start_too(
    sample_store: Path | str, store_tracker: CliRunner
) -> None:
    start = uuid_of(store_tracker, 21)[:8]
    assert store_tracker("update", start, "--note", "Đã lên sàn").stdout.startswith("#21 ")
    assert store_tracker("extend", start, "--to", "30/9/2027", "--reason", "Chờ").code == 0
    assert store_tracker("close", start, uuid_of(store_tracker, 20)[:6]).code == 0
    assert store_tracker("reopen", start).stdout.startswith("#21 reopened")
    assert store_tracker("delete", start, "--reason", "Nhập trùng").stdout == "#21 deleted\n"
    # A deleted task is found too: it is still in the file.
    assert store_tracker("show", start).stdout.startswith("#21 ")
    assert store_tracker("restore", start).stdout == "#21 restored\n"


def test_the_pure_rules() -> None:
    assert task_number("#12") == 12
    assert task_number("3f2a") is None
    assert uuid_prefix("3F2A-9C") == "3f2a9c"
    assert uuid_prefix("12") is None
    assert uuid_prefix("3f2") is None
    assert uuids_starting("5d0c2b1e8f3a4c6d9e2b1a7f4c3d2e02", SUBTASK_UUIDS) == [SUBTASK_UUIDS[1]]
    assert uuids_starting("5d0c", SUBTASK_UUIDS) == SUBTASK_UUIDS
