"""Make a status report: pick format, language, period or date, scope and the file to write."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, RadioButton, RadioSet, Select, Static

from tracker import i18n, settings
from tracker.domain.dates import format_date
from tracker.domain.errors import TrackerError
from tracker.domain.model import Agency, Meeting
from tracker.domain.periods import Period, parse_period, recent_periods
from tracker.i18n import N_, _
from tracker.reports.formats import FORMATS
from tracker.reports.letterhead import Letterhead
from tracker.reports.render import ReportSpec, report_file_name
from tracker.ui.dialogs.base import FormDialog, field_check, form_field


class ReportRequest(ReportSpec, frozen=True):
    """What the user asked for: the report `ReportSpec` names, written to `path`.

    Fields in order: fmt, lang, as_of, agency, meeting, path. Hand it to
    `tracker.save_report(request, request.path)` in a worker.
    """

    path: Path


def format_names() -> dict[str, str]:
    """Each report format with what it is good for, in the reader's language."""
    return {
        "html": _("HTML — printable page with a chart"),
        "docx": _("Word — official report, task list appended"),
        "xlsx": _("Excel — workbook, a sheet per list"),
        "markdown": _("Markdown"),
        "text": _("Text"),
        "csv": _("CSV — a row per task, then a summary"),
        "json": _("JSON — everything, for scripts"),
    }


# The period choice's value for "a report as of the date typed below", not a period.
AS_OF_A_DATE = "as-of"


def period_choices(today: date, lang: str) -> list[tuple[str, str]]:
    """(label, value) for the period choice: a date first, then the current periods, then recent."""
    choices = [(_("As of a date"), AS_OF_A_DATE)]
    for period in recent_periods(today):
        label = _("{period} ({start} – {end})").format(
            period=period.words(lang), start=format_date(period.start), end=format_date(period.end)
        )
        choices.append((label[:1].upper() + label[1:], period.code))
    return choices


class ReportDialog(FormDialog[ReportRequest | None]):
    """Ask which report to write and where; dismiss with a ReportRequest, or None on cancel."""

    CSS_PATH = ["dialog.tcss", "report.tcss"]
    AUTO_FOCUS = "#report-format"
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="report.cancel"),
        Binding("ctrl+s", "save", N_("Write the report"), id="report.save"),
    ]

    def __init__(
        self,
        agencies: Sequence[Agency],
        meetings: Sequence[Meeting],
        today: date,
        folder: Path,
        *,
        fmt: str = "html",
        lang: str | None = None,
        refuse_path: Callable[[Path], None] | None = None,
    ) -> None:
        super().__init__()
        # Raises TrackerError for a path the report must not go to (the database itself).
        self._refuse_path = refuse_path
        self.agencies = list(agencies)
        self.meetings = list(meetings)
        self.today = today
        self.folder = folder
        self._fmt = fmt
        # The report speaks the interface's language unless asked otherwise: the user who
        # chose Tiếng Việt reads Vietnamese, whatever $LANG says.
        self._lang = lang or i18n.language()
        self._auto_path = str(folder / report_file_name(today, fmt))
        self._path_edited = False

    def compose(self) -> ComposeResult:
        """Format, language, reporting date, scope and the file to write."""
        with Vertical(classes="dialog-box"):
            yield Static(_("Status report"), classes="dialog-title")
            with VerticalScroll(classes="dialog-fields"):
                with form_field(_("Format")):
                    yield Select[str](
                        [(name, fmt) for fmt, name in format_names().items() if fmt in FORMATS],
                        allow_blank=False,
                        value=self._fmt,
                        id="report-format",
                    )
                with form_field(_("Language")), RadioSet(id="report-lang"):
                    # Each language named in itself, whatever the interface's.
                    for lang, name in i18n.NAMES.items():
                        yield RadioButton(name, value=lang == self._lang, id=f"report-lang-{lang}")
                with form_field(_("Reporting period")):
                    yield Select[str](
                        period_choices(self.today, i18n.language()),
                        allow_blank=False,
                        value=AS_OF_A_DATE,
                        id="report-period",
                    )
                with form_field(_("As of")):
                    yield Input(format_date(self.today), id="report-as-of")
                    yield field_check("report-as-of-check")
                with form_field(_("Scope")):
                    with RadioSet(id="report-scope"):
                        yield RadioButton(_("All tasks"), value=True, id="report-scope-all")
                        yield RadioButton(
                            _("One agency"), id="report-scope-agency", disabled=not self.agencies
                        )
                        yield RadioButton(
                            _("One meeting"), id="report-scope-meeting", disabled=not self.meetings
                        )
                    if self.agencies:
                        yield Select[str](
                            # Text, not str: a str would be read as markup, and names are data.
                            [(Text(f"{a.code} — {a.short_name}"), a.code) for a in self.agencies],
                            allow_blank=False,
                            id="report-agency",
                        )
                    if self.meetings:
                        yield Select[str](
                            [
                                (Text(f"{format_date(m.date)} — {m.title}"), m.id)
                                for m in self.meetings
                            ],
                            allow_blank=False,
                            id="report-meeting",
                        )
                with form_field(_("File")):
                    yield Input(self._auto_path, id="report-path")
                    yield field_check("report-path-check")
            with Horizontal(classes="dialog-buttons"):
                yield Static(_("Ctrl+S write · Esc cancel"), classes="dialog-keys")
                yield Button(_("Write report"), variant="primary", id="report-save")
                yield Button(_("Cancel"), id="report-cancel")

    def on_mount(self) -> None:
        """Show the scope's choices and check the prefilled date and file."""
        self._show_scope()
        self._check_as_of()
        self._check_path()

    # Reading and checking the fields ------------------------------------------------------

    def _format(self) -> str:
        value = self.query_one("#report-format", Select).value
        return value if isinstance(value, str) else "html"

    def _language(self) -> str:
        pressed = self.query_one("#report-lang", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return self._lang
        return pressed.id.removeprefix("report-lang-")

    def _scope(self) -> str:
        pressed = self.query_one("#report-scope", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return "all"
        return pressed.id.removeprefix("report-scope-")

    def _chosen(self, select_id: str) -> str | None:
        found = self.query(select_id)
        if not found:
            return None
        value = self.query_one(select_id, Select).value
        return value if isinstance(value, str) else None

    def _show_scope(self) -> None:
        scope = self._scope()
        for name in ("agency", "meeting"):
            for select in self.query(f"#report-{name}"):
                select.display = scope == name

    def _period(self) -> Period | None:
        value = self.query_one("#report-period", Select).value
        if not isinstance(value, str) or value == AS_OF_A_DATE:
            return None
        return parse_period(value)

    def _check_as_of(self) -> date | None:
        period = self._period()
        if period is not None:
            # A period report is as of the period's last day: the date field shows it, and
            # the line under it, which reads what was typed, has nothing to say.
            self._show("#report-as-of-check", "")
            return period.end
        day = self._read_day("#report-as-of", "#report-as-of-check", self.today)
        return day if isinstance(day, date) else None

    def _check_path(self) -> Path | None:
        text = self.query_one("#report-path", Input).value.strip()
        if not text:
            self._show("#report-path-check", _("name the file to write"))
            return None
        path = Path(text).expanduser()
        if path.is_dir():
            self._show("#report-path-check", _("{path} is a folder").format(path=path))
            return None
        if not path.parent.is_dir():
            self._show(
                "#report-path-check",
                _("folder {folder} does not exist").format(folder=path.parent),
            )
            return None
        if self._refuse_path is not None:
            try:
                self._refuse_path(path)
            except TrackerError as error:
                self._show("#report-path-check", str(error))
                return None
        if path.exists():
            self._show("#report-path-check", _("the file exists and will be replaced"), "-hint")
        else:
            self._show("#report-path-check", "")
        return path

    def _refresh_auto_path(self) -> None:
        """Follow the format and date in the file name, until the user writes a name."""
        day = self._check_as_of()
        if self._path_edited or day is None:
            return
        self._auto_path = str(self.folder / report_file_name(day, self._format(), self._period()))
        self.query_one("#report-path", Input).value = self._auto_path
        self._check_path()

    # Events ----------------------------------------------------------------------------

    @on(Select.Changed, "#report-format")
    @on(Input.Changed, "#report-as-of")
    def _name_parts_changed(self) -> None:
        self._refresh_auto_path()

    @on(Select.Changed, "#report-period")
    def _period_changed(self) -> None:
        period = self._period()
        as_of = self.query_one("#report-as-of", Input)
        as_of.disabled = period is not None
        if period is not None:
            as_of.value = format_date(period.end)
        self._refresh_auto_path()

    @on(RadioSet.Changed, "#report-scope")
    def _scope_changed(self) -> None:
        self._show_scope()

    @on(Input.Changed, "#report-path")
    def _path_changed(self, event: Input.Changed) -> None:
        # Our own updates arrive late: one that no longer matches the field is stale, and
        # only a value differing from the suggestion is the user's. Emptying the field hands
        # the name back to the suggestion.
        if event.value != event.input.value:
            return
        self._path_edited = event.value not in (self._auto_path, "")
        self._check_path()

    @on(Input.Submitted, "#report-as-of")
    def _next_field(self) -> None:
        self.focus_next()

    @on(Input.Submitted, "#report-path")
    @on(Button.Pressed, "#report-save")
    def action_save(self) -> None:
        """Dismiss with the request, or point at the field that is wrong."""
        day = self._check_as_of()
        path = self._check_path()
        if day is None:
            self.query_one("#report-as-of", Input).focus()
            return
        if path is None:
            self.query_one("#report-path", Input).focus()
            return
        scope = self._scope()
        self.dismiss(
            ReportRequest(
                fmt=self._format(),
                lang=self._language(),
                as_of=day,
                agency=self._chosen("#report-agency") if scope == "agency" else None,
                meeting=self._chosen("#report-meeting") if scope == "meeting" else None,
                path=path,
                period=self._period(),
                letterhead=self._letterhead(),
            )
        )

    def _letterhead(self) -> Letterhead | None:
        """The department's details from the settings, for the formats with an official
        header (docx, html); read when the report is written, so that a change made with
        `tracker config` while the UI is open counts. None when nothing is configured,
        which the docx shows as dotted blanks and the html page leaves out."""
        if self._format() not in ("docx", "html"):
            return None
        path = getattr(self.app, "settings_file", None) or settings.settings_path()
        letterhead = settings.saved_letterhead(path)
        return None if letterhead.is_blank() else letterhead

    @on(Button.Pressed, "#report-cancel")
    def action_cancel(self) -> None:
        """Close the dialog without writing a report."""
        self.dismiss(None)
