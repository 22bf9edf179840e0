"""What a matrix cell shows, what its editor holds, and whether it can be
edited. Plain text in, plain text out: no Qt here (the Qt model maps indexes
to these functions; what typing into a cell changes is the model's setData)."""

from __future__ import annotations

from typing import Sequence

from app.core.dates import short_date
from app.core.deadlines import read_deadline
from app.core.model import TASK_LEVEL_FIELDS, Column, RowData, RowKind
from app.core.plan_state import PlanState
from app.core.presets import APP_ONLY_FIELDS, FIELD_LABELS
from app.core.status import is_open
from app.io.appendix_grid import units_text

LONG_TEXT = 40  # characters: longer cells get their whole text as a tooltip


def window_columns(plan_columns: Sequence[Column]) -> list[Column]:
    """The plan's columns, then "Hạn" and "Tình trạng" if the plan lacks them."""
    columns = list(plan_columns)
    present = {c.field for c in columns}
    for name in APP_ONLY_FIELDS:
        if name not in present:
            columns.append(Column(name, FIELD_LABELS[name], 10, export=False))
    return columns


def editable(row: RowData, name: str, column: int) -> bool:
    """An area has one cell, its title across the row (the first column);
    status is computed; the number and the due dates belong to tasks (and
    numbered sub-rows); an activity leaves the task's own fields to its task."""
    if row.kind is RowKind.AREA:
        return column == 0
    if name == "status":
        return False
    if name == "due":
        return row.kind is RowKind.TASK
    if name == "number":
        return row.kind in (RowKind.TASK, RowKind.SUBTASK)
    return not (row.kind is RowKind.ACTIVITY and name in TASK_LEVEL_FIELDS)


def display(state: PlanState, row: RowData, name: str, column: int) -> str:
    if row.kind is RowKind.AREA:
        if column != 0:
            return ""
        number = state.number(row.id)
        return f"{number}. {row.task}" if number else row.task
    if name == "number":
        return state.number(row.id)
    if name == "units":
        return units_text(row.lead, row.support)
    if name == "due":
        return due_text(state, row)
    if name == "status":
        tracked = state.tracking.tasks.get(row.id) if state.tracking else None
        return tracked.status.label if tracked else ""
    return getattr(row, name, "")


def edit_text(state: PlanState, row: RowData, name: str, column: int) -> str:
    """What the editor opens with: the whole text, the number as typed, the dates."""
    if row.kind is RowKind.AREA:
        return row.task
    if name == "number":
        return row.number_override if row.number_override is not None else state.number(row.id)
    if name == "due":
        return "; ".join(short_date(d) for d in (row.due_override or _due_dates(state, row)))
    return display(state, row, name, column)


def _due_dates(state: PlanState, row: RowData):
    tracked = state.tracking.tasks.get(row.id) if state.tracking else None
    if row.kind is RowKind.TASK and tracked is not None:
        return tracked.due.dates
    return read_deadline(row.timeframe, state.plan.year).dates


def due_text(state: PlanState, row: RowData) -> str:
    """The dates a task is due, one a line (the first three and the last of a
    long recurrence); "(31/12/2025)" when none could be read."""
    tracked = state.tracking.tasks.get(row.id) if state.tracking else None
    if row.kind is RowKind.TASK and tracked is not None:
        due = tracked.due
        if due.periodic and not due.dates:
            return "Thường xuyên"
        if due.assumed:
            return f"({short_date(due.final)})" if due.final else ""
        lines = [short_date(d) for d in due.dates]
        if len(lines) > 4:
            lines = [*lines[:3], "…", lines[-1]]
        text = "\n".join(lines)
        return f"{text}\n(tự đặt)" if due.overridden else text
    if row.kind is not RowKind.AREA and row.timeframe:
        return "\n".join(short_date(d) for d in _due_dates(state, row)[:4])
    return ""


def tooltip(state: PlanState, row: RowData, name: str) -> str | None:
    """Why a due date is what it is; the whole text of a long cell."""
    if name in ("timeframe", "due") and row.kind is not RowKind.AREA:
        tracked = state.tracking.tasks.get(row.id) if state.tracking else None
        lines = []
        if tracked is not None:
            due = tracked.due
            if due.overridden:
                lines.append("Hạn do cán bộ tự đặt (xóa ô Hạn để đọc lại từ thời gian thực hiện).")
            elif due.assumed:
                lines.append("Không đọc được hạn; tạm coi là hết năm kế hoạch.")
            if due.unread:
                lines.append(f"Chưa hiểu: {due.unread}")
            if tracked.status.days_left is not None and is_open(tracked.status.status):
                lines.append(f"Còn {tracked.status.days_left} ngày đến hạn gần nhất.")
        if name == "timeframe" and _is_long(row.timeframe):
            lines.insert(0, row.timeframe)
        return "\n".join(lines) or None
    text = display(state, row, name, 0 if row.kind is RowKind.AREA else -1)
    return text if _is_long(text) else None


def _is_long(text: str) -> bool:
    return len(text) > LONG_TEXT or "\n" in text
