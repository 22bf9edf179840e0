"""The appendix as a Qt tree model: an adapter over the open plan's state.

Rows, numbers and statuses live in ``PlanState`` (app/core); what a cell
says lives in ``cells``. This model maps Qt indexes to row ids (an index's
internal id *is* the row id), answers the view's questions, re-lays itself
when the plan changes, and turns typed text into field changes
(``typed_changes``) pushed as one undo command (``EditCellsCommand``).
"""

from __future__ import annotations

from typing import Any

from app.core.dates import parse_due_dates
from app.core.errors import UserError
from app.core.model import Column, RowData, RowKind
from app.core.plan_state import PlanState, StateUpdate
from app.core.presets import FIELD_LABELS
from app.core.status import TASK_STATUS_COLOURS
from app.io.unit_cells import split_units
from app.ui.commands import EditCellsCommand, push_command
from app.ui.matrix import cells
from app.ui.open_plan import OpenPlan
from app.ui.qt import QAbstractItemModel, QBrush, QColor, QFont, QMimeData, QModelIndex, Qt, Signal

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

_TOP = 0  # the key of the top level in the shape (see MatrixModel.__init__)

AREA_BACKGROUND = QColor("#eef1f5")
_AREA_BRUSH = QBrush(AREA_BACKGROUND)
_FLAGS = Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsDragEnabled | Qt.ItemIsDropEnabled
_FLAGS_EDITABLE = _FLAGS | Qt.ItemIsEditable
_BOLD_FONT = QFont()
_BOLD_FONT.setBold(True)
_STATUS_BRUSHES = {status: QBrush(QColor(colour)) for status, colour in TASK_STATUS_COLOURS.items()}


class MatrixModel(QAbstractItemModel):
    edit_refused = Signal(str)                  # what was typed cannot be used (a bad date): the message
    drop_requested = Signal(list, object, int)  # row ids, new parent id, position

    def __init__(self, plan: OpenPlan, parent=None):
        super().__init__(parent)
        self.plan = plan
        self.columns: list[Column] = []
        # The tree's shape as the views last heard of it: indexes are mapped
        # with this copy, so a change can be announced before it is taken in.
        # The top level is kept under 0, the internal id of an invalid index
        # (row ids start at 1): the hot paths need no isValid() call.
        self._children: dict[int, list[int]] = {}
        self._tree = None
        self._index: dict[int, int] = {}
        self._parent: dict[int, int | None] = {}
        self._column_count = 0
        plan.changed.connect(self._plan_changed)

    @property
    def state(self) -> PlanState | None:
        return self.plan.state

    # -- following the plan ----------------------------------------------------

    def _plan_changed(self, update: StateUpdate) -> None:
        columns = cells.window_columns(self.state.plan.columns) if self.state else []
        if update.reset or columns != self.columns:
            self.beginResetModel()
            self.columns = columns
            self._take_shape()
            self.endResetModel()
        elif update.structure:
            self._relayout()
        elif update.numbers or update.tracking:
            self._repaint_all()
        else:
            for row_id in update.row_ids:
                self._repaint_row(row_id)

    def _take_shape(self) -> None:
        tree = self._tree = self.state.tree if self.state else None
        shape = tree.shape() if tree else {}
        top = shape.pop(None, [])
        self._children = {_TOP: top, **shape} if tree else {}
        self._index = {rid: i for siblings in self._children.values() for i, rid in enumerate(siblings)}
        self._parent = {rid: parent for parent, siblings in shape.items() for rid in siblings}
        self._column_count = len(self.columns)

    def _relayout(self) -> None:
        """Rows were added, removed or moved: one layout change, every
        persistent index (selection, current cell, expanded rows) following
        its row by id."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        places = [(index.internalId(), index.column()) for index in old]
        self._take_shape()
        self.changePersistentIndexList(old, [self.index_of(rid, column) for rid, column in places])
        self.layoutChanged.emit()
        self._repaint_all()

    def _repaint_row(self, row_id: int) -> None:
        if row_id in self._index and self.columns:
            self.dataChanged.emit(self.index_of(row_id, 0), self.index_of(row_id, len(self.columns) - 1))

    def _repaint_all(self) -> None:
        """Numbers and statuses may change anywhere."""
        for parent_id, ids in self._children.items():
            if ids and self.columns:
                parent = self.index_of(parent_id) if parent_id != _TOP else QModelIndex()
                self.dataChanged.emit(self.index(0, 0, parent), self.index(len(ids) - 1, len(self.columns) - 1, parent))

    # -- indexes ----------------------------------------------------------------

    def index_of(self, row_id: int | None, column: int = 0) -> QModelIndex:
        if row_id not in self._index or not 0 <= column < len(self.columns):
            return QModelIndex()
        return self.createIndex(self._index[row_id], column, row_id)

    def row_id(self, index: QModelIndex) -> int | None:
        return index.internalId() if index.isValid() else None

    def row_at(self, index: QModelIndex) -> RowData | None:
        return self._tree.get(index.internalId()) if self._tree is not None and index.isValid() else None

    def field_at(self, column: int) -> str:
        return self.columns[column].field

    def column_of(self, field_name: str) -> int:
        return next((i for i, c in enumerate(self.columns) if c.field == field_name), -1)

    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        children = self._children.get(parent.internalId())
        if children is not None and 0 <= row < len(children) and 0 <= column < self._column_count:
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        parent_id = self._parent.get(index.internalId())
        return self.createIndex(self._index[parent_id], 0, parent_id) if parent_id is not None else QModelIndex()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if parent.column() > 0:
            return 0
        return len(self._children.get(parent.internalId(), ()))

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
        row = self.row_at(index)
        if row is None:
            return Qt.ItemIsDropEnabled
        return _FLAGS_EDITABLE if cells.editable(row, self.columns[index.column()].field, index.column()) else _FLAGS

    # -- cells --------------------------------------------------------------------

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        """Views ask for many roles many times while painting: roles are
        compared as plain ints (PySide's enum comparisons showed in profiles)
        and roles this model does not answer return at once."""
        handler = _ROLES.get(int(role))
        row = self.row_at(index) if handler is not None else None
        if row is None:
            return None
        return handler(self, row, self.columns[index.column()].field, index.column())

    def _foreground(self, row: RowData, name: str) -> QBrush | None:
        tracking = self.state.tracking
        if name in ("status", "due") and row.kind is not RowKind.AREA and tracking is not None:
            own = tracking.row_status(row.id)  # a task's, or a sub-row's with a deadline of its own
            if own is not None:
                return _STATUS_BRUSHES[own.status]
        return None

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.EditRole) -> bool:
        """A typed cell: one undo step (nothing when the text did not change)."""
        row = self.row_at(index)
        if role != Qt.EditRole or row is None or not cells.editable(row, self.field_at(index.column()), index.column()):
            return False
        return self.edit_cells({index: "" if value is None else str(value)}, "Sửa ô")

    def edit_cells(self, texts: dict[QModelIndex, str], text: str) -> bool:
        """Several cells written as one undo step (clear, fill down, paste):
        what each text means is decided by ``typed_changes``."""
        edits: dict[int, dict[str, Any]] = {}
        try:
            for index, typed in texts.items():
                row = self.row_at(index)
                name = self.field_at(index.column())
                if row is not None and cells.editable(row, name, index.column()):
                    changes = typed_changes(self.state, row, name, typed)
                    if changes:
                        edits.setdefault(row.id, {}).update(changes)
            if edits:
                push_command(self.plan.stack, EditCellsCommand(self.plan, edits, text))
        except UserError as error:
            self.edit_refused.emit(str(error))
            return False
        return True

    # -- drag and drop -------------------------------------------------------------

    def supportedDropActions(self):
        return Qt.MoveAction

    def supportedDragActions(self):
        return Qt.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROW_IDS_MIME]

    def mimeData(self, indexes) -> QMimeData:
        ids = list(dict.fromkeys(i.internalId() for i in indexes if i.isValid()))
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
        self.drop_requested.emit(ids, parent_id, row if row >= 0 else self.rowCount(parent))
        return False


def typed_changes(state: PlanState, row: RowData, name: str, text: str) -> dict[str, Any]:
    """What typing ``text`` into a cell changes (only the fields that differ).
    A date that cannot be read raises ``InvalidInputError``."""
    if row.kind is RowKind.AREA:
        return {"task": text.strip()} if text.strip() != row.task else {}
    if name == "number":
        value = text.strip() or None
        automatic = value is not None and value == state.number(row.id) and row.number_override is None
        return {} if automatic or value == row.number_override else {"number_override": value}
    if name == "due":
        dates = parse_due_dates(text) if text.strip() else None
        # Leaving the cell with the dates read from the timeframe is no
        # override: it would turn a recurring rule into fixed milestones.
        unchanged = row.due_override is None and dates == cells.due_dates(state, row)
        return {} if unchanged or dates == row.due_override else {"due_override": dates}
    if name == "units":
        lead, support = split_units(text)
        return {k: v for k, v in (("lead", lead), ("support", support)) if v != getattr(row, k)}
    if name == "status":
        return {}
    return {} if text == getattr(row, name) else {name: text}


def _role_font(model, row, name, column):
    return _BOLD_FONT if row.kind is RowKind.AREA else None


def _role_background(model, row, name, column):
    return _AREA_BRUSH if row.kind is RowKind.AREA else None


def _role_alignment(model, row, name, column):
    if row.kind is RowKind.AREA:
        return _ALIGN_AREA
    return _ALIGN_NUMBER if name == "number" else _ALIGN_TEXT


_ROLES = {
    _DISPLAY: lambda m, row, name, column: cells.display(m.state, row, name, column),
    _EDIT: lambda m, row, name, column: cells.edit_text(m.state, row, name, column),
    _TOOLTIP: lambda m, row, name, column: cells.tooltip(m.state, row, name),
    _FONT: _role_font,
    _BACKGROUND: _role_background,
    _FOREGROUND: lambda m, row, name, column: m._foreground(row, name),
    _ALIGNMENT: _role_alignment,
    ROW_ID_ROLE: lambda m, row, name, column: row.id,
    KIND_ROLE: lambda m, row, name, column: row.kind.value,
    FIELD_ROLE: lambda m, row, name, column: name,
    SIZE_KEY_ROLE: lambda m, row, name, column: (cells.display(m.state, row, name, column), row.kind is RowKind.AREA),
}
