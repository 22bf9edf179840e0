"""Where incoming rows (a paste, an import) go in an existing plan.

Areas whose title matches an existing area (ignoring case and diacritics)
add their tasks to it; other areas are appended; rows outside any area go
to the place the caller chose.
"""

from __future__ import annotations

import re
from typing import Sequence

from app.core.model import NewRow, RowKind
from app.core.text import fold

Batch = tuple[int | None, int | None, Sequence[NewRow]]


def area_key(title: str) -> str:
    return " ".join(fold(title).split())


def find_area(title: str, existing: dict[str, int]) -> int | None:
    """The existing area an incoming area belongs to: the same title, one
    title starting with the other ("CẢI CÁCH TỔ CHỨC BỘ MÁY" and "… BỘ MÁY
    HÀNH CHÍNH"), or titles sharing most of their words."""
    key = area_key(title)
    if not key:
        return None
    if key in existing:
        return existing[key]
    for other, row_id in existing.items():
        if other.startswith(key) or key.startswith(other):
            return row_id
    words = set(key.split())
    best, best_score = None, 0.0
    for other, row_id in existing.items():
        other_words = set(other.split())
        score = len(words & other_words) / len(words | other_words)
        if score > best_score:
            best, best_score = row_id, score
    return best if best_score >= 0.6 else None


def merge_batches(
    rows: Sequence[NewRow],
    existing_areas: dict[str, int],
    loose_parent: int | None,
    loose_position: int | None,
) -> list[Batch]:
    """Insert batches (parent id, position, rows) for ``rows``.

    ``existing_areas`` maps ``area_key(title)`` to the area's row id."""
    loose = [_as_top_row(r) for r in rows if r.kind is not RowKind.AREA]
    batches: list[Batch] = []
    if loose:
        batches.append((loose_parent, loose_position, loose))
    new_areas = []
    for area in (r for r in rows if r.kind is RowKind.AREA):
        match = find_area(area.texts.get("task", ""), existing_areas)
        if match is None:
            new_areas.append(area)
        elif area.children:
            batches.append((match, None, list(area.children)))
    if new_areas:
        batches.append((None, None, new_areas))
    return batches


def _as_top_row(row: NewRow) -> NewRow:
    """An activity without its task becomes a task."""
    if row.kind in (RowKind.ACTIVITY, RowKind.SUBTASK):
        return NewRow(RowKind.TASK, row.texts, None, row.due_override, row.children)
    return row


def count_rows(rows: Sequence[NewRow], kind: RowKind) -> int:
    return sum((r.kind is kind) + count_rows(r.children, kind) for r in rows)


# "phường", "xã", "thị trấn" as the name of a level ("UBND các phường, xã",
# "cấp xã"), not inside "xã hội".
_WARD_LEVEL = re.compile(r"(?<!\w)(phường|xã|thị trấn)(?!\w)(?!\s+hội)", re.IGNORECASE)


def involves_ward_level(row: NewRow) -> bool:
    """Does the ward/commune level lead or support this task (or one of its activities)?"""
    texts = [row.texts.get("lead", ""), row.texts.get("support", "")]
    texts += [t for child in row.children for t in (child.texts.get("lead", ""), child.texts.get("support", ""))]
    return any(_WARD_LEVEL.search(t) for t in texts if t)


def ward_level_only(rows: Sequence[NewRow]) -> list[NewRow]:
    """Only the tasks the ward/commune level takes part in; areas keep those."""
    kept = []
    for row in rows:
        if row.kind is RowKind.AREA:
            children = tuple(c for c in row.children if involves_ward_level(c))
            if children:
                kept.append(NewRow(row.kind, row.texts, row.number_override, row.due_override, children))
        elif involves_ward_level(row):
            kept.append(row)
    return kept
