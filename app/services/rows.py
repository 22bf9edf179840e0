"""The appendix tree: add, edit, move, delete (with an undo snapshot), paste.

Rows are ordered by ``position`` within their parent, 0…n-1 with no gaps;
every operation keeps it so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

from sqlalchemy import and_, delete, insert, select, update

from app.core.errors import InvalidInputError, NotFoundError
from app.core.model import ROW_TEXT_FIELDS, NewRow, RowData, RowKind
from app.core.numbering import from_roman
from app.core.text import clean_text, fold
from app.core.tree import numbers_for, preorder
from app.models.database import Database
from app.models.schema import AppendixRow, Attachment, Plan, ProgressEntry
from app.services.convert import dates_to_json, row_from_mapping, row_to_data
from app.services.units import remember_units

# Which parent each kind of row may have (None: top level).
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
MAX_TEXT = 20_000  # characters per cell; a whole pasted page is far less


@dataclass(frozen=True)
class DeletedRows:
    """Everything a delete removed, to put back exactly on undo."""

    plan_id: int
    rows: tuple[dict[str, Any], ...]
    entries: tuple[dict[str, Any], ...] = ()
    attachments: tuple[dict[str, Any], ...] = ()
    root_ids: tuple[int, ...] = field(default=())


@dataclass(frozen=True)
class MoveUndo:
    row_id: int
    parent_id: int | None
    position: int
    kind: RowKind


def _siblings(plan_id: int, parent_id: int | None):
    parent = AppendixRow.parent_id.is_(None) if parent_id is None else AppendixRow.parent_id == parent_id
    return and_(AppendixRow.plan_id == plan_id, parent)


def _load_row(session, row_id: int) -> AppendixRow:
    row = session.get(AppendixRow, row_id)
    if row is None:
        raise NotFoundError(f"Không có dòng số {row_id} trong phụ lục.")
    return row


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
        with self.db.reading() as s:
            if s.get(Plan, plan_id) is None:
                raise NotFoundError(f"Không có kế hoạch số {plan_id}.")
            result = s.execute(select(AppendixRow.__table__).where(AppendixRow.plan_id == plan_id))
            return preorder(row_from_mapping(m) for m in result.mappings())

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

    # -- changing --------------------------------------------------------

    def add(
        self,
        plan_id: int,
        kind: RowKind,
        parent_id: int | None = None,
        position: int | None = None,
        texts: dict[str, Any] | None = None,
        number_override: str | None = None,
    ) -> RowData:
        """One new row; ``position`` None appends it after its siblings."""
        new = NewRow(kind, dict(texts or {}), number_override)
        return self.insert(plan_id, parent_id, position, [new])[0]

    def insert(
        self, plan_id: int, parent_id: int | None, position: int | None, new_rows: Sequence[NewRow]
    ) -> list[RowData]:
        """Insert rows (and their children) under ``parent_id`` from ``position``
        (None: after the last child). Returns every created row, in tree order."""
        return self.insert_batches(plan_id, [(parent_id, position, new_rows)])[0]

    def insert_batches(
        self,
        plan_id: int,
        batches: Sequence[tuple[int | None, int | None, Sequence[NewRow]]],
        on_row: Callable[[int], None] | None = None,
    ) -> list[list[RowData]]:
        """Several inserts as one user action (one transaction): a paste that
        fills several areas. Each batch sees the rows the previous ones added.
        ``on_row(done)`` is called after each top-level row; if it raises (the
        user cancelled), nothing is written."""
        with self.db.session() as s:
            if s.get(Plan, plan_id) is None:
                raise NotFoundError(f"Không có kế hoạch số {plan_id}.")
            created: list[list[RowData]] = []
            done = 0
            for parent_id, position, new_rows in batches:
                parent_kind = self._parent_kind(s, plan_id, parent_id)
                for new in new_rows:
                    _check_parent(new.kind, parent_kind)
                count = s.scalar(select(_count()).where(_siblings(plan_id, parent_id))) or 0
                start = count if position is None else max(0, min(position, count))
                s.execute(
                    update(AppendixRow)
                    .where(_siblings(plan_id, parent_id), AppendixRow.position >= start)
                    .values(position=AppendixRow.position + len(new_rows))
                    .execution_options(synchronize_session=False)
                )
                out: list[RowData] = []
                for offset, new in enumerate(new_rows):
                    _insert_tree(s, plan_id, parent_id, start + offset, new, out)
                    done += 1
                    if on_row is not None:
                        on_row(done)
                created.append(out)
                remember_units(s, _unit_texts(new_rows))
            return created

    def update(self, row_id: int, changes: dict[str, Any]) -> dict[str, Any]:
        """Change text fields, ``number_override`` or ``due_override`` of a row.
        Returns the previous values (for undo)."""
        with self.db.session() as s:
            row = _load_row(s, row_id)
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
            remember_units(s, [texts.get("lead", ""), texts.get("support", "")])
            return old

    def move(self, row_id: int, parent_id: int | None, position: int, kind: RowKind | None = None) -> MoveUndo:
        """Move a row (with its children) to ``position`` under ``parent_id``,
        optionally changing its kind (indent / outdent)."""
        with self.db.session() as s:
            row = _load_row(s, row_id)
            undo = MoveUndo(row.id, row.parent_id, row.position, RowKind(row.kind))
            new_kind = kind or RowKind(row.kind)
            if parent_id is not None and parent_id in _subtree_ids(s, row.id):
                raise InvalidInputError("Không thể chuyển một dòng vào bên trong chính nó.")
            _check_parent(new_kind, self._parent_kind(s, row.plan_id, parent_id))
            _check_children(s, row.id, new_kind)
            # Close the gap at the old place, then open one at the new place.
            s.execute(
                update(AppendixRow)
                .where(_siblings(row.plan_id, row.parent_id), AppendixRow.position > row.position)
                .values(position=AppendixRow.position - 1)
                .execution_options(synchronize_session=False)
            )
            count = s.scalar(
                select(_count()).where(_siblings(row.plan_id, parent_id), AppendixRow.id != row.id)
            ) or 0
            target = max(0, min(position, count))
            s.execute(
                update(AppendixRow)
                .where(_siblings(row.plan_id, parent_id), AppendixRow.position >= target, AppendixRow.id != row.id)
                .values(position=AppendixRow.position + 1)
                .execution_options(synchronize_session=False)
            )
            s.execute(
                update(AppendixRow).where(AppendixRow.id == row.id)
                .values(parent_id=parent_id, position=target, kind=new_kind.value)
                .execution_options(synchronize_session=False)
            )
            return undo

    def delete(self, row_ids: Iterable[int]) -> DeletedRows:
        """Delete rows with everything under them (rows, log, attachments)."""
        with self.db.session() as s:
            wanted = [_load_row(s, rid) for rid in dict.fromkeys(row_ids)]
            if not wanted:
                raise InvalidInputError("Chưa chọn dòng nào để xóa.")
            plan_id = wanted[0].plan_id
            all_ids: set[int] = set()
            for row in wanted:
                all_ids |= _subtree_ids(s, row.id)
            roots = [r for r in wanted if r.parent_id is None or r.parent_id not in all_ids]
            snapshot = _snapshot(s, plan_id, all_ids, tuple(r.id for r in roots))
            places = sorted(((r.parent_id, r.position) for r in roots), key=lambda p: -p[1])
            s.execute(delete(AppendixRow).where(AppendixRow.id.in_(all_ids)))
            for parent_id, position in places:
                s.execute(
                    update(AppendixRow)
                    .where(_siblings(plan_id, parent_id), AppendixRow.position > position)
                    .values(position=AppendixRow.position - 1)
                    .execution_options(synchronize_session=False)
                )
            return snapshot

    def restore(self, deleted: DeletedRows) -> None:
        """Undo a delete: the same rows, ids, places, log and attachments."""
        with self.db.session() as s:
            if s.get(Plan, deleted.plan_id) is None:
                raise NotFoundError(f"Không có kế hoạch số {deleted.plan_id}.")
            by_id = {r["id"]: r for r in deleted.rows}
            roots = sorted((by_id[i] for i in deleted.root_ids), key=lambda r: r["position"])
            for root in roots:
                s.execute(
                    update(AppendixRow)
                    .where(_siblings(deleted.plan_id, root["parent_id"]), AppendixRow.position >= root["position"])
                    .values(position=AppendixRow.position + 1)
                    .execution_options(synchronize_session=False)
                )
                s.execute(insert(AppendixRow.__table__).values(root))
            others = [r for r in deleted.rows if r["id"] not in deleted.root_ids]
            # Parents before children: the rows were snapshotted in tree order.
            for row in others:
                s.execute(insert(AppendixRow.__table__).values(row))
            if deleted.entries:
                s.execute(insert(ProgressEntry.__table__), list(deleted.entries))
            if deleted.attachments:
                s.execute(insert(Attachment.__table__), list(deleted.attachments))

    # -- helpers ---------------------------------------------------------

    @staticmethod
    def _parent_kind(session, plan_id: int, parent_id: int | None) -> RowKind | None:
        if parent_id is None:
            return None
        parent = _load_row(session, parent_id)
        if parent.plan_id != plan_id:
            raise InvalidInputError("Dòng cha thuộc kế hoạch khác.")
        return RowKind(parent.kind)


def _count():
    from sqlalchemy import func

    return func.count(AppendixRow.id)


def _check_parent(kind: RowKind, parent_kind: RowKind | None) -> None:
    if parent_kind not in ALLOWED_PARENTS[kind]:
        where = "ở cấp cao nhất" if parent_kind is None else f"bên dưới một {KIND_NAMES[parent_kind]}"
        raise InvalidInputError(f"Không thể đặt {KIND_NAMES[kind]} {where}.")


def _check_children(session, row_id: int, new_kind: RowKind) -> None:
    """A row changing kind must still be a valid parent of its children."""
    kinds = session.scalars(select(AppendixRow.kind).where(AppendixRow.parent_id == row_id).distinct()).all()
    for child_kind in map(RowKind, kinds):
        if new_kind not in ALLOWED_PARENTS[child_kind]:
            raise InvalidInputError(
                f"Dòng này còn {KIND_NAMES[child_kind]} bên dưới nên không thể thành {KIND_NAMES[new_kind]}."
            )


def _subtree_ids(session, row_id: int) -> set[int]:
    ids = {row_id}
    frontier = [row_id]
    while frontier:
        children = session.scalars(select(AppendixRow.id).where(AppendixRow.parent_id.in_(frontier))).all()
        frontier = [c for c in children if c not in ids]
        ids.update(frontier)
    return ids


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
        _check_parent(child.kind, new.kind)
        _insert_tree(session, plan_id, row.id, child_position, child, out)


def _unit_texts(new_rows: Sequence[NewRow]) -> list[str]:
    out: list[str] = []
    for new in new_rows:
        out += [new.texts.get("lead", ""), new.texts.get("support", "")]
        out += _unit_texts(new.children)
    return out


def _snapshot(session, plan_id: int, ids: set[int], root_ids: tuple[int, ...]) -> DeletedRows:
    rows = [dict(m) for m in session.execute(
        select(AppendixRow.__table__).where(AppendixRow.id.in_(ids))
    ).mappings()]
    entries = [dict(m) for m in session.execute(
        select(ProgressEntry.__table__).where(ProgressEntry.row_id.in_(ids))
    ).mappings()]
    entry_ids = [e["id"] for e in entries]
    attachments = [dict(m) for m in session.execute(
        select(Attachment.__table__).where(Attachment.entry_id.in_(entry_ids))
    ).mappings()] if entry_ids else []
    return DeletedRows(plan_id, tuple(_parents_first(rows, root_ids)), tuple(entries), tuple(attachments), root_ids)


def _parents_first(rows: list[dict], root_ids: tuple[int, ...]) -> list[dict]:
    """Raw rows walked from each deleted root, each parent before its children,
    so that restoring them in this order satisfies the foreign keys."""
    by_id = {r["id"]: r for r in rows}
    children: dict[int, list[dict]] = {}
    for row in rows:
        if row["parent_id"] in by_id:
            children.setdefault(row["parent_id"], []).append(row)
    out: list[dict] = []
    stack = [by_id[i] for i in reversed(root_ids)]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(sorted(children.get(current["id"], []), key=lambda r: -r["position"]))
    return out


def copy_rows(session, source_plan_id: int, target_plan_id: int, source_year: int) -> None:
    """Copy a plan's rows into another plan for the next year (no progress)."""
    from app.services.plans import shift_date, shift_year_phrases, shift_years

    rows = [dict(m) for m in session.execute(
        select(AppendixRow.__table__).where(AppendixRow.plan_id == source_plan_id)
    ).mappings()]
    ordered = preorder(row_from_mapping(r) for r in rows)
    new_ids: dict[int, int] = {}
    for row in ordered:
        texts = {name: shift_year_phrases(getattr(row, name), source_year) for name in ROW_TEXT_FIELDS}
        texts["timeframe"] = shift_years(row.timeframe, source_year)
        due = tuple(shift_date(d) for d in row.due_override) if row.due_override else None
        copy = AppendixRow(
            plan_id=target_plan_id,
            parent_id=new_ids.get(row.parent_id) if row.parent_id is not None else None,
            position=row.position,
            kind=row.kind.value,
            number_override=row.number_override,
            due_override=dates_to_json(due),
            **texts,
        )
        if row.uuid:  # the same task next year: the same id
            copy.uuid = row.uuid
        session.add(copy)
        session.flush()
        new_ids[row.id] = copy.id
