"""Messages that workers post to the main screen; workers never touch widgets themselves."""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message

from tracker.ui.board import Board


class BoardLoaded(Message):
    """A fresh read of the database is ready to show."""

    def __init__(self, board: Board) -> None:
        super().__init__()
        self.board = board


class StoreFailed(Message):
    """Reading or writing the database failed; `retry` reopens what the user typed."""

    def __init__(self, message: str, retry: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.message = message
        self.retry = retry


class WriteDone(Message):
    """A change was saved; select `task_id` once the board reloads."""

    def __init__(self, message: str, task_id: int | None = None) -> None:
        super().__init__()
        self.message = message
        self.task_id = task_id
