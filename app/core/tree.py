"""The appendix tree: the rows of one plan with a child index.

Every tree question (display order, ancestors, descendants, the task or area
a row belongs to) is answered here, once; the services, the window and the
command line all ask a ``RowTree`` instead of walking parent ids themselves.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from app.core.model import RowData, RowKind
from app.core.numbering import NumberingItem, number_rows


class RowTree:
    """Rows indexed by id and by parent; children ordered by ``position``.

    The index follows the rows' own ``parent_id``/``position``: after a
    change, hand the new rows to ``update`` and the index is rebuilt.
    """

    def __init__(self, rows: Iterable[RowData] = ()):
        self._rows: dict[int, RowData] = {r.id: r for r in rows}
        self._reindex()

    def _reindex(self) -> None:
        grouped: dict[int | None, list[RowData]] = {}
        for row in self._rows.values():
            grouped.setdefault(row.parent_id, []).append(row)
        self._children: dict[int | None, list[int]] = {
            parent: [r.id for r in sorted(siblings, key=lambda r: (r.position, r.id))]
            for parent, siblings in grouped.items()
        }
        self._index = {rid: i for ids in self._children.values() for i, rid in enumerate(ids)}
        self._order: list[RowData] | None = None

    # -- single rows -----------------------------------------------------------

    def __contains__(self, row_id: object) -> bool:
        return row_id in self._rows

    def __len__(self) -> int:
        return len(self._rows)

    def row(self, row_id: int) -> RowData:
        return self._rows[row_id]

    def get(self, row_id: int | None) -> RowData | None:
        return self._rows.get(row_id) if row_id is not None else None

    def kind_of(self, row_id: int | None) -> RowKind | None:
        """The row's kind; None for the top level (no parent)."""
        return self._rows[row_id].kind if row_id is not None else None

    # -- structure ---------------------------------------------------------------

    def children(self, parent_id: int | None) -> list[int]:
        """Ids of the rows directly under ``parent_id`` (None: the top level), in order."""
        return list(self._children.get(parent_id, ()))

    def shape(self) -> dict[int | None, list[int]]:
        """Every parent's children (the lists are rebuilt, never changed in
        place, so the caller may keep them as a snapshot)."""
        return dict(self._children)

    def child_count(self, parent_id: int | None) -> int:
        return len(self._children.get(parent_id, ()))

    def index_in_parent(self, row_id: int) -> int:
        """Where the row stands among its siblings (0 for the first)."""
        return self._index[row_id]

    def preorder(self) -> list[RowData]:
        """Every row in display order: each parent followed by its children."""
        if self._order is None:
            order: list[RowData] = []
            stack = list(reversed(self._children.get(None, ())))
            while stack:
                row_id = stack.pop()
                order.append(self._rows[row_id])
                stack.extend(reversed(self._children.get(row_id, ())))
            # Rows whose parent is missing (never written by the services)
            # would otherwise vanish from view; show them after the rest.
            if len(order) != len(self._rows):
                seen = {r.id for r in order}
                order += [r for r in self._rows.values() if r.id not in seen]
            self._order = order
        return self._order

    def ancestors(self, row_id: int) -> list[int]:
        """Parent, grandparent, … of the row (nearest first)."""
        out = []
        parent = self._rows[row_id].parent_id
        while parent is not None and parent in self._rows:
            out.append(parent)
            parent = self._rows[parent].parent_id
        return out

    def descendants(self, row_id: int) -> list[int]:
        """Every row below ``row_id``, in display order (not the row itself)."""
        out: list[int] = []
        stack = list(reversed(self._children.get(row_id, ())))
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(reversed(self._children.get(current, ())))
        return out

    def subtree(self, row_id: int) -> list[int]:
        """The row and everything below it, in display order."""
        return [row_id, *self.descendants(row_id)]

    def is_ancestor(self, ancestor_id: int, row_id: int) -> bool:
        return ancestor_id in self.ancestors(row_id)

    def task_of(self, row_id: int) -> int | None:
        """The task a row belongs to (itself for a task; None for an area)."""
        found = nearest_of_kind(self._rows, self._rows.get(row_id), RowKind.TASK)
        return found.id if found else None

    def area_of(self, row_id: int) -> int | None:
        """The area above a row (itself for an area; None outside any area)."""
        found = nearest_of_kind(self._rows, self._rows.get(row_id), RowKind.AREA)
        return found.id if found else None

    def top_most(self, row_ids: Iterable[int]) -> list[int]:
        """The chosen rows without those inside another chosen row's subtree,
        in display order (what a delete, a copy or a drag acts on)."""
        chosen = {r for r in row_ids if r in self._rows}
        roots = [r for r in chosen if not any(a in chosen for a in self.ancestors(r))]
        order = self.order_index()
        return sorted(roots, key=order.__getitem__)

    def order_index(self) -> dict[int, int]:
        """Row id → its line in display order."""
        return {r.id: i for i, r in enumerate(self.preorder())}

    def of_kind(self, kind: RowKind) -> list[int]:
        """Ids of every row of one kind, in display order."""
        return [r.id for r in self.preorder() if r.kind is kind]

    # -- changes ---------------------------------------------------------------

    def update(self, rows: Iterable[RowData] = (), removed: Iterable[int] = ()) -> bool:
        """Take new data for some rows (added, edited or moved) and drop others.
        Returns True when the shape of the tree changed (indexes shift)."""
        shape = False
        for row_id in removed:
            if self._rows.pop(row_id, None) is not None:
                shape = True
        for row in rows:
            old = self._rows.get(row.id)
            if old is None or (old.parent_id, old.position, old.kind) != (row.parent_id, row.position, row.kind):
                shape = True
            self._rows[row.id] = row
        if shape:
            self._reindex()
        else:
            self._order = None
        return shape


def nearest_of_kind(rows_by_id: Mapping[int, RowData], row: RowData | None, kind: RowKind) -> RowData | None:
    """The row itself or its nearest ancestor of ``kind`` (None if there is none)."""
    current = row
    while current is not None:
        if current.kind is kind:
            return current
        current = rows_by_id.get(current.parent_id) if current.parent_id is not None else None
    return None


def preorder(rows: Iterable[RowData]) -> list[RowData]:
    """Rows in display order: each parent followed by its children by position."""
    return RowTree(rows).preorder()


def numbers_for(rows: Sequence[RowData]) -> dict[int, str]:
    """Printed numbers of rows already in display order."""
    return number_rows(NumberingItem(r.id, r.kind, r.parent_id, r.number_override) for r in rows)


def area_of(rows_by_id: Mapping[int, RowData], row: RowData) -> RowData | None:
    """The area row above ``row`` (None when the plan has no areas)."""
    return nearest_of_kind(rows_by_id, row, RowKind.AREA)
