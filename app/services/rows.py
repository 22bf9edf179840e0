"""The appendix tree: add, edit, move, delete (with an undo snapshot), paste.

Each public method is one user action in one transaction: a paste of many
rows, a drag of several rows, a delete of rows with their subtrees, an edit
of many cells. If anything fails midway, nothing is written. Each returns
what it changed (``PlanChanges``) for the window's plan state, with what is
needed to undo it.

Rows are ordered by ``position`` within their parent, 0…n-1 with no gaps;
every operation keeps it so. Where a row may stand is decided by
``app.core.placement``, the same rules the window uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.orm import selectinload

from app.core.errors import InvalidInputError, NotFoundError
from app.core.model import ROW_TEXT_FIELDS, NewRow, RowData, RowKind
from app.core.numbering import from_roman
from app.core.placement import ALLOWED_PARENTS, KIND_NAMES, Move, check_move, check_new_rows, check_parent
from app.core.plan_state import PlanChanges
from app.core.text import clean_text, fold
from app.core.tree import RowTree, numbers_for
from app.models.database import Database
from app.models.schema import AppendixRow, Attachment, Plan, ProgressEntry
from app.services.convert import dates_to_json, entry_to_data, row_from_mapping, row_to_data
from app.services.units import remember_units

__all__ = ["ALLOWED_PARENTS", "KIND_NAMES", "RowService", "MoveUndo", "DeletedRows", "RowsInserted",
           "RowsMoved", "CellsEdited"]

MAX_TEXT = 20_000  # characters per cell; a whole pasted page is far less
MoveUndo = Move  # a move that puts a row back where it was


@dataclass(frozen=True)
class DeletedRows:
    """Everything a delete removed, to put back exactly on undo."""

    plan_id: int
    rows: tuple[dict[str, Any], ...]   # parents before children
    entries: tuple[dict[str, Any], ...] = ()
    attachments: tuple[dict[str, Any], ...] = ()
    root_ids: tuple[int, ...] = ()
    changes: PlanChanges = field(default_factory=PlanChanges, compare=False)


@dataclass(frozen=True)
class RowsInserted:
    changes: PlanChanges
    created: list[list[RowData]]   # per batch, every created row in tree order
    top_ids: list[int]             # the rows inserted directly under each batch's parent


@dataclass(frozen=True)
class RowsMoved:
    changes: PlanChanges
    undo: tuple[Move, ...]         # the moves that put everything back, in order


@dataclass(frozen=True)
class CellsEdited:
    changes: PlanChanges
    before: dict[int, dict[str, Any]]  # previous values of the edited fields, per row


def _siblings(plan_id: int, parent_id: int | None):
    parent = AppendixRow.parent_id.is_(None) if parent_id is None else AppendixRow.parent_id == parent_id
    return and_(AppendixRow.plan_id == plan_id, parent)


def _count():
    return func.count(AppendixRow.id)


def _load_row(session, row_id: int) -> AppendixRow:
    row = session.get(AppendixRow, row_id)
    if row is None:
        raise NotFoundError(f"Không có dòng số {row_id} trong phụ lục.")
    return row


def _plan_tree(session, plan_id: int) -> RowTree:
    result = session.execute(select(AppendixRow.__table__).where(AppendixRow.plan_id == plan_id))
    return RowTree(row_from_mapping(m) for m in result.mappings())


def _rows_under(session, plan_id: int, parent_ids: Iterable[int | None]) -> list[RowData]:
    """The rows directly under these parents, as stored now (their positions moved)."""
    wanted = set(parent_ids)
    clauses = [_siblings(plan_id, p) for p in wanted]
    if not clauses:
        return []
    result = session.execute(select(AppendixRow.__table__).where(or_(*clauses)))
    return [row_from_mapping(m) for m in result.mappings()]


def _clean_texts(texts: dict[str, Any]) -> dict[str, str]:
    unknown = set(texts) - set(ROW_TEXT_FIELDS)
    if unknown:
        raise InvalidInputError(f"Cột không hợp lệ: {', '.join(sorted(unknown))}.")
    clean = {}
    for name, value in texts.items():
        text = clean_text("" if value is None else str(value))
        if len(text) > MAX_TEXT:
            raise InvalidInputError(f"Nội dung ô quá dài ({len(text)} ký tự; tối đa {MAX_TEXT}).")
        clean[name] = text
    return clean


class RowService:
    def __init__(self, db: Database):
        self.db = db

    # -- reading ---------------------------------------------------------

    def list(self, plan_id: int) -> list[RowData]:
        """Every row of the plan in display order."""
        return self.tree(plan_id).preorder()

    def tree(self, plan_id: int) -> RowTree:
        """The plan's rows with their child index."""
        with self.db.reading() as s:
            if s.get(Plan, plan_id) is None:
                raise NotFoundError(f"Không có kế hoạch số {plan_id}.")
            return _plan_tree(s, plan_id)

    def get(self, row_id: int) -> RowData:
        with self.db.reading() as s:
            return row_to_data(_load_row(s, row_id))

    def find_by_number(self, plan_id: int, number: str) -> RowData:
        """The row printed with ``number`` ("3", "3.1", "II")."""
        rows = self.list(plan_id)
        wanted = number.strip().rstrip(".")
        for row, label in zip(rows, numbers_for(rows).values()):
            if label and label.strip().rstrip(".") == wanted:
                return row
        raise NotFoundError(f"Không có dòng số «{number}» trong phụ lục của kế hoạch {plan_id}.")

    def find_area(self, plan_id: int, key: str) -> RowData:
        """An area by its Roman numeral ("II") or by (part of) its title."""
        rows = self.list(plan_id)
        areas = [r for r in rows if r.kind is RowKind.AREA]
        numbers = numbers_for(rows)
        roman = from_roman(key)
        for area in areas:
            if roman is not None and from_roman(numbers[area.id]) == roman:
                return area
        wanted = fold(key).strip()
        matches = [a for a in areas if wanted and wanted in fold(a.task)]
        if len(matches) == 1:
            return matches[0]
        raise NotFoundError(f"Không có lĩnh vực «{key}» trong kế hoạch {plan_id}.")

    # -- adding ------------------------------------------------------------

    def add(self, plan_id: int, kind: RowKind, parent_id: int | None = None, position: int | None = None,
            texts: dict[str, Any] | None = None, number_override: str | None = None) -> RowData:
        """One new row; ``position`` None appends it after its siblings."""
        new = NewRow(kind, dict(texts or {}), number_override)
        return self.insert(plan_id, parent_id, position, [new])[0]

    def insert(self, plan_id: int, parent_id: int | None, position: int | None,
               new_rows: Sequence[NewRow]) -> list[RowData]:
        """Insert rows (and their children) under ``parent_id`` from ``position``
        (None: after the last child). Returns every created row, in tree order."""
        return self.insert_batches(plan_id, [(parent_id, position, new_rows)]).created[0]

    def insert_batches(
        self,
        plan_id: int,
        batches: Sequence[tuple[int | None, int | None, Sequence[NewRow]]],
        on_row: Callable[[int], None] | None = None,
    ) -> RowsInserted:
        """Several inserts as one user action (one transaction): a paste that
        fills several areas. Each batch sees the rows the previous ones added.
        ``on_row(done)`` is called after each top-level row; if it raises (the
        user cancelled), nothing is written."""
        with self.db.session() as s:
            if s.get(Plan, plan_id) is None:
                raise NotFoundError(f"Không có kế hoạch số {plan_id}.")
            tree = _plan_tree(s, plan_id)
            for parent_id, _position, new_rows in batches:
                if parent_id is not None and parent_id not in tree:
                    raise InvalidInputError("Dòng cha không thuộc kế hoạch này.")
                check_new_rows(new_rows, tree.kind_of(parent_id))
            created: list[list[RowData]] = []
            top_ids: list[int] = []
            done = 0
            for parent_id, position, new_rows in batches:
                count = s.scalar(select(_count()).where(_siblings(plan_id, parent_id))) or 0
                start = count if position is None else max(0, min(position, count))
                _shift(s, plan_id, parent_id, start, len(new_rows))
                out: list[RowData] = []
                for offset, new in enumerate(new_rows):
                    _insert_tree(s, plan_id, parent_id, start + offset, new, out)
                    done += 1
                    if on_row is not None:
                        on_row(done)
                created.append(out)
                top_ids += [r.id for r in out if r.parent_id == parent_id]
                remember_units(s, _unit_texts(new_rows))
            moved = _rows_under(s, plan_id, {b[0] for b in batches})
            new_ids = {r.id for rows in created for r in rows}
            rows = tuple(r for rows in created for r in rows) + tuple(r for r in moved if r.id not in new_ids)
            return RowsInserted(PlanChanges(rows=rows), created, top_ids)

    # -- editing -----------------------------------------------------------

    def update(self, row_id: int, changes: dict[str, Any]) -> dict[str, Any]:
        """Change text fields, ``number_override`` or ``due_override`` of a row.
        Returns the previous values (for undo)."""
        return self.update_cells({row_id: changes}).before[row_id]

    def update_cells(self, edits: dict[int, dict[str, Any]]) -> CellsEdited:
        """Change cells of several rows at once (a cleared selection, a fill
        down, a pasted block): one transaction, one undo step."""
        with self.db.session() as s:
            before: dict[int, dict[str, Any]] = {}
            changed: list[RowData] = []
            for row_id, changes in edits.items():
                row = _load_row(s, row_id)
                before[row_id] = _apply_edit(s, row, changes)
                changed.append(row_to_data(row))
            return CellsEdited(PlanChanges(rows=tuple(changed)), before)

    # -- moving ------------------------------------------------------------

    def move(self, row_id: int, parent_id: int | None, position: int, kind: RowKind | None = None) -> MoveUndo:
        """Move a row (with its children) to ``position`` under ``parent_id``,
        optionally changing its kind (indent / outdent). Returns the move back."""
        return self.move_rows([Move(row_id, parent_id, position, kind)]).undo[0]

    def move_rows(self, moves: Sequence[Move]) -> RowsMoved:
        """Moves made one after the other (a drag of several rows) as one
        transaction; each is checked against the tree as it stands then."""
        if not moves:
            return RowsMoved(PlanChanges(), ())
        with self.db.session() as s:
            plan_id = _load_row(s, moves[0].row_id).plan_id
            tree = _plan_tree(s, plan_id)
            undo: list[Move] = []
            parents: set[int | None] = set()
            for move in moves:
                if move.row_id not in tree:
                    raise NotFoundError(f"Không có dòng số {move.row_id} trong kế hoạch này.")
                check_move(tree, move)
                row = tree.row(move.row_id)
                undo.append(Move(row.id, row.parent_id, row.position, row.kind))
                _move_in_db(s, plan_id, row, move)
                parents |= {row.parent_id, move.parent_id}
                tree.update(_rows_under(s, plan_id, {row.parent_id, move.parent_id}))
            return RowsMoved(PlanChanges(rows=tuple(_rows_under(s, plan_id, parents))), tuple(reversed(undo)))

    # -- deleting ----------------------------------------------------------

    def delete(self, row_ids: Iterable[int]) -> DeletedRows:
        """Delete rows with everything under them (rows, log, attachments)."""
        with self.db.session() as s:
            wanted = [_load_row(s, rid) for rid in dict.fromkeys(row_ids)]
            if not wanted:
                raise InvalidInputError("Chưa chọn dòng nào để xóa.")
            plan_id = wanted[0].plan_id
            tree = _plan_tree(s, plan_id)
            roots = tree.top_most(r.id for r in wanted)
            ids = [i for root in roots for i in tree.subtree(root)]
            snapshot = _snapshot(s, plan_id, ids, tuple(roots))
            places = sorted(((tree.row(r).parent_id, tree.row(r).position) for r in roots), key=lambda p: -p[1])
            s.execute(delete(AppendixRow).where(AppendixRow.id.in_(ids)))
            for parent_id, position in places:
                _shift(s, plan_id, parent_id, position + 1, -1)
            moved = _rows_under(s, plan_id, {p for p, _ in places})
            changes = PlanChanges(rows=tuple(moved), removed_rows=tuple(ids),
                                  removed_entries=tuple(e["id"] for e in snapshot.entries))
            return DeletedRows(snapshot.plan_id, snapshot.rows, snapshot.entries, snapshot.attachments,
                               snapshot.root_ids, changes)

    def restore(self, deleted: DeletedRows) -> PlanChanges:
        """Undo a delete: the same rows, ids, places, log and attachments."""
        with self.db.session() as s:
            if s.get(Plan, deleted.plan_id) is None:
                raise NotFoundError(f"Không có kế hoạch số {deleted.plan_id}.")
            by_id = {r["id"]: r for r in deleted.rows}
            roots = sorted((by_id[i] for i in deleted.root_ids), key=lambda r: r["position"])
            for root in roots:
                _shift(s, deleted.plan_id, root["parent_id"], root["position"], 1)
                s.execute(insert(AppendixRow.__table__).values(root))
            # Parents before children: the rows were snapshotted in tree order.
            for row in deleted.rows:
                if row["id"] not in deleted.root_ids:
                    s.execute(insert(AppendixRow.__table__).values(row))
            if deleted.entries:
                s.execute(insert(ProgressEntry.__table__), list(deleted.entries))
            if deleted.attachments:
                s.execute(insert(Attachment.__table__), list(deleted.attachments))
            moved = _rows_under(s, deleted.plan_id, {r["parent_id"] for r in roots})
            moved_ids = {m.id for m in moved}
            rows = tuple(row_from_mapping(r) for r in deleted.rows if r["id"] not in moved_ids)
            entries = _entries(s, [e["id"] for e in deleted.entries])
            return PlanChanges(rows=rows + tuple(moved), entries=tuple(entries))


def _shift(session, plan_id: int, parent_id: int | None, start: int, by: int) -> None:
    """Move the siblings from ``start`` on by ``by`` places."""
    session.execute(
        update(AppendixRow)
        .where(_siblings(plan_id, parent_id), AppendixRow.position >= start)
        .values(position=AppendixRow.position + by)
        .execution_options(synchronize_session=False)
    )


def _move_in_db(session, plan_id: int, row: RowData, move: Move) -> None:
    """Close the gap at the old place, then open one at the new place."""
    session.execute(
        update(AppendixRow)
        .where(_siblings(plan_id, row.parent_id), AppendixRow.position > row.position)
        .values(position=AppendixRow.position - 1)
        .execution_options(synchronize_session=False)
    )
    count = session.scalar(
        select(_count()).where(_siblings(plan_id, move.parent_id), AppendixRow.id != row.id)
    ) or 0
    target = max(0, min(move.position, count))
    session.execute(
        update(AppendixRow)
        .where(_siblings(plan_id, move.parent_id), AppendixRow.position >= target, AppendixRow.id != row.id)
        .values(position=AppendixRow.position + 1)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(AppendixRow).where(AppendixRow.id == row.id)
        .values(parent_id=move.parent_id, position=target, kind=(move.kind or row.kind).value)
        .execution_options(synchronize_session=False)
    )


def _apply_edit(session, row: AppendixRow, changes: dict[str, Any]) -> dict[str, Any]:
    """Write one row's changed fields; returns their previous values."""
    old: dict[str, Any] = {}
    texts = {k: v for k, v in changes.items() if k not in ("number_override", "due_override")}
    for name, value in _clean_texts(texts).items():
        old[name] = getattr(row, name)
        setattr(row, name, value)
    if "number_override" in changes:
        old["number_override"] = row.number_override
        value = changes["number_override"]
        row.number_override = None if value is None else clean_text(str(value)).strip()[:32]
    if "due_override" in changes:
        old["due_override"] = row_to_data(row).due_override
        row.due_override = dates_to_json(changes["due_override"])
    remember_units(session, [texts.get("lead", ""), texts.get("support", "")])
    return old


def _insert_tree(session, plan_id: int, parent_id: int | None, position: int, new: NewRow,
                 out: list[RowData]) -> None:
    row = AppendixRow(
        plan_id=plan_id,
        parent_id=parent_id,
        position=position,
        kind=new.kind.value,
        number_override=None if new.number_override is None else clean_text(new.number_override).strip()[:32],
        due_override=dates_to_json(new.due_override),
        **{name: "" for name in ROW_TEXT_FIELDS},
    )
    for name, value in _clean_texts(new.texts).items():
        setattr(row, name, value)
    session.add(row)
    session.flush()
    out.append(row_to_data(row))
    for child_position, child in enumerate(new.children):
        check_parent(child.kind, new.kind)
        _insert_tree(session, plan_id, row.id, child_position, child, out)


def _unit_texts(new_rows: Sequence[NewRow]) -> list[str]:
    out: list[str] = []
    for new in new_rows:
        out += [new.texts.get("lead", ""), new.texts.get("support", "")]
        out += _unit_texts(new.children)
    return out


def _snapshot(session, plan_id: int, ids: list[int], root_ids: tuple[int, ...]) -> DeletedRows:
    """The rows (in the order given: parents first), their log and files."""
    found = {m["id"]: dict(m) for m in session.execute(
        select(AppendixRow.__table__).where(AppendixRow.id.in_(ids))
    ).mappings()}
    entries = [dict(m) for m in session.execute(
        select(ProgressEntry.__table__).where(ProgressEntry.row_id.in_(ids))
    ).mappings()]
    entry_ids = [e["id"] for e in entries]
    attachments = [dict(m) for m in session.execute(
        select(Attachment.__table__).where(Attachment.entry_id.in_(entry_ids))
    ).mappings()] if entry_ids else []
    return DeletedRows(plan_id, tuple(found[i] for i in ids), tuple(entries), tuple(attachments), root_ids)


def _entries(session, entry_ids: list[int]):
    if not entry_ids:
        return []
    records = session.scalars(
        select(ProgressEntry).where(ProgressEntry.id.in_(entry_ids)).options(selectinload(ProgressEntry.attachments))
    ).all()
    return [entry_to_data(r) for r in records]
