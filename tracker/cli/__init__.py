"""The command line: click commands (commands.py) and their plain output (output.py)."""

from tracker.cli.commands import cli, main, run

__all__ = ["cli", "main", "run"]
