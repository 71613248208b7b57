"""Sub-task rules over a real database file: random parent moves never make a cycle, and
each parent's `subtasks` always mirrors its children's `parent`."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.errors import TrackerError
from tracker.domain.model import Agency, Task
from tracker.domain.subtasks import ancestors, tree_mark, tree_order
from tracker.service import NewTask, TaskChanges, Tracker

TODAY = date(2026, 11, 27)

# A move: (the task to change, its new parent or None for --no-parent), ids from 1 to 6.
moves = st.lists(st.tuples(st.integers(1, 6), st.one_of(st.none(), st.integers(1, 6))), max_size=14)
# Each task's parent when added: None, or an earlier task (by offset back from it).
shapes = st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=6, max_size=6)


def stored_tasks(tracker: Tracker) -> dict[int, Task]:
    with tracker.database.reading() as snapshot:
        return {task.id: task for task in snapshot.tasks(include_deleted=True)}


def check_links(tasks: dict[int, Task]) -> None:
    """No task is its own ancestor; `subtasks` lists exactly the tasks naming it parent."""
    for task in tasks.values():
        chain = ancestors(task, tasks.get)
        assert task.id not in chain
        assert len(chain) == len(set(chain))
        if task.parent is not None:
            assert chain[0] == task.parent
        children = sorted(other.id for other in tasks.values() if other.parent == task.id)
        assert sorted(task.subtasks) == children, (task.id, task.subtasks, children)
        assert len(task.subtasks) == len(set(task.subtasks))


@settings(max_examples=40, deadline=None)
@given(shapes, moves)
def test_random_parent_moves_never_make_a_cycle_and_keep_the_links_mirrored(
    shape: list[int | None], steps: list[tuple[int, int | None]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tracker = Tracker.open(Path(folder) / "tracker.json", today=TODAY)
        tracker.add_agency(Agency("HN-KHDT", "Sở Kế hoạch và Đầu tư Hà Nội"))
        for number, back in enumerate(shape, start=1):
            parent = number - back if back is not None and number - back >= 1 else None
            tracker.add_task(NewTask(title=f"Nhiệm vụ {number}", lead="HN-KHDT", parent=parent))
        check_links(stored_tasks(tracker))
        for task_id, parent in steps:
            before = stored_tasks(tracker)
            would_cycle = parent is not None and (
                parent == task_id or task_id in ancestors(before[parent], before.get)
            )
            try:
                tracker.update_task(task_id, TaskChanges(parent=parent))
            except TrackerError:
                # Refused: a cycle, or nothing to change; the file is as it was.
                assert would_cycle or before[task_id].parent == parent
                assert stored_tasks(tracker) == before
            else:
                assert not would_cycle
                assert stored_tasks(tracker)[task_id].parent == parent
            check_links(stored_tasks(tracker))


def test_tree_order_puts_sub_tasks_under_listed_parents_only() -> None:
    def task(task_id: int, parent: int | None = None) -> Task:
        return Task(id=task_id, uuid=str(task_id), title="t", lead="X", parent=parent)

    tasks = [task(1), task(2, 1), task(3, 9), task(4, 1), task(5, 4), task(6)]
    ordered = tree_order(tasks, lambda item: item)
    assert ordered is not None
    assert [(item.id, mark) for item, mark in ordered] == [
        (1, ""),
        (2, "├─ "),
        (4, "└─ "),
        (5, "   └─ "),
        (3, ""),  # its parent #9 is not listed: flat, in its place
        (6, ""),
    ]
    assert tree_order([task(1), task(3, 9)], lambda item: item) is None
    assert tree_mark(2, False) == "   ├─ "
