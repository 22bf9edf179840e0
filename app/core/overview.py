"""What the "Tổng quan" tab and the start-up reminder show: the period's
figures (the report's own), overdue tasks, tasks due soon, report deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from app.core.figures import Figures
from app.core.periods import PERIOD_LABELS, Period, default_report_deadline, period_title
from app.core.status import DONE_STATUSES, TaskStatus
from app.core.tracking import PlanTracking, TrackedTask

DUE_SOON_DAYS = 7
PERIOD_ORDER = (Period.Q1, Period.H1, Period.Q3, Period.YEAR)


@dataclass(frozen=True)
class ReportDeadline:
    period: Period
    year: int
    due: date
    days_left: int

    @property
    def label(self) -> str:
        return f"Báo cáo {period_title(self.period, self.year)}"


@dataclass(frozen=True)
class Overview:
    as_of: date
    period: Period
    year: int
    window: tuple[date, date]
    figures: Figures
    overdue: tuple[TrackedTask, ...]
    due_soon: tuple[TrackedTask, ...]
    deadlines: tuple[ReportDeadline, ...]

    @property
    def period_label(self) -> str:
        return PERIOD_LABELS[self.period]

    @property
    def has_warnings(self) -> bool:
        return bool(self.overdue or self.due_soon or any(d.days_left <= DUE_SOON_DAYS for d in self.deadlines))


def report_deadlines(as_of: date, days: dict[Period, int], count: int = 4,
                     years: Iterable[int] | None = None) -> list[ReportDeadline]:
    """The next ``count`` report deadlines from ``as_of`` (those passed within
    the last 15 days too: a late report is still to be sent)."""
    out = []
    for year in years or (as_of.year - 1, as_of.year, as_of.year + 1):
        for period in PERIOD_ORDER:
            due = default_report_deadline(period, year, days.get(period, 10))
            left = (due - as_of).days
            if left >= -15:
                out.append(ReportDeadline(period, year, due, left))
    return sorted(out, key=lambda d: d.due)[:count]


def build_overview(tracking: PlanTracking, figures: Figures, as_of: date, period: Period, year: int,
                   window: tuple[date, date], deadlines: list[ReportDeadline]) -> Overview:
    open_tasks = [t for t in tracking.tasks.values()
                  if t.status.status not in DONE_STATUSES and t.status.status is not TaskStatus.CANCELLED]
    overdue = [t for t in open_tasks if t.status.status is TaskStatus.OVERDUE]
    soon = [t for t in open_tasks if t.status.status is not TaskStatus.OVERDUE
            and t.status.days_left is not None and 0 <= t.status.days_left <= DUE_SOON_DAYS]
    soon.sort(key=lambda t: t.status.days_left)
    overdue.sort(key=lambda t: t.due.final or as_of)
    return Overview(as_of, period, year, window, figures, tuple(overdue), tuple(soon), tuple(deadlines))


def reminder_text(overview: Overview, plan_title: str) -> str:
    """What the start-up reminder says (empty when nothing needs attention)."""
    lines = []
    if overview.overdue:
        lines.append(f"{len(overview.overdue)} nhiệm vụ quá hạn chưa hoàn thành.")
    if overview.due_soon:
        first = overview.due_soon[0]
        lines.append(f"{len(overview.due_soon)} nhiệm vụ đến hạn trong {DUE_SOON_DAYS} ngày "
                     f"(gần nhất: còn {first.status.days_left} ngày).")
    for deadline in overview.deadlines:
        if deadline.days_left < 0:
            lines.append(f"{deadline.label}: đã quá hạn gửi {-deadline.days_left} ngày ({deadline.due:%d/%m/%Y}).")
        elif deadline.days_left <= DUE_SOON_DAYS:
            lines.append(f"{deadline.label}: hạn gửi {deadline.due:%d/%m/%Y} (còn {deadline.days_left} ngày).")
    if not lines:
        return ""
    return f"Kế hoạch «{plan_title}»:\n" + "\n".join(f"• {line}" for line in lines)
