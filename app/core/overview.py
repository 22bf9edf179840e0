"""What the "Tổng quan" tab and the start-up reminder show: the period's
figures (the report's own), overdue tasks, tasks due soon, report deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable

from app.core.dates import short_date
from app.core.figures import Figures
from app.core.periods import (
    Period, WindowRule, data_window, default_report_deadline, period_for, period_title,
)
from app.core.status import TaskStatus, is_open
from app.core.tracking import PlanTracking, TrackedTask

DUE_SOON_DAYS = 7


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


def report_deadlines(as_of: date, days: dict[Period, int], count: int = 4,
                     years: Iterable[int] | None = None) -> list[ReportDeadline]:
    """The next ``count`` report deadlines from ``as_of`` (those passed within
    the last 15 days too: a late report is still to be sent)."""
    out = []
    for year in years or (as_of.year - 1, as_of.year, as_of.year + 1):
        for period in Period:  # declared in the order the reports fall due
            due = default_report_deadline(period, year, days.get(period, 10))
            left = (due - as_of).days
            if left >= -15:
                out.append(ReportDeadline(period, year, due, left))
    return sorted(out, key=lambda d: d.due)[:count]


def build_overview(tracking: PlanTracking, figures: Figures, as_of: date, period: Period, year: int,
                   window: tuple[date, date], deadlines: list[ReportDeadline]) -> Overview:
    open_tasks = [t for t in tracking.tasks.values() if is_open(t.status.status)]
    overdue = [t for t in open_tasks if t.status.status is TaskStatus.OVERDUE]
    soon = [t for t in open_tasks if t.status.status is not TaskStatus.OVERDUE
            and t.status.days_left is not None and 0 <= t.status.days_left <= DUE_SOON_DAYS]
    soon.sort(key=lambda t: t.status.days_left)
    overdue.sort(key=lambda t: t.due.final or as_of)
    return Overview(as_of, period, year, window, figures, tuple(overdue), tuple(soon), tuple(deadlines))


Tracker = Callable[[date, date], PlanTracking]  # (as of, window start) → statuses of every task


def plan_overview(plan_year: int, track: Tracker, today: date, rule: WindowRule,
                  deadline_days: dict[Period, int]) -> Overview:
    """The figures of the report period that holds ``today``, as the report
    would give them, with the lists that need attention. A past year's plan
    is seen as of its last day, in its year report."""
    as_of = min(today, date(plan_year, 12, 31))
    period, year = period_for(as_of, rule)
    if year > plan_year:
        period, year = Period.YEAR, plan_year
    window = data_window(period, year, rule)
    counted_to = min(as_of, window[1])
    tracking = track(counted_to, window[0])
    return build_overview(tracking, tracking.figures(), counted_to, period, year, window,
                          report_deadlines(as_of, deadline_days))


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
            lines.append(f"{deadline.label}: đã quá hạn gửi {-deadline.days_left} ngày ({short_date(deadline.due)}).")
        elif deadline.days_left <= DUE_SOON_DAYS:
            lines.append(f"{deadline.label}: hạn gửi {short_date(deadline.due)} (còn {deadline.days_left} ngày).")
    if not lines:
        return ""
    return f"Kế hoạch «{plan_title}»:\n" + "\n".join(f"• {line}" for line in lines)
