"""The terminal-UI writer of the concurrent-writers case: N operations through the real app.

    python -m tests.reliability.tui_worker NAME OPS SEED DB LOG GO

Runs the real TrackerApp headless (`App.run_test`) on DB, with the live refresh on, and
carries out each operation the way a user does: select the task, press the key, fill the
dialog, save. The app saves through its own worker; an operation counts as acknowledged
when the app reports it saved (the "Added #12" notification), and as refused when it
reports a failure. Both are seen by listening to the screen's messages, which the app
handles as usual.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList, Select, TextArea
from textual.worker import WorkerCancelled

from tests.reliability.workload import Writer, write_log
from tracker import clock
from tracker.service import Tracker
from tracker.store.database import Database
from tracker.ui.app import TrackerApp, make_app
from tracker.ui.dialogs.close_task import CloseTaskDialog
from tracker.ui.dialogs.note import NoteDialog
from tracker.ui.dialogs.reason import ReasonDialog
from tracker.ui.dialogs.set_status import SetStatusDialog
from tracker.ui.dialogs.task_form import TaskFormDialog
from tracker.ui.screens.main import MainScreen
from tracker.ui.widgets.agency_picker import AgencyPicker
from tracker.ui.widgets.task_table import TaskTable

Outcome = tuple[str, int | None, str]
OUTCOMES: list[Outcome] = []


def listen() -> None:
    """Note every save the main screen hears about, then let it handle the message as usual."""
    on_done = MainScreen.on_main_screen_write_done
    on_failed = MainScreen.on_main_screen_store_failed

    def write_done(self: MainScreen, message: MainScreen.WriteDone) -> None:
        OUTCOMES.append(("done", message.task_id, message.message))
        on_done(self, message)

    def store_failed(self: MainScreen, message: MainScreen.StoreFailed) -> None:
        OUTCOMES.append(("failed", None, message.message))
        on_failed(self, message)

    # Someone else changed what the operation changes: nothing is written until the user
    # chooses in the conflict dialog, which the worker puts away as it does a refused form.
    on_conflict = MainScreen.on_main_screen_conflict_found

    def conflict_found(self: MainScreen, message: MainScreen.ConflictFound) -> None:
        OUTCOMES.append(("failed", None, str(message.conflict)))
        on_conflict(self, message)

    MainScreen.on_main_screen_write_done = write_done  # type: ignore[method-assign]
    MainScreen.on_main_screen_conflict_found = conflict_found  # type: ignore[method-assign]
    MainScreen.on_main_screen_store_failed = store_failed  # type: ignore[method-assign]


async def until(pilot: Pilot[None], condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the UI never got to: {what}")
        await pilot.pause(0.02)  # wait-ok: poll interval of a wait on state, bounded above


def heard_since(count: int) -> bool:
    return len(OUTCOMES) > count


def main_screen(app: TrackerApp) -> MainScreen:
    screen = app.screen_stack[1]
    assert isinstance(screen, MainScreen)
    return screen


async def select(pilot: Pilot[None], app: TrackerApp, task_id: int) -> None:
    """Put the table's cursor on a task, again if a refresh moved it meanwhile."""
    table = main_screen(app).query_one(TaskTable)
    deadline = time.monotonic() + 60
    while True:
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        if table.select_task(task_id):
            await pilot.pause(0)  # wait-ok: one turn of the event loop; the loop waits on state
            if table.current_task_id == task_id:
                return
        if time.monotonic() > deadline:
            raise TimeoutError(f"the UI never selected #{task_id}")
        await pilot.pause(0.02)  # wait-ok: poll interval of a wait on state, bounded above


class Hands:
    """How the worker works the UI: with keys and clicks like a user (and Pilot's waits for
    the screen to settle after each), or by running the same actions and pressing the same
    buttons directly, which is ten times quicker. Both end in the app's own save path."""

    def __init__(self, pilot: Pilot[None], app: TrackerApp, keys: bool) -> None:
        self.pilot = pilot
        self.app = app
        self.keys = keys

    async def open(self, key: str, action: str, dialog: type[object]) -> None:
        if self.keys:
            await self.pilot.press(key)
        else:
            # Queued to the screen, so the action runs in the app's own context as a key would.
            screen = main_screen(self.app)
            screen.call_later(screen.run_action, action)
        if dialog is not object:
            await until(self.pilot, lambda: isinstance(self.app.screen, dialog), f"{dialog}")
            # Let the dialog finish mounting (it fills its fields) before typing into it.
            await until(self.pilot, lambda: self.app.screen.is_mounted, f"{dialog} mounted")
            await self.pilot.pause(0)  # wait-ok: one turn of the event loop for the values just set

    async def save(self, button: str) -> None:
        await self.pilot.pause(0)  # wait-ok: one turn of the event loop for the values just set
        if self.keys:
            await self.pilot.click(button)
        else:
            self.app.screen.query_one(button, Button).press()


async def carry_out(hands: Hands, record: dict[str, Any]) -> None:
    app, pilot = hands.app, hands.pilot
    op = record["op"]
    if op == "add":
        await hands.open("a", "add_task", TaskFormDialog)
        form = app.screen
        form.query_one("#title", Input).value = record["title"]
        form.query_one("#lead", AgencyPicker).value = record["lead"]
        form.query_one("#partners", AgencyPicker).values = tuple(record["partners"])
        form.query_one("#due", Input).value = record["due"] or ""
        await pilot.pause(0)  # wait-ok: one turn of the event loop for the values just set
        meeting = form.query_one("#meeting", Select).value
        area = form.query_one("#area", Select).value
        record["meeting"] = meeting if isinstance(meeting, str) else None
        record["area"] = area if isinstance(area, str) else None
        await hands.save("#save")
        return
    await select(pilot, app, record["task"])
    if op in ("note", "shared_note"):
        await hands.open("n", "add_note", NoteDialog)
        app.screen.query_one("#note-text", TextArea).text = record["text"]
        await hands.save("#note-save")
    elif op == "retitle":
        await hands.open("e", "edit_task", TaskFormDialog)
        app.screen.query_one("#title", Input).value = record["title"]
        await hands.save("#save")
    elif op == "due":
        await hands.open("e", "edit_task", TaskFormDialog)
        app.screen.query_one("#due", Input).value = record["due"]
        await hands.save("#save")
    elif op == "status":
        await hands.open("s", "set_status", SetStatusDialog)
        options = app.screen.query_one(OptionList)
        options.highlighted = options.get_option_index(record["status"])
        await pilot.pause(0)  # wait-ok: one turn of the event loop for the values just set
        if hands.keys:
            await pilot.press("enter")
        else:
            options.action_select()
    elif op == "close":
        await hands.open("c", "close_task", CloseTaskDialog)
        app.screen.query_one("#close-outcome", Input).value = record["outcome"]
        await hands.save("#close-save")
    elif op == "reopen":
        await hands.open("o", "reopen_task", ReasonDialog)
        app.screen.query_one("#reason-text", Input).value = record["note"]
        await hands.save("#reason-save")
    else:
        raise ValueError(op)


async def drive(app: TrackerApp, writer: Writer, ops: int, log: Path, go: Path) -> None:
    async with app.run_test(size=(100, 24)) as pilot:
        screen = main_screen(app)
        await until(pilot, lambda: screen.board is not None, "the first screen with data")
        Path(f"{go}.ready").write_text("ready")
        deadline = time.monotonic() + 120
        while not go.exists():
            assert time.monotonic() < deadline, "never told to start"
            await asyncio.sleep(0.01)  # wait-ok: poll interval of a wait for the go file
        for number in range(ops):
            record = writer.next_operation(number)
            if record["op"] == "due":
                record["op"] = "note"  # the form's due field is covered by the UI tests
                record["text"] = f"{writer.name}-{number} tiến độ"
            heard = len(OUTCOMES)
            started = time.monotonic()
            # One operation in ten is typed and clicked exactly as a user would.
            hands = Hands(pilot, app, keys=number % 10 == 0)
            record["keys"] = hands.keys
            await carry_out(hands, record)
            await until(pilot, partial(heard_since, heard), f"the save of {record}")
            kind, task_id, message = OUTCOMES[heard]
            record.update(
                acknowledged=kind == "done",
                message=message,
                seconds=round(time.monotonic() - started, 3),
            )
            if kind == "done" and record["op"] == "add":
                record["task"] = task_id
            if kind == "done":
                writer.acknowledged(record)
            else:
                # A refused form comes back with what was typed: put it away.
                await pilot.pause()
                while app.screen is not screen:
                    app.pop_screen()
                    await pilot.pause()
            write_log(log, record)
            await until(pilot, lambda: app.screen is screen, "back on the main screen")
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()


def main() -> None:
    name, ops, seed, db, log, go = sys.argv[1:]
    listen()
    tracker = Tracker(Database(Path(db)), clock.today())
    app = make_app(tracker, sample=None, watch_interval=0.3)
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    writer = Writer(name, random.Random(int(seed)))
    asyncio.run(drive(app, writer, int(ops), Path(log), Path(go)))


if __name__ == "__main__":
    main()
