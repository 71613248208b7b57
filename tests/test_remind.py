"""Reminders (đôn đốc): which tasks are chased, the notes in every format, and `tracker remind`.

The golden files tests/golden/remind-* are the sample chased on two days. After a change
to the notes or to the sample, regenerate them with

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_remind.py

and read `git diff tests/golden` before committing.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from msgspec.structs import replace

from tests.conftest import SAMPLE, TODAY, CliRunner, run_tracker
from tests.server import state_of
from tracker import i18n
from tracker.domain.errors import InvalidInput
from tracker.domain.model import Agency, DeadlineSet, Status, Task
from tracker.reports.reminders import (
    REMINDER_EXTENSIONS,
    REMINDER_FORMATS,
    build_reminders,
    parse_days,
    reminder_file_name,
    render_reminders,
)
from tracker.service import Tracker, load_interchange_file
from tracker.store.database import Database

GOLDEN = Path(__file__).parent / "golden"
UPDATE = bool(os.environ.get("UPDATE_GOLDEN"))
# On the sample: the day before HN-KHDT's task #20 falls due in 7 days (31/03/2027).
WEEK_BEFORE = date(2027, 3, 24)
# The lead agencies with an overdue task in the sample on TODAY.
OVERDUE_ON_TODAY = ["HN-DL", "HN-LDTBXH", "TN-GTVT", "TN-NNPTNT", "TN-UBND"]

AGENCIES = {
    "HN-KHDT": Agency(code="HN-KHDT", name="Sở Kế hoạch và Đầu tư Hà Nội", short="Sở KH&ĐT HN"),
    "TN-CT": Agency(code="TN-CT", name="Sở Công Thương Thái Nguyên", short="Sở CT TN"),
}


def task(
    number: int,
    due: date | None,
    status: Status = Status.OPEN,
    closed_on: date | None = None,
    created: datetime | None = None,
    deadlines: tuple[DeadlineSet, ...] = (),
    lead: str = "HN-KHDT",
) -> Task:
    return Task(
        id=number,
        uuid=f"00000000-0000-4000-8000-{number:012d}",
        title=f"Nhiệm vụ {number}",
        lead=lead,
        partners=("TN-CT", "XX-UNKNOWN"),
        due=due,
        status=status,
        closed_on=closed_on,
        created=created,
        deadlines=deadlines,
    )


def chased_ids(
    tasks: list[Task], as_of: date = TODAY, days: tuple[int, ...] = (7, 3, 1)
) -> dict[str, tuple[list[int], list[int]]]:
    run = build_reminders(tasks, AGENCIES, as_of, days)
    return {
        note.agency.code: ([t.id for t in note.due_soon], [t.id for t in note.overdue])
        for note in run.notes
    }


# --- Which tasks are chased -----------------------------------------------------------


def test_only_exact_days_and_overdue_are_chased() -> None:
    tasks = [task(n, TODAY + timedelta(days=n)) for n in range(1, 9)]
    tasks += [task(20, TODAY - timedelta(days=5)), task(21, TODAY), task(22, None)]
    assert chased_ids(tasks) == {"HN-KHDT": ([1, 3, 7], [20])}
    assert chased_ids(tasks, days=(2,)) == {"HN-KHDT": ([2], [20])}


def test_closed_deleted_and_not_yet_recorded_tasks_are_not_chased() -> None:
    past = TODAY - timedelta(days=3)
    tasks = [
        task(1, past, Status.DONE, closed_on=TODAY - timedelta(days=1)),
        task(2, past, Status.CANCELLED, closed_on=TODAY - timedelta(days=1)),
        task(3, past, Status.DONE, closed_on=TODAY + timedelta(days=1)),  # open on TODAY
        task(4, past, created=datetime(2026, 11, 28, 9, 0)),  # recorded after TODAY
        task(5, past, Status.BLOCKED),
        task(6, past, Status.IN_PROGRESS),
    ]
    assert chased_ids(tasks) == {"HN-KHDT": ([], [3, 5, 6])}


def test_the_deadline_in_force_decides() -> None:
    original = TODAY + timedelta(days=3)
    extended = DeadlineSet(
        set_on=TODAY - timedelta(days=10),
        due=TODAY + timedelta(days=7),
        extension=True,
        reason="Chờ ý kiến của Bộ",
        document="Công văn 1234/UBND-KT",
    )
    first = DeadlineSet(set_on=TODAY - timedelta(days=60), due=original)
    later = DeadlineSet(set_on=TODAY + timedelta(days=1), due=TODAY + timedelta(days=30))
    # Extended 10 days ago to 7 days from now: chased at 7 days, not at the original 3.
    assert chased_ids([task(1, extended.due, deadlines=(first, extended))]) == {
        "HN-KHDT": ([1], [])
    }
    run = build_reminders([task(1, extended.due, deadlines=(first, extended))], AGENCIES, TODAY)
    assert run.notes[0].due_soon[0].deadline == extended.due
    # Extended only tomorrow: today the original deadline (3 days away) is in force.
    assert chased_ids([task(2, later.due, deadlines=(first, later))]) == {"HN-KHDT": ([2], [])}
    assert (
        build_reminders([task(2, later.due, deadlines=(first, later))], AGENCIES, TODAY)
        .notes[0]
        .due_soon[0]
        .deadline
        == original
    )
    # Overdue on the original deadline, extended since: no longer overdue.
    lapsed = DeadlineSet(set_on=TODAY - timedelta(days=90), due=TODAY - timedelta(days=30))
    rescue = DeadlineSet(set_on=TODAY - timedelta(days=2), due=TODAY + timedelta(days=60))
    assert chased_ids([task(3, rescue.due, deadlines=(lapsed, rescue))]) == {}


def test_notes_are_per_lead_agency_and_name_partners() -> None:
    tasks = [
        task(1, TODAY - timedelta(days=1)),
        task(2, TODAY - timedelta(days=40), lead="TN-CT"),
        task(3, TODAY - timedelta(days=2), lead="TN-CT"),
        task(4, TODAY + timedelta(days=1), lead="ZZ-UNKNOWN"),
    ]
    run = build_reminders(tasks, AGENCIES, TODAY)
    assert [note.agency.code for note in run.notes] == ["HN-KHDT", "TN-CT", "ZZ-UNKNOWN"]
    assert [t.id for t in run.notes[1].overdue] == [2, 3]  # longest overdue first
    assert run.notes[1].overdue[0].days_overdue == 40
    assert run.notes[0].overdue[0].partner_names == ("Sở CT TN", "XX-UNKNOWN")
    only = build_reminders(tasks, AGENCIES, TODAY, agency="TN-CT")
    assert [note.agency.code for note in only.notes] == ["TN-CT"]


@pytest.mark.parametrize(
    ("text", "days"),
    [("7,3,1", (7, 3, 1)), ("1,3,7", (7, 3, 1)), (" 14 , 2 ", (14, 2)), ("5,5", (5,))],
)
def test_days_are_read(text: str, days: tuple[int, ...]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize("text", ["", "0", "-1", "7,,1", "x", "3.5", "7;3", "1,0"])
def test_bad_days_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="--days"):
        parse_days(text)


def test_file_names_come_from_the_agency_code_and_day() -> None:
    run = build_reminders([task(1, TODAY)], AGENCIES, TODAY, (1,))
    assert run.notes == ()
    odd = build_reminders([task(1, TODAY - timedelta(days=1), lead="A/../B C")], {}, TODAY)
    assert reminder_file_name(odd.notes[0], TODAY, "html") == "don-doc-A----B-C-2026-11-27.html"


# --- The notes, as golden files -------------------------------------------------------


@pytest.fixture(scope="module")
def sample_tracker(tmp_path_factory: pytest.TempPathFactory) -> Tracker:
    tracker = Tracker(Database(tmp_path_factory.mktemp("sample") / "tracker.json"), TODAY)
    tracker.import_data(load_interchange_file(SAMPLE))
    return tracker


def golden_name(fmt: str, lang: str, as_of: date) -> str:
    return f"remind-{as_of.isoformat()}.{lang}.{REMINDER_EXTENSIONS[fmt]}"


def check_golden(name: str, content: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(content)
    assert path.exists(), f"{name} is missing: run UPDATE_GOLDEN=1 pytest {__file__}"
    assert content == path.read_bytes(), f"{name} differs"


def notes_in(tracker: Tracker, fmt: str, lang: str, as_of: date) -> bytes:
    i18n.use(lang)
    try:
        return render_reminders(tracker.reminders(as_of), fmt)
    finally:
        i18n.use("en")


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in ("meta", "br", "!doctype"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (self.open, tag)
        self.open.pop()


@pytest.mark.parametrize(
    ("fmt", "lang", "as_of"),
    [
        ("text", "en", TODAY),
        ("text", "vi", WEEK_BEFORE),
        ("markdown", "vi", TODAY),
        ("html", "vi", WEEK_BEFORE),
        ("json", "en", WEEK_BEFORE),
    ],
)
def test_golden(sample_tracker: Tracker, fmt: str, lang: str, as_of: date) -> None:
    content = notes_in(sample_tracker, fmt, lang, as_of)
    check_golden(golden_name(fmt, lang, as_of), content)
    if fmt == "html":
        parser = _Elements()
        parser.feed(content.decode())
        assert parser.open == []
    if fmt == "json":
        document = json.loads(content)
        assert document["as_of"] == as_of.isoformat()
        assert {a["code"] for a in document["agencies"]} >= {"HN-KHDT", *OVERDUE_ON_TODAY}


def test_user_text_cannot_make_markup(tmp_path: Path) -> None:
    tricky = replace(task(1, TODAY - timedelta(days=1)), title="<script>x</script> *b* \x1b[31m")
    run = build_reminders([tricky], AGENCIES, TODAY)
    html = render_reminders(run, "html").decode()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "\x1b" not in render_reminders(run, "text").decode()
    assert "\\*b\\*" in render_reminders(run, "markdown").decode()


# --- The command line, as real processes ----------------------------------------------


def test_cli_prints_the_golden_notes(sample_store: Path | str, store_tracker: CliRunner) -> None:
    result = store_tracker("remind")
    assert result.code == 0, result.stderr
    assert result.stdout == (GOLDEN / golden_name("text", "en", TODAY)).read_text("utf-8")
    html = store_tracker("remind", "--lang", "vi", "--as-of", "24/3/2027", "--format", "html")
    assert html.code == 0, html.stderr
    assert html.stdout == (GOLDEN / golden_name("html", "vi", WEEK_BEFORE)).read_text("utf-8")


@pytest.mark.parametrize("fmt", REMINDER_FORMATS)
def test_cli_every_format(sample_store: Path | str, store_tracker: CliRunner, fmt: str) -> None:
    result = store_tracker("remind", "--format", fmt, "--agency", "tn-gtvt")
    assert result.code == 0, result.stderr
    assert "#9" in result.stdout or '"id": 9' in result.stdout
    assert "HN-DL" not in result.stdout


def test_cli_days_and_as_of(sample_store: Path | str, store_tracker: CliRunner) -> None:
    def agencies(*args: str) -> list[str]:
        result = store_tracker("remind", "--format", "json", *args)
        assert result.code == 0, result.stderr
        return [a["code"] for a in json.loads(result.stdout)["agencies"]]

    assert agencies() == OVERDUE_ON_TODAY
    # Sở CT Hà Nội's one open task (#21) is due 30/06/2027; it has nothing overdue.
    assert "HN-CT" in agencies("--as-of", "23/06/2027")
    assert "HN-CT" in agencies("--as-of", "2027-06-27", "--days", "3")
    assert "HN-CT" not in agencies("--as-of", "23/06/2027", "--days", "3,1")


def test_cli_writes_one_file_per_agency(sample_store: Path | str, tmp_path: Path) -> None:
    before = state_of(sample_store)
    folder = tmp_path / "don-doc"
    folder.mkdir()
    result = run_tracker(
        sample_store, "remind", "--format", "html", "--lang", "vi", "--output-dir", str(folder)
    )
    assert result.code == 0, result.stderr
    assert result.stderr == ""
    names = sorted(os.listdir(folder))  # no temporary file left behind
    assert names == [f"don-doc-{code}-2026-11-27.html" for code in OVERDUE_ON_TODAY]
    assert result.stdout.splitlines() == [str(folder / name) for name in names]
    note = (folder / "don-doc-TN-GTVT-2026-11-27.html").read_text("utf-8")
    assert (
        "PHIẾU ĐÔN ĐỐC THỰC HIỆN NHIỆM VỤ" in note and "Sở Giao thông vận tải Thái Nguyên" in note
    )
    assert "#9 " in note and "HN-DL" not in note
    assert state_of(sample_store) == before


def test_cli_nothing_to_chase_is_not_an_error(sample_store: Path | str, tmp_path: Path) -> None:
    # 22/06/2019: before the sample's first overdue task, and nothing due in exactly 1 day.
    shown = run_tracker(sample_store, "remind", "--as-of", "2019-06-22", "--days", "1")
    assert (shown.code, shown.stdout) == (0, "")
    assert shown.stderr.strip() == "nothing to chase on 22/06/2019"
    folder = tmp_path / "don-doc"
    folder.mkdir()
    quiet = run_tracker(
        sample_store, "remind", "--as-of", "2019-06-22", "--days", "1", "--output-dir", str(folder)
    )
    assert (quiet.code, quiet.stdout, quiet.stderr) == (0, "", "")
    assert os.listdir(folder) == []
    # A missing folder is refused on a quiet day too, not first on the day a note is due.
    missing = run_tracker(
        sample_store, "remind", "--as-of", "2019-06-22", "--output-dir", str(tmp_path / "nope")
    )
    assert (missing.code, missing.stdout) == (1, "")
    assert "nope" in missing.stderr and len(missing.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--days", "7,x"], 2, "--days"),
        (["--days", "0"], 2, "--days"),
        (["--agency", "NOPE"], 2, "NOPE"),
        (["--as-of", "31/02/2026"], 2, "--as-of"),
        (["--format", "csv"], 2, "csv"),
        (["--output-dir", "missing"], 1, "missing"),
    ],
)
def test_cli_refusals(
    sample_store: Path | str, tmp_path: Path, args: list[str], code: int, words: str
) -> None:
    before = state_of(sample_store)
    files = sorted(os.listdir(tmp_path))
    args = [str(tmp_path / a) if a == "missing" else a for a in args]
    result = run_tracker(sample_store, "remind", *args)
    assert result.code == code, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert words in result.stderr
    assert result.stdout == ""
    assert state_of(sample_store) == before
    assert sorted(os.listdir(tmp_path)) == files


def test_cli_output_dir_never_over_the_database(sample_db: Path) -> None:
    # A note named like the database is refused before anything is written.
    before = sample_db.read_bytes()
    result = run_tracker(sample_db, "remind", "--output-dir", str(sample_db))
    assert result.code == 2, result.stderr
    assert sample_db.read_bytes() == before
