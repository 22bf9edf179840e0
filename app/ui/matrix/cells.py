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
from app.core.occurrence_text import LEGEND, occurrence_list, occurrence_markers
from app.io.appendix_grid import units_text

LONG_TEXT = 40  # characters: longer cells get their whole text as a tooltip


def window_columns(plan_columns: Sequence[Column]) -> list[Column]:
    """The plan's columns, then "Hạn" and "Tình trạng" if the plan lacks them."""
    columns = list(plan_columns)
    present = {c.field for c in columns}
    for name in APP_ONLY_FIELDS:
        if name not in present:
            # "Hạn" holds a marker per occurrence ("✗ 31/12/2022 · 31/12"): a little wider.
            columns.append(Column(name, FIELD_LABELS[name], 12 if name == "due" else 10, export=False))
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
    if name == "status":  # a task's, or a sub-row's with a deadline of its own
        own = state.tracking.row_status(row.id) if state.tracking else None
        return own.label if own is not None else ""
    return getattr(row, name, "")


def edit_text(state: PlanState, row: RowData, name: str, column: int) -> str:
    """What the editor opens with: the whole text, the number as typed, the dates."""
    if row.kind is RowKind.AREA:
        return row.task
    if name == "number":
        return row.number_override if row.number_override is not None else state.number(row.id)
    if name == "due":
        return "; ".join(short_date(d) for d in (row.due_override or due_dates(state, row)))
    return display(state, row, name, column)


def due_dates(state: PlanState, row: RowData):
    """The dates a row's timeframe (or its task's tracking) gives."""
    tracked = state.tracking.tasks.get(row.id) if state.tracking else None
    if row.kind is RowKind.TASK and tracked is not None:
        return tracked.due.dates
    return read_deadline(row.timeframe, state.plan.year).dates


def due_text(state: PlanState, row: RowData) -> str:
    """The "Hạn" cell: one marker per occurrence ("✓ 10/03 · ✗ 10/06 · 10/09");
    "(31/12/2025)" when no date could be read."""
    tracking = state.tracking
    tracked = tracking.tasks.get(row.id) if tracking else None
    if row.kind is RowKind.TASK and tracked is not None:
        due = tracked.due
        if not due.occurrences:
            return "Thường xuyên" if due.continuous else ""
        text = occurrence_markers(tracked.status.occurrences, state.plan.year)
        if due.assumed:
            return f"({text})"
        return f"{text}\n(tự đặt)" if due.overridden else text
    own = tracking.sub_rows.get(row.id) if tracking else None
    if own is not None:
        return occurrence_markers(own.occurrences, state.plan.year)
    if row.kind is not RowKind.AREA and row.timeframe:
        return "\n".join(short_date(d) for d in due_dates(state, row)[:4])
    return ""


def tooltip(state: PlanState, row: RowData, name: str) -> str | None:
    """Why a due date is what it is; the whole text of a long cell."""
    if name in ("timeframe", "due") and row.kind is not RowKind.AREA:
        tracked = state.tracking.tasks.get(row.id) if state.tracking else None
        own = state.tracking.row_status(row.id) if state.tracking else None
        lines = []
        if tracked is not None:
            due = tracked.due
            if due.overridden:
                lines.append("Hạn do cán bộ tự đặt (xóa ô Hạn để đọc lại từ thời gian thực hiện).")
            elif due.assumed:
                lines.append("Không đọc được hạn; tạm coi là hết năm kế hoạch.")
            if due.unread:
                lines.append(f"Chưa hiểu: {due.unread}")
            if not due.occurrences and due.continuous:
                lines.append("Làm thường xuyên: xét theo từng kỳ báo cáo, có triển khai trong kỳ hay không.")
        if own is not None and own.occurrences:
            lines.append("Các lần đến hạn:")
            lines += [f"• {line}" for line in occurrence_list(own.occurrences, state.numbers, row.id)]
            lines.append(LEGEND)
        if own is not None and own.days_left is not None and own.is_open:
            lines.append(f"Còn {own.days_left} ngày đến lần hạn {short_date(own.next_due)}.")
        if name == "timeframe" and _is_long(row.timeframe):
            lines.insert(0, row.timeframe)
        return "\n".join(lines) or None
    text = display(state, row, name, 0 if row.kind is RowKind.AREA else -1)
    return text if _is_long(text) else None


def _is_long(text: str) -> bool:
    return len(text) > LONG_TEXT or "\n" in text
