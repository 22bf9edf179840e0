"""Where a task stands as of a date: THE status rule and THE "open task" rule.

Every screen and document (matrix, overview, reports, the Excel "Tiến độ"
sheet, reminders, ``show --json``) takes a task's status from
``task_status`` — through ``app.core.tracking.track_plan`` — and asks
``is_open`` / ``StatusInfo.due_within`` whether a task still needs work.

Public API:

``resolve(due, entries, as_of) -> tuple[OccurrenceState, ...]``
    Which entry met which occurrence (``app.core.occurrences``). Entries are
    taken in date order: a "Hoàn thành" entry completes the occurrence it
    names (``entry.occurrence``) or else the earliest open occurrence it may
    reach (``TaskDue.scope``: an entry on a sub-row reaches that sub-row's
    occurrences) — on time when dated on or before its due date, late
    otherwise. "Đang thực hiện" / "Chưa triển khai" apply to the open
    occurrence (with none open, they reopen the last one completed: the
    officer says the work is not finished after all). "Không thực hiện"
    closes the open occurrences it reaches until work is logged again.
    Entries dated after ``as_of`` are ignored. The order entries were added
    in never matters: same-day entries are taken in a fixed order.
``judge(states, ...) -> TaskStatus``
    Rule 3 of issue 17: "Quá hạn" when an occurrence due before ``as_of`` is
    open; "Hoàn thành đúng/quá hạn" when all are done (late if any was late);
    "Đang thực hiện" when some are done or under way; else "Chưa triển khai".
    A task with no occurrence ("Thường xuyên") is judged by whether anything
    was done in the period: "Thường xuyên (đã/chưa triển khai)".
``task_status(due, entries, as_of, window_start, rule, *, window_end) -> StatusInfo``
    Both judgements of one task: ``status`` over all its occurrences, and
    ``period_status`` for the report period [window_start, window_end] — a
    recurring occurrence counts only in the period whose window it falls in,
    milestones count until met. Report figures count ``period_status``.
``is_open(status)``, ``StatusInfo.due_within(days)``, ``StatusInfo.warning_days``
    The one "open task" rule and the due-soon rule (7/3/1 days before the
    next open occurrence).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import Protocol, Sequence

from app.core.occurrences import Occurrence, OccurrenceKind, TaskDue, task_due  # noqa: F401 (re-exported)
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
    """THE "open task" rule: work is still owed (not done, not cancelled)."""
    return status not in DONE_STATUSES and status is not TaskStatus.CANCELLED


class OccurrenceStatus(str, enum.Enum):
    """Where one occurrence stands (the codes of ``show --json``)."""

    DONE_ON_TIME = "hoan-thanh-dung-han"
    DONE_LATE = "hoan-thanh-qua-han"
    OVERDUE = "qua-han"
    NOT_DUE = "chua-den-han"
    IN_PROGRESS = "dang-thuc-hien"
    CANCELLED = "khong-thuc-hien"


OCCURRENCE_STATUS_LABELS = {
    OccurrenceStatus.DONE_ON_TIME: "hoàn thành đúng hạn",
    OccurrenceStatus.DONE_LATE: "hoàn thành quá hạn",
    OccurrenceStatus.OVERDUE: "quá hạn, chưa hoàn thành",
    OccurrenceStatus.NOT_DUE: "chưa đến hạn",
    OccurrenceStatus.IN_PROGRESS: "đang thực hiện",
    OccurrenceStatus.CANCELLED: "không thực hiện",
}
_DONE_OCCURRENCE = frozenset((OccurrenceStatus.DONE_ON_TIME, OccurrenceStatus.DONE_LATE))
# Plain names for the hot loops (an enum member lookup is an attribute access each time).
_OVERDUE, _NOT_DUE, _CLOSED = OccurrenceStatus.OVERDUE, OccurrenceStatus.NOT_DUE, OccurrenceStatus.CANCELLED
_DONE, _CANCEL = LogStatus.DONE.value, LogStatus.CANCELLED.value
_WORKING = frozenset((LogStatus.IN_PROGRESS.value, LogStatus.DONE.value))


@dataclass(frozen=True)
class OccurrenceState:
    """One occurrence as of a date, and the entry that completed it."""

    occurrence: Occurrence
    status: OccurrenceStatus
    done_on: date | None = None
    entry_id: int | None = None

    @property
    def due(self) -> date:
        return self.occurrence.due

    @property
    def kind(self) -> OccurrenceKind:
        return self.occurrence.kind

    @property
    def row_id(self) -> int | None:
        return self.occurrence.row_id

    @property
    def is_done(self) -> bool:
        return self.status in _DONE_OCCURRENCE

    @property
    def is_open(self) -> bool:
        return not self.is_done and self.status is not OccurrenceStatus.CANCELLED

    @property
    def is_missed(self) -> bool:
        return self.status is OccurrenceStatus.OVERDUE

    @property
    def label(self) -> str:
        return OCCURRENCE_STATUS_LABELS[self.status]


class EntryLike(Protocol):
    """What the rules read of a progress entry (``row_id`` and ``occurrence``
    are optional: bare entries belong to the task and name no occurrence)."""

    id: int
    date: date
    status: str


# Same-day entries are taken in this order, so the result never depends on
# the order they were typed in: work under way, then finished, then dropped.
_SAME_DAY_ORDER = {LogStatus.NOT_STARTED.value: 0, LogStatus.IN_PROGRESS.value: 1,
                   LogStatus.DONE.value: 2, LogStatus.CANCELLED.value: 3}


def _entry_order(entry: EntryLike):
    named = getattr(entry, "occurrence", None)
    row_id = getattr(entry, "row_id", None)
    return (entry.date, _SAME_DAY_ORDER.get(entry.status, 1),
            (0, named) if named else (1, date.min), -1 if row_id is None else row_id, entry.id)


class _Ledger:
    """The running facts of ``resolve`` for one task."""

    def __init__(self, due: TaskDue):
        self.due = due
        n = len(due.occurrences)
        self.done_on: list[date | None] = [None] * n
        self.done_by: list[int | None] = [None] * n
        self.under_way = [False] * n
        self.closed = [False] * n  # "Không thực hiện"
        self._scopes: dict[int | None, tuple[int, ...]] = {}

    def scope(self, row_id: int | None) -> tuple[int, ...]:
        if row_id not in self._scopes:
            self._scopes[row_id] = self.due.scope(row_id)
        return self._scopes[row_id]

    def target(self, scope: Sequence[int], named: date | None) -> int | None:
        """The occurrence an entry is about: the named one (in its scope if
        there, else anywhere in the task), or the earliest open in scope."""
        if named is not None:
            for pool in (scope, range(len(self.done_on))):
                same = [i for i in pool if self.due.occurrences[i].due == named]
                if same:
                    return next((i for i in same if self.done_on[i] is None), same[0])
        return next((i for i in scope if self.done_on[i] is None), None)

    def apply(self, entry: EntryLike) -> None:
        scope = self.scope(getattr(entry, "row_id", None))
        if not scope:
            return
        if entry.status == LogStatus.CANCELLED.value:
            for i in scope:
                self.closed[i] = self.done_on[i] is None
            return
        for i in scope:  # work logged again: the cancellation is lifted
            self.closed[i] = False
        i = self.target(scope, getattr(entry, "occurrence", None))
        if entry.status == LogStatus.DONE.value:
            if i is not None and self.done_on[i] is None:
                self.done_on[i], self.done_by[i], self.under_way[i] = entry.date, entry.id, False
            return
        if i is None:  # nothing open: the last completed one is reopened
            finished = [j for j in scope if self.done_on[j] is not None]
            i = max(finished, key=lambda j: (self.due.occurrences[j].due, j)) if finished else None
        if i is not None:
            self.done_on[i] = self.done_by[i] = None
            self.under_way[i] = entry.status == LogStatus.IN_PROGRESS.value

    def states(self, as_of: date) -> tuple[OccurrenceState, ...]:
        out = []
        for i, occurrence in enumerate(self.due.occurrences):
            done = self.done_on[i]
            if done is not None:
                status = OccurrenceStatus.DONE_ON_TIME if done <= occurrence.due else OccurrenceStatus.DONE_LATE
            elif self.closed[i]:
                status = OccurrenceStatus.CANCELLED
            elif occurrence.due < as_of:
                status = OccurrenceStatus.OVERDUE
            elif self.under_way[i]:
                status = OccurrenceStatus.IN_PROGRESS
            else:
                status = OccurrenceStatus.NOT_DUE
            out.append(OccurrenceState(occurrence, status, done, self.done_by[i]))
        return tuple(out)


def resolve(due: TaskDue, entries: Sequence[EntryLike], as_of: date) -> tuple[OccurrenceState, ...]:
    """Each occurrence of ``due`` as of ``as_of``, from the entries (see the module docstring)."""
    if not entries:  # most tasks of a plan, most of the year: nothing logged yet
        return tuple(OccurrenceState(o, _OVERDUE if o.due < as_of else _NOT_DUE) for o in due.occurrences)
    ledger = _Ledger(due)
    for entry in sorted((e for e in entries if e.date <= as_of), key=_entry_order):
        ledger.apply(entry)
    return ledger.states(as_of)


def judge(states: Sequence[OccurrenceState], *, continuous_active: bool = False,
          cancelled: bool = False) -> TaskStatus:
    """THE status rule over some occurrences (see the module docstring).

    With no occurrence at all the work is continuous: ``continuous_active``
    says whether it was carried out in the period, ``cancelled`` whether the
    latest entry said "Không thực hiện"."""
    if not states:
        if cancelled:
            return TaskStatus.CANCELLED
        return TaskStatus.RECURRING_ACTIVE if continuous_active else TaskStatus.RECURRING_IDLE
    seen = {s.status for s in states}
    if _OVERDUE in seen:
        return TaskStatus.OVERDUE
    live = seen - {_CLOSED}
    if live <= _DONE_OCCURRENCE:  # all met (or dropped)
        if _CLOSED in seen:
            return TaskStatus.CANCELLED
        return TaskStatus.DONE_LATE if OccurrenceStatus.DONE_LATE in live else TaskStatus.DONE_ON_TIME
    if live & _DONE_OCCURRENCE or OccurrenceStatus.IN_PROGRESS in live:
        return TaskStatus.IN_PROGRESS
    return TaskStatus.NOT_STARTED


def in_period(state: OccurrenceState, start: date, end: date) -> bool:
    """Whether an occurrence counts in the report period [start, end]: a
    recurring one only in the period its due date falls in; a milestone in
    every period until it is met."""
    return state.kind is OccurrenceKind.MILESTONE or start <= state.due <= end


@dataclass(frozen=True)
class StatusInfo:
    status: TaskStatus
    next_due: date | None = None
    days_left: int | None = None
    completed_on: date | None = None
    latest_entry_id: int | None = None
    occurrences: tuple[OccurrenceState, ...] = ()
    period_status: TaskStatus | None = None  # None: same as ``status``

    @property
    def label(self) -> str:
        return TASK_STATUS_LABELS[self.status]

    @property
    def colour(self) -> str:
        return TASK_STATUS_COLOURS[self.status]

    @property
    def missed(self) -> tuple[OccurrenceState, ...]:
        """Occurrences past their due date and still open."""
        return tuple(s for s in self.occurrences if s.is_missed)

    @property
    def is_open(self) -> bool:
        return is_open(self.status)

    def due_within(self, days: int) -> bool:
        """The due-soon rule: open work whose next occurrence is at most ``days`` away."""
        return self.is_open and self.days_left is not None and 0 <= self.days_left <= days

    @property
    def warning_days(self) -> int | None:
        """7, 3 or 1 when the next open occurrence is that close (or None)."""
        if not self.due_within(max(WARNING_DAYS)):
            return None
        return min(t for t in WARNING_DAYS if self.days_left <= t)


def _active(entries: Sequence[EntryLike], start: date, as_of: date) -> bool:
    return any(start <= e.date <= as_of and e.status in _WORKING for e in entries)


def task_status(
    due: TaskDue,
    entries: Sequence[EntryLike],
    as_of: date,
    window_start: date | None = None,
    rule: WindowRule = WindowRule(),
    *,
    window_end: date | None = None,
) -> StatusInfo:
    """Status of one task as of ``as_of`` (entries dated later are ignored).

    [``window_start``, ``window_end``] is the report period (by default the
    quarter's data window holding ``as_of``, up to ``as_of``): continuous work
    must show activity in it, and ``period_status`` judges it."""
    start = window_start or quarter_window(as_of, rule)[0]
    end = window_end or as_of
    known = sorted((e for e in entries if e.date <= as_of), key=lambda e: (e.date, e.id))
    latest = known[-1] if known else None
    states = resolve(due, known, as_of)
    cancelled = latest is not None and latest.status == LogStatus.CANCELLED.value
    active = _active(known, start, as_of)
    status = judge(states, continuous_active=active, cancelled=cancelled)
    relevant = [s for s in states if in_period(s, start, end)] if due.recurring else states
    if relevant is states:  # milestones only: every one counts in every period
        period = status
    elif relevant:
        period = judge(relevant, continuous_active=active, cancelled=cancelled)
    elif all(s.status is OccurrenceStatus.CANCELLED for s in states):
        period = TaskStatus.CANCELLED
    else:  # nothing due in this period: judged by the work done in it
        period = TaskStatus.IN_PROGRESS if active else TaskStatus.NOT_STARTED
    upcoming = next((s.due for s in states if s.is_open and s.due >= as_of), None)
    completed = max((s.done_on for s in states if s.done_on), default=None) if status in DONE_STATUSES else None
    return StatusInfo(
        status, upcoming, (upcoming - as_of).days if upcoming else None, completed,
        latest.id if latest else None, states, period,
    )
