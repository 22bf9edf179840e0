"""Occurrences and status of every task of a plan, from rows and log alone.

The window, the command line, the exports and the reports all go through
``track_plan`` so the matrix colours, the overview and the report figures
cannot disagree.

Public API:

``track_plan(year, rows, entries, as_of, window_start=None, rule=WindowRule(), *, window_end=None, start=None)``
    -> ``PlanTracking``. [``window_start``, ``window_end``] is the report
    period the plan is judged in (by default the one holding ``as_of``,
    ``app.core.periods.plan_period``); ``start`` is the day the plan takes
    effect (recurring occurrences before it are not owed).
``PlanTracking``
    ``rows`` in display order, their ``numbers``, ``tasks`` (``TrackedTask``
    by task row id), ``row_status(row_id)`` (a task's, or a sub-row's with a
    deadline of its own), ``occurrences_for(row_id)`` (what an entry logged
    on that row may answer: the progress dialog's picker) and ``figures()``
    (the period's report figures).
``TrackedTask``
    ``row``, ``number``, ``area``, ``due`` (``TaskDue``: its occurrences),
    ``status`` (``StatusInfo``: status, period_status, occurrence states,
    next occurrence) and ``latest`` entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Sequence

from app.core.figures import Figures, TaskForFigures, compute_figures
from app.core.model import ProgressEntry, RowData, RowKind
from app.core.occurrences import ScheduleRow, TaskDue, schedule_task
from app.core.periods import WindowRule, data_window, plan_period
from app.core.status import OccurrenceState, StatusInfo, is_open, judge, task_status
from app.core.tree import area_of, numbers_for, preorder


@dataclass(frozen=True)
class TrackedTask:
    row: RowData
    number: str
    area: RowData | None
    due: TaskDue
    status: StatusInfo
    latest: ProgressEntry | None

    @property
    def period_status(self):
        """What the report period's figures count for this task."""
        return self.status.period_status or self.status.status


@dataclass(frozen=True)
class PlanTracking:
    rows: tuple[RowData, ...]          # display order
    numbers: dict[int, str]
    tasks: dict[int, TrackedTask]      # by task row id, in display order
    window: tuple[date, date] | None = None   # the report period judged
    sub_rows: dict[int, StatusInfo] = field(default_factory=dict)  # sub-rows with their own deadline

    def row_status(self, row_id: int) -> StatusInfo | None:
        """The status of a task, or of a sub-row with a deadline of its own."""
        task = self.tasks.get(row_id)
        return task.status if task is not None else self.sub_rows.get(row_id)

    def task_of(self, row_id: int) -> TrackedTask | None:
        """The tracked task a row belongs to (itself for a task)."""
        task = self.tasks.get(row_id)
        if task is not None:
            return task
        return next((t for t in self.tasks.values() if any(r == row_id for r, _ in t.due.tree)), None)

    def occurrences_for(self, row_id: int) -> tuple[OccurrenceState, ...]:
        """The occurrences an entry logged on ``row_id`` may answer
        (``TaskDue.scope``): a sub-row's own, or every one of its task."""
        task = self.task_of(row_id)
        if task is None:
            return ()
        return tuple(task.status.occurrences[i] for i in task.due.scope(row_id))

    def figures(self) -> Figures:
        areas = [(r.id, self.numbers[r.id], r.task) for r in self.rows if r.kind is RowKind.AREA]
        return compute_figures(
            (
                TaskForFigures(
                    t.area.id if t.area else None,
                    self.numbers[t.area.id] if t.area else "",
                    t.area.task if t.area else "",
                    t.period_status,
                )
                for t in self.tasks.values()
            ),
            areas,
        )


def _task_rows(ordered: Sequence[RowData]) -> dict[int, list[RowData]]:
    """Each task's rows: the task first, then the rows below it."""
    out: dict[int, list[RowData]] = {}
    owner: dict[int, int] = {}
    for row in ordered:
        if row.kind is RowKind.TASK:
            owner[row.id] = row.id
            out[row.id] = [row]
        elif row.kind is not RowKind.AREA and row.parent_id in owner:
            owner[row.id] = owner[row.parent_id]
            out[owner[row.id]].append(row)
    return out


def _schedule_rows(rows: Sequence[RowData]) -> list[ScheduleRow]:
    return [
        ScheduleRow(r.id, None if i == 0 else r.parent_id, r.timeframe, r.due_override,
                    numbered=r.kind is RowKind.SUBTASK)
        for i, r in enumerate(rows)
    ]


def track_plan(
    year: int,
    rows: Sequence[RowData],
    entries: Sequence[ProgressEntry],
    as_of: date,
    window_start: date | None = None,
    rule: WindowRule = WindowRule(),
    *,
    window_end: date | None = None,
    start: date | None = None,
) -> PlanTracking:
    """Occurrences and status of every task as of ``as_of``."""
    if window_start is None:
        # A plan that has not started yet is judged in the period of its first day.
        seen_on = max(as_of, start) if start else as_of
        window_start, default_end = data_window(*plan_period(seen_on, year, rule), rule)
        window_end = window_end or default_end
    window_end = window_end or as_of
    if start is not None and window_start < start:
        window_start = min(start, window_end)  # a mid-year plan's window opens on its first day
    period_end = min(window_end, as_of)
    ordered = preorder(rows)
    numbers = numbers_for(ordered)
    by_id = {r.id: r for r in ordered}
    task_rows = _task_rows(ordered)
    owner = {r.id: task_id for task_id, members in task_rows.items() for r in members}
    entries_by_task: dict[int, list[ProgressEntry]] = {}
    for entry in entries:
        task_id = owner.get(entry.row_id)
        if task_id is not None:
            entries_by_task.setdefault(task_id, []).append(entry)
    tasks: dict[int, TrackedTask] = {}
    sub_rows: dict[int, StatusInfo] = {}
    for task_id, members in task_rows.items():
        row = members[0]
        if len(members) == 1:  # most tasks: no sub-rows
            due = schedule_task((ScheduleRow(row.id, None, row.timeframe, row.due_override),), year, start=start)
        else:
            due = schedule_task(_schedule_rows(members), year, start=start)
        own = entries_by_task.get(task_id, [])
        status = task_status(due, own, as_of, window_start, rule, window_end=period_end)
        latest = next((e for e in own if e.id == status.latest_entry_id), None)
        tasks[task_id] = TrackedTask(row, numbers[task_id], area_of(by_id, row), due, status, latest)
        for member in members[1:]:
            mine = [status.occurrences[i] for i in due.owned_by(member.id)]
            if mine:
                sub_rows[member.id] = _sub_row_status(mine, as_of)
    return PlanTracking(tuple(ordered), numbers, tasks, (window_start, window_end), sub_rows)


def _sub_row_status(states, as_of: date) -> StatusInfo:
    """A sub-row's own standing: the same rule over its occurrences only."""
    status = judge(states)
    upcoming = next((s.due for s in states if s.is_open and s.due >= as_of), None)
    completed = max((s.done_on for s in states if s.done_on), default=None) if not is_open(status) else None
    return StatusInfo(status, upcoming, (upcoming - as_of).days if upcoming else None, completed,
                      occurrences=tuple(states))
