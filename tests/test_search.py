"""What a search finds (tracker/domain/search.py): every word, folded, in the task's text."""

from __future__ import annotations

import json

import pytest
from msgspec.structs import replace

from tests.conftest import SAMPLE
from tracker.domain import history
from tracker.domain.model import AREAS, Agency, ChangeStamp, Task
from tracker.domain.search import matching, searchable_texts
from tracker.domain.text import fold, matches
from tracker.interchange.dataset import read_dataset

DATASET = read_dataset(json.loads(SAMPLE.read_text(encoding="utf-8")))
AGENCIES = {agency.code: agency for agency in DATASET.agencies}
TASKS = DATASET.tasks


def fields(task: Task, agencies: dict[str, Agency]) -> list[str]:
    """The searchable text, field by field, as DESIGN.md and the module define it."""
    texts = [task.title, task.description, task.outcome or "", task.area or ""]
    texts.append(AREAS.get(task.area or "", ""))
    for code in (task.lead, *task.partners):
        agency = agencies.get(code)
        texts += [code] if agency is None else [code, agency.name, agency.short]
    texts += [item.text for item in task.history]
    return texts


QUERIES = [
    "ke hoach",
    "KẾ HOẠCH ha noi",
    "dong xuan",
    "tem truy xuat",
    "to cong tac",
    "road links",
    "so kh&dt",
    "tn-khdt",
    "2020–2025",
    "ga",
    "x y z",
    "",
    "   ",
]


@pytest.mark.parametrize("query", QUERIES)
def test_matching_finds_the_tasks_holding_every_word_of_the_query(query: str) -> None:
    expected = [task for task in TASKS if matches(query, *fields(task, AGENCIES))]
    assert matching(TASKS, query, AGENCIES) == expected


def test_each_part_of_a_task_is_searched() -> None:
    task = Task(
        id=7,
        uuid="u",
        title="Tiêu đề",
        lead="HN-KHDT",
        partners=("XX-GONE",),  # not in the database any more: its code is still found
        area="infrastructure",
        outcome="Đã ký biên bản",
        description="Mô tả chi tiết",
        history=[history.note("Họp tổ công tác", ChangeStamp(at=TASKS[0].history[0].at))],
    )
    for query in (
        "tieu de",
        "mo ta",
        "bien ban",
        "infrastructure",
        "road links",
        "hn-khdt",
        "ke hoach va dau tu",  # the lead's name
        "xx-gone",
        "to cong tac",
    ):
        assert matching([task], query, AGENCIES) == [task], query
    assert matching([task], "#7", AGENCIES) == []  # the id is not text


def test_searchable_texts_are_folded_and_tasks_sharing_agencies_read_them_alike() -> None:
    first, second = TASKS[0], replace(TASKS[0], title="Khác", id=99)
    one, two = searchable_texts([first, second], AGENCIES)
    assert one == fold(one) and "hop tac ha noi" in one
    assert one.split("\n")[1:] == two.split("\n")[1:]  # only the titles differ
