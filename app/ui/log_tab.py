"""The "Nhật ký tiến độ" tab: every progress entry of the plan, sortable and
filterable; add, edit and delete entries (each one undo step)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from app.core.dates import short_date
from app.core.errors import InvalidInputError
from app.core.model import ProgressEntry, RowKind
from app.core.periods import PERIOD_LABELS, Period, data_window
from app.core.status import LOG_STATUS_LABELS, LogStatus
from app.ui.commands import ServiceCommand, push_command
from app.ui.entry_dialog import EntryDialog, EntryValues
from app.ui.errors import show_error
from app.ui.matrix.model import MatrixModel
from app.ui.qt import (
    QAbstractItemView, QAbstractTableModel, QComboBox, QDesktopServices, QHBoxLayout, QHeaderView, QLabel,
    QMessageBox, QModelIndex, QPushButton, QSortFilterProxyModel, Qt, QSplitter, QTableView, QUndoStack, QUrl,
    QVBoxLayout, QWidget, refilter,
)

if TYPE_CHECKING:  # the window opens before SQLAlchemy is imported
    from app.services import Services

SORT_ROLE = Qt.UserRole + 10
COLUMNS = ("Ngày", "TT", "Nhiệm vụ", "Tình trạng", "%", "Kết quả", "Văn bản chứng minh", "Lý do", "Tệp")


class LogModel(QAbstractTableModel):
    """Entries of the plan, read from the matrix model (one copy in memory)."""

    def __init__(self, matrix: MatrixModel, parent=None):
        super().__init__(parent)
        self.matrix = matrix
        self._entries: list[ProgressEntry] = []
        matrix.tracking_changed.connect(self.refresh)
        matrix.modelReset.connect(self.refresh)

    def refresh(self) -> None:
        self.beginResetModel()
        self._entries = [e for e in self.matrix.entries if self.matrix.has_row(e.row_id)]
        self.endResetModel()

    def entry(self, row: int) -> ProgressEntry:
        return self._entries[row]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent=QModelIndex()) -> int:
        return len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == Qt.DisplayRole:
            return self._text(entry, column)
        if role == SORT_ROLE:
            if column == 0:
                return entry.date.isoformat()
            if column == 1:
                return _number_key(self.row_label(entry.row_id)[0])
            if column == 4:
                return -1 if entry.percent is None else entry.percent
            return self._text(entry, column)
        if role == Qt.ToolTipRole and column in (2, 5, 6, 7):
            text = self._text(entry, column)
            return text if len(text) > 40 else None
        if role == Qt.UserRole:
            return entry.id
        return None

    def row_label(self, row_id: int) -> tuple[str, str]:
        """Number and text of the row an entry is logged on; an activity
        (unnumbered) shows under its task's number."""
        if not self.matrix.has_row(row_id):
            return "", ""
        row = self.matrix.row(row_id)
        if row.kind is RowKind.ACTIVITY:
            task_id = self.matrix.task_id_of(row_id)
            return (self.matrix.number(task_id) if task_id else ""), f"– {row.activity}"
        return self.matrix.number(row_id), row.task

    def _text(self, entry: ProgressEntry, column: int) -> str:
        if column == 0:
            return entry.date.strftime("%d/%m/%Y")
        if column == 1:
            return self.row_label(entry.row_id)[0]
        if column == 2:
            return self.row_label(entry.row_id)[1]
        if column == 3:
            try:
                return LOG_STATUS_LABELS[LogStatus(entry.status)]
            except ValueError:
                return entry.status
        if column == 4:
            return "" if entry.percent is None else f"{entry.percent}%"
        if column == 5:
            return entry.result
        if column == 6:
            return entry.evidence
        if column == 7:
            return entry.reason
        return ", ".join(a.file_name for a in entry.attachments)


def _number_key(text: str) -> str:
    parts = text.split(".")
    return ".".join(p.zfill(6) if p.isdigit() else p for p in parts)


class LogFilterProxy(QSortFilterProxyModel):
    """Entries of one task (with its sub-rows' and activities'), of one
    status, inside one report period."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.task_id: int | None = None
        self.status: str | None = None
        self.window: tuple[date, date] | None = None

    def set_filter(self, task_id: int | None, status: str | None, window: tuple[date, date] | None) -> None:
        def change():
            self.task_id, self.status, self.window = task_id, status, window

        refilter(self, change)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        entry = self.sourceModel().entry(source_row)
        if self.task_id is not None and self.task_id not in (entry.row_id, self._task_of(entry.row_id)):
            return False
        if self.status and entry.status != self.status:
            return False
        if self.window and not self.window[0] <= entry.date <= self.window[1]:
            return False
        return True

    def _task_of(self, row_id: int) -> int | None:
        matrix = self.sourceModel().matrix
        return matrix.task_id_of(row_id) if matrix.has_row(row_id) else None


class AddEntryCommand(ServiceCommand):
    def __init__(self, tab: "LogTab", values: EntryValues):
        super().__init__(tab.tr("Ghi tiến độ"))
        self.tab, self.values = tab, values
        self.entry_id: int | None = None
        self.deleted = None

    def do(self) -> None:
        services = self.tab.services
        if self.deleted is not None:
            services.progress.restore(self.deleted)
        else:  # the entry and its files in one transaction: a refused file leaves no entry
            entry = services.progress.add(self.values.row_id, files=self.values.new_files,
                                          **self.values.service_values())
            self.entry_id = entry.id
        self.tab.matrix.reload_entries()

    def revert(self) -> None:
        self.deleted = self.tab.services.progress.delete(self.entry_id)
        self.tab.matrix.reload_entries()


class EditEntryCommand(ServiceCommand):
    def __init__(self, tab: "LogTab", entry_id: int, values: EntryValues):
        super().__init__(tab.tr("Sửa mục tiến độ"))
        self.tab, self.entry_id, self.values = tab, entry_id, values
        self.edit = None

    def do(self) -> None:
        self.edit = self.tab.services.progress.edit(self.entry_id, self.values.service_values(),
                                                    self.values.new_files, self.values.removed_attachments)
        self.tab.matrix.reload_entries()

    def revert(self) -> None:
        services = self.tab.services
        services.progress.update(self.entry_id, **self.edit.old)
        for attachment_id in self.edit.added:
            services.attachments.detach(attachment_id)
        services.progress.relink(self.edit.removed)
        self.tab.matrix.reload_entries()


class DeleteEntryCommand(ServiceCommand):
    def __init__(self, tab: "LogTab", entry_id: int):
        super().__init__(tab.tr("Xóa mục tiến độ"))
        self.tab, self.entry_id = tab, entry_id
        self.deleted = None

    def do(self) -> None:
        self.deleted = self.tab.services.progress.delete(self.entry_id)
        self.tab.matrix.reload_entries()

    def revert(self) -> None:
        self.tab.services.progress.restore(self.deleted)
        self.tab.matrix.reload_entries()


class LogTab(QWidget):
    def __init__(self, services: Services | None, matrix: MatrixModel, parent=None):
        super().__init__(parent)
        self.services = services
        self.matrix = matrix
        self.stack: QUndoStack | None = None
        self.model = LogModel(matrix, self)
        self.proxy = LogFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        for column, width in enumerate((90, 45, 280, 110, 50, 260, 190, 140, 140)):
            header.resizeSection(column, width)
        self.table.doubleClicked.connect(lambda _: self._guard(self.edit_entry))

        self.task_filter = QComboBox()
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("Mọi tình trạng"), None)
        for status in LogStatus:
            self.status_filter.addItem(LOG_STATUS_LABELS[status], status.value)
        self.period_filter = QComboBox()
        for box in (self.task_filter, self.status_filter, self.period_filter):
            box.currentIndexChanged.connect(self._apply_filter)
        self.add_button = QPushButton(self.tr("Ghi tiến độ…"))
        self.edit_button = QPushButton(self.tr("Sửa…"))
        self.delete_button = QPushButton(self.tr("Xóa"))
        self.open_button = QPushButton(self.tr("Mở tệp đính kèm"))
        self.add_button.clicked.connect(lambda: self._guard(lambda: self.add_entry(self.task_filter.currentData())))
        self.edit_button.clicked.connect(lambda: self._guard(self.edit_entry))
        self.delete_button.clicked.connect(lambda: self._guard(self.delete_entry))
        self.open_button.clicked.connect(lambda: self._guard(self.open_attachments))

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Nhiệm vụ:")))
        bar.addWidget(self.task_filter, 3)
        bar.addWidget(QLabel(self.tr("Tình trạng:")))
        bar.addWidget(self.status_filter, 1)
        bar.addWidget(QLabel(self.tr("Kỳ:")))
        bar.addWidget(self.period_filter, 1)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.details.setMargin(6)
        self.splitter = QSplitter(Qt.Vertical)
        self.splitter.setObjectName("log-splitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_details())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.splitter)
        layout.addLayout(buttons)
        matrix.modelReset.connect(self._refresh_choices)
        matrix.tracking_changed.connect(self._refresh_task_choices)

    def set_stack(self, stack: QUndoStack | None) -> None:
        self.stack = stack

    def _show_details(self) -> None:
        """The whole entry under the table, for results too long for a cell."""
        entry = self.selected_entry()
        if entry is None:
            self.details.clear()
            return
        import html

        number, text = self.model.row_label(entry.row_id)
        parts = [f"<b>{html.escape(number)}. {html.escape(text)}</b>",
                 f"{entry.date:%d/%m/%Y} — {html.escape(self.model._text(entry, 3))}"]
        if entry.occurrence is not None:
            parts.append(self.tr("Trả lời lần đến hạn %s") % short_date(entry.occurrence))
        for label, text in ((self.tr("Kết quả"), entry.result), (self.tr("Văn bản chứng minh"), entry.evidence),
                            (self.tr("Lý do"), entry.reason)):
            if text:
                parts.append(f"<i>{label}:</i> " + html.escape(text).replace("\n", "<br>"))
        if entry.attachments:
            names = ", ".join(html.escape(a.file_name) for a in entry.attachments)
            parts.append(f"<i>{self.tr('Tệp đính kèm')}:</i> {names}")
        self.details.setText("<br>".join(parts))

    # -- filters -------------------------------------------------------------

    def _refresh_choices(self) -> None:
        self._refresh_task_choices()
        self.period_filter.blockSignals(True)
        self.period_filter.clear()
        self.period_filter.addItem(self.tr("Cả năm"), None)
        if self.matrix.plan is not None:
            year = self.matrix.plan.year
            for period in Period:
                start, end = data_window(period, year, self.services.settings.window_rule())
                label = f"{PERIOD_LABELS[period]} ({start:%d/%m/%Y}–{end:%d/%m/%Y})"
                self.period_filter.addItem(label, (start, end))
        self.period_filter.blockSignals(False)
        self._apply_filter()

    def _refresh_task_choices(self) -> None:
        current = self.task_filter.currentData()
        self.task_filter.blockSignals(True)
        self.task_filter.clear()
        self.task_filter.addItem(self.tr("Mọi nhiệm vụ"), None)
        for row_id, label in self.task_choices():
            self.task_filter.addItem(label, row_id)
        self.task_filter.setCurrentIndex(max(0, self.task_filter.findData(current)))
        self.task_filter.blockSignals(False)

    def task_choices(self) -> list[tuple[int, str]]:
        """Rows a progress entry may be logged on: every task and numbered
        sub-row, and the activities with a deadline (or a log) of their own."""
        tracking = self.matrix.tracking
        logged = {e.row_id for e in self.matrix.entries}  # an entry's own row stays choosable
        out = []
        for row in self.matrix.ordered_rows():
            own_deadline = (tracking is not None and row.id in tracking.sub_rows) or row.id in logged
            if row.kind is RowKind.TASK or row.kind is RowKind.SUBTASK:
                text = (row.task or row.objective or row.activity).replace("\n", " ")
                number = self.matrix.number(row.id) or "–"
                out.append((row.id, f"{number}. {text[:90]}"))
            elif row.kind is RowKind.ACTIVITY and own_deadline:
                number, text = self.model.row_label(row.id)
                out.append((row.id, f"{number or '–'}. {text.replace(chr(10), ' ')[:90]}"))
        return out

    def _occurrences_of(self, row_id: int):
        tracking = self.matrix.tracking
        return tracking.occurrences_for(row_id) if tracking is not None else ()

    def _apply_filter(self) -> None:
        self.proxy.set_filter(self.task_filter.currentData(), self.status_filter.currentData(),
                              self.period_filter.currentData())

    def show_task(self, task_id: int | None) -> None:
        self.task_filter.setCurrentIndex(max(0, self.task_filter.findData(task_id)))

    # -- actions -------------------------------------------------------------

    def _guard(self, action) -> None:
        if self.matrix.plan_id is None or self.stack is None:
            return
        try:
            action()
        except Exception as error:
            show_error(self, error)

    def selected_entry(self) -> ProgressEntry | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.entry(self.proxy.mapToSource(index).row())

    def add_entry(self, row_id: int | None = None) -> None:
        """Log progress on ``row_id`` (a task, sub-row or activity; another
        row of a task logs on its task)."""
        tasks = self.task_choices()
        if not tasks:
            raise InvalidInputError("Kế hoạch chưa có nhiệm vụ nào để ghi tiến độ.")
        if row_id is not None and row_id not in {choice for choice, _ in tasks}:
            row_id = self.matrix.task_id_of(row_id) if self.matrix.has_row(row_id) else None
        dialog = EntryDialog(self, tasks, row_id, None, self.services.attachments.path_of, self._occurrences_of)
        if dialog.exec():
            self.record(dialog.values())

    def record(self, values: EntryValues) -> None:
        push_command(self.stack, AddEntryCommand(self, values))

    def edit_entry(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            raise InvalidInputError("Hãy chọn một mục tiến độ để sửa.")
        dialog = EntryDialog(self, self.task_choices(), entry.row_id, entry, self.services.attachments.path_of,
                             self._occurrences_of)
        if dialog.exec():
            push_command(self.stack, EditEntryCommand(self, entry.id, dialog.values()))

    def delete_entry(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            raise InvalidInputError("Hãy chọn một mục tiến độ để xóa.")
        answer = QMessageBox.question(self, self.tr("Xóa mục tiến độ"),
                                      self.tr("Xóa mục tiến độ ngày %s?") % entry.date.strftime("%d/%m/%Y"),
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer == QMessageBox.Yes:
            push_command(self.stack, DeleteEntryCommand(self, entry.id))


    def open_attachments(self) -> None:
        entry = self.selected_entry()
        if entry is None or not entry.attachments:
            raise InvalidInputError("Mục tiến độ được chọn không có tệp đính kèm.")
        for attachment in entry.attachments:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.services.attachments.path_of(attachment))))
