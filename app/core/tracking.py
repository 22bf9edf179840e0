"""Due dates and status of every task of a plan, from rows and log alone.

The window, the command line and the report all go through ``track_plan`` so
the matrix colours, the overview and the report figures cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

from app.core.figures import Figures, TaskForFigures, compute_figures
from app.core.model import ProgressEntry, RowData, RowKind
from app.core.periods import WindowRule, quarter_window
from app.core.status import StatusInfo, TaskDue, task_due, task_status
from app.core.tree import area_of, numbers_for, preorder


@dataclass(frozen=True)
class TrackedTask:
    row: RowData
    number: str
    area: RowData | None
    due: TaskDue
    status: StatusInfo
    latest: ProgressEntry | None


@dataclass(frozen=True)
class PlanTracking:
    rows: tuple[RowData, ...]          # display order
    numbers: dict[int, str]
    tasks: dict[int, TrackedTask]      # by task row id, in display order

    def figures(self) -> Figures:
        areas = [(r.id, self.numbers[r.id], r.task) for r in self.rows if r.kind is RowKind.AREA]
        return compute_figures(
            (
                TaskForFigures(
                    t.area.id if t.area else None,
                    self.numbers[t.area.id] if t.area else "",
                    t.area.task if t.area else "",
                    t.status.status,
                )
                for t in self.tasks.values()
            ),
            areas,
        )


def track_plan(
    year: int,
    rows: Sequence[RowData],
    entries: Sequence[ProgressEntry],
    as_of: date,
    window_start: date | None = None,
    rule: WindowRule = WindowRule(),
) -> PlanTracking:
    """Status of every task as of ``as_of``. A task's due dates come from its
    own timeframe and those of its activities and sub-rows."""
    # One window for every recurring task (computing it per task showed in profiles).
    window_start = window_start or quarter_window(as_of, rule)[0]
    ordered = preorder(rows)
    numbers = numbers_for(ordered)
    by_id = {r.id: r for r in ordered}
    timeframes: dict[int, list[str]] = {}
    owner_task: dict[int, int] = {}
    for row in ordered:
        if row.kind is RowKind.TASK:
            owner_task[row.id] = row.id
            timeframes[row.id] = [row.timeframe]
        elif row.parent_id in owner_task:
            owner_task[row.id] = owner_task[row.parent_id]
            timeframes[owner_task[row.id]].append(row.timeframe)
    entries_by_task: dict[int, list[ProgressEntry]] = {}
    for entry in entries:
        task_id = owner_task.get(entry.row_id)
        if task_id is not None:
            entries_by_task.setdefault(task_id, []).append(entry)
    tasks: dict[int, TrackedTask] = {}
    for row in ordered:
        if row.kind is not RowKind.TASK:
            continue
        due = task_due(timeframes[row.id], year, row.due_override)
        own = entries_by_task.get(row.id, [])
        status = task_status(due, own, as_of, window_start, rule)
        latest = next((e for e in own if e.id == status.latest_entry_id), None)
        tasks[row.id] = TrackedTask(row, numbers[row.id], area_of(by_id, row), due, status, latest)
    return PlanTracking(tuple(ordered), numbers, tasks)
