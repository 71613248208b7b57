"""Status reports: golden files of every format, the counting invariants, and the CLI contract.

The golden files under tests/golden/ are the sample conference reported as of two dates in
both languages. After a deliberate change to a report, regenerate them with

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_reports.py

then read the diff (`git diff tests/golden`) before committing: the goldens are the spec.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SAMPLE, STORES, TODAY, CliRunner, cli_env, run_tracker
from tests.server import drop_database, new_server_database, state_of
from tracker.domain.model import Agency, Meeting, Status, Task
from tracker.domain.periods import parse_period
from tracker.domain.rates import Rate
from tracker.domain.standing import (
    Standing,
    completion_rate,
    exists_as_of,
    standing_as_of,
)
from tracker.reports import csv_report
from tracker.reports.csv_dialect import BOM, csv_dialect
from tracker.reports.formats import TEXT_FORMATS
from tracker.reports.labels import ENGLISH, VIETNAMESE, default_lang, labels_for
from tracker.reports.model import STANDINGS, StandingCounts, StatusReport, build_report
from tracker.reports.render import ReportSpec, encode_report, for_period
from tracker.reports.text import plain_table, print_rich, text_width
from tracker.service import Tracker, load_interchange_file
from tracker.store.database import Database

GOLDEN = Path(__file__).parent / "golden"
UPDATE = bool(os.environ.get("UPDATE_GOLDEN"))
# What `clock.report_moment()` gives with TRACKER_TODAY=2026-11-27, as the CLI tests run.
GENERATED = datetime(2026, 11, 27, tzinfo=UTC)
EXTENSIONS = {"text": "txt", "markdown": "md", "csv": "csv", "json": "json", "html": "html"}
DATES = [date(2019, 10, 1), TODAY]
GOVERNMENT_FOUR = ("done on time", "done late", "in time", "overdue")


@pytest.fixture(scope="module", params=STORES)
def sample_tracker(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Tracker]:
    """The sample imported into a file, or into a database of the test server."""
    if request.param == "file":
        tracker = Tracker(Database(tmp_path_factory.mktemp("sample") / "tracker.json"), TODAY)
        tracker.import_data(load_interchange_file(SAMPLE))
        yield tracker
        return
    url = new_server_database(request.getfixturevalue("server_template"), tag="reports")
    tracker = Tracker.open(url, today=TODAY)
    tracker.import_data(load_interchange_file(SAMPLE))
    yield tracker
    drop_database(url)


def golden_name(fmt: str, lang: str, as_of: date, scope: str = "") -> str:
    return f"report-{as_of.isoformat()}{scope}.{lang}.{EXTENSIONS[fmt]}"


def check_golden(name: str, content: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(content)
    assert path.exists(), f"{name} is missing: run UPDATE_GOLDEN=1 pytest {__file__}"
    assert content == path.read_bytes(), f"{name} differs"


def report_of(tracker: Tracker, spec: ReportSpec) -> bytes:
    return tracker.render_report(spec, GENERATED)


# --- Golden files ---------------------------------------------------------------------


@pytest.mark.parametrize("as_of", DATES, ids=str)
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_golden(sample_tracker: Tracker, fmt: str, lang: str, as_of: date) -> None:
    content = report_of(sample_tracker, ReportSpec(fmt, lang, as_of, None, None))
    check_golden(golden_name(fmt, lang, as_of), content)
    assert_well_formed(fmt, content.decode(), lang)


@pytest.mark.parametrize(
    ("fmt", "lang", "agency", "meeting", "scope"),
    [
        ("markdown", "vi", "HN-KHDT", None, "-HN-KHDT"),
        ("json", "en", "HN-KHDT", None, "-HN-KHDT"),
        ("text", "en", None, "2026-10-15-hn-tn", "-meeting-2026-10-15"),
    ],
)
def test_golden_with_scope(
    sample_tracker: Tracker,
    fmt: str,
    lang: str,
    agency: str | None,
    meeting: str | None,
    scope: str,
) -> None:
    content = report_of(sample_tracker, ReportSpec(fmt, lang, TODAY, agency, meeting))
    check_golden(golden_name(fmt, lang, TODAY, scope), content)
    assert_well_formed(fmt, content.decode(), lang)


# A period report on the sample: Q3 2019 holds the first meeting and its tasks' first deadlines.
PERIOD = parse_period("2019-Q3")


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_golden_period(sample_tracker: Tracker, fmt: str, lang: str) -> None:
    content = report_of(sample_tracker, for_period(PERIOD, fmt=fmt, lang=lang))
    check_golden(f"report-{PERIOD.code}.{lang}.{EXTENSIONS[fmt]}", content)
    assert_well_formed(fmt, content.decode(), lang)


class _HTMLCheck(HTMLParser):
    """Collects what the HTML tests look at: tags, open elements, and the visible text."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(content: str) -> _HTMLCheck:
    parser = _HTMLCheck()
    parser.feed(content)
    parser.close()
    assert parser.open == [], parser.open
    return parser


def markdown_tables(content: str) -> list[list[list[str]]]:
    """Each pipe table as rows of cells, split on pipes that are not escaped."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*content.splitlines(), ""]:
        if line.startswith("|"):
            cells = [""]
            escaped = False
            for char in line.strip()[1:-1]:
                if char == "|" and not escaped:
                    cells.append("")
                else:
                    cells[-1] += char
                escaped = char == "\\" and not escaped
            current.append([cell.strip() for cell in cells])
        elif current:
            tables.append(current)
            current = []
    return tables


def csv_blocks(content: str, lang: str = "en") -> list[list[list[str]]]:
    """A report's CSV in blocks of rows, read in the dialect of `lang` (after the byte-order
    mark every CSV file starts with); each heading row in the language is given back as its
    keys, which the checks compare."""
    dialect = csv_dialect(labels_for(lang))
    assert content.startswith(BOM)
    keyed = {
        tuple(dialect.header(keys)): list(keys)
        for keys in (
            csv_report.TASK_COLUMNS,
            csv_report.SUMMARY_COLUMNS,
            ("about", "key", "value"),
            csv_report.EXTENSION_COLUMNS,
        )
    }
    blocks: list[list[list[str]]] = [[]]
    reader = csv.reader(io.StringIO(content[len(BOM) :], newline=""), delimiter=dialect.delimiter)
    for row in reader:
        if not row:
            blocks.append([])
        elif not blocks[-1]:
            blocks[-1].append(keyed.get(tuple(row), row))
        else:
            blocks[-1].append(row)
    return blocks


def assert_well_formed(fmt: str, content: str, lang: str = "en") -> None:
    if fmt == "json":
        data = json.loads(content)
        assert data["report"] == "coop-tracker-status"
        date.fromisoformat(data["as_of"])
    elif fmt == "csv":
        tasks, summary, about, extensions = csv_blocks(content, lang)
        assert tasks[0] == list(csv_report.TASK_COLUMNS)
        assert all(len(row) == len(tasks[0]) for row in tasks)
        assert summary[0] == list(csv_report.SUMMARY_COLUMNS)
        assert all(len(row) == len(summary[0]) for row in summary)
        assert about[0] == ["about", "key", "value"]
        assert extensions[0] == list(csv_report.EXTENSION_COLUMNS)
        assert all(len(row) == len(extensions[0]) for row in extensions)
    elif fmt == "html":
        parsed = parse_html(content)
        assert parsed.tags["svg"] == 1 and parsed.tags["rect"] >= 5
        assert parsed.tags["link"] == parsed.tags["script"] == parsed.tags["img"] == 0
        assert "@page" in content and "A4" in content
    elif fmt == "markdown":
        tables = markdown_tables(content)
        assert tables
        for table in tables:
            assert len({len(row) for row in table}) == 1, table
            assert set(table[1]) <= {"---", "---:"}


def test_text_on_2019_10_01_shows_every_standing(sample_tracker: Tracker) -> None:
    text = report_of(sample_tracker, ReportSpec("text", "en", date(2019, 10, 1), None, None))
    lines = text.decode().splitlines()
    for label in (*GOVERNMENT_FOUR, "cancelled"):
        line = next(line for line in lines if label in line)
        assert int(line.split()[-1]) >= 1, line


def test_vietnamese_uses_the_government_terms(sample_tracker: Tracker) -> None:
    text = report_of(sample_tracker, ReportSpec("text", "vi", TODAY, None, None)).decode()
    for term in (
        "hoàn thành đúng hạn",
        "hoàn thành quá hạn",
        "đang thực hiện trong hạn",
        "quá hạn",
        "đã hủy",
        "Tỷ lệ hoàn thành",
        "Tỷ lệ đúng hạn",
        "79,16%",
    ):
        assert term in text, term
    as_of = next(line for line in text.splitlines() if line.startswith("Tính đến ngày"))
    assert as_of.split()[-1] == "27/11/2026"


def test_rich_text_for_a_terminal(sample_tracker: Tracker) -> None:
    report = sample_tracker.report(ReportSpec("text", "en", TODAY, None, None), GENERATED)
    for width in (80, 140):
        out = io.StringIO()
        print_rich(report, ENGLISH, file=out, width=width)
        shown = out.getvalue()
        assert "Status report on cooperation tasks" in shown
        assert "Completion rate" in shown and "79.16%" in shown
        assert "Overdue tasks" in shown and "#9" in shown
        assert max(len(line) for line in shown.splitlines()) <= width


def test_html_escapes_user_text() -> None:
    hostile = '<script>alert("x")</script> & <b>|'
    report = tiny_report(title=hostile, agency_name='Sở "A" <i>')
    content = encode_report(report, "html", "en").decode()
    assert "<script>" not in content and "<b>" not in content and "<i>" not in content
    parsed = parse_html(content)
    assert parsed.tags["script"] == 0
    assert hostile in "".join(parsed.text)


def test_markdown_escapes_pipes_and_keeps_columns() -> None:
    report = tiny_report(title="Kế hoạch | giai đoạn *2* [xem]", agency_name="A|B")
    content = encode_report(report, "markdown", "vi").decode()
    assert "Kế hoạch \\| giai đoạn \\*2\\* \\[xem\\]" in content
    for table in markdown_tables(content):
        assert len({len(row) for row in table}) == 1, table


def test_csv_keeps_commas_quotes_and_newlines_in_cells() -> None:
    report = tiny_report(title='Chè, "bột trà"\nxanh', agency_name="A")
    tasks = csv_blocks(encode_report(report, "csv", "en").decode())[0]
    assert tasks[1][2] == 'Chè, "bột trà"\nxanh'


def test_text_width_counts_terminal_columns() -> None:
    assert text_width("Hà Nội") == 6
    assert text_width(unicodedata.normalize("NFD", "Hà Nội")) == 6
    assert text_width("Hà Nội 河内") == 11
    padded = plain_table(("a", "b"), [(unicodedata.normalize("NFD", "Ấp"), "1")], (False, True), "")
    assert [text_width(line) for line in padded] == [5, 5]


def test_language_comes_from_lang() -> None:
    assert default_lang({"LANG": "vi_VN.UTF-8"}) == "vi"
    assert default_lang({"LANG": "en_US.UTF-8"}) == "en"
    assert default_lang({"LANG": "C.UTF-8"}) == "en"
    assert default_lang({}) == "en"
    assert labels_for("vi") is VIETNAMESE


def test_numbers_and_rates_in_each_language() -> None:
    assert VIETNAMESE.number(14068) == "14.068" and ENGLISH.number(14068) == "14,068"
    # The 2017 national report of DOMAIN.md: 14,068 + 1,983 done, 223 overdue.
    # Report 1270/BC-TCTTTg prints 16,051 / 16,274 = 0.986297... as 98,62%: cut, not rounded.
    counts = StandingCounts(done_on_time=14068, done_late=1983, open_overdue=223)
    assert VIETNAMESE.percent(counts.completion_ratio) == "98,62%"
    assert ENGLISH.percent(counts.completion_ratio) == "98.62%"
    assert ENGLISH.percent(None) == "n/a"
    assert StandingCounts(open_in_time=3, cancelled=2).completion_rate is None
    assert StandingCounts(open_in_time=3, cancelled=2).completion_ratio is None


def test_a_rate_is_cut_never_rounded_up() -> None:
    assert VIETNAMESE.percent(Rate(99_999, 100_000)) == "99,99%"
    assert ENGLISH.percent(Rate(99_999, 100_000)) == "99.99%"
    assert ENGLISH.percent(Rate(1, 1)) == "100.00%"
    assert ENGLISH.percent(Rate(0, 7)) == "0.00%"
    # A float 0.57 is a hair below 57/100; the counts give the exact digits.
    assert ENGLISH.percent(Rate(57, 100)) == "57.00%"
    assert ENGLISH.percent(Rate(2, 3)) == "66.66%"


def test_csv_rates_are_cut_to_four_decimals() -> None:
    counts = StandingCounts(done_on_time=14068, done_late=1983, open_overdue=223)
    row = csv_report._counts("total", "", "", counts)
    assert row[-2:] == ["0.9862", "0.8644"]
    assert csv_report._counts("total", "", "", StandingCounts(done_on_time=1))[-2:] == [
        "1.0000",
        "1.0000",
    ]


RATES = st.integers(min_value=1, max_value=10**9).flatmap(
    lambda whole: st.builds(Rate, st.integers(min_value=0, max_value=whole), st.just(whole))
)


@given(RATES)
def test_a_printed_rate_is_never_above_the_true_rate_nor_a_hundredth_below(rate: Rate) -> None:
    part, whole = rate
    printed = ENGLISH.percent(Rate(part, whole))
    shown = Fraction(printed.removesuffix("%"))
    true = Fraction(100 * part, whole)
    assert shown <= true < shown + Fraction(1, 100)
    assert VIETNAMESE.percent(Rate(part, whole)) == printed.replace(".", ",")


# --- Properties -----------------------------------------------------------------------

AGENCY_CODES = ("HN-A", "HN-B", "TN-C")
START = date(2019, 1, 1)


@st.composite
def tasks_and_day(draw: st.DrawFn) -> tuple[list[Task], date, str | None, str | None]:
    days = st.integers(min_value=0, max_value=400).map(lambda n: START + timedelta(days=n))
    count = draw(st.integers(min_value=0, max_value=40))
    tasks = []
    for number in range(1, count + 1):
        lead = draw(st.sampled_from(AGENCY_CODES))
        others = [code for code in AGENCY_CODES if code != lead]
        status = draw(st.sampled_from(list(Status)))
        created = draw(st.none() | days)
        tasks.append(
            Task(
                id=number,
                uuid=f"uuid-{number}",
                title=draw(st.text(min_size=1, max_size=20)),
                lead=lead,
                partners=tuple(draw(st.lists(st.sampled_from(others), unique=True))),
                meeting=draw(st.sampled_from([None, "m1", "m2"])),
                area=draw(st.sampled_from([None, "trade", "tourism", "cây chè"])),
                due=draw(st.none() | days),
                status=status,
                closed_on=draw(st.none() | days) if status.is_closed else None,
                created=datetime.combine(created, datetime.min.time()) if created else None,
            )
        )
    as_of = draw(days)
    agency = draw(st.sampled_from([None, *AGENCY_CODES]))
    meeting = draw(st.sampled_from([None, "m1"]))
    return tasks, as_of, agency, meeting


def build(tasks: list[Task], as_of: date, agency: str | None, meeting: str | None) -> StatusReport:
    return build_report(
        tasks,
        as_of,
        GENERATED,
        agencies={code: Agency(code, f"Sở {code}") for code in AGENCY_CODES},
        meetings={"m1": Meeting("m1", "Họp 1", START), "m2": Meeting("m2", "Họp 2", START)},
        agreements={},
        agency=agency,
        meeting=meeting,
    )


def in_scope(task: Task, as_of: date, agency: str | None, meeting: str | None) -> bool:
    return (
        exists_as_of(task, as_of)
        and (meeting is None or task.meeting == meeting)
        and (agency is None or agency == task.lead or agency in task.partners)
    )


def total_of(rows: list[StandingCounts]) -> StandingCounts:
    total = StandingCounts()
    for counts in rows:
        total = total + counts
    return total


@settings(max_examples=300, deadline=None)
@given(tasks_and_day())
def test_counts_add_up_and_rates_follow_the_formula(
    case: tuple[list[Task], date, str | None, str | None],
) -> None:
    tasks, as_of, agency, meeting = case
    report = build(tasks, as_of, agency, meeting)
    chosen = [task for task in tasks if in_scope(task, as_of, agency, meeting)]
    totals = report.totals

    # Every task in scope is listed once, in exactly one standing, and tasks made later not.
    assert [task.id for task, _ in report.tasks] == [task.id for task in chosen]
    standings = Counter(standing_as_of(task, as_of) for task in chosen)
    assert Counter(standing for _, standing in report.tasks) == standings
    assert totals.total == len(chosen) == sum(totals[s] for s in STANDINGS)
    for task, standing in report.tasks:
        assert standing is standing_as_of(task, as_of)

    # Totals are the sums of the agency rows, of the area rows and of the two roles.
    assert total_of([row.counts for row in report.by_agency]) == totals
    assert total_of([row.counts for row in report.by_area]) == totals
    assert {row.code for row in report.by_agency} == {task.lead for task in chosen}
    if agency is None:
        assert report.roles is None
    else:
        assert report.roles is not None
        assert report.roles.lead + report.roles.partner == totals
        assert report.roles.lead.total == sum(task.lead == agency for task in chosen)

    # Agencies are ranked by overdue, then open.
    ranks = [(-row.counts.open_overdue, -row.counts.open) for row in report.by_agency]
    assert ranks == sorted(ranks)

    # Rates: the formula, or None when nothing is done or overdue.
    for counts in [totals, *(row.counts for row in report.by_agency)]:
        done = counts.done_on_time + counts.done_late
        base = done + counts.open_overdue
        if base == 0:
            assert counts.completion_rate is None and counts.on_time_rate is None
        else:
            assert counts.completion_rate == done / base
            assert counts.on_time_rate == counts.done_on_time / base
    # The UI's summary strip rates its own counts with the domain's formula.
    assert totals.completion_rate == completion_rate(standings)

    # The lists hold exactly the tasks their windows name.
    overdue = [task.id for task, standing in report.tasks if standing is Standing.OPEN_OVERDUE]
    assert sorted(item.task.id for item in report.overdue) == overdue
    assert [item.days_overdue for item in report.overdue] == sorted(
        (item.days_overdue for item in report.overdue), reverse=True
    )
    assert all(item.days_overdue >= 1 for item in report.overdue)
    for soon in report.due_soon:
        assert soon.task.due is not None and as_of <= soon.task.due <= report.due_soon_until
    for closed in report.closed_recently:
        assert closed.task.closed_on is not None
        assert report.closed_since <= closed.task.closed_on <= as_of
        assert (closed.days_late > 0) == (closed.standing is Standing.DONE_LATE)


@pytest.mark.parametrize("seed", range(5))
def test_tasks_in_any_order_give_the_same_report(seed: int) -> None:
    # The store usually hands tasks over by id; build_report sorts them only when not, and
    # ties (the same days overdue, the same closing day) must still come in id order.
    as_of = date(2019, 10, 1)
    tasks = [
        Task(
            id=number,
            uuid=f"uuid-{number}",
            title=f"Task {number}",
            lead=AGENCY_CODES[number % 3],
            due=as_of + timedelta(days=number % 3 * 10 - 10),
            status=Status.DONE if number % 4 == 0 else Status.OPEN,
            closed_on=as_of - timedelta(days=number % 2 * 20) if number % 4 == 0 else None,
        )
        for number in range(1, 41)
    ]
    shuffled = tasks.copy()
    Random(seed).shuffle(shuffled)
    in_order, out_of_order = build(tasks, as_of, None, None), build(shuffled, as_of, None, None)
    assert in_order.overdue and in_order.due_soon and in_order.closed_recently
    assert list(out_of_order.tasks) == list(in_order.tasks)
    assert out_of_order.overdue == in_order.overdue
    assert out_of_order.due_soon == in_order.due_soon
    assert out_of_order.closed_recently == in_order.closed_recently
    assert out_of_order.by_agency == in_order.by_agency
    assert out_of_order.by_area == in_order.by_area


@settings(max_examples=60, deadline=None)
@given(tasks_and_day(), st.sampled_from(["vi", "en"]))
def test_every_format_renders_any_report(
    case: tuple[list[Task], date, str | None, str | None], lang: str
) -> None:
    report = build(*case)
    for fmt in TEXT_FORMATS:
        content = encode_report(report, fmt, lang).decode()
        if fmt == "json":
            data = json.loads(content)
            assert data["totals"]["tasks"] == report.totals.total
        elif fmt == "csv":
            tasks = csv_blocks(content, lang)[0]
            assert len(tasks) == report.totals.total + 1
        elif fmt == "html":
            assert parse_html(content).tags["svg"] == 1
        elif fmt == "markdown":
            for table in markdown_tables(content):
                assert len({len(row) for row in table}) == 1


def tiny_report(title: str, agency_name: str) -> StatusReport:
    task = Task(id=1, uuid="u1", title=title, lead="X", due=date(2019, 9, 1), created=None)
    return build_report(
        [task],
        date(2019, 10, 1),
        GENERATED,
        agencies={"X": Agency("X", agency_name, agency_name)},
        meetings={},
        agreements={},
    )


def test_render_report_is_the_report_encoded(sample_tracker: Tracker, tmp_path: Path) -> None:
    spec = ReportSpec("markdown", "en", date(2019, 10, 1), "hn-ct", None)
    rendered = sample_tracker.render_report(spec, GENERATED)
    report = sample_tracker.report(spec, GENERATED)
    assert rendered == encode_report(report, spec.fmt, spec.lang)
    assert "tasks of Sở CT Hà Nội (HN-CT), as lead or partner" in rendered.decode()
    target = tmp_path / "bao-cao.md"
    assert sample_tracker.save_report(spec, target, GENERATED) == target.absolute()
    assert target.read_bytes() == rendered


# --- The command line, as real processes ----------------------------------------------


def test_cli_output_is_the_golden_file(sample_store: Path | str, store_tracker: CliRunner) -> None:
    result = store_tracker("report", "--as-of", "2019-10-01", "--format", "text", "--lang", "en")
    assert result.code == 0, result.stderr
    assert result.stdout == (GOLDEN / golden_name("text", "en", DATES[0])).read_text("utf-8")
    for label in GOVERNMENT_FOUR:
        line = next(line for line in result.stdout.splitlines() if label in line)
        assert int(line.split()[-1]) >= 1, line


def test_cli_writes_the_file_atomically(sample_store: Path | str, tmp_path: Path) -> None:
    before = state_of(sample_store)
    target = tmp_path / "out" / "bao-cao.html"
    target.parent.mkdir()
    result = run_tracker(
        sample_store, "report", "--as-of", "1/10/2019", "--format", "html", "--output", str(target)
    )
    assert (result.code, result.stdout, result.stderr) == (0, "", "")
    golden = GOLDEN / golden_name("html", "en", DATES[0])
    assert target.read_bytes() == golden.read_bytes()
    assert os.listdir(target.parent) == ["bao-cao.html"]
    assert state_of(sample_store) == before


def test_cli_language_follows_lang(sample_store: Path | str) -> None:
    env = cli_env(sample_store)
    env["LANG"] = "vi_VN.UTF-8"
    completed = subprocess.run(
        [sys.executable, "-m", "tracker", "report", "--format", "markdown"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == (GOLDEN / golden_name("markdown", "vi", TODAY)).read_text("utf-8")


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--as-of", "31/02/2019"], 2, "February 2019 has 28 days"),
        (["--as-of", "next blue moon"], 2, "cannot read"),
        (["--agency", "HN-KHD"], 2, "HN-KHDT"),
        (["--meeting", "2019-06-21"], 2, "2019-06-21-hn-tn"),
        (["--format", "pdf"], 2, "pdf"),
        (["--lang", "fr"], 2, "fr"),
        (["--output", "{tmp}/no-such-folder/r.html"], 1, "does not exist"),
    ],
)
def test_cli_refuses_with_one_line_and_writes_nothing(
    sample_store: Path | str, tmp_path: Path, args: list[str], code: int, words: str
) -> None:
    before = state_of(sample_store)
    files_before = sorted(os.listdir(tmp_path))
    # A valid request that each bad argument (given last, so it wins) spoils.
    valid = ["report", "--format", "html", "--output", str(tmp_path / "r.html")]
    result = run_tracker(sample_store, *valid, *(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert result.code == code, result.stderr
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert words in result.stderr
    assert sorted(os.listdir(tmp_path)) == files_before
    assert state_of(sample_store) == before


def test_cli_help_says_where_the_csv_summary_goes(tracker: CliRunner) -> None:
    result = tracker("report", "--help")
    assert result.code == 0
    assert "summary" in result.stdout and "Example" in result.stdout
    for fmt in TEXT_FORMATS:
        assert fmt in result.stdout
