"""Where a task stands as of a date, from its due dates and its progress log."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Protocol, Sequence

from app.core.deadlines import read_deadline
from app.core.periods import WindowRule, quarter_window


class LogStatus(str, enum.Enum):
    """What the officer records in a progress entry."""

    DONE = "hoan-thanh"
    IN_PROGRESS = "dang-thuc-hien"
    NOT_STARTED = "chua-trien-khai"
    CANCELLED = "khong-thuc-hien"


LOG_STATUS_LABELS = {
    LogStatus.DONE: "Hoàn thành",
    LogStatus.IN_PROGRESS: "Đang thực hiện",
    LogStatus.NOT_STARTED: "Chưa triển khai",
    LogStatus.CANCELLED: "Không thực hiện",
}


def parse_log_status(text: str) -> LogStatus:
    """Accept the code ("hoan-thanh") or the Vietnamese words ("Hoàn thành")."""
    from app.core.text import fold

    key = fold(text).strip().replace(" ", "-")
    for status in LogStatus:
        if key in (status.value, fold(LOG_STATUS_LABELS[status]).replace(" ", "-")):
            return status
    raise ValueError(text)


class TaskStatus(str, enum.Enum):
    """A task's standing as of a date (DESIGN.md, "Status and report figures")."""

    DONE_ON_TIME = "hoan-thanh-dung-han"
    DONE_LATE = "hoan-thanh-qua-han"
    IN_PROGRESS = "dang-thuc-hien"
    OVERDUE = "qua-han"
    NOT_STARTED = "chua-trien-khai"
    RECURRING_ACTIVE = "thuong-xuyen-da-trien-khai"
    RECURRING_IDLE = "thuong-xuyen-chua-trien-khai"
    CANCELLED = "khong-thuc-hien"


TASK_STATUS_LABELS = {
    TaskStatus.DONE_ON_TIME: "Hoàn thành đúng hạn",
    TaskStatus.DONE_LATE: "Hoàn thành quá hạn",
    TaskStatus.IN_PROGRESS: "Đang thực hiện",
    TaskStatus.OVERDUE: "Quá hạn",
    TaskStatus.NOT_STARTED: "Chưa triển khai",
    TaskStatus.RECURRING_ACTIVE: "Thường xuyên (đã triển khai)",
    TaskStatus.RECURRING_IDLE: "Thường xuyên (chưa triển khai)",
    TaskStatus.CANCELLED: "Không thực hiện",
}

# Column headings of the figures tables (the overview, the report), same order.
TASK_STATUS_SHORT_LABELS = {
    TaskStatus.DONE_ON_TIME: "HT đúng hạn",
    TaskStatus.DONE_LATE: "HT quá hạn",
    TaskStatus.IN_PROGRESS: "Đang TH",
    TaskStatus.OVERDUE: "Quá hạn",
    TaskStatus.NOT_STARTED: "Chưa TK",
    TaskStatus.RECURRING_ACTIVE: "TX đã TK",
    TaskStatus.RECURRING_IDLE: "TX chưa TK",
    TaskStatus.CANCELLED: "Không TH",
}

GREEN, ORANGE, BLUE, RED, GREY = "#2e7d32", "#e65100", "#1565c0", "#c62828", "#616161"
TASK_STATUS_COLOURS = {
    TaskStatus.DONE_ON_TIME: GREEN,
    TaskStatus.DONE_LATE: ORANGE,
    TaskStatus.IN_PROGRESS: BLUE,
    TaskStatus.OVERDUE: RED,
    TaskStatus.NOT_STARTED: GREY,
    TaskStatus.RECURRING_ACTIVE: BLUE,
    TaskStatus.RECURRING_IDLE: GREY,
    TaskStatus.CANCELLED: GREY,
}

DONE_STATUSES = (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE)
WARNING_DAYS = (7, 3, 1)


def is_open(status: TaskStatus) -> bool:
    """THE "open task" rule: a task still to be worked on (not finished, not
    cancelled). The matrix filter, the overview and the reminders all ask this."""
    return status not in DONE_STATUSES and status is not TaskStatus.CANCELLED


class EntryLike(Protocol):
    id: int
    date: date
    status: str


@dataclass(frozen=True)
class TaskDue:
    """The due dates of a task, from its own and its activities' timeframes."""

    dates: tuple[date, ...] = ()
    final: date | None = None
    periodic: bool = False
    overridden: bool = False
    assumed: bool = False  # nothing readable: the plan year's end is assumed
    unread: str = ""


def task_due(timeframes: Iterable[str], year: int, override: Sequence[date] | None = None) -> TaskDue:
    """Due dates of a task. A manual override replaces whatever was read.

    Written dates win over recurrence: "Quý III/2023" plus "Thường xuyên" is a
    task due 30/09. A task with no readable date at all is assumed due at the
    end of the plan's year, so it still turns overdue if forgotten.
    """
    if override:
        ordered = tuple(sorted(set(override)))
        return TaskDue(ordered, ordered[-1], overridden=True)
    readings = [read_deadline(text, year) for text in timeframes if text and text.strip()]
    fixed = sorted({d for r in readings for d in r.fixed_dates})
    every = tuple(sorted({d for r in readings for d in r.dates}))
    unread = "; ".join(r.unread for r in readings if r.unread)
    if fixed:
        return TaskDue(every, fixed[-1], unread=unread)
    if any(r.is_periodic for r in readings):
        return TaskDue(every, every[-1] if every else None, periodic=True, unread=unread)
    return TaskDue((), date(year, 12, 31), assumed=True, unread=unread)


@dataclass(frozen=True)
class StatusInfo:
    status: TaskStatus
    next_due: date | None = None
    days_left: int | None = None
    completed_on: date | None = None
    latest_entry_id: int | None = None

    @property
    def label(self) -> str:
        return TASK_STATUS_LABELS[self.status]

    @property
    def colour(self) -> str:
        return TASK_STATUS_COLOURS[self.status]

    @property
    def warning_days(self) -> int | None:
        """7, 3 or 1 when an open task's next date is that close (or None)."""
        if not is_open(self.status):
            return None
        if self.days_left is None or self.days_left < 0:
            return None
        for threshold in sorted(WARNING_DAYS):
            if self.days_left <= threshold:
                return threshold
        return None


def task_status(
    due: TaskDue,
    entries: Sequence[EntryLike],
    as_of: date,
    window_start: date | None = None,
    rule: WindowRule = WindowRule(),
) -> StatusInfo:
    """Status of one task as of ``as_of`` (entries dated later are ignored).

    ``window_start`` opens the period in which recurring work must show
    activity; by default the quarter's data window containing ``as_of``.
    """
    known = sorted((e for e in entries if e.date <= as_of), key=lambda e: (e.date, e.id))
    latest = known[-1] if known else None
    latest_id = latest.id if latest else None
    next_due = next((d for d in due.dates if d >= as_of), None)
    if next_due is None and due.final is not None and due.final >= as_of:
        next_due = due.final
    days_left = (next_due - as_of).days if next_due else None

    def info(status: TaskStatus, completed: date | None = None) -> StatusInfo:
        return StatusInfo(status, next_due, days_left, completed, latest_id)

    if latest is not None and latest.status == LogStatus.CANCELLED.value:
        return info(TaskStatus.CANCELLED)
    completed_on = _completion_date(known)
    if completed_on is not None:
        if due.final is None or completed_on <= due.final:
            return info(TaskStatus.DONE_ON_TIME, completed_on)
        return info(TaskStatus.DONE_LATE, completed_on)
    if due.periodic:
        start = window_start or quarter_window(as_of, rule)[0]
        active = any(
            start <= e.date <= as_of and e.status in (LogStatus.IN_PROGRESS.value, LogStatus.DONE.value)
            for e in known
        )
        return info(TaskStatus.RECURRING_ACTIVE if active else TaskStatus.RECURRING_IDLE)
    if due.final is not None and as_of > due.final:
        return info(TaskStatus.OVERDUE)
    if latest is not None and latest.status == LogStatus.IN_PROGRESS.value:
        return info(TaskStatus.IN_PROGRESS)
    return info(TaskStatus.NOT_STARTED)


def _completion_date(known: Sequence[EntryLike]) -> date | None:
    """Date the task was finished: the first entry of the final run of
    "Hoàn thành" entries (a later "Hoàn thành" only adds evidence)."""
    completed = None
    for entry in known:
        if entry.status == LogStatus.DONE.value:
            completed = completed or entry.date
        else:
            completed = None
    return completed
