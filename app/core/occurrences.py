"""Occurrences: every date a task is due, one by one.

A CCHC task is rarely due once. "Định kỳ trước ngày 10 của tháng cuối quý" is
due four times; "Ban hành kế hoạch trước 30/01; báo cáo trước 05/12" has two
milestones. Each such date is an *occurrence*, and each one is met or missed
on its own (the final date is simply the last occurrence).

Public API (the status rules in ``app.core.status``, the tracker in
``app.core.tracking`` and the window's plan state build on these only):

``OccurrenceKind``
    ``RECURRING`` (one instance of a repeating rule) or ``MILESTONE`` (a date
    written in the phrase, or typed by the officer as an override).
``Occurrence(due, kind, row_id)``
    One due date; ``row_id`` is the row whose timeframe gave it (the task,
    one of its activities or a numbered sub-row), None for bare phrases.
``TaskDue``
    A task's schedule: its ordered ``occurrences``, whether some of its work
    is ``continuous`` ("Thường xuyên": no occurrences, judged per report
    period), ``overridden``/``assumed``/``unread``, and the row tree needed
    to know which occurrences an entry logged on a sub-row may complete
    (``scope``). ``dates``, ``final`` and ``periodic`` are kept for callers
    that only need the dates.
``schedule_task(rows, year, *, start=None)``
    The schedule of a task from its rows (task first, then its activities
    and sub-rows, each with its timeframe and override).
``task_due(timeframes, year, override=None, *, start=None)``
    The same for bare phrases (all owned by the task).

``start`` is the day the plan takes effect (a plan issued mid-year):
recurring occurrences due before it are not owed. Written milestones are
kept whatever their date: the officer wrote them.

How a task's rows combine (a careful officer's reading of seed 004):

- each row's own occurrences come from its timeframe, or from its override;
  an override on the task replaces the dates of the whole task;
- an activity's date equal to its task's (or an earlier activity's) is the
  same occurrence: activities are lines of one piece of work;
- a numbered sub-row (3.1) with a deadline of its own is tracked on its own,
  even on the same date as another; a date of the task row that a sub-row
  also has is not owed twice: the sub-row carries it for the task (the task
  follows its sub-rows), while the task's other dates stay its own;
- a task with no readable date at all and no continuous work is assumed due
  at the end of the plan's year, so it still turns overdue if forgotten.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence

from app.core.deadlines import read_deadline


class OccurrenceKind(str, enum.Enum):
    RECURRING = "recurring"
    MILESTONE = "milestone"


@dataclass(frozen=True)
class Occurrence:
    due: date
    kind: OccurrenceKind
    row_id: int | None = None


@dataclass(frozen=True)
class ScheduleRow:
    """What scheduling needs of one row of a task: the task itself first,
    then its activities and sub-rows in display order."""

    row_id: int | None
    parent_id: int | None
    timeframe: str = ""
    override: tuple[date, ...] | None = None
    numbered: bool = False  # a numbered sub-row (3.1): tracked on its own


@dataclass(frozen=True)
class TaskDue:
    """A task's schedule (see the module docstring)."""

    occurrences: tuple[Occurrence, ...] = ()
    continuous: bool = False
    overridden: bool = False
    assumed: bool = False  # nothing readable: the plan year's end is assumed
    unread: str = ""
    # (row, parent) of every row of the task, the task first; () for bare phrases.
    tree: tuple[tuple[int, int | None], ...] = ()

    @property
    def dates(self) -> tuple[date, ...]:
        """The due dates read or typed (none when the year's end is only assumed)."""
        if self.assumed:
            return ()
        return tuple(sorted({o.due for o in self.occurrences}))

    @property
    def final(self) -> date | None:
        return self.occurrences[-1].due if self.occurrences else None

    @property
    def recurring(self) -> bool:
        return any(o.kind is OccurrenceKind.RECURRING for o in self.occurrences)

    @property
    def periodic(self) -> bool:
        """Work that repeats or never ends ("Định kỳ hàng quý", "Thường xuyên")."""
        return self.recurring or (self.continuous and not self.occurrences)

    def owned_by(self, row_id: int | None) -> tuple[int, ...]:
        """Indices of the occurrences of ``row_id`` and of the rows below it."""
        if row_id is None or not self.tree:
            return tuple(range(len(self.occurrences)))
        below = _subtree(self.tree, row_id)
        return tuple(i for i, o in enumerate(self.occurrences) if o.row_id in below)

    def scope(self, row_id: int | None) -> tuple[int, ...]:
        """Which occurrences an entry logged on ``row_id`` may complete: those
        of that row and the rows below it; a row with none (an activity
        without a deadline of its own) works for the row above it."""
        parents = dict(self.tree)
        current = row_id
        while current is not None and current in parents:
            owned = self.owned_by(current)
            if owned:
                return owned
            current = parents[current]
        return tuple(range(len(self.occurrences)))


def _subtree(tree: Sequence[tuple[int, int | None]], root: int) -> set[int]:
    below = {root}
    for row_id, parent_id in tree:  # parents come before their children
        if parent_id in below:
            below.add(row_id)
    return below


def row_occurrences(timeframe: str, year: int, override: Sequence[date] | None = None,
                    row_id: int | None = None, start: date | None = None) -> tuple[list[Occurrence], bool, str]:
    """One row's own occurrences, whether it reads as continuous work, and
    what of its phrase could not be read."""
    dues, continuous, unread = _read_row(timeframe or "", year, tuple(override) if override else None, start)
    return [Occurrence(due, kind, row_id) for due, kind in dues], continuous, unread


@functools.lru_cache(maxsize=16384)
def _read_row(timeframe: str, year: int, override: tuple[date, ...] | None,
              start: date | None) -> tuple[tuple[tuple[date, OccurrenceKind], ...], bool, str]:
    """Plans repeat a few phrases thousands of times and the window tracks
    the plan again after every edit: remember each phrase's occurrences."""
    if override:
        return tuple((d, OccurrenceKind.MILESTONE) for d in sorted(set(override))), False, ""
    if not timeframe.strip():
        return (), False, ""
    reading = read_deadline(timeframe, year)
    written = set(reading.fixed_dates)
    out = [(d, OccurrenceKind.MILESTONE) for d in sorted(written)]
    out += [(d, OccurrenceKind.RECURRING) for d in reading.dates
            if d not in written and (start is None or d >= start)]
    out.sort(key=lambda pair: pair[0])
    return tuple(out), reading.continuous, reading.unread


def schedule_task(rows: Sequence[ScheduleRow], year: int, *, start: date | None = None) -> TaskDue:
    """The schedule of one task from its rows (the task itself first)."""
    return _schedule(tuple(rows), year, start)


@functools.lru_cache(maxsize=16384)
def _schedule(rows: tuple[ScheduleRow, ...], year: int, start: date | None) -> TaskDue:
    """The window tracks the whole plan again after every edit; all but the
    edited task get the same rows back, so their schedules are remembered."""
    if not rows:
        return TaskDue()
    task = rows[0]
    tree = tuple((r.row_id, r.parent_id) for r in rows) if task.row_id is not None else ()
    if len(rows) == 1 and not task.override:  # most tasks: no sub-rows
        occurrences, continuous, unread = row_occurrences(task.timeframe, year, None, task.row_id, start)
        if occurrences or continuous:
            return TaskDue(tuple(occurrences), continuous, unread=unread, tree=tree)
    if task.override:
        occurrences, _, _ = row_occurrences("", year, task.override, task.row_id)
        return TaskDue(tuple(occurrences), overridden=True, tree=tree)
    unread: list[str] = []
    continuous = False
    own: list[Occurrence] = []        # the task row and its activities: one piece of work
    numbered: list[Occurrence] = []   # sub-rows tracked on their own
    for row in rows:
        found, is_continuous, not_read = row_occurrences(row.timeframe, year, row.override, row.row_id, start)
        continuous = continuous or is_continuous
        if not_read:
            unread.append(not_read)
        if row.numbered:
            numbered += found
        else:
            taken = {o.due for o in own}
            own += [o for o in found if o.due not in taken]
    covered = {o.due for o in numbered}  # the sub-rows carry these dates for the task
    own = [o for o in own if not (o.row_id == task.row_id and o.due in covered)]
    occurrences = own + numbered
    assumed = not occurrences and not continuous
    if assumed:
        occurrences = [Occurrence(date(year, 12, 31), OccurrenceKind.MILESTONE, task.row_id)]
    order = {r.row_id: i for i, r in enumerate(rows)}
    occurrences.sort(key=lambda o: (o.due, order.get(o.row_id, 0)))
    return TaskDue(tuple(occurrences), continuous, assumed=assumed, unread="; ".join(unread), tree=tree)


def task_due(timeframes: Iterable[str], year: int, override: Sequence[date] | None = None,
             *, start: date | None = None) -> TaskDue:
    """The schedule of a task given as bare phrases (the task's own and its
    activities'), all owned by the task. A manual override replaces them."""
    phrases = list(timeframes)
    rows = [ScheduleRow(None, None, phrases[0] if phrases else "", tuple(override) if override else None)]
    rows += [ScheduleRow(None, None, text) for text in phrases[1:]]
    return schedule_task(rows, year, start=start)
