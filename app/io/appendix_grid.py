"""The appendix as a printable grid, shared by the Excel and PDF exporters.

Area rows span every column ("I. CẢI CÁCH THỂ CHẾ"); a task's own cells
(number, objective, task, form) span down over its activity rows, as the
ward plans print them (seed 004); activity rows fill only the other columns.
Within a task and its activity or sub-rows, equal neighbouring units,
deadlines, products or budgets are merged into one cell again, as the
upper level's appendix printed them (one "Cơ quan phối hợp" for eight
sub-rows) — the import gave the text to each row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Sequence

from app.core.dates import short_date
from app.core.model import TASK_LEVEL_FIELDS, Column, PlanDoc, RowData, RowKind
from app.core.occurrence_text import printed_occurrences
from app.core.status import TASK_STATUS_LABELS
from app.core.tracking import PlanTracking

SPANNING_FIELDS = ("number",) + TASK_LEVEL_FIELDS
# Cells merged where neighbouring rows of one task group print the same text.
SHARED_FIELDS = ("lead", "support", "units", "timeframe", "output", "budget")


def units_text(lead: str, support: str) -> str:
    """Lead and support in one cell, as seed 000 prints "Đơn vị thực hiện"."""
    if not support:
        return lead
    if not lead:
        return f"- Cơ quan phối hợp: {support}"
    return f"- Cơ quan chủ trì: {lead}\n- Cơ quan phối hợp: {support}"


@dataclass
class GridCell:
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    covered: bool = False  # inside another cell's span: print nothing


@dataclass
class GridRow:
    row_id: int
    kind: RowKind
    cells: list[GridCell] = field(default_factory=list)

    @property
    def is_area(self) -> bool:
        return self.kind is RowKind.AREA


def cell_text(row: RowData, column: Column, numbers: dict[int, str], tracking: PlanTracking | None) -> str:
    """What one column prints for one row."""
    name = column.field
    if name == "number":
        return numbers.get(row.id, "")
    if name == "units":
        return units_text(row.lead, row.support)
    if name == "due":
        tracked = tracking.tasks.get(row.id) if tracking else None
        if tracked is None:
            return ""
        if tracked.due.periodic and not tracked.due.dates:
            return "Thường xuyên"
        return "\n".join(short_date(d) for d in tracked.due.dates)
    if name == "status":
        tracked = tracking.tasks.get(row.id) if tracking else None
        return TASK_STATUS_LABELS[tracked.status.status] if tracked else ""
    return getattr(row, name, "")


def appendix_grid(
    rows: Sequence[RowData],
    columns: Sequence[Column],
    numbers: dict[int, str],
    tracking: PlanTracking | None = None,
) -> list[GridRow]:
    """Rows (in display order) laid out for printing in ``columns``."""
    grid: list[GridRow] = []
    spanning = [i for i, c in enumerate(columns) if c.field in SPANNING_FIELDS]
    shared = [i for i, c in enumerate(columns) if c.field in SHARED_FIELDS]
    open_task: GridRow | None = None  # the task whose cells still span down
    open_shared: dict[int, GridCell] = {}  # column → the cell of the task group it may extend
    group: int | None = None  # the task whose group (its activities and sub-rows) is being laid out
    for row in rows:
        if row.kind is RowKind.AREA:
            title = row.task
            label = numbers.get(row.id, "")
            cells = [GridCell(f"{label}. {title}" if label else title, colspan=len(columns))]
            cells += [GridCell(covered=True) for _ in columns[1:]]
            grid.append(GridRow(row.id, row.kind, cells))
            open_task, open_shared = None, {}
            continue
        cells = [GridCell(cell_text(row, c, numbers, tracking)) for c in columns]
        if row.kind is RowKind.ACTIVITY and open_task is not None:
            for i in spanning:
                open_task.cells[i].rowspan += 1
                cells[i] = GridCell(covered=True)
        else:
            open_task = None
        if row.kind is RowKind.TASK or row.parent_id != group:
            open_shared, group = {}, (row.id if row.kind is RowKind.TASK else None)
        for i in shared:
            above = open_shared.get(i)
            if above is not None and cells[i].text and cells[i].text == above.text:
                above.rowspan += 1
                cells[i] = GridCell(covered=True)
            else:
                open_shared[i] = cells[i]
        grid.append(GridRow(row.id, row.kind, cells))
        if row.kind is RowKind.TASK:
            open_task = grid[-1]
    return grid


def progress_columns() -> list[Column]:
    """Columns of the "Tiến độ" sheet / annex: the task, its dates and result."""
    return [
        Column("number", "TT", 5),
        Column("task", "Nhiệm vụ", 30),
        Column("timeframe", "Thời gian thực hiện", 14),
        Column("due", "Hạn", 18),  # one line per occurrence: "10/03/2023 – quá hạn"
        Column("status", "Tình trạng", 13),
        Column("result", "Kết quả thực hiện", 27),
        Column("evidence", "Văn bản chứng minh", 18),
        Column("updated", "Ngày cập nhật", 10),
    ]


def progress_grid(
    rows: Sequence[RowData],
    numbers: dict[int, str],
    tracking: PlanTracking,
    as_of: date,
    columns: Sequence[Column] | None = None,
    period: bool = False,
) -> list[GridRow]:
    """Areas and tasks with their status and latest result as of ``as_of``;
    "Hạn" lists each occurrence and what became of it. ``period``: the
    status is the report period's (what the report's figures count)."""
    columns = list(columns or progress_columns())
    grid: list[GridRow] = []
    for row in rows:
        if row.kind is RowKind.AREA:
            label = numbers.get(row.id, "")
            cells = [GridCell(f"{label}. {row.task}" if label else row.task, colspan=len(columns))]
            grid.append(GridRow(row.id, row.kind, cells + [GridCell(covered=True) for _ in columns[1:]]))
            continue
        if row.kind is not RowKind.TASK:
            continue
        tracked = tracking.tasks.get(row.id)
        latest = tracked.latest if tracked else None
        extra: dict[str, Callable[[], str]] = {
            "due": lambda: _due_with_occurrences(tracked),
            "status": lambda: (TASK_STATUS_LABELS[tracked.period_status if period else tracked.status.status]
                               if tracked else ""),
            "result": lambda: latest.result if latest else "",
            "evidence": lambda: latest.evidence if latest else "",
            "updated": lambda: short_date(latest.date) if latest else "",
        }
        cells = []
        for column in columns:
            if column.field in extra:
                cells.append(GridCell(extra[column.field]()))
            else:
                cells.append(GridCell(cell_text(row, column, numbers, tracking)))
        grid.append(GridRow(row.id, row.kind, cells))
    return grid


def _due_with_occurrences(tracked) -> str:
    if tracked is None:
        return ""
    if not tracked.status.occurrences:
        return "Thường xuyên" if tracked.due.continuous else ""
    return printed_occurrences(tracked.status.occurrences)


@dataclass(frozen=True)
class AppendixExport:
    """Everything the workbook shows, gathered by the caller (services)."""

    plan: PlanDoc
    rows: Sequence[RowData]            # display order
    numbers: dict[int, str]
    tracking: PlanTracking | None = None
    as_of: date | None = None          # adds the "Tiến độ" sheet when set
    columns: Sequence[Column] | None = None  # None: the plan's printed columns
    author: str = ""


def export_columns(plan: PlanDoc, chosen: Sequence[str] | None = None) -> list[Column]:
    """The plan's columns marked for printing, or the ones named in ``chosen``."""
    if chosen:
        by_field = {c.field: c for c in plan.columns}
        from app.core.presets import FIELD_LABELS

        return [by_field.get(f, Column(f, FIELD_LABELS.get(f, f), 12)) for f in chosen]
    return [c for c in plan.columns if c.export]
