"""Item models of the consolidation window: the units × figures table, and a
plain table for the lists (not submitted, overdue tasks, skipped files)."""

from __future__ import annotations

from typing import Any, Sequence

from app.core.consolidation import PeriodTable, UnitLine
from app.core.dates import short_date
from app.core.figures import format_percent
from app.core.status import TASK_STATUS_COLOURS, TaskStatus
from app.io.consolidation_layout import STATUS_COLUMNS, note
from app.ui.qt import QAbstractTableModel, QBrush, QColor, QFont, QModelIndex, Qt

# Short headers for the screen (the printed table spells them out).
SCREEN_HEADERS = ("TT", "Đơn vị", "Mã", "Ngày gửi", "Tổng số", "HT đúng hạn", "HT quá hạn", "Đang TH", "Quá hạn",
                  "Chưa TK", "TX đã TK", "TX chưa TK", "Không TH", "Tỷ lệ HT", "Ghi chú")
FIRST_STATUS_COLUMN = 5
PERCENT_COLUMN = FIRST_STATUS_COLUMN + len(STATUS_COLUMNS)
NOTE_COLUMN = PERCENT_COLUMN + 1
SORT_ROLE = int(Qt.UserRole) + 1
# Roles and alignments as plain ints: a Qt enum costs microseconds per use in
# PySide6, and a view asks data() some 60 000 times to fit 170 units' columns.
_DISPLAY, _TOOLTIP, _FONT = int(Qt.DisplayRole), int(Qt.ToolTipRole), int(Qt.FontRole)
_FOREGROUND, _ALIGNMENT = int(Qt.ForegroundRole), int(Qt.TextAlignmentRole)
_ALIGN_LEFT = int((Qt.AlignLeft | Qt.AlignVCenter).value)
_ALIGN_CENTRE = int(Qt.AlignCenter.value)
LATE_COLOUR = QColor(TASK_STATUS_COLOURS[TaskStatus.DONE_LATE])
OVERDUE_COLOUR = QColor(TASK_STATUS_COLOURS[TaskStatus.OVERDUE])
MISSING_COLOUR = QColor(TASK_STATUS_COLOURS[TaskStatus.NOT_STARTED])


class UnitsModel(QAbstractTableModel):
    """A line per unit of one period (the total is shown beside, not as a line)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lines: tuple[UnitLine, ...] = ()

    def set_table(self, table: PeriodTable | None) -> None:
        self.beginResetModel()
        self.lines = table.lines if table is not None else ()
        self.endResetModel()

    def line(self, row: int) -> UnitLine:
        return self.lines[row]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(SCREEN_HEADERS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal:
            return None
        if role == Qt.DisplayRole:
            return SCREEN_HEADERS[section]
        if role == Qt.ToolTipRole and FIRST_STATUS_COLUMN <= section < PERCENT_COLUMN:
            return STATUS_COLUMNS[section - FIRST_STATUS_COLUMN][1]
        return None

    def data(self, index, role=Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        column = index.column()
        if role == _DISPLAY or role == SORT_ROLE:
            return self._value(index.row(), line, column, sortable=role == SORT_ROLE)
        if role == _ALIGNMENT:
            return _ALIGN_LEFT if column in (1, NOTE_COLUMN) else _ALIGN_CENTRE
        if role == _FOREGROUND:
            if not line.submitted:
                return QBrush(MISSING_COLOUR)
            if column == NOTE_COLUMN and line.late:
                return QBrush(LATE_COLOUR)
            if column == FIRST_STATUS_COLUMN + 3 and line.counts[TaskStatus.OVERDUE]:
                return QBrush(OVERDUE_COLOUR)
        if role == _FONT and not line.submitted:
            font = QFont()
            font.setItalic(True)
            return font
        if role == _TOOLTIP and line.submission is not None and column in (1, 3):
            s = line.submission
            return (f"{s.file}\nLập lúc {s.created_at:%d/%m/%Y %H:%M}; số liệu đến {short_date(s.as_of)}\n"
                    f"{s.plan_title}")
        return None

    def _value(self, row: int, line: UnitLine, column: int, sortable: bool):
        submission = line.submission
        if column == 0:
            return row + 1 if sortable else str(row + 1)
        if column == 1:
            return line.name
        if column == 2:
            return line.code
        if column == 3:
            if submission is None:
                return "" if not sortable else "9999"
            return submission.created_at.isoformat() if sortable else short_date(submission.created_at.date())
        if column == NOTE_COLUMN:
            return note(line)
        if submission is None:
            return -1 if sortable else ""
        counts = line.counts
        if column == 4:
            return counts.total if sortable else str(counts.total)
        if column == PERCENT_COLUMN:
            return counts.percent_done if sortable else format_percent(counts.percent_done)
        value = counts[STATUS_COLUMNS[column - FIRST_STATUS_COLUMN][0]]
        return value if sortable else str(value)


class ListModel(QAbstractTableModel):
    """Rows of text under fixed headers (the lists beside the table)."""

    def __init__(self, headers: Sequence[str], parent=None):
        super().__init__(parent)
        self.headers = tuple(headers)
        self.rows: list[tuple[str, ...]] = []
        self.colours: list[QColor | None] = []

    def set_rows(self, rows: Sequence[Sequence[str]], colours: Sequence[QColor | None] | None = None) -> None:
        self.beginResetModel()
        self.rows = [tuple(str(v) for v in row) for row in rows]
        self.colours = list(colours) if colours is not None else [None] * len(self.rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        if role == _DISPLAY or role == _TOOLTIP or role == SORT_ROLE:
            return self.rows[index.row()][index.column()]
        if role == _FOREGROUND and self.colours[index.row()] is not None:
            return QBrush(self.colours[index.row()])
        return None
