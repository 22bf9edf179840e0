"""The appendix as a Qt tree model.

The model keeps the plan's rows as plain data in memory (fetched once through
the services) so painting and scrolling never touch the database. Changes go
through ``apply_*`` methods, each one service call (one transaction) followed
by the matching model signals; undo commands call them, nothing else does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from app.core.deadlines import read_deadline
from app.core.errors import UserError
from app.core.model import (
    TASK_LEVEL_FIELDS, Column, NewRow, PlanDoc, ProgressEntry, RowData, RowKind,
)
from app.core.presets import APP_ONLY_FIELDS, FIELD_LABELS
from app.core.status import TASK_STATUS_COLOURS, TaskStatus
from app.core.text import fold
from app.core.tracking import PlanTracking, track_plan
from app.core.tree import numbers_for, preorder
from app.io.appendix_grid import units_text  # noqa: F401  (re-exported for the widget)
from app.io.table_reader import split_units
from app.core.dates import parse_due_dates
from app.ui.qt import (
    QAbstractItemModel, QBrush, QColor, QFont, QMimeData, QModelIndex, Qt, Signal,
)

if TYPE_CHECKING:  # the window opens before SQLAlchemy is imported
    from app.services import Services
    from app.services.rows import DeletedRows, MoveUndo

ROW_IDS_MIME = "application/x-cchc-row-ids"
ROW_ID_ROLE = int(Qt.UserRole) + 1
KIND_ROLE = int(Qt.UserRole) + 2
FIELD_ROLE = int(Qt.UserRole) + 3
SIZE_KEY_ROLE = int(Qt.UserRole) + 4  # (text, is area): what a row's height depends on
_DISPLAY, _EDIT, _TOOLTIP = int(Qt.DisplayRole), int(Qt.EditRole), int(Qt.ToolTipRole)
_FONT, _BACKGROUND, _FOREGROUND = int(Qt.FontRole), int(Qt.BackgroundRole), int(Qt.ForegroundRole)
_ALIGNMENT = int(Qt.TextAlignmentRole)
_ALIGN_AREA = int((Qt.AlignLeft | Qt.AlignVCenter).value)
_ALIGN_NUMBER = int((Qt.AlignHCenter | Qt.AlignTop).value)
_ALIGN_TEXT = int((Qt.AlignLeft | Qt.AlignTop).value)
_ROOT = 0  # internal id of the invisible root (row ids start at 1)

AREA_BACKGROUND = QColor("#eef1f5")
_AREA_BRUSH = QBrush(AREA_BACKGROUND)
_FLAGS = Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsDragEnabled | Qt.ItemIsDropEnabled
_FLAGS_EDITABLE = _FLAGS | Qt.ItemIsEditable
_BOLD_FONT = QFont()
_BOLD_FONT.setBold(True)
_STATUS_BRUSHES = {status: QBrush(QColor(colour)) for status, colour in TASK_STATUS_COLOURS.items()}


def window_columns(plan_columns: Sequence[Column]) -> list[Column]:
    """The plan's columns, then "Hạn" and "Tình trạng" if the plan lacks them."""
    columns = list(plan_columns)
    present = {c.field for c in columns}
    for name in APP_ONLY_FIELDS:
        if name not in present:
            columns.append(Column(name, FIELD_LABELS[name], 10, export=False))
    return columns


@dataclass(frozen=True)
class Summary:
    """Tasks per status, for the status bar."""

    counts: dict[TaskStatus, int]
    total: int


class MatrixModel(QAbstractItemModel):
    edit_requested = Signal(int, dict)      # row id, {field: value} — the widget pushes an undo command
    edit_refused = Signal(str)              # what was typed cannot be used (a bad date): the message
    drop_requested = Signal(list, object, int)  # row ids, new parent id, position
    tracking_changed = Signal()

    def __init__(self, services: Services | None, parent=None):
        super().__init__(parent)
        self.services = services
        self.plan: PlanDoc | None = None
        self.columns: list[Column] = []
        self.as_of = date.today()
        self._rows: dict[int, RowData] = {}
        self._children: dict[int | None, list[int]] = {}
        self._position: dict[int, int] = {}
        self._numbers: dict[int, str] = {}
        self._entries: list[ProgressEntry] = []
        self._tracking: PlanTracking | None = None
        self._haystack: dict[int, str] = {}

    # -- loading ---------------------------------------------------------

    def load(self, plan_id: int | None) -> None:
        self.beginResetModel()
        try:
            self._clear()
            if plan_id is not None:
                self.plan = self.services.plans.get(plan_id)
                # A past year's plan is judged as of its last day, not today.
                self.as_of = min(date.today(), date(self.plan.year, 12, 31))
                self.columns = window_columns(self.plan.columns)
                self._set_rows(self.services.rows.list(plan_id))
                self._entries = self.services.progress.list(plan_id)
                self._retrack()
        finally:
            self.endResetModel()
        self.tracking_changed.emit()

    def _clear(self) -> None:
        self.plan = None
        self.columns = []
        self._rows, self._children, self._position, self._numbers = {}, {}, {}, {}
        self._entries, self._tracking, self._haystack = [], None, {}

    def _set_rows(self, rows: Iterable[RowData]) -> None:
        self._rows = {r.id: r for r in rows}
        self._children = {}
        for row in preorder(self._rows.values()):
            self._children.setdefault(row.parent_id, []).append(row.id)
        self._position = {rid: i for ids in self._children.values() for i, rid in enumerate(ids)}
        self._haystack = {}
        self._renumber()

    def _renumber(self) -> None:
        self._numbers = numbers_for(self.ordered_rows())

    def _retrack(self) -> None:
        if self.plan is None:
            return
        self._tracking = track_plan(
            self.plan.year, list(self._rows.values()), self._entries, self.as_of,
            rule=self.services.settings.window_rule(),
        )

    # -- queries ---------------------------------------------------------

    @property
    def plan_id(self) -> int | None:
        return self.plan.id if self.plan else None

    def ordered_rows(self) -> list[RowData]:
        out: list[RowData] = []
        stack = list(reversed(self._children.get(None, [])))
        while stack:
            rid = stack.pop()
            out.append(self._rows[rid])
            stack.extend(reversed(self._children.get(rid, [])))
        return out

    def row(self, row_id: int) -> RowData:
        return self._rows[row_id]

    def has_row(self, row_id: int) -> bool:
        return row_id in self._rows

    def children_of(self, row_id: int | None) -> list[int]:
        return list(self._children.get(row_id, []))

    def number(self, row_id: int) -> str:
        return self._numbers.get(row_id, "")

    @property
    def tracking(self) -> PlanTracking | None:
        return self._tracking

    @property
    def entries(self) -> list[ProgressEntry]:
        return list(self._entries)

    def task_id_of(self, row_id: int) -> int | None:
        current = self._rows.get(row_id)
        while current is not None and current.kind is not RowKind.TASK:
            current = self._rows.get(current.parent_id) if current.parent_id is not None else None
        return current.id if current else None

    def area_id_of(self, row_id: int) -> int | None:
        current = self._rows.get(row_id)
        while current is not None and current.kind is not RowKind.AREA:
            current = self._rows.get(current.parent_id) if current.parent_id is not None else None
        return current.id if current else None

    def tracked(self, row_id: int):
        task_id = self.task_id_of(row_id)
        if task_id is None or self._tracking is None:
            return None
        return self._tracking.tasks.get(task_id)

    def has_progress(self, row_id: int) -> bool:
        ids = {row_id} | self._descendants(row_id)
        return any(e.row_id in ids for e in self._entries)

    def _descendants(self, row_id: int) -> set[int]:
        out: set[int] = set()
        stack = list(self._children.get(row_id, []))
        while stack:
            rid = stack.pop()
            out.add(rid)
            stack.extend(self._children.get(rid, []))
        return out

    def summary(self) -> Summary:
        counts: dict[TaskStatus, int] = {}
        if self._tracking:
            for task in self._tracking.tasks.values():
                counts[task.status.status] = counts.get(task.status.status, 0) + 1
        return Summary(counts, sum(counts.values()))

    def haystack(self, row_id: int) -> str:
        """Every text of the row, folded, for diacritic-free search."""
        text = self._haystack.get(row_id)
        if text is None:
            row = self._rows[row_id]
            parts = [self._numbers.get(row_id, ""), row.objective, row.task, row.activity, row.form,
                     row.output, row.lead, row.support, row.timeframe, row.budget, row.note]
            text = fold("\n".join(parts))
            self._haystack[row_id] = text
        return text

    def index_of(self, row_id: int, column: int = 0) -> QModelIndex:
        if row_id not in self._rows:
            return QModelIndex()
        return self.createIndex(self._position[row_id], column, row_id)

    def row_id(self, index: QModelIndex) -> int | None:
        return index.internalId() if index.isValid() else None

    def field_at(self, column: int) -> str:
        return self.columns[column].field

    def column_of(self, field_name: str) -> int:
        for i, column in enumerate(self.columns):
            if column.field == field_name:
                return i
        return -1

    # -- Qt model API ----------------------------------------------------

    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        parent_id = parent.internalId() if parent.isValid() else None
        children = self._children.get(parent_id, [])
        if 0 <= row < len(children) and 0 <= column < len(self.columns):
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        row = self._rows.get(index.internalId())
        if row is None or row.parent_id is None:
            return QModelIndex()
        return self.createIndex(self._position[row.parent_id], 0, row.parent_id)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        parent_id = parent.internalId() if parent.isValid() else None
        return len(self._children.get(parent_id, []))

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return len(self.columns)

    def headerData(self, section: int, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.DisplayRole:
                return self.columns[section].header
            if role == Qt.ToolTipRole:
                return FIELD_LABELS.get(self.columns[section].field, "")
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemIsDropEnabled
        if self._editable(self._rows[index.internalId()], index.column()):
            return _FLAGS_EDITABLE
        return _FLAGS

    def _editable(self, row: RowData, column: int) -> bool:
        name = self.columns[column].field
        if row.kind is RowKind.AREA:
            return column == 0 or name == "task"
        if name == "status":
            return False
        if name == "due":
            return row.kind is RowKind.TASK
        if name == "number":
            return row.kind in (RowKind.TASK, RowKind.SUBTASK)
        if row.kind is RowKind.ACTIVITY and name in TASK_LEVEL_FIELDS:
            return False
        return True

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        """Views ask for many roles many times while painting: roles are
        compared as plain ints (PySide's enum comparisons showed in profiles)
        and roles this model does not answer return at once."""
        role = int(role)
        handler = self._role_handlers.get(role)
        if handler is None or not index.isValid():
            return None
        row = self._rows.get(index.internalId())
        if row is None:
            return None
        return handler(self, row, self.columns[index.column()].field, index.column())

    def _role_display(self, row, name, column):
        return self._display(row, name, column)

    def _role_edit(self, row, name, column):
        return self._edit_text(row, name, column)

    def _role_tooltip(self, row, name, column):
        return self._tooltip(row, name)

    def _role_font(self, row, name, column):
        return _BOLD_FONT if row.kind is RowKind.AREA else None

    def _role_background(self, row, name, column):
        return _AREA_BRUSH if row.kind is RowKind.AREA else None

    def _role_foreground(self, row, name, column):
        if name in ("status", "due") and row.kind is RowKind.TASK:
            tracked = self.tracked(row.id)
            if tracked is not None:
                return _STATUS_BRUSHES[tracked.status.status]
        return None

    def _role_alignment(self, row, name, column):
        if row.kind is RowKind.AREA:
            return _ALIGN_AREA
        return _ALIGN_NUMBER if name == "number" else _ALIGN_TEXT

    _role_handlers = {
        _DISPLAY: _role_display,
        _EDIT: _role_edit,
        _TOOLTIP: _role_tooltip,
        _FONT: _role_font,
        _BACKGROUND: _role_background,
        _FOREGROUND: _role_foreground,
        _ALIGNMENT: _role_alignment,
        ROW_ID_ROLE: lambda self, row, name, column: row.id,
        KIND_ROLE: lambda self, row, name, column: row.kind.value,
        FIELD_ROLE: lambda self, row, name, column: name,
        SIZE_KEY_ROLE: lambda self, row, name, column: (self._display(row, name, column), row.kind is RowKind.AREA),
    }

    def _display(self, row: RowData, name: str, column: int) -> str:
        if row.kind is RowKind.AREA:
            if column == 0:
                number = self._numbers.get(row.id, "")
                return f"{number}. {row.task}" if number else row.task
            return ""
        if name == "number":
            return self._numbers.get(row.id, "")
        if name == "units":
            return units_text(row.lead, row.support)
        if name == "due":
            return self._due_text(row)
        if name == "status":
            tracked = self._tracking.tasks.get(row.id) if self._tracking else None
            return tracked.status.label if tracked and row.kind is RowKind.TASK else ""
        return getattr(row, name, "")

    def _edit_text(self, row: RowData, name: str, column: int) -> str:
        if row.kind is RowKind.AREA:
            return row.task
        if name == "number":
            return row.number_override if row.number_override is not None else self._numbers.get(row.id, "")
        if name == "due":
            dates = row.due_override if row.due_override else self._due_dates(row)
            return "; ".join(d.strftime("%d/%m/%Y") for d in dates)
        return self._display(row, name, column)

    def _due_dates(self, row: RowData) -> tuple[date, ...]:
        if row.kind is RowKind.TASK and self._tracking and row.id in self._tracking.tasks:
            return self._tracking.tasks[row.id].due.dates
        if self.plan is None:
            return ()
        return read_deadline(row.timeframe, self.plan.year).dates

    def _due_text(self, row: RowData) -> str:
        if row.kind is RowKind.TASK and self._tracking and row.id in self._tracking.tasks:
            due = self._tracking.tasks[row.id].due
            if due.periodic and not due.dates:
                return "Thường xuyên"
            if due.assumed:
                return f"({due.final.strftime('%d/%m/%Y')})" if due.final else ""
            dates = due.dates if len(due.dates) <= 4 else (*due.dates[:3], due.dates[-1])
            text = "\n".join(d.strftime("%d/%m/%Y") for d in dates)
            if len(due.dates) > 4:
                text = text.replace(dates[2].strftime("%d/%m/%Y"), dates[2].strftime("%d/%m/%Y") + "\n…", 1)
            return f"{text}\n(tự đặt)" if due.overridden else text
        if row.kind is not RowKind.AREA and row.timeframe:
            return "\n".join(d.strftime("%d/%m/%Y") for d in self._due_dates(row)[:4])
        return ""

    def _tooltip(self, row: RowData, name: str) -> str | None:
        if name in ("timeframe", "due") and row.kind is not RowKind.AREA and self.plan is not None:
            tracked = self._tracking.tasks.get(row.id) if self._tracking else None
            lines = []
            if tracked is not None:
                due = tracked.due
                if due.overridden:
                    lines.append("Hạn do cán bộ tự đặt (xóa ô Hạn để đọc lại từ thời gian thực hiện).")
                elif due.assumed:
                    lines.append("Không đọc được hạn; tạm coi là hết năm kế hoạch.")
                if due.unread:
                    lines.append(f"Chưa hiểu: {due.unread}")
                if tracked.status.days_left is not None and tracked.status.status not in (
                        TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE):
                    lines.append(f"Còn {tracked.status.days_left} ngày đến hạn gần nhất.")
            return "\n".join(lines) or None
        text = self._display(row, name, 0 if row.kind is RowKind.AREA else -1)
        return text if text and len(text) > 40 else None

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.EditRole) -> bool:
        if role != Qt.EditRole or not index.isValid():
            return False
        row = self._rows[index.internalId()]
        if not self._editable(row, index.column()):
            return False
        try:
            changes = self.changes_for(row, index.column(), "" if value is None else str(value))
        except UserError as error:
            self.edit_refused.emit(str(error))
            return False
        if changes:
            self.edit_requested.emit(row.id, changes)
        return True

    def changes_for(self, row: RowData, column: int, text: str) -> dict[str, Any]:
        """What typing ``text`` into a cell changes (only the fields that differ)."""
        name = self.columns[column].field
        if row.kind is RowKind.AREA:
            return {"task": text.strip()} if text.strip() != row.task else {}
        if name == "number":
            value = text.strip() or None
            auto = value is not None and value == self._numbers.get(row.id) and row.number_override is None
            return {} if auto or value == row.number_override else {"number_override": value}
        if name == "due":
            dates = parse_due_dates(text) if text.strip() else None
            return {} if dates == row.due_override else {"due_override": dates}
        if name == "units":
            lead, support = split_units(text)
            changes = {}
            if lead != row.lead:
                changes["lead"] = lead
            if support != row.support:
                changes["support"] = support
            return changes
        return {} if text == getattr(row, name) else {name: text}

    # -- drag and drop ---------------------------------------------------

    def supportedDropActions(self):
        return Qt.MoveAction

    def supportedDragActions(self):
        return Qt.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROW_IDS_MIME]

    def mimeData(self, indexes) -> QMimeData:
        ids = []
        for index in indexes:
            rid = self.row_id(index)
            if rid is not None and rid not in ids:
                ids.append(rid)
        mime = QMimeData()
        mime.setData(ROW_IDS_MIME, ",".join(map(str, ids)).encode())
        return mime

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return data.hasFormat(ROW_IDS_MIME)

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        """Hand the drop to the widget (which pushes an undoable move).

        Returning False is deliberate: on True the view would then remove the
        dragged rows itself, as for a copy between two models."""
        if not data.hasFormat(ROW_IDS_MIME):
            return False
        ids = [int(x) for x in bytes(data.data(ROW_IDS_MIME)).decode().split(",") if x]
        parent_id = self.row_id(parent)
        position = row if row >= 0 else len(self._children.get(parent_id, []))
        self.drop_requested.emit(ids, parent_id, position)
        return False

    # -- changes (called by undo commands only) ---------------------------

    def apply_update(self, row_id: int, changes: dict[str, Any]) -> dict[str, Any]:
        old = self.services.rows.update(row_id, changes)
        row = self._rows[row_id]
        self._rows[row_id] = replace(row, **{k: (v if k != "due_override" else (tuple(v) if v else None))
                                             for k, v in changes.items()})
        self._haystack.pop(row_id, None)
        if "number_override" in changes:
            self._renumber()
            self._emit_all_changed()
        if {"timeframe", "due_override"} & set(changes):
            self._retrack()
            self._emit_all_changed()
            self.tracking_changed.emit()
        else:
            self._emit_row_changed(row_id)
        return old

    def apply_insert_batches(self, batches: Sequence[tuple[int | None, int | None, Sequence[NewRow]]]) -> list[int]:
        """Insert rows; returns the ids of the inserted top-level rows."""
        return self.show_inserted(batches, self.services.rows.insert_batches(self.plan_id, batches).created)

    def show_inserted(self, batches, created_batches: list[list[RowData]]) -> list[int]:
        """Add rows already written to the store to the model (the paste of
        thousands of rows writes them on the worker thread first)."""
        top_ids: list[int] = []
        for (parent_id, _position, _new), created in zip(batches, created_batches):
            tops = [r for r in created if r.parent_id == parent_id]
            top_ids += [r.id for r in tops]
            self._insert_rows(parent_id, created, tops)
        self._after_structure_change()
        return top_ids

    def _insert_rows(self, parent_id: int | None, created: list[RowData], tops: list[RowData]) -> None:
        if not tops:
            return
        first = min(r.position for r in tops)
        last = max(r.position for r in tops)
        parent_index = self.index_of(parent_id) if parent_id is not None else QModelIndex()
        self.beginInsertRows(parent_index, first, last)
        for row in created:
            self._rows[row.id] = row
        siblings = self._children.setdefault(parent_id, [])
        for row in sorted(tops, key=lambda r: r.position):
            siblings.insert(row.position, row.id)
        for row in created:
            if row.parent_id != parent_id:
                self._children.setdefault(row.parent_id, []).append(row.id)
        for pid in {parent_id} | {r.id for r in created}:
            for i, rid in enumerate(self._children.get(pid, [])):
                self._position[rid] = i
        self._sync_positions(parent_id)
        self.endInsertRows()

    def apply_delete(self, row_ids: Sequence[int]) -> DeletedRows:
        deleted = self.services.rows.delete(row_ids)
        for root_id in sorted(deleted.root_ids, key=lambda r: -self._position[r]):
            self._remove_subtree(root_id)
        self._entries = [e for e in self._entries if e.row_id in self._rows]
        self._after_structure_change()
        return deleted

    def _remove_subtree(self, root_id: int) -> None:
        row = self._rows[root_id]
        parent_index = self.index_of(row.parent_id) if row.parent_id is not None else QModelIndex()
        position = self._position[root_id]
        self.beginRemoveRows(parent_index, position, position)
        for rid in {root_id} | self._descendants(root_id):
            self._rows.pop(rid, None)
            self._children.pop(rid, None)
            self._position.pop(rid, None)
            self._haystack.pop(rid, None)
        self._children[row.parent_id].remove(root_id)
        self._sync_positions(row.parent_id)
        self.endRemoveRows()

    def apply_restore(self, deleted: DeletedRows) -> None:
        from app.services.convert import row_from_mapping

        self.services.rows.restore(deleted)
        rows = [row_from_mapping(r) for r in deleted.rows]
        by_id = {r.id: r for r in rows}
        for root_id in sorted(deleted.root_ids, key=lambda r: by_id[r].position):
            root = by_id[root_id]
            subtree = [root] + [r for r in rows if r.id != root_id and self._is_below(r, root_id, by_id)]
            self._insert_rows(root.parent_id, subtree, [root])
        self._entries = self.services.progress.list(self.plan_id)
        self._after_structure_change()

    @staticmethod
    def _is_below(row: RowData, root_id: int, by_id: dict[int, RowData]) -> bool:
        current = row
        while current.parent_id is not None:
            if current.parent_id == root_id:
                return True
            current = by_id.get(current.parent_id)
            if current is None:
                return False
        return False

    def apply_move(self, row_id: int, parent_id: int | None, position: int, kind: RowKind | None = None) -> MoveUndo:
        undo = self.services.rows.move(row_id, parent_id, position, kind)
        moved = self.services.rows.get(row_id)
        old_parent_index = self.index_of(undo.parent_id) if undo.parent_id is not None else QModelIndex()
        new_parent_index = self.index_of(parent_id) if parent_id is not None else QModelIndex()
        destination = moved.position
        if undo.parent_id == parent_id and destination > undo.position:
            destination += 1  # Qt counts the destination before the row is taken out
        same_place = undo.parent_id == parent_id and moved.position == undo.position
        moving = not same_place and self.beginMoveRows(
            old_parent_index, undo.position, undo.position, new_parent_index, destination)
        if not same_place and not moving:
            self.beginResetModel()  # Qt refused the move signal: fall back to a reset
        self._children[undo.parent_id].remove(row_id)
        self._children.setdefault(parent_id, []).insert(moved.position, row_id)
        self._rows[row_id] = moved
        self._sync_positions(undo.parent_id)
        self._sync_positions(parent_id)
        if moving:
            self.endMoveRows()
        elif not same_place:
            self.endResetModel()
        self._after_structure_change()
        return undo

    def _sync_positions(self, parent_id: int | None) -> None:
        """Keep each row's cached position (and RowData.position) in step."""
        for i, rid in enumerate(self._children.get(parent_id, [])):
            self._position[rid] = i
            row = self._rows[rid]
            if row.position != i:
                self._rows[rid] = replace(row, position=i)

    def apply_columns(self, columns: Sequence[Column]) -> tuple[Column, ...]:
        old = self.services.plans.update(self.plan_id, {"columns": tuple(columns)})["columns"]
        self.beginResetModel()
        self.plan = replace(self.plan, columns=tuple(columns))
        self.columns = window_columns(columns)
        self.endResetModel()
        return old

    def reload_entries(self) -> None:
        """After the log changed: statuses are recomputed and repainted."""
        if self.plan_id is None:
            return
        self._entries = self.services.progress.list(self.plan_id)
        self._retrack()
        self._emit_all_changed()
        self.tracking_changed.emit()

    def set_as_of(self, as_of: date) -> None:
        self.as_of = as_of
        self._retrack()
        self._emit_all_changed()
        self.tracking_changed.emit()

    def _after_structure_change(self) -> None:
        self._renumber()
        self._retrack()
        self._emit_all_changed()
        self.tracking_changed.emit()

    def _emit_row_changed(self, row_id: int) -> None:
        if row_id in self._rows and self.columns:
            self.dataChanged.emit(self.index_of(row_id, 0), self.index_of(row_id, len(self.columns) - 1))

    def _emit_all_changed(self) -> None:
        """Numbers and statuses may change anywhere: repaint every row."""
        if not self.columns:
            return
        for parent_id, ids in self._children.items():
            if ids and (parent_id is None or parent_id in self._rows):
                parent_index = QModelIndex() if parent_id is None else self.index_of(parent_id)
                self.dataChanged.emit(
                    self.index(0, 0, parent_index),
                    self.index(len(ids) - 1, len(self.columns) - 1, parent_index),
                )
