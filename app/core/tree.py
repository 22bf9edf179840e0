"""Walking the appendix tree held as a flat list of rows."""

from __future__ import annotations

from typing import Iterable, Sequence

from app.core.model import RowData, RowKind
from app.core.numbering import NumberingItem, number_rows


def preorder(rows: Iterable[RowData]) -> list[RowData]:
    """Rows in display order: each parent followed by its children by position."""
    children: dict[int | None, list[RowData]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    for siblings in children.values():
        siblings.sort(key=lambda r: (r.position, r.id))
    ordered: list[RowData] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        row = stack.pop()
        ordered.append(row)
        stack.extend(reversed(children.get(row.id, [])))
    return ordered


def numbers_for(rows: Sequence[RowData]) -> dict[int, str]:
    """Printed numbers of rows already in display order."""
    return number_rows(NumberingItem(r.id, r.kind, r.parent_id, r.number_override) for r in rows)


def area_of(rows_by_id: dict[int, RowData], row: RowData) -> RowData | None:
    """The area row above ``row`` (None when the plan has no areas)."""
    current: RowData | None = row
    while current is not None:
        if current.kind is RowKind.AREA:
            return current
        current = rows_by_id.get(current.parent_id) if current.parent_id is not None else None
    return None


def task_of(rows_by_id: dict[int, RowData], row: RowData) -> RowData | None:
    """The task a row belongs to (itself for a task; None for an area)."""
    current: RowData | None = row
    while current is not None:
        if current.kind is RowKind.TASK:
            return current
        current = rows_by_id.get(current.parent_id) if current.parent_id is not None else None
    return None


def descendants(rows: Sequence[RowData], root_id: int) -> list[RowData]:
    """All rows below ``root_id`` (rows in display order)."""
    below: set[int] = {root_id}
    out = []
    for row in rows:
        if row.parent_id in below:
            below.add(row.id)
            out.append(row)
    return out
