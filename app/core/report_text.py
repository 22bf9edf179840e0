"""The periodic report's words: its title, the paragraphs the officer starts
from, and the lists drawn from the log (results per area, tasks that need a
reason, tasks due in the coming period).

Every line is built so a reviewer finds nothing to send back: names without
stray punctuation ("triển khai.", ". Tiếp tục"), a status in plain words,
dates as dd/mm/yyyy, and the period after the report named as documents name
it (quý I → quý II; 6 tháng đầu năm → 6 tháng cuối năm; quý III (9 tháng) →
quý IV; năm → năm sau).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from app.core.dates import short_date
from app.core.figures import Figures, StatusCounts, format_percent
from app.core.model import ProgressEntry, RowKind
from app.core.periods import Period, period_title
from app.core.status import TASK_STATUS_LABELS, OccurrenceStatus, TaskStatus, in_period
from app.core.tracking import PlanTracking, TrackedTask

# The narrative parts the officer writes (prefilled), in the outline's order.
TEXT_KEYS = ("opening", "chi_dao", "uu_diem", "ton_tai", "nguyen_nhan", "phuong_huong", "kien_nghi")
TEXT_LABELS = {
    "opening": "Mở đầu (căn cứ báo cáo)",
    "chi_dao": "Công tác chỉ đạo, điều hành",
    "uu_diem": "Ưu điểm",
    "ton_tai": "Tồn tại, hạn chế",
    "nguyen_nhan": "Nguyên nhân",
    "phuong_huong": "Phương hướng, nhiệm vụ kỳ tới",
    "kien_nghi": "Đề xuất, kiến nghị",
}
NO_REASON = "chưa nêu lý do"


def report_title(period: Period, year: int) -> str:
    """Trích yếu: "Kết quả thực hiện công tác cải cách hành chính quý I năm 2023"."""
    return f"Kết quả thực hiện công tác cải cách hành chính {period_title(period, year)}"


@dataclass(frozen=True)
class Following:
    """The period a report's "phương hướng, nhiệm vụ" looks ahead to."""

    title: str   # "quý II năm 2023", "6 tháng cuối năm 2023", "quý IV năm 2023", "năm 2024"
    start: date
    end: date


def following_period(period: Period, year: int) -> Following:
    """Quý I → quý II; 6 tháng đầu năm → 6 tháng cuối năm; quý III (9 tháng) →
    quý IV; năm → the next year."""
    if period is Period.Q1:
        return Following(f"quý II năm {year}", date(year, 4, 1), date(year, 6, 30))
    if period is Period.H1:
        return Following(f"6 tháng cuối năm {year}", date(year, 7, 1), date(year, 12, 31))
    if period is Period.Q3:
        return Following(f"quý IV năm {year}", date(year, 10, 1), date(year, 12, 31))
    return Following(f"năm {year + 1}", date(year + 1, 1, 1), date(year + 1, 12, 31))


# -- words -------------------------------------------------------------------

_LEADING = re.compile(r"^[\s.,;:\-–—•+*]+")
_TRAILING = re.compile(r"[\s.,;:\-–—]+$")


def clean_phrase(text: str) -> str:
    """One line of words without the punctuation that would clash with ours:
    ". Tiếp tục triển khai." → "Tiếp tục triển khai"."""
    return _TRAILING.sub("", _LEADING.sub("", " ".join((text or "").split())))


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def status_words(status: TaskStatus) -> str:
    """"Thường xuyên (đã triển khai)" → "thường xuyên, đã triển khai" (inside brackets)."""
    return TASK_STATUS_LABELS[status].lower().replace(" (", ", ").replace(")", "")


def task_name(task: TrackedTask) -> str:
    """"- 28. Tiếp tục triển khai …": the number and the task's words."""
    row = task.row
    name = capitalised(clean_phrase(row.task or row.objective or row.activity)) or "(nhiệm vụ chưa có tên)"
    return f"{task.number}. {name}" if task.number else name


def sentence_case(title: str) -> str:
    """"CẢI CÁCH THỂ CHẾ" → "Cải cách thể chế" (area titles inside the text)."""
    lowered = title.lower()
    return lowered[:1].upper() + lowered[1:]


def counts_sentence(counts: StatusCounts) -> str:
    """"hoàn thành đúng hạn 5 (16,7%); …" without empty items."""
    parts = []
    for status in TaskStatus:  # the one status order, as the report's table
        n = counts[status]
        if n:
            parts.append(f"{TASK_STATUS_LABELS[status].lower()} {n} ({format_percent(counts.percent(n))})")
    return "; ".join(parts)


def figures_paragraph(figures: Figures, plan_year: int, as_of: date) -> str:
    """Section I.1 "Về kế hoạch CCHC": the counts in words."""
    total = figures.total
    if not total.total:
        return f"Kế hoạch cải cách hành chính năm {plan_year} chưa có nhiệm vụ nào."
    return (
        f"Kế hoạch cải cách hành chính năm {plan_year} có {total.total} nhiệm vụ. "
        f"Tính đến ngày {short_date(as_of)}: {counts_sentence(total)}. "
        f"Tỷ lệ hoàn thành chung đạt {format_percent(total.percent_done)} "
        f"({total.done}/{total.total} nhiệm vụ)."
    )


def default_texts(unit_sentence: str, plan_reference: str, period: Period, year: int,
                  figures: Figures, as_of: date) -> dict[str, str]:
    """The paragraphs a report starts with; the officer edits them. Parts
    left empty are left out of the PDF (or, for those the figures can say,
    filled from them)."""
    unit = unit_sentence or "Ủy ban nhân dân"
    total = figures.total
    late = total[TaskStatus.OVERDUE] + total[TaskStatus.DONE_LATE] + total[TaskStatus.RECURRING_IDLE]
    return {
        "opening": (f"Thực hiện {plan_reference or 'Kế hoạch cải cách hành chính năm ' + str(year)}, "
                    f"{unit} báo cáo kết quả thực hiện công tác cải cách hành chính "
                    f"{period_title(period, year)} như sau:"),
        "chi_dao": (f"{unit} đã ban hành Kế hoạch cải cách hành chính năm {year}, phân công nhiệm vụ cụ thể cho "
                    "các bộ phận, công chức; thường xuyên đôn đốc, kiểm tra việc thực hiện; lồng ghép nội dung "
                    "cải cách hành chính trong các cuộc họp giao ban."),
        "uu_diem": (f"Các nhiệm vụ cải cách hành chính được triển khai theo kế hoạch; "
                    f"{total.done}/{total.total} nhiệm vụ đã hoàn thành "
                    f"({format_percent(total.percent_done)})."),
        "ton_tai": ("Còn nhiệm vụ chậm tiến độ, chưa thực hiện so với kế hoạch (chi tiết dưới đây)."
                    if late or total[TaskStatus.CANCELLED] else "Không có nhiệm vụ chậm tiến độ trong kỳ."),
        "nguyen_nhan": "",
        "phuong_huong": (f"Tiếp tục triển khai các nhiệm vụ cải cách hành chính "
                         f"{following_period(period, year).title}; tập trung hoàn thành các nhiệm vụ còn chậm "
                         "tiến độ."),
        "kien_nghi": "",
    }


# -- lists from the log --------------------------------------------------------


def task_line(task: TrackedTask) -> str:
    """"- 3. Công khai TTHC: Niêm yết 45 TTHC (thường xuyên, đã triển khai)."
    A task with nothing logged shows only its status."""
    result = clean_phrase(task.latest.result) if task.latest else ""
    said = f": {result}" if result else ""
    return f"- {task_name(task)}{said} ({status_words(task.period_status)})."


def area_results(tracking: PlanTracking) -> list[tuple[str, list[str]]]:
    """(area heading, lines) for section II, in the plan's order."""
    groups: dict[int | None, tuple[str, list[str]]] = {}
    for task in tracking.tasks.values():
        key = task.area.id if task.area else None
        if key not in groups:
            title = task.area.task if task.area else "Nhiệm vụ khác"
            groups[key] = (title, [])
        groups[key][1].append(task_line(task))
    return list(groups.values())


def latest_reasons(tracking: PlanTracking, entries: Iterable[ProgressEntry], as_of: date) -> dict[int, str]:
    """The last reason logged for each task up to ``as_of``, on the task or
    on any of its activities and sub-rows."""
    parents = {row.id: row.parent_id for row in tracking.rows}
    kinds = {row.id: row.kind for row in tracking.rows}

    def owner(row_id: int | None) -> int | None:
        while row_id is not None and kinds.get(row_id) is not RowKind.TASK:
            row_id = parents.get(row_id)
        return row_id

    reasons: dict[int, tuple[date, int, str]] = {}
    for entry in entries:
        reason = clean_phrase(entry.reason)
        task_id = owner(entry.row_id)
        if not reason or task_id is None or entry.date > as_of:
            continue
        key = (entry.date, entry.id)
        if task_id not in reasons or key > reasons[task_id][:2]:
            reasons[task_id] = (entry.date, entry.id, reason)
    return {task_id: value[2] for task_id, value in reasons.items()}


def _dates(states) -> str:
    return ", ".join(short_date(s.due) for s in states)


def _attention(task: TrackedTask, window: tuple[date, date]) -> str | None:
    """Why a task needs a reason in the report, in brackets; None if it does
    not. Judged as the report's figures count it: the period's status and the
    occurrences (due dates) that count in the period."""
    status = task.period_status
    counted = [s for s in task.status.occurrences if in_period(s, *window)]
    late = [s for s in counted if s.status is OccurrenceStatus.DONE_LATE]
    if status is TaskStatus.OVERDUE:
        missed = [s for s in counted if s.is_missed]
        if len(missed) > 1:
            return f"quá hạn, các lần hạn {_dates(missed)}"
        return f"quá hạn, hạn {_dates(missed)}" if missed else "quá hạn"
    if status is TaskStatus.DONE_LATE:
        last = late[-1] if late else None
        return "hoàn thành quá hạn" + (f" ngày {short_date(last.done_on)}, hạn {short_date(last.due)}" if last else "")
    if status is TaskStatus.CANCELLED:
        return "không thực hiện"
    if status is TaskStatus.RECURRING_IDLE:
        return "thường xuyên, chưa triển khai trong kỳ"
    if late:  # still under way, but a milestone was met late
        last = late[-1]
        return (f"{status_words(status)}, mốc {short_date(last.due)} hoàn thành muộn ngày "
                f"{short_date(last.done_on)}")
    return None


def _window(tracking: PlanTracking, as_of: date) -> tuple[date, date]:
    return tracking.window or (date.min, as_of)


def reason_lines(tracking: PlanTracking, reasons: dict[int, str], as_of: date) -> list[str]:
    """One line for every task late, not done, overdue (with the due dates it
    missed), idle in the period or late on one of its milestones, with the
    reason logged (or a plain note that none was given)."""
    lines = []
    window = _window(tracking, as_of)
    for task_id, task in tracking.tasks.items():
        why = _attention(task, window)
        if why is None:
            continue
        reason = capitalised(reasons.get(task_id, "")) or NO_REASON
        lines.append(f"- {task_name(task)} ({why}): {reason}.")
    return lines


def causes_paragraph(reasons: dict[int, str], tracking: PlanTracking, as_of: date) -> str:
    """"Nguyên nhân" filled from the reasons logged for the tasks listed
    under "Tồn tại", when the officer wrote none ("" when none was logged)."""
    seen: dict[str, str] = {}
    window = _window(tracking, as_of)
    for task_id, task in tracking.tasks.items():
        reason = reasons.get(task_id)
        if reason and _attention(task, window) is not None:
            seen.setdefault(reason.lower(), reason[:1].lower() + reason[1:] if reason[1:2].islower() else reason)
    if not seen:
        return ""
    return "Một số nhiệm vụ chậm tiến độ, chưa thực hiện do: " + "; ".join(seen.values()) + "."


def next_period_lines(tracking: PlanTracking, period: Period, year: int) -> list[str]:
    """Open tasks with a due date inside the coming period (quý II for the
    quý I report …): what the "phương hướng" must plan for."""
    coming = following_period(period, year)
    lines = []
    for task in tracking.tasks.values():
        if not task.status.is_open:  # THE open-task rule (app/core/status.py)
            continue
        dates = [s.due for s in task.status.occurrences if s.is_open and coming.start <= s.due <= coming.end]
        if dates:
            lines.append(f"- {task_name(task)} (hạn {short_date(dates[0])}).")
    return lines
