"""The `tracker` command and `python -m tracker`: a command line command, or the UI."""

from tracker import process

# First, before the imports a command makes: tracker/process.py says what this buys; the
# terminal UI turns the collector back on when it starts (tracker/ui/app.py).
process.start_command()

from tracker.cli import run  # noqa: E402  (after the collector is off)

if __name__ == "__main__":
    run()
