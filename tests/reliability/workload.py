"""The mixed operations of the concurrent-writers case, and what the file must hold afterwards.

Each writer (four command-line processes and the terminal UI) adds its own tasks and
then updates, notes, closes and reopens them; all of them also add notes to the same few
shared tasks, so that they fight over one record. Every operation carries a marker text
unique to its writer and number, so the final file can be checked operation by
operation: each acknowledged one is there exactly once, each refused one is not.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

# Tasks of the sample conference that every writer notes on.
SHARED_TASKS = (1, 2, 3)
LEADS = ("HN-KHDT", "TN-KHDT", "HN-CT", "TN-CT", "HN-DL")
PARTNERS = ("HN-NNPTNT", "TN-NNPTNT", "HN-GTVT")
# Settable from the command line and the UI without closing the task.
WORKING_STATUSES = ("open", "in_progress", "blocked")
# A little of everything a user pastes: diacritics, quotes, shell and JSON characters.
SPICE = (
    "Kết nối tiêu thụ chè Tân Cương",
    'dấu "ngoặc kép" và \\ gạch',
    "$(echo nope); `id` | & > <",
    '{"json": [1, 2]}',
    "Đồng Xuân ‏עברית‏ 漢字 🍵",
    "  nhiều   khoảng   trắng  ",
)


@dataclass
class OwnTask:
    """What a writer knows about a task it added (only it changes that task)."""

    id: int
    status: str = "open"
    before_close: str = "open"  # what a reopening returns it to (issue 12)

    @property
    def closed(self) -> bool:
        return self.status in ("done", "cancelled")


@dataclass
class Writer:
    """One writer's choice of operations, from a seeded random generator."""

    name: str
    rng: random.Random
    own: dict[int, OwnTask] = field(default_factory=dict)

    def next_operation(self, number: int) -> dict[str, Any]:
        """The next operation as a record; the caller carries it out and adds the outcome."""
        marker = f"{self.name}-{number}"
        choices: list[tuple[str, int]] = [("add", 25), ("shared_note", 12)]
        if self.own:
            choices += [("note", 15), ("retitle", 8)]
        if any(not task.closed for task in self.own.values()):
            # A closed task keeps its deadline and status until it is reopened.
            choices += [("due", 6), ("status", 8), ("close", 16)]
        if any(task.closed for task in self.own.values()):
            choices += [("reopen", 12)]
        names, weights = zip(*choices, strict=True)
        op = self.rng.choices(names, weights)[0]
        record: dict[str, Any] = {"writer": self.name, "n": number, "op": op}
        if op == "add":
            record["title"] = f"{marker} {self.rng.choice(SPICE)}"
            record["lead"] = self.rng.choice(LEADS)
            record["partners"] = self.rng.sample(PARTNERS, self.rng.randint(0, 2))
            record["due"] = self._day() if self.rng.random() < 0.7 else None
        elif op == "shared_note":
            record["task"] = self.rng.choice(SHARED_TASKS)
            record["text"] = f"{marker} góp ý chung"
        else:
            open_ones = [t for t in self.own.values() if not t.closed]
            closed_ones = [t for t in self.own.values() if t.closed]
            pool = {
                "close": open_ones,
                "status": open_ones,
                "due": open_ones,
                "reopen": closed_ones,
            }.get(op, list(self.own.values()))
            task = self.rng.choice(pool)
            record["task"] = task.id
            if op == "note":
                record["text"] = f"{marker} tiến độ {self.rng.choice(SPICE)}".strip()
            elif op == "retitle":
                record["title"] = f"{marker} đổi tên"
            elif op == "due":
                record["due"] = self._day()
            elif op == "status":
                record["status"] = self.rng.choice(
                    [s for s in WORKING_STATUSES if s != task.status]
                )
            elif op == "close":
                record["outcome"] = f"{marker} xong"
            elif op == "reopen":
                record["note"] = f"{marker} mở lại"
        return record

    def acknowledged(self, record: dict[str, Any]) -> None:
        """Follow an operation the tracker confirmed."""
        op = record["op"]
        if op == "add":
            self.own[record["task"]] = OwnTask(record["task"])
        elif op == "status":
            self.own[record["task"]].status = record["status"]
        elif op == "close":
            task = self.own[record["task"]]
            task.before_close, task.status = task.status, "done"
        elif op == "reopen":
            task = self.own[record["task"]]
            task.status = task.before_close

    def _day(self) -> str:
        return date.fromordinal(
            date(2026, 1, 1).toordinal() + self.rng.randint(0, 1000)
        ).isoformat()


def cli_arguments(record: dict[str, Any]) -> list[str]:
    """The `tracker` arguments that carry out an operation record."""
    op = record["op"]
    if op == "add":
        args = ["add", record["title"], "--lead", record["lead"]]
        for partner in record["partners"]:
            args += ["--partner", partner]
        if record["due"]:
            args += ["--due", record["due"]]
        return args
    task = str(record["task"])
    if op in ("note", "shared_note"):
        return ["update", task, "--note", record["text"]]
    if op == "retitle":
        return ["update", task, "--title", record["title"]]
    if op == "due":
        return ["update", task, "--due", record["due"]]
    if op == "status":
        return ["update", task, "--status", record["status"]]
    if op == "close":
        return ["close", task, "--outcome", record["outcome"]]
    if op == "reopen":
        return ["reopen", task, "--note", record["note"]]
    raise ValueError(op)


def write_log(path: Path, record: dict[str, Any]) -> None:
    with open(path, "a", encoding="utf-8") as stream:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_log(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- what the file must hold ----------------------------------------------------------


@dataclass
class ExpectedTask:
    title: str
    lead: str
    partners: list[str]
    due: str | None
    status: str = "open"
    closed_on: str | None = None
    outcome: str | None = None
    notes: list[str] = field(default_factory=list)
    history_length: int = 0
    meeting: str | None = None
    area: str | None = None
    before_close: str = "open"

    def seen(self) -> tuple[Any, ...]:
        """What a writer's acknowledged operations should have left: `stored_view`'s shape."""
        return (
            self.title,
            self.lead,
            self.partners,
            self.due,
            self.status,
            self.closed_on,
            self.outcome,
            self.notes,
            self.history_length,
        )


def stored_view(task: dict[str, Any]) -> tuple[Any, ...]:
    """A stored task document as `ExpectedTask.seen` describes it, to compare the two."""
    notes = [event["text"] for event in task["history"] if event["kind"] == "note"]
    return (
        task["title"],
        task["lead"],
        task["partners"],
        task["due"],
        task["status"],
        task["closed_on"],
        task["outcome"],
        notes,
        len(task["history"]),
    )


def folded(text: str) -> str:
    """A one-line field as the tracker stores it: whitespace runs become one space."""
    return " ".join(text.split())


def expected_tasks(records: list[dict[str, Any]], today: date) -> dict[int, ExpectedTask]:
    """Replay the acknowledged operations on the tasks the writers added."""
    tasks: dict[int, ExpectedTask] = {}
    for record in records:
        if not record["acknowledged"] or record["op"] == "shared_note":
            continue
        op = record["op"]
        if op == "add":
            tasks[record["task"]] = ExpectedTask(
                title=folded(record["title"]),
                lead=record["lead"],
                partners=list(record["partners"]),
                due=record["due"],
                meeting=record.get("meeting"),
                area=record.get("area"),
                history_length=1,  # its "created" event
            )
            continue
        task = tasks[record["task"]]
        task.history_length += 1
        if op == "note":
            task.notes.append(record["text"].strip())
        elif op == "retitle":
            task.title = folded(record["title"])
        elif op == "due":
            task.due = record["due"]
        elif op == "status":
            task.status = record["status"]
        elif op == "close":
            task.before_close, task.status = task.status, "done"
            task.closed_on = today.isoformat()
            task.outcome = record["outcome"]
        elif op == "reopen":
            # Back to the status before closing; the outcome stays in the closed event.
            task.status = task.before_close
            task.closed_on = None
            task.outcome = None
    return tasks
