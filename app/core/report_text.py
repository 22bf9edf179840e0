"""The periodic report's words: its title, the generated paragraphs the
officer starts from, and the lists drawn from the log (results, overdue
tasks, tasks of the next period)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Sequence

from app.core.dates import short_date
from app.core.figures import Figures, StatusCounts, format_percent
from app.core.periods import Period, next_period, period_title
from app.core.status import TASK_STATUS_LABELS, TaskStatus, in_period
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


def report_title(period: Period, year: int) -> str:
    """Trích yếu: "Kết quả thực hiện công tác cải cách hành chính quý I năm 2023"."""
    return f"Kết quả thực hiện công tác cải cách hành chính {period_title(period, year)}"


def counts_sentence(counts: StatusCounts) -> str:
    """"30 nhiệm vụ: hoàn thành đúng hạn 5 (16,7%), …" without empty items."""
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
    """The paragraphs a report starts with; the officer edits them."""
    unit = unit_sentence or "Ủy ban nhân dân"
    total = figures.total
    following, following_year = next_period(period, year)
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
        "ton_tai": ("Còn nhiệm vụ chậm tiến độ so với kế hoạch (chi tiết tại mục dưới đây)."
                    if total[TaskStatus.OVERDUE] else "Không có nhiệm vụ quá hạn trong kỳ."),
        "nguyen_nhan": "",
        "phuong_huong": (f"Tiếp tục triển khai các nhiệm vụ cải cách hành chính {period_title(following, following_year)}; "
                         "tập trung hoàn thành các nhiệm vụ còn chậm tiến độ."),
        "kien_nghi": "",
    }


def task_line(task: TrackedTask) -> str:
    """"- 3. Công khai TTHC: Đã niêm yết 45 TTHC (Hoàn thành đúng hạn)."""
    name = " ".join((task.row.task or task.row.objective or task.row.activity).split())
    result = " ".join(task.latest.result.split()) if task.latest and task.latest.result else "chưa có kết quả"
    number = f"{task.number}. " if task.number else ""
    return f"- {number}{name}: {result} ({TASK_STATUS_LABELS[task.period_status]})."


def overdue_lines(tracking: PlanTracking) -> list[str]:
    """Tasks overdue in the report's period, each with the occurrences it
    missed and the reason logged (or a note that none was given)."""
    start, end = tracking.window or (date.min, date.max)
    lines = []
    for task in tracking.tasks.values():
        if task.period_status is not TaskStatus.OVERDUE:
            continue
        name = " ".join(task.row.task.split()) or " ".join(task.row.objective.split())
        reason = task.latest.reason.strip() if task.latest and task.latest.reason.strip() else "chưa nêu lý do"
        missed = [short_date(s.due) for s in task.status.missed if in_period(s, start, end)]
        due = f" (hạn {missed[0]})" if len(missed) == 1 else f" (các lần hạn {', '.join(missed)})" if missed else ""
        number = f"{task.number}. " if task.number else ""
        lines.append(f"- {number}{name}{due}: {reason}.")
    return lines


def next_period_lines(tracking: PlanTracking, period: Period, year: int, as_of: date) -> list[str]:
    """Open tasks with a due date after ``as_of`` and by the end of the next
    period (30/06 for the 6-month report, 31/12 for the year…)."""
    import calendar

    following, following_year = next_period(period, year)
    last_month = {Period.Q1: 3, Period.H1: 6, Period.Q3: 9, Period.YEAR: 12}[following]
    start = as_of + timedelta(days=1)
    end = date(following_year, last_month, calendar.monthrange(following_year, last_month)[1])
    lines = []
    for task in tracking.tasks.values():
        if not task.status.is_open:
            continue
        dates = [s.due for s in task.status.occurrences if s.is_open and start <= s.due <= end]
        if not dates:
            continue
        name = " ".join(task.row.task.split())
        number = f"{task.number}. " if task.number else ""
        lines.append(f"- {number}{name} (hạn {short_date(dates[0])}).")
    return lines


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


def sentence_case(title: str) -> str:
    """"CẢI CÁCH THỂ CHẾ" → "Cải cách thể chế" (area titles inside the text)."""
    lowered = title.lower()
    return lowered[:1].upper() + lowered[1:]


def lines_or(fallback: str, lines: Sequence[str]) -> list[str]:
    return list(lines) if lines else [fallback]
