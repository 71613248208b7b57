"""Sub-tasks: which task may be part of which, and what a parent's sub-tasks allow.

Pure rules over a `lookup` (a task by its local id, or None) that the service gives: they
follow `parent` links upwards and `subtasks` links downwards one task at a time, so a
check reads the few tasks of one tree, never every task (`close` stays fast at 100,000).

A deleted sub-task stays in its parent's `subtasks` (restoring it needs no repair), but it
is not shown, counted, closed with its parent, nor does it keep the parent open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from tracker.domain.errors import InvalidInput, RequestRefused
from tracker.domain.model import TaskSummary
from tracker.i18n import _

T = TypeVar("T", bound=TaskSummary)
T_item = TypeVar("T_item")


def task_refs(ids: Iterable[int]) -> str:
    """Task ids as a reader sees them in a sentence: "#4, #6"."""
    return ", ".join(f"#{task_id}" for task_id in ids)


def check_parent(child_id: int | None, parent_id: int, lookup: Callable[[int], T | None]) -> T:
    """The task `parent_id` names, if task `child_id` (None for a new task) may be part of it.

    InvalidInput for no such task, the task itself, or one of its own sub-tasks (at any
    depth: the chain is named); RequestRefused for a deleted or closed parent.
    """
    parent = lookup(parent_id)
    if parent is None:
        raise InvalidInput(_("--parent: no task #{id}: see `tracker list`").format(id=parent_id))
    if parent_id == child_id:
        raise InvalidInput(_("task #{id} cannot be part of itself").format(id=parent_id))
    if parent.deleted_on is not None:
        raise RequestRefused(
            _("task #{id} is deleted: restore it first to give it sub-tasks").format(id=parent_id)
        )
    if parent.is_closed:
        raise RequestRefused(
            _("task #{id} is {status}: reopen #{id} first to give it sub-tasks").format(
                id=parent_id, status=parent.status.label
            )
        )
    if child_id is not None:
        chain = ancestors(parent, lookup)
        if child_id in chain:
            # The chain from the would-be parent up to the child, then back down to it.
            path = [parent_id, *chain[: chain.index(child_id) + 1]]
            raise InvalidInput(
                _(
                    "task #{id} cannot be part of #{parent}: #{parent} is already part of "
                    "#{id} ({chain})"
                ).format(
                    id=child_id,
                    parent=parent_id,
                    chain=" → ".join(f"#{step}" for step in path),
                )
            )
    return parent


def ancestors(task: TaskSummary, lookup: Callable[[int], TaskSummary | None]) -> list[int]:
    """The ids of the task's parent, its parent's parent, and so on up to a top-level task.

    A stored loop (a damaged file) ends the walk where it comes round, instead of looping.
    """
    chain: list[int] = []
    step = task.parent
    while step is not None and step not in chain and step != task.id:
        chain.append(step)
        above = lookup(step)
        step = above.parent if above is not None else None
    return chain


def live_subtasks(task: TaskSummary, lookup: Callable[[int], T | None]) -> list[T]:
    """The task's sub-tasks that are not deleted, in the order they were added."""
    children = (lookup(child) for child in task.subtasks)
    return [child for child in children if child is not None and child.deleted_on is None]


def open_descendants(task: TaskSummary, lookup: Callable[[int], T | None]) -> list[T]:
    """Every open sub-task of the task, at any depth, parents before their own sub-tasks."""
    return [child for child in descendants(task, lookup) if not child.is_closed]


def descendants(task: TaskSummary, lookup: Callable[[int], T | None]) -> list[T]:
    """Every live sub-task of the task at any depth, parents before their own sub-tasks."""
    found: list[T] = []
    seen = {task.id}
    pending = [task]
    while pending:
        for child in live_subtasks(pending.pop(0), lookup):
            if child.id not in seen:  # a damaged file's loop is followed once
                seen.add(child.id)
                found.append(child)
                pending.append(child)
    return found


def refuse_open_subtasks(task: TaskSummary, open_ones: Sequence[TaskSummary]) -> None:
    """RequestRefused naming the open sub-tasks that keep `task` from being closed."""
    if open_ones:
        raise RequestRefused(
            _(
                "task #{id} has open sub-tasks {ids}: close them first or use --with-subtasks"
            ).format(id=task.id, ids=task_refs(child.id for child in open_ones))
        )


def refuse_cancelling(task: TaskSummary, open_ones: Sequence[TaskSummary]) -> None:
    """RequestRefused naming the open sub-tasks that keep `task` from being cancelled."""
    if open_ones:
        raise RequestRefused(
            _("task #{id} has open sub-tasks {ids}: close or cancel them first").format(
                id=task.id, ids=task_refs(child.id for child in open_ones)
            )
        )


def refuse_deleting(task: TaskSummary, lookup: Callable[[int], TaskSummary | None]) -> None:
    """RequestRefused if the task has sub-tasks that are not deleted: they would be left
    part of a task nobody sees."""
    children = live_subtasks(task, lookup)
    if children:
        raise RequestRefused(
            _(
                "task #{id} has sub-tasks {ids}: delete them or move them "
                "(`tracker update ID --no-parent`) first"
            ).format(id=task.id, ids=task_refs(child.id for child in children))
        )


def refuse_open_under_closed(
    task: TaskSummary, lookup: Callable[[int], TaskSummary | None]
) -> None:
    """RequestRefused if the task would become open again under a closed parent (reopening
    it, restoring it): a closed parent has no open sub-tasks."""
    if task.parent is None:
        return
    parent = lookup(task.parent)
    if parent is not None and parent.deleted_on is None and parent.is_closed:
        raise RequestRefused(
            _("task #{id} is part of #{parent}, which is {status}: reopen #{parent} first").format(
                id=task.id, parent=parent.id, status=parent.status.label
            )
        )


def adopt(parent: TaskSummary, child_id: int) -> bool:
    """Give `parent` the reverse link to its sub-task `child_id`; False if it had it (the
    caller then has nothing to save)."""
    if child_id in parent.subtasks:
        return False
    parent.subtasks = (*parent.subtasks, child_id)
    return True


def without(ids: tuple[int, ...], task_id: int) -> tuple[int, ...]:
    """`ids` less `task_id`."""
    return tuple(child for child in ids if child != task_id)


def tree_order(
    items: Sequence[T_item], task_of: Callable[[T_item], TaskSummary]
) -> list[tuple[T_item, str]] | None:
    """The listed `items` with each sub-task right under its parent when both are listed,
    each with the tree mark before its title ("" for a task whose parent is not listed: it
    shows flat); None when no listed task has its parent listed, the common case, found in
    one quick pass. Tasks keep their given order among their siblings."""
    tasks = [task_of(item) for item in items]
    parents = {task.parent for task in tasks if task.parent is not None}
    if not parents:
        return None
    listed = parents.intersection(task.id for task in tasks)
    if not listed:
        return None
    children: dict[int, list[int]] = {}
    roots: list[int] = []
    for index, task in enumerate(tasks):
        if task.parent in listed and task.parent != task.id:
            children.setdefault(task.parent, []).append(index)
        else:
            roots.append(index)
    ordered: list[tuple[T_item, str]] = []
    placed = [False] * len(tasks)
    for root in (*roots, *range(len(tasks))):  # then tasks of a stored loop, flat
        if placed[root]:
            continue
        # Depth first, by hand: (index, depth, last) still to place, the next on top.
        pending = [(root, 0, True)]
        while pending:
            index, depth, last = pending.pop()
            if placed[index]:
                continue
            placed[index] = True
            ordered.append((items[index], tree_mark(depth, last)))
            below = [child for child in children.get(tasks[index].id, ()) if not placed[child]]
            for number in reversed(range(len(below))):
                pending.append((below[number], depth + 1, number == len(below) - 1))
    return ordered


def tree_mark(depth: int, last: bool) -> str:
    """The mark before a listed sub-task's title: indented by its depth, "└─ " for the last
    of its parent's sub-tasks, "├─ " for the others; nothing for a top-level task."""
    if depth == 0:
        return ""
    return "   " * (depth - 1) + ("└─ " if last else "├─ ")
