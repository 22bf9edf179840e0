"""The "Nhật ký tiến độ" tab: every progress entry of the plan, sortable and
filterable; add, edit and delete entries (each one undo step)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from app.core.dates import short_date
from app.core.errors import InvalidInputError
from app.core.model import ProgressEntry
from app.core.periods import PERIOD_LABELS, Period, data_window
from app.core.plan_state import StateUpdate
from app.core.status import LOG_STATUS_LABELS, LogStatus
from app.ui.background import run_with_progress
from app.ui.commands import (AddEntryCommand, DeleteEntryCommand, EditEntryCommand, add_entry, edit_entry,
                             push_command)
from app.ui.entry_dialog import EntryDialog, EntryValues
from app.ui.errors import show_error
from app.ui.open_plan import OpenPlan
from app.ui.qt import (
    QAbstractItemView, QAbstractTableModel, QComboBox, QDesktopServices, QHBoxLayout, QHeaderView, QLabel,
    QMessageBox, QModelIndex, QPushButton, QSortFilterProxyModel, Qt, QSplitter, QTableView, QUrl,
    QVBoxLayout, QWidget, refilter,
)

if TYPE_CHECKING:  # the window opens before SQLAlchemy is imported
    from app.services import Services

SORT_ROLE = Qt.UserRole + 10
COLUMNS = ("Ngày", "TT", "Nhiệm vụ", "Tình trạng", "%", "Kết quả", "Văn bản chứng minh", "Lý do", "Tệp")


class LogModel(QAbstractTableModel):
    """Entries of the open plan, read from its state (one copy in memory)."""

    def __init__(self, plan: OpenPlan, parent=None):
        super().__init__(parent)
        self.plan = plan
        self._entries: list[ProgressEntry] = []
        plan.changed.connect(self._plan_changed)

    def _plan_changed(self, update: StateUpdate) -> None:
        if update.entries or update.numbers or update.structure or update.reset:
            self.refresh()
        elif update.row_ids and self._entries:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self._entries) - 1, 2))  # task texts

    def refresh(self) -> None:
        state = self.plan.state
        self.beginResetModel()
        self._entries = [e for e in state.entries if state.has_row(e.row_id)] if state else []
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
                return _number_key(self.plan.state.entry_row_label(entry.row_id)[0])
            if column == 4:
                return -1 if entry.percent is None else entry.percent
            return self._text(entry, column)
        if role == Qt.ToolTipRole and column in (2, 5, 6, 7):
            text = self._text(entry, column)
            return text if len(text) > 40 else None
        if role == Qt.UserRole:
            return entry.id
        return None

    def _text(self, entry: ProgressEntry, column: int) -> str:
        state = self.plan.state
        if column == 0:
            return short_date(entry.date)
        if column in (1, 2):
            return state.entry_row_label(entry.row_id)[column - 1]
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
        state = self.sourceModel().plan.state
        return state.tree.task_of(row_id) if state is not None and state.has_row(row_id) else None


class LogTab(QWidget):
    def __init__(self, plan: OpenPlan, parent=None):
        super().__init__(parent)
        self.plan = plan
        self.model = LogModel(plan, self)
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
        for column, width in enumerate((90, 45, 260, 110, 45, 240, 170, 120, 120)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)  # the files column takes what is left: no scroll bar at 1366 px
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
        self._stale: str | None = "all"
        plan.changed.connect(self._plan_changed)

    @property
    def services(self) -> Services | None:
        return self.plan.services

    def _plan_changed(self, update: StateUpdate) -> None:
        """The filter boxes follow the plan; while the tab is hidden they are
        only marked stale (a cell edit must not rebuild a list of 5,000 tasks)."""
        if update.reset or update.document:
            self._stale = "all"
        elif update.structure or update.numbers or update.row_ids:
            self._stale = self._stale or "tasks"
        if self.isVisible():
            self._refresh_stale()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._refresh_stale()

    def _refresh_stale(self) -> None:
        stale, self._stale = self._stale, None
        if stale == "all":
            self._refresh_choices()
        elif stale == "tasks":
            self._refresh_task_choices()

    def _show_details(self) -> None:
        """The whole entry under the table, for results too long for a cell."""
        entry = self.selected_entry()
        if entry is None:
            self.details.clear()
            return
        import html

        number, text = self.plan.state.entry_row_label(entry.row_id)
        parts = [f"<b>{html.escape(number)}. {html.escape(text)}</b>",
                 f"{short_date(entry.date)} — {html.escape(self.model._text(entry, 3))}"]
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
        state = self.plan.state
        if state is not None:
            for period in Period:
                start, end = data_window(period, state.plan.year, state.rule)
                label = f"{PERIOD_LABELS[period]} ({short_date(start)}–{short_date(end)})"
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
        """Rows a progress entry may be logged on (tasks, numbered sub-rows,
        activities with a deadline or a log of their own), as they are named."""
        state = self.plan.state
        return [(row_id, state.task_label(row_id)) for row_id in state.loggable_rows()] if state else []

    def _occurrences_of(self, row_id: int):
        return self.plan.state.occurrences_for(row_id) if self.plan.state else ()

    def show_task(self, task_id: int | None) -> None:
        """The entries of one task (with its sub-rows' and activities')."""
        self._refresh_stale()
        self.task_filter.setCurrentIndex(max(0, self.task_filter.findData(task_id)))

    def _apply_filter(self) -> None:
        self.proxy.set_filter(self.task_filter.currentData(), self.status_filter.currentData(),
                              self.period_filter.currentData())

    # -- actions -------------------------------------------------------------

    def _guard(self, action) -> None:
        if self.plan.state is None or self.plan.stack is None:
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
        state = self.plan.state
        if row_id is not None and row_id not in {choice for choice, _ in tasks}:
            row_id = state.tree.task_of(row_id) if state.has_row(row_id) else None
        dialog = EntryDialog(self, tasks, row_id, None, self.services.attachments.path_of, self._occurrences_of,
                             default_date=state.as_of)
        if dialog.exec():
            self.record(dialog.values())

    def record(self, values: EntryValues) -> None:
        self._push_entry(values, lambda: add_entry(self.services, values),
                         lambda written: AddEntryCommand(self.plan, values, written))

    def edit_entry(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            raise InvalidInputError("Hãy chọn một mục tiến độ để sửa.")
        dialog = EntryDialog(self, self.task_choices(), entry.row_id, entry, self.services.attachments.path_of,
                             self._occurrences_of)
        if dialog.exec():
            values, entry_id = dialog.values(), entry.id
            self._push_entry(values, lambda: edit_entry(self.services, entry_id, values),
                             lambda written: EditEntryCommand(self.plan, entry_id, values, written))

    def _push_entry(self, values: EntryValues, work, command) -> None:
        """An entry without files is written at once; with files (scans of
        tens of megabytes, a slow network folder) the copy and the
        transaction run on the worker thread behind a progress dialog, and
        the undo step is pushed when they have worked."""
        if not values.new_files:
            push_command(self.plan.stack, command(None))
            return
        self.services.attachments.check(values.new_files)  # a missing or too large file: refused at once
        plan_id = self.plan.plan_id

        def done(written) -> None:
            if self.plan.plan_id == plan_id:
                push_command(self.plan.stack, command(written))

        run_with_progress(self, self.tr("Đang chép tệp đính kèm…"), lambda progress: work(), done)

    def delete_entry(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            raise InvalidInputError("Hãy chọn một mục tiến độ để xóa.")
        answer = QMessageBox.question(self, self.tr("Xóa mục tiến độ"),
                                      self.tr("Xóa mục tiến độ ngày %s?") % short_date(entry.date),
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer == QMessageBox.Yes:
            push_command(self.plan.stack, DeleteEntryCommand(self.plan, entry.id))


    def open_attachments(self) -> None:
        entry = self.selected_entry()
        if entry is None or not entry.attachments:
            raise InvalidInputError("Mục tiến độ được chọn không có tệp đính kèm.")
        for attachment in entry.attachments:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.services.attachments.path_of(attachment))))
