"""The words of a status report in Vietnamese and English, and how each language writes numbers.

These are fixed strings, not gettext messages: `--lang en` must give an English report
whatever catalog the rest of the program runs under, and `--lang vi` must use the
government's own terms (DOMAIN.md, "How Vietnamese government task tracking counts").
The words for standings and areas come from the one vocabulary (tracker/domain/vocabulary.py).
Dates are written day-first in both languages (30/09/2019).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from tracker.domain import vocabulary
from tracker.domain.rates import Rate, format_percent
from tracker.domain.standing import Standing
from tracker.domain.vocabulary import capitalised
from tracker.reports import official_words
from tracker.reports.official_words import OfficialWords

LANGUAGES = ("vi", "en")


class Labels(NamedTuple):
    """Every word a renderer puts around the numbers, in one language."""

    lang: str
    title: str
    agreements: str
    meetings: str
    as_of: str
    generated: str
    scope: str
    scope_all: str
    scope_agency: str  # {agency}
    scope_meeting: str  # {meeting}
    scope_both: str  # {agency} {meeting}
    totals: str
    tasks: str
    tasks_column: str
    standing_heading: str
    standings: Mapping[Standing, str]
    # Short forms for table headings, where the full words would not fit.
    standing_columns: Mapping[Standing, str]
    completion_rate: str
    on_time_rate: str
    completion_formula: str
    on_time_formula: str
    completion_column: str
    on_time_column: str
    not_applicable: str
    not_applicable_short: str
    roles: str  # {agency}
    as_lead: str
    as_partner: str
    role: str
    by_agency: str
    agency: str
    overdue_tasks: str
    due_soon: str  # {days} {start} {end}
    closed_recently: str  # {days} {start} {end}
    task_id: str
    task: str
    lead: str
    partners: str
    due: str
    days_overdue: str
    days_left: str
    closed_on: str
    result: str
    outcome: str
    days_late: str  # {days}
    by_area: str
    area: str
    no_area: str
    none: str
    more_rows: str  # {count}
    chart_title: str
    chart_caption: str
    areas: Mapping[str, str]
    period_title: str  # {period} {start} {end}
    period_heading: str  # {start} {end}
    period_item: str
    period_count: str
    period_assigned: str
    period_fell_due: str
    period_done_on_time: str
    period_done_late: str
    period_cancelled: str
    period_extensions: str
    extensions_in_period: str
    granted_on: str
    previous_deadline: str
    new_deadline: str
    extended_tasks: str  # {count}
    original_deadline: str
    current_deadline: str
    reason: str
    document: str
    due_soon_count: str  # {days}
    # A report limited to top-level tasks (--top-level): sub-tasks are not counted.
    top_level_title: str  # {title}
    top_level_scope: str  # {scope}
    top_level_all: str
    decimal_mark: str = "."
    thousands_mark: str = ","
    # CSV (tracker/reports/csv_dialect.py): the separator Excel expects under this
    # language's regional settings, and the headings and row names of a CSV file by their
    # key (a key missing here is written as it is: the English file's own headings).
    csv_delimiter: str = ","
    csv_headings: Mapping[str, str] = {}
    csv_about: Mapping[str, str] = {}
    # The official report's words (the Word report's header, signature and appendix).
    official: OfficialWords = official_words.ENGLISH
    # The Excel report's sheets (report --format xlsx; Excel allows 31 characters) and the
    # headings of its summary's rates block. Defaults are the English ones: a field after
    # the defaulted ones above needs one.
    sheet_summary: str = "Summary"
    sheet_all_tasks: str = "All tasks"
    sheet_overdue: str = "Overdue"
    sheet_extensions: str = "Extensions"
    sheet_due_soon: str = "Due soon"
    sheet_rate: str = "Rate"
    sheet_value: str = "Value"
    sheet_formula: str = "Formula"
    sheet_figures: str = "Figures"
    sheet_code: str = "Code"

    def standing(self, standing: Standing) -> str:
        """The words for `standing` in this language."""
        return self.standings[standing]

    def area_name(self, area: str | None) -> str:
        """The cooperation area in this language; a word typed by a user is shown as typed."""
        if area is None:
            return self.no_area
        return self.areas.get(area, area)

    def number(self, value: int) -> str:
        """14068 as 14,068 in English and 14.068 in Vietnamese."""
        return f"{value:,}".replace(",", self.thousands_mark)

    def percent(self, rate: Rate | None) -> str:
        """16,051 of 16,274 as 98.62% (98,62% in Vietnamese), cut not rounded; None as n/a."""
        if rate is None:
            return self.not_applicable_short
        return format_percent(rate, self.decimal_mark)


ENGLISH = Labels(
    lang="en",
    title="Status report on cooperation tasks",
    agreements="Agreement",
    meetings="Meetings",
    as_of="As of",
    generated="Generated",
    scope="Scope",
    scope_all="all tasks",
    scope_agency="tasks of {agency}, as lead or partner",
    scope_meeting="tasks from {meeting}",
    scope_both="tasks of {agency}, as lead or partner, from {meeting}",
    totals="Overview",
    tasks="Tasks",
    tasks_column="Tasks",
    standing_heading="Standing",
    standings={s: vocabulary.STANDINGS[s].en for s in Standing},
    standing_columns={s: vocabulary.STANDING_COLUMNS[s].en for s in Standing},
    completion_rate="Completion rate",
    on_time_rate="On-time rate",
    completion_formula="done / (done + overdue)",
    on_time_formula="done on time / (done + overdue)",
    completion_column="Completion",
    on_time_column="On time",
    not_applicable="not applicable (no task is done or overdue)",
    not_applicable_short="n/a",
    roles="By role of {agency}",
    as_lead="as lead",
    as_partner="as partner",
    role="Role",
    by_agency="By lead agency (most overdue first, then most open)",
    agency="Agency",
    overdue_tasks="Overdue tasks (longest overdue first)",
    due_soon="Due in the next {days} days ({start} – {end})",
    closed_recently="Closed in the last {days} days ({start} – {end})",
    task_id="#",
    task="Task",
    lead="Lead",
    partners="Partners",
    due="Due",
    days_overdue="Days overdue",
    days_left="Days left",
    closed_on="Closed",
    result="Result",
    outcome="Outcome",
    days_late="{days} days late",
    by_area="By cooperation area",
    area="Area",
    no_area="(no area)",
    none="None.",
    more_rows="… and {count} more, not shown on screen: --output FILE writes them all.",
    chart_title="Standing of tasks by lead agency",
    chart_caption="Each bar is one lead agency's tasks, split by standing.",
    areas={key: capitalised(term.en) for key, term in vocabulary.AREAS.items()},
    period_title="Report for {period} (figures from {start} to {end})",
    period_heading="In the reporting period ({start} – {end})",
    period_item="Item",
    period_count="Number",
    period_assigned="Tasks assigned in the period",
    period_fell_due="Tasks that fell due in the period",
    period_done_on_time="Tasks done on time in the period",
    period_done_late="Tasks done late in the period",
    period_cancelled="Tasks cancelled in the period",
    period_extensions="Extensions granted in the period",
    extensions_in_period="Extensions granted in the period ({start} – {end})",
    granted_on="Granted on",
    previous_deadline="Previous deadline",
    new_deadline="New deadline",
    extended_tasks="Tasks whose deadline was extended: {count}",
    original_deadline="Original deadline",
    current_deadline="Current deadline",
    reason="Reason",
    document="Document",
    due_soon_count="Due within {days} days (already counted as in time)",
    top_level_title="{title} (top-level tasks only)",
    top_level_scope="{scope}; sub-tasks not counted",
    top_level_all="top-level tasks (sub-tasks not counted)",
    csv_delimiter=",",
    csv_headings={},
    csv_about={},
    official=official_words.ENGLISH,
    sheet_summary="Summary",
    sheet_all_tasks="All tasks",
    sheet_overdue="Overdue",
    sheet_extensions="Extensions",
    sheet_due_soon="Due soon",
    sheet_rate="Rate",
    sheet_value="Value",
    sheet_formula="Formula",
    sheet_figures="Figures",
    sheet_code="Code",
)

VIETNAMESE = Labels(
    lang="vi",
    title="Báo cáo tình hình thực hiện nhiệm vụ hợp tác",
    agreements="Chương trình hợp tác",
    meetings="Hội nghị, cuộc họp",
    as_of="Tính đến ngày",
    generated="Lập lúc",
    scope="Phạm vi",
    scope_all="tất cả nhiệm vụ",
    scope_agency="nhiệm vụ của {agency} (chủ trì hoặc phối hợp)",
    scope_meeting="nhiệm vụ giao tại {meeting}",
    scope_both="nhiệm vụ của {agency} (chủ trì hoặc phối hợp) giao tại {meeting}",
    totals="Tổng hợp",
    tasks="Tổng số nhiệm vụ",
    tasks_column="Tổng số",
    standing_heading="Tình hình thực hiện",
    standings={s: vocabulary.STANDINGS[s].vi for s in Standing},
    standing_columns={s: vocabulary.STANDING_COLUMNS[s].vi for s in Standing},
    completion_rate="Tỷ lệ hoàn thành",
    on_time_rate="Tỷ lệ đúng hạn",
    completion_formula="số hoàn thành / (số hoàn thành + số quá hạn)",
    on_time_formula="số hoàn thành đúng hạn / (số hoàn thành + số quá hạn)",
    completion_column="Tỷ lệ HT",
    on_time_column="Tỷ lệ đúng hạn",
    not_applicable="không áp dụng (chưa có nhiệm vụ hoàn thành hoặc quá hạn)",
    not_applicable_short="không áp dụng",
    roles="Theo vai trò của {agency}",
    as_lead="chủ trì",
    as_partner="phối hợp",
    role="Vai trò",
    by_agency="Theo cơ quan chủ trì (nhiều nhiệm vụ quá hạn trước, rồi nhiều nhiệm vụ chưa xong)",
    agency="Cơ quan",
    overdue_tasks="Nhiệm vụ quá hạn (quá hạn lâu nhất trước)",
    due_soon="Đến hạn trong {days} ngày tới ({start} – {end})",
    closed_recently="Đã kết thúc trong {days} ngày qua ({start} – {end})",
    task_id="#",
    task="Nhiệm vụ",
    lead="Chủ trì",
    partners="Phối hợp",
    due="Thời hạn",
    days_overdue="Số ngày quá hạn",
    days_left="Còn (ngày)",
    closed_on="Ngày kết thúc",
    result="Đánh giá",
    outcome="Kết quả",
    days_late="chậm {days} ngày",
    by_area="Theo lĩnh vực hợp tác",
    area="Lĩnh vực",
    no_area="(chưa phân lĩnh vực)",
    none="Không có.",
    more_rows="… và {count} dòng nữa không hiện trên màn hình: dùng --output FILE để ghi đầy đủ.",
    chart_title="Tình hình thực hiện nhiệm vụ theo cơ quan chủ trì",
    chart_caption=(
        "Mỗi thanh là các nhiệm vụ của một cơ quan chủ trì, chia theo tình hình thực hiện."
    ),
    areas={key: capitalised(term.vi) for key, term in vocabulary.AREAS.items()},
    period_title="Báo cáo {period} (số liệu từ {start} đến {end})",
    period_heading="Trong kỳ báo cáo ({start} – {end})",
    period_item="Nội dung",
    period_count="Số lượng",
    period_assigned="Nhiệm vụ được giao trong kỳ",
    period_fell_due="Nhiệm vụ đến hạn trong kỳ",
    period_done_on_time="Nhiệm vụ hoàn thành đúng hạn trong kỳ",
    period_done_late="Nhiệm vụ hoàn thành quá hạn trong kỳ",
    period_cancelled="Nhiệm vụ đã hủy trong kỳ",
    period_extensions="Số lượt gia hạn trong kỳ",
    extensions_in_period="Gia hạn trong kỳ báo cáo ({start} – {end})",
    granted_on="Ngày gia hạn",
    previous_deadline="Thời hạn trước",
    new_deadline="Thời hạn mới",
    extended_tasks="Nhiệm vụ được gia hạn: {count}",
    original_deadline="Thời hạn ban đầu",
    current_deadline="Thời hạn hiện tại",
    reason="Lý do",
    document="Văn bản",
    due_soon_count="Sắp đến hạn trong {days} ngày (thuộc số đang thực hiện trong hạn)",
    top_level_title="{title} (chỉ tính nhiệm vụ chính)",
    top_level_scope="{scope}; không tính nhiệm vụ con",
    top_level_all="nhiệm vụ chính (không tính nhiệm vụ con)",
    decimal_mark=",",
    thousands_mark=".",
    csv_delimiter=";",
    csv_headings={
        # The task columns, worded as the task sheet's (tracker/interchange/sheet_columns.py).
        "id": "Mã",
        "uuid": "UUID",
        "title": "Nội dung nhiệm vụ",
        "lead": "Cơ quan chủ trì",
        "partners": "Cơ quan phối hợp",
        "meeting": "Cuộc họp",
        "area": "Lĩnh vực",
        "due": "Thời hạn",
        "status": "Trạng thái",
        "standing": "Mã tình hình",
        "standing_label": "Tình hình thực hiện",
        "days_overdue": "Số ngày quá hạn",
        "closed_on": "Ngày kết thúc",
        "outcome": "Kết quả",
        "document": "Văn bản",
        "directed_by": "Lãnh đạo chỉ đạo",
        "parent": "Nhiệm vụ cha",
        # The summary block: its columns and what each row counts.
        "summary": "Tổng hợp theo",
        "code": "Mã",
        "name": "Tên",
        "tasks": "Tổng số",
        **{s.value: capitalised(vocabulary.STANDINGS[s].vi) for s in Standing},
        "completion_rate": "Tỷ lệ hoàn thành",
        "on_time_rate": "Tỷ lệ đúng hạn",
        "total": "Tổng cộng",
        "role": "Vai trò",
        "agency": "Cơ quan chủ trì",
        # The about block's columns.
        "about": "Thông tin",
        "key": "Mục",
        "value": "Nội dung",
        # The extensions block: its columns and why each row is there.
        "extension": "Gia hạn",
        "original_due": "Thời hạn ban đầu",
        "previous_due": "Thời hạn trước",
        "granted_on": "Ngày gia hạn",
        "reason": "Lý do",
        "extended": "Đã gia hạn",
        "granted_in_period": "Gia hạn trong kỳ",
    },
    csv_about={
        "title": "Tiêu đề",
        "as_of": "Tính đến ngày",
        "generated_at": "Lập lúc",
        "scope": "Phạm vi",
        "agreements": "Chương trình hợp tác",
        "meetings": "Hội nghị, cuộc họp",
        "completion_rate": "Tỷ lệ hoàn thành",
        "on_time_rate": "Tỷ lệ đúng hạn",
        "soon_days": "Số ngày tính sắp đến hạn",
        "due_soon": "Sắp đến hạn",
        "period": "Mã kỳ báo cáo",
        "period_label": "Kỳ báo cáo",
        "period_start": "Từ ngày",
        "period_end": "Đến ngày",
        "period_assigned": "Nhiệm vụ được giao trong kỳ",
        "period_fell_due": "Nhiệm vụ đến hạn trong kỳ",
        "period_done_on_time": "Nhiệm vụ hoàn thành đúng hạn trong kỳ",
        "period_done_late": "Nhiệm vụ hoàn thành quá hạn trong kỳ",
        "period_cancelled": "Nhiệm vụ đã hủy trong kỳ",
        "period_extensions": "Số lượt gia hạn trong kỳ",
    },
    official=official_words.VIETNAMESE,
    sheet_summary="Tổng hợp",
    sheet_all_tasks="Phụ lục",
    sheet_overdue="Quá hạn",
    sheet_extensions="Gia hạn",
    sheet_due_soon="Sắp đến hạn",
    sheet_rate="Tỷ lệ",
    sheet_value="Giá trị",
    sheet_formula="Công thức",
    sheet_figures="Số liệu",
    sheet_code="Mã",
)

_BY_LANG = {"en": ENGLISH, "vi": VIETNAMESE}


def labels_for(lang: str) -> Labels:
    """The labels of `lang` ("vi" or "en"); KeyError for any other."""
    return _BY_LANG[lang]


def default_lang(environ: Mapping[str, str]) -> str:
    """Vietnamese when LANG names it (vi, vi_VN.UTF-8, ...), English otherwise."""
    return "vi" if environ.get("LANG", "").lower().startswith("vi") else "en"
