"""What the "Tổng quan" tab and the start-up reminder show: the period's
figures (the report's own), overdue tasks, tasks due soon, report deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable

from app.core.dates import short_date
from app.core.figures import Figures
from app.core.periods import Period, WindowRule, data_window, default_report_deadline, period_title, plan_period
from app.core.status import TaskStatus
from app.core.tracking import PlanTracking, TrackedTask

DUE_SOON_DAYS = 7
REMINDER_ITEMS = 5  # tasks named in the start-up reminder, per list


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
    """Overdue: tasks with a missed occurrence (oldest first). Due soon: open
    tasks whose next occurrence is at most 7 days away — a task that missed
    an earlier one is listed in both, each time with its own date."""
    tasks = list(tracking.tasks.values())
    overdue = [t for t in tasks if t.status.status is TaskStatus.OVERDUE]
    soon = [t for t in tasks if t.status.due_within(DUE_SOON_DAYS)]
    soon.sort(key=lambda t: t.status.days_left)
    overdue.sort(key=lambda t: t.status.missed[0].due if t.status.missed else as_of)
    return Overview(as_of, period, year, window, figures, tuple(overdue), tuple(soon), tuple(deadlines))


Tracker = Callable[[date, tuple[date, date]], PlanTracking]  # (as of, report window) → every task's status


def plan_overview(plan_year: int, track: Tracker, today: date, rule: WindowRule,
                  deadline_days: dict[Period, int], start: date | None = None) -> Overview:
    """The figures of the report period that holds ``today`` (``plan_period``),
    as that period's report gives them, with the lists that need attention.
    A past year's plan is seen as of its last day, in its year report; a
    mid-year plan (``start``) not started yet, in the period of its first
    day, and no period's data begins before it."""
    as_of = min(today, date(plan_year, 12, 31))
    reminders_from = as_of
    if start is not None and as_of < start:
        as_of = start
    period, year = plan_period(as_of, plan_year, rule)
    window = data_window(period, year, rule)
    if start is not None and start > window[0]:
        window = (min(start, window[1]), window[1])
    counted_to = min(as_of, window[1])
    tracking = track(counted_to, window)
    return build_overview(tracking, tracking.figures(), counted_to, period, year, window,
                          report_deadlines(reminders_from, deadline_days))


def task_name(task: TrackedTask) -> str:
    """"3. Công khai TTHC" as the lists show a task."""
    name = " ".join((task.row.task or task.row.objective or task.row.activity).split())
    return f"{task.number}. {name}" if task.number else name


def missed_dates(task: TrackedTask) -> str:
    """"10/03/2023, 10/06/2023": the occurrences it missed."""
    return ", ".join(short_date(s.due) for s in task.status.missed)


def overdue_text(task: TrackedTask, as_of: date) -> str:
    """"3. Công khai TTHC — lỡ hạn 10/03/2023, 10/06/2023 (quá 96 ngày)", counted from the oldest."""
    missed = task.status.missed
    late = (as_of - missed[0].due).days if missed else 0
    word = "hạn" if len(missed) == 1 else f"{len(missed)} lần hạn"
    return f"{task_name(task)} — lỡ {word} {missed_dates(task)} (quá {late} ngày)"


def due_soon_text(task: TrackedTask) -> str:
    """"3. Công khai TTHC — hạn 10/06/2023 (còn 3 ngày)"."""
    days = task.status.days_left
    when = "hôm nay" if days == 0 else f"còn {days} ngày"
    return f"{task_name(task)} — hạn {short_date(task.status.next_due)} ({when})"


def reminder_text(overview: Overview, plan_title: str) -> str:
    """What the start-up reminder says (empty when nothing needs attention)."""
    lines = []
    if overview.overdue:
        lines.append(f"{len(overview.overdue)} nhiệm vụ quá hạn chưa hoàn thành:")
        lines += [f"   {overdue_text(t, overview.as_of)}" for t in overview.overdue[:REMINDER_ITEMS]]
        if len(overview.overdue) > REMINDER_ITEMS:
            lines.append(f"   … và {len(overview.overdue) - REMINDER_ITEMS} nhiệm vụ khác.")
    # Each occurrence is recalled from 7 days before it falls due (the list
    # colours it at 7, 3 and 1 day); once met, the next one takes its place.
    soon = overview.due_soon
    if soon:
        lines.append(f"{len(soon)} nhiệm vụ đến hạn trong {DUE_SOON_DAYS} ngày:")
        lines += [f"   {due_soon_text(t)}" for t in soon[:REMINDER_ITEMS]]
        if len(soon) > REMINDER_ITEMS:
            lines.append(f"   … và {len(soon) - REMINDER_ITEMS} nhiệm vụ khác.")
    for deadline in overview.deadlines:
        if deadline.days_left < 0:
            lines.append(f"{deadline.label}: đã quá hạn gửi {-deadline.days_left} ngày ({short_date(deadline.due)}).")
        elif deadline.days_left <= DUE_SOON_DAYS:
            lines.append(f"{deadline.label}: hạn gửi {short_date(deadline.due)} (còn {deadline.days_left} ngày).")
    if not lines:
        return ""
    return f"Kế hoạch «{plan_title}»:\n" + "\n".join(line if line.startswith("   ") else f"• {line}" for line in lines)
