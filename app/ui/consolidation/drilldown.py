"""A ward's rows as its package shows them: every task with the status the
period counts, the due dates it missed and its latest result; the ward's
own report and appendix one click away."""

from __future__ import annotations

import tempfile
from pathlib import Path

from app.core.consolidation import SubmittedRow, UnitLine
from app.core.dates import short_date
from app.core.figures import format_percent
from app.core.status import TASK_STATUS_COLOURS, TASK_STATUS_LABELS, TaskStatus
from app.ui.errors import show_error
from app.ui.qt import (
    QAbstractItemView, QAbstractTableModel, QBrush, QCheckBox, QColor, QDesktopServices, QDialog, QDialogButtonBox,
    QFont, QHBoxLayout, QHeaderView, QLabel, QModelIndex, QSortFilterProxyModel, Qt, QTableView, QUrl, QVBoxLayout,
    refilter,
)

_DISPLAY, _TOOLTIP, _FONT, _FOREGROUND = int(Qt.DisplayRole), int(Qt.ToolTipRole), int(Qt.FontRole), \
    int(Qt.ForegroundRole)  # ints: a Qt enum is slow to use in data()
HEADERS = ("Số TT", "Nội dung", "Cơ quan chủ trì", "Thời gian thực hiện", "Tình trạng trong kỳ", "Hạn đã lỡ",
           "Kết quả gần nhất")


class WardRowsModel(QAbstractTableModel):
    def __init__(self, rows: tuple[SubmittedRow, ...], parent=None):
        super().__init__(parent)
        self.rows = rows

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == _DISPLAY or role == _TOOLTIP:
            indent = "    " if row.kind in ("activity", "subtask") and column == 1 else ""
            values = (row.number, indent + row.text, row.lead, row.timeframe,
                      TASK_STATUS_LABELS[row.status] if row.status is not None else "",
                      "; ".join(short_date(d) for d in row.missed), row.result)
            return values[column]
        if role == _FONT and row.kind == "area":
            font = QFont()
            font.setBold(True)
            return font
        if role == _FOREGROUND and column == 4 and row.status is not None:
            return QBrush(QColor(TASK_STATUS_COLOURS[row.status]))
        return None


class _OverdueOnly(QSortFilterProxyModel):
    """Only the tasks overdue in the period (and their areas)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.active = False

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        if not self.active:
            return True
        row = self.sourceModel().rows[source_row]
        return row.status is TaskStatus.OVERDUE and row.kind == "task"


class WardDialog(QDialog):
    def __init__(self, line: UnitLine, parent=None):
        super().__init__(parent)
        submission = line.submission
        self.line = line
        self.setWindowTitle(self.tr("Chi tiết: %s") % line.name)
        counts = line.counts
        summary = QLabel(self.tr(
            "<b>%s</b> — mã %s · %s<br>Kế hoạch: %s<br>Gói lập lúc %s, số liệu đến %s · "
            "%d nhiệm vụ, hoàn thành %s, quá hạn %d%s") % (
            line.name, line.code or "—", submission.file, submission.plan_title,
            submission.created_at.strftime("%d/%m/%Y %H:%M"), short_date(submission.as_of), counts.total,
            format_percent(counts.percent_done), counts[TaskStatus.OVERDUE],
            self.tr(" · <span style='color:#e65100'>gửi muộn</span>") if line.late else ""))
        summary.setTextFormat(Qt.RichText)
        summary.setWordWrap(True)
        self.model = WardRowsModel(submission.rows, self)
        self.proxy = _OverdueOnly(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        for column, width in ((0, 56), (2, 170), (3, 150), (4, 170), (5, 90), (6, 220)):
            self.view.setColumnWidth(column, width)
        self.overdue_only = QCheckBox(self.tr("Chỉ nhiệm vụ quá hạn"))
        self.overdue_only.toggled.connect(self._filter)
        buttons = QDialogButtonBox()
        report = buttons.addButton(self.tr("Mở báo cáo (PDF)"), QDialogButtonBox.ActionRole)
        appendix = buttons.addButton(self.tr("Mở phụ lục (Excel)"), QDialogButtonBox.ActionRole)
        close = buttons.addButton(self.tr("Đóng"), QDialogButtonBox.RejectRole)
        report.clicked.connect(lambda: self.open_document("tai-lieu/bao-cao.pdf"))
        appendix.clicked.connect(lambda: self.open_document("tai-lieu/phu-luc.xlsx"))
        close.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(summary, 1)
        top.addWidget(self.overdue_only, 0, Qt.AlignBottom)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        from app.ui.consolidation.window import fit_to_screen

        fit_to_screen(self, 1240, 700)

    def _filter(self, on: bool) -> None:
        def change():
            self.proxy.active = on

        refilter(self.proxy, change)

    def open_document(self, member: str) -> Path | None:
        """Copy the document out of the package (to a temporary folder) and open it."""
        from app.io.submission_package import extract_document

        name = f"{Path(self.line.submission.file).stem}-{Path(member).name}"
        try:
            target = extract_document(self.line.submission.file, member, Path(tempfile.mkdtemp(prefix="cchc-")) / name)
        except Exception as error:  # the file may have moved since it was read
            show_error(self, error)
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
        return target
