"""Where rows may stand and where an action puts them.

One set of rules, used by the services before they write (a row of the
wrong kind under the wrong parent is refused) and by the window and the
command line to decide where a new row goes, what indent and outdent mean,
and where "Chuyển lên/xuống" takes a row.

Positions follow the services: a row's ``position`` is its index among its
siblings; a ``Move`` gives the index among the new siblings *without* the
moved row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from app.core.errors import InvalidInputError
from app.core.merge import Batch, area_key, merge_batches
from app.core.model import NewRow, RowKind
from app.core.tree import RowTree

# Which parent each kind of row may have (None: the top level).
ALLOWED_PARENTS: dict[RowKind, tuple[RowKind | None, ...]] = {
    RowKind.AREA: (None,),
    RowKind.TASK: (None, RowKind.AREA),
    RowKind.ACTIVITY: (RowKind.TASK,),
    RowKind.SUBTASK: (RowKind.TASK,),
}
KIND_NAMES = {
    RowKind.AREA: "lĩnh vực",
    RowKind.TASK: "nhiệm vụ",
    RowKind.ACTIVITY: "hoạt động",
    RowKind.SUBTASK: "nhiệm vụ con",
}
NEW_AREA_TITLE = "LĨNH VỰC MỚI"


@dataclass(frozen=True)
class Place:
    """Where new rows go: under ``parent_id`` at ``position`` (None: after the last child)."""

    parent_id: int | None
    position: int | None = None


@dataclass(frozen=True)
class Move:
    """A row to take (with everything under it) to a new place, maybe as a new kind."""

    row_id: int
    parent_id: int | None
    position: int
    kind: RowKind | None = None  # None: keeps its kind


# -- what may stand where ------------------------------------------------------


def check_parent(kind: RowKind, parent_kind: RowKind | None) -> None:
    """Refuse a row of ``kind`` under a parent of ``parent_kind`` (None: the top level)."""
    if parent_kind not in ALLOWED_PARENTS[kind]:
        where = "ở cấp cao nhất" if parent_kind is None else f"bên dưới một {KIND_NAMES[parent_kind]}"
        raise InvalidInputError(f"Không thể đặt {KIND_NAMES[kind]} {where}.")


def check_new_rows(new_rows: Sequence[NewRow], parent_kind: RowKind | None) -> None:
    """A tree of rows to insert, checked from the top down before anything is written."""
    for new in new_rows:
        check_parent(new.kind, parent_kind)
        check_new_rows(new.children, new.kind)


def check_move(tree: RowTree, move: Move) -> None:
    """A move is refused if it puts a row inside itself, under a parent that
    may not hold its kind, or leaves its children under a kind that may not
    hold them."""
    row = tree.row(move.row_id)
    if move.parent_id is not None:
        if move.parent_id not in tree:
            raise InvalidInputError("Dòng đích không còn trong phụ lục.")
        if move.parent_id == row.id or tree.is_ancestor(row.id, move.parent_id):
            raise InvalidInputError("Không thể chuyển một dòng vào bên trong chính nó.")
    kind = move.kind or row.kind
    check_parent(kind, tree.kind_of(move.parent_id))
    for child_id in tree.children(row.id):
        child_kind = tree.row(child_id).kind
        if kind not in ALLOWED_PARENTS[child_kind]:
            raise InvalidInputError(
                f"Dòng này còn {KIND_NAMES[child_kind]} bên dưới nên không thể thành {KIND_NAMES[kind]}."
            )


def kind_under(kind: RowKind, parent_kind: RowKind | None) -> RowKind | None:
    """The kind a row takes when dragged under a new parent (None: unchanged)."""
    if kind is RowKind.AREA:
        if parent_kind is not None:
            raise InvalidInputError("Lĩnh vực chỉ đặt được ở cấp cao nhất.")
        return None
    if parent_kind is RowKind.TASK:
        return RowKind.ACTIVITY if kind is RowKind.TASK else None
    if kind in (RowKind.ACTIVITY, RowKind.SUBTASK):
        return RowKind.TASK
    return None


# -- where new rows go ----------------------------------------------------------


def place_for_area(tree: RowTree, current: int | None) -> Place:
    """A new area goes after the current row's area (or at the end)."""
    area = tree.area_of(current) if current is not None else None
    if area is None:
        return Place(None, None)
    return Place(None, tree.index_in_parent(area) + 1)


def place_for_task(tree: RowTree, current: int | None) -> Place:
    """A new task goes after the current row's task, at the end of the current
    area, or (nothing chosen) at the end of the last area."""
    if current is None:
        areas = [r for r in tree.children(None) if tree.row(r).kind is RowKind.AREA]
        return Place(areas[-1] if areas else None, None)
    if tree.row(current).kind is RowKind.AREA:
        return Place(current, None)
    task = tree.row(tree.task_of(current))
    return Place(task.parent_id, tree.index_in_parent(task.id) + 1)


def place_for_child(tree: RowTree, current: int | None, kind: RowKind) -> Place:
    """An activity or sub-row of the current task: after the current row when
    it is one of the same kind, otherwise after the task's last child."""
    task_id = tree.task_of(current) if current is not None else None
    if task_id is None:
        raise InvalidInputError("Hãy chọn một nhiệm vụ trước khi thêm hoạt động hoặc nhiệm vụ con.")
    row = tree.row(current)
    if row.kind is kind and row.parent_id == task_id:
        return Place(task_id, tree.index_in_parent(current) + 1)
    return Place(task_id, None)


def place_next_to(tree: RowTree, current: int, below: bool) -> tuple[Place, NewRow]:
    """A row of the same kind just above or below ``current``."""
    row = tree.row(current)
    texts = {"task": NEW_AREA_TITLE} if row.kind is RowKind.AREA else {}
    position = tree.index_in_parent(current) + (1 if below else 0)
    return Place(row.parent_id, position), NewRow(row.kind, texts)


def paste_batches(tree: RowTree, rows: Sequence[NewRow], current: int | None) -> list[Batch]:
    """Where pasted rows go: areas join the area of the same title (or are
    added at the end); loose tasks go after the current task."""
    existing = {area_key(tree.row(a).task): a for a in tree.children(None) if tree.row(a).kind is RowKind.AREA}
    place = place_for_task(tree, current)
    return merge_batches(rows, existing, place.parent_id, place.position)


# -- moving -------------------------------------------------------------------------


def indent(tree: RowTree, row_id: int, as_kind: RowKind = RowKind.ACTIVITY) -> Move:
    """A task becomes an activity (or numbered sub-row) of the task above it."""
    row = tree.row(row_id)
    if row.kind is not RowKind.TASK:
        raise InvalidInputError("Chỉ thụt vào được một nhiệm vụ (để thành hoạt động của nhiệm vụ phía trên).")
    siblings = tree.children(row.parent_id)
    above = [s for s in siblings[: tree.index_in_parent(row_id)] if tree.row(s).kind is RowKind.TASK]
    if not above:
        raise InvalidInputError("Không có nhiệm vụ nào phía trên để thụt vào.")
    target = above[-1]
    return _checked(tree, Move(row_id, target, tree.child_count(target), as_kind))


def outdent(tree: RowTree, row_id: int) -> Move:
    """An activity or sub-row becomes a task right after its task."""
    row = tree.row(row_id)
    if row.kind not in (RowKind.ACTIVITY, RowKind.SUBTASK):
        raise InvalidInputError("Chỉ lùi ra được một hoạt động hoặc nhiệm vụ con.")
    task = tree.row(row.parent_id)
    return _checked(tree, Move(row_id, task.parent_id, tree.index_in_parent(task.id) + 1, RowKind.TASK))


def move_step(tree: RowTree, row_id: int, step: int) -> Move:
    """Up (-1) or down (+1) past one sibling. At the edge of its parent a task
    goes on into the neighbouring area (the last task of area II moves down to
    the top of area III), and an activity into the neighbouring task."""
    row = tree.row(row_id)
    index = tree.index_in_parent(row_id)
    target = index + step
    if 0 <= target < tree.child_count(row.parent_id):
        return Move(row_id, row.parent_id, target)
    neighbour = _neighbour_parent(tree, row, step)
    if neighbour is None:
        raise InvalidInputError("Dòng đã ở vị trí đầu." if step < 0 else "Dòng đã ở vị trí cuối.")
    position = tree.child_count(neighbour) if step < 0 else 0
    return _checked(tree, Move(row_id, neighbour, position))


def _neighbour_parent(tree: RowTree, row, step: int) -> int | None:
    """The parent next to the row's own one that can take it, in display order."""
    if row.parent_id is None:
        return None
    parent = tree.row(row.parent_id)
    if row.kind is RowKind.TASK and parent.kind is RowKind.AREA:
        candidates = [r for r in tree.children(None) if tree.row(r).kind is RowKind.AREA]
    elif parent.kind is RowKind.TASK:
        candidates = tree.of_kind(RowKind.TASK)
    else:
        return None
    index = candidates.index(parent.id) + step
    return candidates[index] if 0 <= index < len(candidates) else None


def move_to_area(tree: RowTree, row_id: int, area_id: int) -> Move:
    """A task taken to the end of another area."""
    row = tree.row(row_id)
    if row.kind is not RowKind.TASK:
        raise InvalidInputError("Chỉ chuyển được nhiệm vụ sang lĩnh vực khác.")
    if tree.row(area_id).kind is not RowKind.AREA:
        raise InvalidInputError("Dòng đích không phải là một lĩnh vực.")
    if row.parent_id == area_id:
        raise InvalidInputError("Nhiệm vụ đã ở trong lĩnh vực này.")
    return _checked(tree, Move(row_id, area_id, tree.child_count(area_id)))


def drop(tree: RowTree, row_ids: Sequence[int], parent_id: int | None, position: int) -> list[Move]:
    """Rows dragged to ``position`` among the children of ``parent_id`` (an
    index in the list as it was before the drag). They land together, in
    display order, each taking the kind its new parent holds. The moves are
    to be made one after the other."""
    moved = tree.top_most(row_ids)
    if parent_id is not None:
        moved = [r for r in moved if r != parent_id and not tree.is_ancestor(r, parent_id)]
    if not moved:
        return []
    parent_kind = tree.kind_of(parent_id)
    # The rows land before the first unmoved sibling at or after ``position``.
    siblings = tree.children(parent_id)
    anchor = next((s for s in siblings[max(position, 0):] if s not in moved), None)
    # Simulate the moves on copies of the sibling lists so each position is
    # what the services will see when they make that move.
    lists: dict[int | None, list[int]] = {}

    def children(pid: int | None) -> list[int]:
        if pid not in lists:
            lists[pid] = tree.children(pid)
        return lists[pid]

    moves = []
    previous: int | None = None
    for row_id in moved:
        children(tree.row(row_id).parent_id).remove(row_id)
        target = children(parent_id)
        if previous is not None:
            index = target.index(previous) + 1
        else:
            index = target.index(anchor) if anchor is not None else len(target)
        target.insert(index, row_id)
        move = Move(row_id, parent_id, index, kind_under(tree.row(row_id).kind, parent_kind))
        moves.append(move)
        previous = row_id
    for move in moves:
        check_parent(move.kind or tree.row(move.row_id).kind, parent_kind)
    return moves


def _checked(tree: RowTree, move: Move) -> Move:
    check_move(tree, move)
    return move
