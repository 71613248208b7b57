"""Two machines on one server, simulated on loopback: each change shows in the other's UI.

Every test here runs the real app against a real database on the test server
(tests/server.py): the CLI as a real process, a second app or tracker as another
machine's, and the server's own ways of losing a connection (an ended session, a
database that refuses connections, a restart of the whole server).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea

from tests.conftest import SAMPLE, TODAY, run_tracker
from tests.movable_clock import StoppedClockTracker
from tests.server import admin_connection
from tests.ui.conftest import settle, steady_cursor, wait_for
from tracker import i18n, settings
from tracker.domain.model import Status
from tracker.service import TaskChanges, Tracker, load_interchange_file
from tracker.ui.app import TrackerApp, make_app
from tracker.ui.dialogs.conflict import ConflictDialog
from tracker.ui.dialogs.note import NoteDialog
from tracker.ui.dialogs.set_status import SetStatusDialog
from tracker.ui.dialogs.task_form import TaskFormDialog
from tracker.ui.screens.main import MainScreen
from tracker.ui.widgets.task_table import TaskTable

ServerApp = Callable[..., TrackerApp]
UNREACHABLE = "server unreachable, reconnecting…"
# The listener's application_name (tracker/store/server/watch.py), written out so that
# collecting these tests never imports psycopg (skipped loudly when it is missing).
APPLICATION = "tracker watch"


@pytest.fixture
def server_app(
    server_db: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ServerApp]:
    """Build apps over one server database holding the sample, as on two machines."""
    monkeypatch.chdir(tmp_path)
    seed = Tracker.open(server_db, today=TODAY)
    seed.import_data(load_interchange_file(SAMPLE))
    seed.database.close()  # type: ignore[attr-defined]
    trackers: list[Tracker] = []

    def build(lang: str | None = None, tracker: type[Tracker] = StoppedClockTracker) -> TrackerApp:
        lang = lang or i18n.language()
        i18n.use(lang)
        settings.set_value(settings.settings_path(), "language", lang)
        trackers.append(tracker.open(server_db, today=TODAY))
        # Any interval above 0 turns the watch on; on a server it listens instead of polling.
        return make_app(trackers[-1], sample=SAMPLE, watch_interval=1.0)

    yield build
    for opened in trackers:
        opened.database.close()  # type: ignore[attr-defined]


def main_screen(app: Any) -> MainScreen:
    screen = app.screen_stack[1]
    assert isinstance(screen, MainScreen)
    return screen


def status_of(screen: MainScreen, task_id: int) -> Status | None:
    row = screen.board.row(task_id) if screen.board else None
    return row.task.status if row else None


def due_of(screen: MainScreen, task_id: int) -> date | None:
    row = screen.board.row(task_id) if screen.board else None
    return row.task.due if row else None


async def open_form(pilot: Pilot[None], task_id: int) -> None:
    """Select `task_id` and open its edit form."""
    await settle(pilot)
    main_screen(pilot.app).query_one(TaskTable).select_task(task_id)
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TaskFormDialog), "the form")


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[-1].split("?")[0]


def listeners(url: str) -> list[int]:
    """The server sessions of the apps listening on `url`'s database."""
    with admin_connection() as conn:  # type: ignore[attr-defined]
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
            (database_name(url), APPLICATION),
        ).fetchall()
    return sorted(pid for (pid,) in rows)


def end_listeners(url: str) -> list[int]:
    """End the listeners' sessions, as an administrator or a failing network would."""
    pids = listeners(url)
    with admin_connection() as conn:  # type: ignore[attr-defined]
        for pid in pids:
            conn.execute("SELECT pg_terminate_backend(%s)", (pid,))
    return pids


def shut_out(url: str) -> None:
    """Make `url`'s database refuse every connection and end those it had: to the apps the
    server is out of reach."""
    name = database_name(url)
    with admin_connection() as conn:  # type: ignore[attr-defined]
        conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )


def let_in(url: str) -> None:
    with admin_connection() as conn:  # type: ignore[attr-defined]
        conn.execute(f'ALTER DATABASE "{database_name(url)}" ALLOW_CONNECTIONS true')


def header(screen: MainScreen) -> str:
    return str(screen.sub_title)


async def test_a_close_from_the_command_line_shows_in_the_open_app(
    server_app: ServerApp, server_db: str
) -> None:
    app = server_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.query_one(TaskTable).select_task(5)
        await wait_for(pilot, lambda: listeners(server_db) != [], "the app listening")
        result = run_tracker(server_db, "close", "9", "--outcome", "Đã ký biên bản")
        assert result.code == 0, result.stderr
        await wait_for(
            pilot, lambda: status_of(screen, 9) is Status.DONE, "the close in the open app"
        )
        assert screen.query_one(TaskTable).current_task_id == 5  # the selection stays
        added = run_tracker(server_db, "add", "Việc từ máy khác", "--lead", "TN-KHDT")
        new_id = int(added.stdout)
        await wait_for(pilot, lambda: status_of(screen, new_id) is Status.OPEN, "the new task")
        assert UNREACHABLE not in header(screen)


async def test_two_apps_on_one_server_see_each_others_changes(server_app: ServerApp) -> None:
    first, second = server_app(), server_app()
    async with first.run_test(size=(120, 36)) as one, second.run_test(size=(120, 36)) as two:
        await settle(one)
        await settle(two)
        mine, theirs = main_screen(first), main_screen(second)

        # A note written in the first app shows in the second.
        mine.query_one(TaskTable).select_task(3)
        await one.press("n")
        await wait_for(one, lambda: isinstance(first.screen, NoteDialog), "the note dialog")
        first.screen.query_one("#note-text", TextArea).text = "Ghi chú từ máy thứ nhất"
        await one.click("#note-save")

        def noted(screen: MainScreen) -> bool:
            row = screen.board.row(3) if screen.board else None
            return row is not None and row.task.history[-1].text == "Ghi chú từ máy thứ nhất"

        await wait_for(two, lambda: noted(theirs), "the first app's note in the second")

        # And a status set in the second shows in the first.
        theirs.query_one(TaskTable).select_task(18)
        await two.press("s")
        await wait_for(two, lambda: isinstance(second.screen, SetStatusDialog), "the statuses")
        options = second.screen.query_one(OptionList)
        options.highlighted = options.get_option_index(Status.IN_PROGRESS.value)
        await two.press("enter")
        await wait_for(
            one,
            lambda: status_of(mine, 18) is Status.IN_PROGRESS,
            "the second app's status in the first",
        )


async def test_the_revision_check_holds_between_two_machines(server_app: ServerApp) -> None:
    """Both open #2's form; one saves a deadline; the other's different deadline asks."""
    first, second = server_app(), server_app()
    async with first.run_test(size=(120, 36)) as one, second.run_test(size=(120, 36)) as two:
        for pilot in (one, two):
            await open_form(pilot, 2)

        second.screen.query_one("#due", Input).value = "31/12/2026"
        await two.pause()
        await two.press("ctrl+s")
        await wait_for(
            one,
            lambda: due_of(main_screen(first), 2) == date(2026, 12, 31),
            "the first machine's board reloaded under its form",
        )
        assert isinstance(first.screen, TaskFormDialog)  # the form stays open meanwhile

        first.screen.query_one("#due", Input).value = "30/6/2027"
        await one.pause()
        await one.press("ctrl+s")
        await wait_for(one, lambda: isinstance(first.screen, ConflictDialog), "the conflict dialog")
        dialog = first.screen
        assert isinstance(dialog, ConflictDialog)
        assert [row.field for row in dialog.rows] == ["due"]
        await one.press("ctrl+s")  # theirs is chosen until the user picks otherwise
        await wait_for(one, lambda: isinstance(first.screen, MainScreen), "the main screen")
        await settle(one)
        task = main_screen(first).tracker.task_details(2).task
        assert task.due == date(2026, 12, 31)


async def test_an_ended_listener_session_reconnects_and_hears_what_it_missed(
    server_app: ServerApp, server_db: str
) -> None:
    app = server_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await wait_for(pilot, lambda: listeners(server_db) != [], "the app listening")
        ended = end_listeners(server_db)
        # Written while the listener may be away: read again on its return.
        Tracker.open(server_db, today=TODAY).update_task(20, TaskChanges(status=Status.BLOCKED))
        await wait_for(
            pilot,
            lambda: listeners(server_db) not in ([], ended),
            "a new listener session",
        )
        await wait_for(pilot, lambda: status_of(screen, 20) is Status.BLOCKED, "the missed write")
        await wait_for(pilot, lambda: UNREACHABLE not in header(screen), "the header back")
        assert run_tracker(server_db, "close", "22").code == 0
        await wait_for(pilot, lambda: status_of(screen, 22) is Status.DONE, "a write after it")


async def test_the_header_says_while_the_server_is_out_of_reach(
    server_app: ServerApp, server_db: str
) -> None:
    app = server_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        normal = header(screen)
        await wait_for(pilot, lambda: listeners(server_db) != [], "the app listening")
        shut_out(server_db)
        try:
            await wait_for(pilot, lambda: UNREACHABLE in header(screen), "the header saying so")
            assert header(screen) == f"{UNREACHABLE} · {normal}"
            # A change tried meanwhile fails with the one line of any failed save.
            screen.query_one(TaskTable).select_task(3)
            await pilot.press("n")
            await wait_for(pilot, lambda: isinstance(app.screen, NoteDialog), "the note dialog")
            app.screen.query_one("#note-text", TextArea).text = "Ghi khi mất kết nối"
            await pilot.click("#note-save")
            await wait_for(pilot, lambda: _said(app, "cannot connect to"), "the failure said")
            (failure,) = [n.message for n in app._notifications if "cannot connect" in n.message]
            assert "\n" not in failure and "not currently accepting connections" in failure
            screen.load_board()  # and a read
            await settle(pilot)
            assert app.is_running and screen.board is not None and screen.board.rows
        finally:
            let_in(server_db)
        await wait_for(pilot, lambda: header(screen) == normal, "the header back to normal")
        assert run_tracker(server_db, "close", "9").code == 0
        await wait_for(pilot, lambda: status_of(screen, 9) is Status.DONE, "a change after it")


def _said(app: TrackerApp, words: str) -> bool:
    return any(words in notification.message for notification in app._notifications)


def _cluster() -> list[str] | None:
    """The test server's version and cluster name for pg_ctlcluster (pg_virtualenv's), or
    None when the server is not one pg_ctlcluster can restart."""
    if not shutil.which("pg_ctlcluster") or not os.environ.get("PG_CLUSTER_CONF_ROOT"):
        return None
    listed = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=False
    )
    for line in listed.stdout.splitlines():
        version, name, port, *_rest = line.split()
        if port == os.environ.get("PGPORT"):
            return [version, name]
    return None


async def test_the_app_rides_out_a_restart_of_the_server(
    server_app: ServerApp, server_db: str
) -> None:
    cluster = _cluster()
    if cluster is None:
        pytest.skip("the test server is not a pg_ctlcluster cluster (pg_virtualenv)")
    app = server_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        normal = header(screen)
        await wait_for(pilot, lambda: listeners(server_db) != [], "the app listening")
        subprocess.run(["pg_ctlcluster", *cluster, "stop"], check=True)
        try:
            await wait_for(pilot, lambda: UNREACHABLE in header(screen), "the header saying so")
        finally:
            subprocess.run(["pg_ctlcluster", *cluster, "start"], check=True)
        await wait_for(pilot, lambda: header(screen) == normal, "the header back to normal")
        assert run_tracker(server_db, "close", "9").code == 0
        await wait_for(pilot, lambda: status_of(screen, 9) is Status.DONE, "a change after it")


async def test_the_listener_ends_with_the_app(server_app: ServerApp, server_db: str) -> None:
    app = server_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: listeners(server_db) != [], "the app listening")
    deadline = time.monotonic() + 60
    while listeners(server_db):  # the app's exit ends the listener's session
        assert time.monotonic() < deadline, "the listener outlived the app"
        time.sleep(0.01)  # wait-ok: poll interval of a wait on the server's sessions


class NamedServerTracker(StoppedClockTracker):
    """A tracker on the test server whose header names a fixed server: the test database's
    own URL has a port and a name that change from run to run, which a snapshot cannot."""

    @property
    def location_name(self) -> str:
        return "postgresql://tracker@db.sokhdt.vn/tracker"


@pytest.mark.parametrize(
    ("lang", "size"), [("en", (120, 36)), ("vi", (80, 24))], ids=["120x36-en", "80x24-vi"]
)
def test_snapshot_of_the_header_while_the_server_is_out_of_reach(
    snap_compare: Any,
    server_app: ServerApp,
    server_db: str,
    lang: str,
    size: tuple[int, int],
) -> None:
    app = server_app(lang=lang, tracker=NamedServerTracker)

    async def out_of_reach(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await wait_for(pilot, lambda: listeners(server_db) != [], "the app listening")
        screen = main_screen(pilot.app)
        normal = header(screen)
        shut_out(server_db)
        await wait_for(pilot, lambda: header(screen) != normal, "the header saying so")
        await steady_cursor(pilot)

    try:
        assert snap_compare(app, terminal_size=size, run_before=out_of_reach)
    finally:
        let_in(server_db)
