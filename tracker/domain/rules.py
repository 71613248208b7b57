"""The rules a recorded value must keep, in one place: every entry point calls these.

`add`, `update`, `import`, the UI's forms and the board all clean and check what they are
given here, so a title, an agency code or a partner list gets the same verdict whichever
way it arrives. Each function returns the value as it is stored, or raises InvalidInput
saying, in one line, what is wrong.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime, time

from tracker.domain.dates import format_date
from tracker.domain.errors import InvalidInput, RequestRefused
from tracker.domain.model import AGENCY_CODE, AREAS, Agency, Meeting, Status, TaskSummary
from tracker.domain.safe_text import check_line, check_lines, shows_nothing
from tracker.domain.text import fold
from tracker.i18n import _

# Statuses a user may set directly; done and cancelled go through close, open through reopen.
SETTABLE_STATUSES = (Status.OPEN, Status.IN_PROGRESS, Status.BLOCKED, Status.CANCELLED)


def close_matches(wanted: str, known: Iterable[str]) -> list[str]:
    """Up to three known names like `wanted`, for "did you mean" hints."""
    import difflib  # Only a mistyped code pays for it.

    return difflib.get_close_matches(wanted, list(known), n=3, cutoff=0.5)


def clean_line(text: str, field: str) -> str:
    """A one-line field as stored: no control characters, runs of spaces folded."""
    return " ".join(check_line(text, field).split())


def clean_lines(text: str, field: str) -> str:
    """A multi-line field as stored: no control characters but line breaks and tabs, trimmed."""
    return check_lines(text, field).strip()


def clean_title(title: str) -> str:
    """The title as stored: one line, runs of spaces folded; InvalidInput if unsafe or empty."""
    cleaned = clean_line(title, _("the title"))
    # A title of zero-width spaces looks empty in every list it appears in.
    if shows_nothing(cleaned):
        raise InvalidInput(_("the title is empty: say what must be done"))
    return cleaned


def clean_area(area: str | None) -> str | None:
    """The cooperation area as stored: one line, spaces folded, None when blank."""
    return clean_line(area or "", _("the area")) or None


def area_key(area: str) -> str:
    """What makes two areas one: case and diacritics aside, "Nông nghiệp" is "nông nghiệp"."""
    return fold(area)


def known_area(area: str | None, known: Iterable[str]) -> str | None:
    """The area as stored, spelled as an area already in use that it matches (`area_key`).

    The vocabulary's areas (trade, tourism, ...) and those of stored tasks are `known`; an
    area none of them matches is kept as typed. Where several spellings of one area are
    already stored, the first in sort order is used, so the choice never depends on order.
    """
    cleaned = clean_area(area)
    if cleaned is None:
        return None
    key = area_key(cleaned)
    spellings = sorted(name for name in {*AREAS, *known} if area_key(name) == key)
    return spellings[0] if spellings else cleaned


def agency_code(code: str) -> str:
    """An agency code as stored (trimmed, upper case), or InvalidInput if it is not one."""
    cleaned = code.strip().upper()
    if not AGENCY_CODE.fullmatch(cleaned):  # match() would let "HN-KHDT\n" through
        raise InvalidInput(
            _("agency code {code!r} must be letters, digits and hyphens, like HN-KHDT").format(
                code=code
            )
        )
    return cleaned


def check_agency(code: str, agencies: Collection[str]) -> str:
    """The agency code as stored, or InvalidInput suggesting the closest known codes.

    `agencies` holds the known codes: the database's agencies by code, or a set of codes.
    """
    wanted = code.strip().upper()
    if wanted in agencies:
        return wanted
    close = close_matches(wanted, agencies)
    hint = (
        _("did you mean {codes}?").format(codes=", ".join(close))
        if close
        else _("see `tracker agencies`")
    )
    raise InvalidInput(_("unknown agency {code!r}: {hint}").format(code=code, hint=hint))


def check_partners(codes: Iterable[str], agencies: Collection[str], lead: str) -> tuple[str, ...]:
    """The partner codes as stored: known, each once, in the order given, never the lead."""
    partners = tuple(dict.fromkeys(check_agency(code, agencies) for code in codes))
    if lead in partners:
        raise InvalidInput(_("{code} cannot lead and partner the same task").format(code=lead))
    return partners


def check_meeting(meeting_id: str, meetings: Collection[str]) -> str:
    """The meeting id as stored, or InvalidInput suggesting the closest known ids."""
    wanted = meeting_id.strip()
    if wanted in meetings:
        return wanted
    close = close_matches(wanted, meetings)
    hint = (
        _("did you mean {ids}?").format(ids=", ".join(close))
        if close
        else _("see `tracker meetings`")
    )
    raise InvalidInput(_("unknown meeting {id!r}: {hint}").format(id=meeting_id, hint=hint))


def check_optional_meeting(meeting_id: str | None, meetings: Collection[str]) -> str | None:
    """`check_meeting` for a task's meeting, which may be none (None or blank)."""
    return check_meeting(meeting_id, meetings) if meeting_id and meeting_id.strip() else None


def clean_agency(agency: Agency) -> Agency:
    """An agency as stored: its code checked, its name required, every field one line."""
    from msgspec.structs import replace

    code = agency_code(agency.code)
    name = clean_line(agency.name, _("the agency name"))
    if shows_nothing(name):
        raise InvalidInput(_("the agency name is empty"))
    return replace(
        agency,
        code=code,
        name=name,
        # One line each, as the interchange format requires: an export must import.
        short=clean_line(agency.short, _("the short name")),
        locality=clean_line(agency.locality, _("the locality")),
    )


def clean_meeting(meeting: Meeting) -> Meeting:
    """A meeting as stored: a one-word id, a title, one-line place and chairs."""
    from msgspec.structs import replace

    meeting_id = check_line(meeting.id, _("the meeting id")).strip()
    if not meeting_id or any(ch.isspace() for ch in meeting_id):
        raise InvalidInput(_("a meeting id is one word, like 2026-10-15-hn-tn"))
    title = clean_line(meeting.title, _("the meeting title"))
    if shows_nothing(title):
        raise InvalidInput(_("the meeting title is empty"))
    return replace(
        meeting,
        id=meeting_id,
        title=title,
        # One line each, as the interchange format requires: an export must import.
        place=clean_line(meeting.place, _("the place")),
        chairs=tuple(clean_line(chair, _("a chair")) for chair in meeting.chairs),
        notes=check_lines(meeting.notes, _("the meeting notes")),
        document=clean_line(meeting.document, _("the conclusion document")),
    )


def settable_status(status: Status) -> Status:
    """A status a user may set directly, or InvalidInput naming the command that sets it."""
    if status is Status.DONE:
        raise InvalidInput(_("use `tracker close` to mark a task done"))
    return status


# The lifecycle ----------------------------------------------------------------------
# A closed task's deadline, its agencies and its status are what its standing and every
# report's counts (by lead, by partner) were judged on: they stay as they were when it
# closed, so that a past report stays true. Its title, description, area and meeting are
# descriptions that may still be corrected, and notes may still be added.
FROZEN_WHEN_CLOSED = ("due", "lead", "partners", "status")


def _frozen_sentences() -> dict[str, str]:
    """Per frozen field, the refusal; made per call, in the language of the moment."""
    return {
        "due": _("task #{id} is {status}: its deadline cannot change; reopen it first"),
        "lead": _("task #{id} is {status}: its lead agency cannot change; reopen it first"),
        "partners": _("task #{id} is {status}: its partners cannot change; reopen it first"),
        "status": _("task #{id} is {status}: its status cannot change; reopen it first"),
    }


def check_changeable(task: TaskSummary, field: str) -> None:
    """RequestRefused if `field` (a Task field name) of `task` may not change now: a
    deleted task changes not at all, a closed one keeps FROZEN_WHEN_CLOSED."""
    check_not_deleted(task)
    if task.is_closed and field in FROZEN_WHEN_CLOSED:
        raise RequestRefused(
            _frozen_sentences()[field].format(id=task.id, status=task.status.label)
        )


def check_not_deleted(task: TaskSummary) -> None:
    """RequestRefused for a deleted task: it must be restored before anything else."""
    if task.deleted_on is not None:
        raise RequestRefused(
            _("task #{id} was deleted on {day}; restore it first").format(
                id=task.id, day=format_date(task.deleted_on)
            )
        )


def recorded_day(created: datetime | None) -> date | None:
    """The day a task was recorded, on its recorder's calendar (None if unknown)."""
    return None if created is None else created.date()


def check_closing_day(day: date, created: datetime | None, today: date) -> date:
    """A day a task can have closed on: not after `today`, not before it was recorded
    (`created`, when known); else InvalidInput saying which."""
    if day > today:
        raise InvalidInput(_("a task cannot be closed in the future"))
    recorded = recorded_day(created)
    if recorded is not None and day < recorded:
        raise InvalidInput(
            _("a task cannot be closed on {day}, before it was recorded ({recorded})").format(
                day=format_date(day), recorded=format_date(recorded)
            )
        )
    return day


def recorded_by_closing(created: datetime, closed_on: date | None) -> datetime:
    """`created`, or the start of the closing day when the task closed before it: a task
    exists by the day it closed. For a task whose record did not say when it was recorded
    (an import without `created`), or one an older tracker let close before it."""
    if closed_on is not None and closed_on < created.date():
        return datetime.combine(closed_on, time.min, tzinfo=created.tzinfo)
    return created


def check_closed_state(
    status: Status, closed_on: date | None, created: datetime | None, today: date | None
) -> None:
    """InvalidInput unless `closed_on` fits `status`: a done or cancelled task has a closing
    day that `check_closing_day` accepts (any day up to `today`, if one is given), an open
    one has none. What an imported record must be."""
    if status.is_closed and closed_on is None:
        raise InvalidInput(
            _("a {status} task needs its 'closed_on' date").format(status=status.value)
        )
    if not status.is_closed and closed_on is not None:
        raise InvalidInput(
            _("a task that is {status} cannot have a 'closed_on' date").format(status=status.value)
        )
    if closed_on is not None and today is not None and closed_on > today:
        raise InvalidInput(
            _("'closed_on' {day} is in the future").format(day=closed_on.isoformat())
        )
    if closed_on is not None:
        check_closing_day(closed_on, created, date.max if today is None else today)


def check_extension(task: TaskSummary, to: date, on: date, today: date) -> date:
    """The deadline `task` has now, which an extension to `to` granted on `on` replaces;
    RequestRefused when the task cannot be extended (deleted, closed, no deadline, `to`
    not later), InvalidInput for a granting day after `today` or before the task was
    recorded or its deadline was last set."""
    check_not_deleted(task)
    if task.is_closed:
        raise RequestRefused(
            _("task #{id} is {status}; reopen it before extending its deadline").format(
                id=task.id, status=task.status.label
            )
        )
    due = task.due
    if due is None:
        raise RequestRefused(
            _("task #{id} has no deadline to extend; set one with `tracker update --due`").format(
                id=task.id
            )
        )
    if to <= due:
        raise RequestRefused(
            _(
                "task #{id}: the new deadline {new} is not after the current one ({due});"
                " an extension moves the deadline later"
            ).format(id=task.id, new=format_date(to), due=format_date(due))
        )
    if on > today:
        raise InvalidInput(_("an extension cannot be granted in the future"))
    recorded = recorded_day(task.created)
    if recorded is not None and on < recorded:
        raise InvalidInput(
            _(
                "an extension cannot be granted on {day}, before the task was recorded ({recorded})"
            ).format(day=format_date(on), recorded=format_date(recorded))
        )
    if task.deadlines and on < task.deadlines[-1].set_on:
        raise InvalidInput(
            _(
                "an extension cannot be granted on {day},"
                " before the deadline was last set ({set_on})"
            ).format(day=format_date(on), set_on=format_date(task.deadlines[-1].set_on))
        )
    return due
