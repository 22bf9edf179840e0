"""Tổng hợp: the province's window over many ward packages.

Packages are opened from files or folders (or dropped on the window), read
off the UI thread, and added to what is already open. The window shows one
period at a time: the units × figures table, who has not submitted, who
submitted late, the overdue tasks of every ward, and the files skipped
with their reason; a double click opens a ward's rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from app.core.consolidation import Consolidation, PeriodTable
from app.core.dates import short_date
from app.core.figures import format_percent
from app.core.status import TaskStatus
from app.services.consolidation import OpenedPackages
from app.ui.background import run_with_progress
from app.ui.consolidation.model import (
    LATE_COLOUR, MISSING_COLOUR, SORT_ROLE, ListModel, UnitsModel,
)
from app.ui.errors import show_error
from app.ui.qt import (
    QAbstractItemView, QAction, QComboBox, QDate, QDateEdit, QFileDialog, QGuiApplication, QHeaderView, QKeySequence,
    QLabel, QMainWindow, QSettings, QSortFilterProxyModel, QSplitter, Qt, QTableView, QTabWidget, QToolBar,
    QVBoxLayout, QWidget,
)

_OPEN_WINDOWS: list = []  # top-level windows kept alive while shown


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Ask for ``width``×``height``, or what the screen has room for (a 1366×768 laptop with its task bar)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    widget.resize(max(200, min(width, area.width() - 16)), max(150, min(height, area.height() - 40)))


def show_consolidation(parent) -> "ConsolidationWindow":
    """The menu's hook: open (or raise) the consolidation window."""
    for window in _OPEN_WINDOWS:
        if window.isVisible():
            window.raise_()
            window.activateWindow()
            return window
    window = ConsolidationWindow(parent.services)
    _OPEN_WINDOWS.append(window)
    window.destroyed.connect(lambda *_: _OPEN_WINDOWS.remove(window) if window in _OPEN_WINDOWS else None)
    window.show()
    return window


def _table_view(model, stretch: int | None = None) -> QTableView:
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)  # 170 units: many lines in view
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    if stretch is not None:
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.Stretch)
    view.sortByColumn(-1, Qt.AscendingOrder)
    return view


class ConsolidationWindow(QMainWindow):
    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.services = services
        self.opened = OpenedPackages((), ())
        self.inputs: list[str] = []
        self.result: Consolidation | None = None
        self.setWindowTitle(self.tr("Tổng hợp báo cáo các đơn vị — Sổ kế hoạch CCHC"))
        self.setAcceptDrops(True)

        self.units_model = UnitsModel(self)
        self.units_view = _table_view(self.units_model, stretch=1)
        self.units_view.doubleClicked.connect(self._unit_activated)
        self.missing_model = ListModel(("Đơn vị", "Mã", "Tình trạng"), self)
        self.missing_view = _table_view(self.missing_model, stretch=0)
        self.overdue_model = ListModel(("Đơn vị", "Số TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện",
                                        "Hạn chưa hoàn thành"), self)
        self.overdue_view = _table_view(self.overdue_model, stretch=2)
        self.overdue_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        self.overdue_view.doubleClicked.connect(self._overdue_activated)
        self.skipped_model = ListModel(("Tệp", "Lý do"), self)
        self.skipped_view = _table_view(self.skipped_model, stretch=1)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.missing_view, "")
        self.tabs.addTab(self.overdue_view, "")
        self.tabs.addTab(self.skipped_view, "")
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(self.units_view)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.hint = QLabel(self.tr("Mở các gói nộp báo cáo (.cchc) các đơn vị gửi, hoặc thư mục chứa chúng — có thể "
                                   "kéo thả vào cửa sổ này. Gói hỏng hay không phải gói được nêu tên và bỏ qua."))
        self.hint.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.hint)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.period_box = QComboBox()
        self.period_box.setMinimumContentsLength(22)
        self.period_box.currentIndexChanged.connect(self._show_period)
        self.deadline = QDateEdit()
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("dd/MM/yyyy")
        self.deadline.setEnabled(False)
        # No period yet: the box shows "—", not a made-up 01/01/2000.
        self.deadline.setMinimumDate(QDate(2000, 1, 1))
        self.deadline.setSpecialValueText("—")
        self.deadline.setDate(self.deadline.minimumDate())
        self.deadline.editingFinished.connect(self._deadline_changed)
        self._build_actions()
        self.statusBar().showMessage(self.tr("Chưa mở gói nào."))
        fit_to_screen(self, 1340, 720)
        self._fill_lists(None)  # the lists' tabs named (with zero counts) before any package
        self._refresh()

    # -- actions -------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda checked=False: self._guard(slot))
        return action

    def _guard(self, slot) -> None:
        try:
            slot()
        except Exception as error:
            show_error(self, error)

    def _build_actions(self) -> None:
        self.act_open_files = self._action(self.tr("Mở gói…"), self.choose_files, QKeySequence.Open)
        self.act_open_folder = self._action(self.tr("Mở thư mục…"), self.choose_folder, "Ctrl+Shift+O")
        self.act_reopen = self._action(self.tr("Mở lại các gói lần trước"), self.reopen_last)
        self.act_clear = self._action(self.tr("Đóng các gói đã mở"), self.clear)
        self.act_units = self._action(self.tr("Danh sách đơn vị…"), self.edit_expected_units)
        self.act_xlsx = self._action(self.tr("Xuất Excel…"), lambda: self.export("xlsx"), "Ctrl+E")
        self.act_pdf = self._action(self.tr("Xuất PDF…"), lambda: self.export("pdf"))
        self.act_close = self._action(self.tr("Đóng cửa sổ"), self.close, QKeySequence.Close)
        menu = self.menuBar().addMenu(self.tr("&Tổng hợp"))
        for action in (self.act_open_files, self.act_open_folder, self.act_reopen, self.act_clear, None,
                       self.act_units, None, self.act_xlsx, self.act_pdf, None, self.act_close):
            menu.addSeparator() if action is None else menu.addAction(action)
        toolbar = QToolBar(self.tr("Tổng hợp"))
        toolbar.setObjectName("consolidation-toolbar")
        toolbar.setMovable(False)
        for action in (self.act_open_files, self.act_open_folder, None, self.act_units):
            toolbar.addSeparator() if action is None else toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(self.tr(" Kỳ: ")))
        toolbar.addWidget(self.period_box)
        toolbar.addWidget(QLabel(self.tr("  Hạn nộp: ")))
        toolbar.addWidget(self.deadline)
        toolbar.addSeparator()
        toolbar.addAction(self.act_xlsx)
        toolbar.addAction(self.act_pdf)
        self.addToolBar(toolbar)
        self.act_reopen.setEnabled(bool(self._last_inputs()))

    # -- opening ---------------------------------------------------------------------

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Mở gói nộp báo cáo"), self._start_folder(),
                                                self.tr("Gói nộp báo cáo (*.cchc);;Mọi tệp (*)"))
        if names:
            self.open_paths(names)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Mở thư mục chứa các gói"), self._start_folder())
        if folder:
            self.open_paths([folder])

    def reopen_last(self) -> None:
        if self._last_inputs():
            self.clear()
            self.open_paths(self._last_inputs())

    def clear(self) -> None:
        self.opened = OpenedPackages((), ())
        self.inputs = []
        self._recompute()

    def open_paths(self, paths: Sequence[str | Path], on_done=None) -> None:
        """Read the packages off the UI thread (progress, cancel), then add them."""
        from app.services.consolidation import open_packages

        paths = [str(p) for p in paths]

        def work(progress):
            return open_packages(paths, lambda done, total: progress.step(
                done, total, self.tr("Đang đọc gói %d/%d…") % (done, total)))

        def done(opened: OpenedPackages) -> None:
            self.opened = self.opened.plus(opened)
            self.inputs += [p for p in paths if p not in self.inputs]
            self._remember_inputs()
            self._recompute()
            if on_done is not None:
                on_done()

        run_with_progress(self, self.tr("Đang đọc các gói nộp báo cáo…"), work, done)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    # -- showing -------------------------------------------------------------------------

    def _recompute(self) -> None:
        self.result = self.services.consolidation.consolidate(self.opened) if self.opened.submissions or \
            self.opened.skipped else None
        current = self.period_box.currentData()
        self.period_box.blockSignals(True)
        self.period_box.clear()
        for table in self.result.tables if self.result else ():
            self.period_box.addItem(table.label[:1].upper() + table.label[1:], (table.period, table.year))
        index = self.period_box.findData(current) if current is not None else -1
        self.period_box.setCurrentIndex(index if index >= 0 else (0 if self.period_box.count() else -1))
        self.period_box.blockSignals(False)
        self._show_period()

    def current_table(self) -> PeriodTable | None:
        key = self.period_box.currentData()
        if self.result is None or key is None:
            return None
        return self.result.table(*key)

    def _show_period(self) -> None:
        table = self.current_table()
        self.units_model.set_table(table)
        self.deadline.blockSignals(True)
        self.deadline.setEnabled(table is not None)
        if table is not None:
            self.deadline.setDate(QDate(table.deadline.year, table.deadline.month, table.deadline.day))
        else:
            self.deadline.setDate(self.deadline.minimumDate())
        self.deadline.blockSignals(False)
        self._fill_lists(table)
        self._refresh()

    def _fill_lists(self, table: PeriodTable | None) -> None:
        # Not submitted first (they need a call), then the late ones; each in the table's order.
        follow_up = sorted((line for line in (table.lines if table else ()) if not line.submitted or line.late),
                           key=lambda line: line.submitted)
        self.missing_model.set_rows(
            [(line.name, line.code, "Chưa gửi" if not line.submitted else
              f"Gửi muộn: {line.submission.created_at:%d/%m/%Y %H:%M} (hạn {short_date(table.deadline)})")
             for line in follow_up],
            [MISSING_COLOUR if not line.submitted else LATE_COLOUR for line in follow_up])
        self.overdue_model.set_rows([(t.unit, t.number, t.text, t.lead, t.timeframe,
                                      "; ".join(short_date(d) for d in t.missed))
                                     for t in (table.overdue if table else ())])
        skipped = (self.result.skipped + self.result.superseded) if self.result else ()
        self.skipped_model.set_rows([(s.file, s.reason) for s in skipped])
        missing = sum(1 for line in follow_up if not line.submitted)
        late = len(follow_up) - missing
        self.tabs.setTabText(0, self.tr("Chưa gửi (%d), gửi muộn (%d)") % (missing, late))
        self.tabs.setTabText(1, self.tr("Nhiệm vụ quá hạn (%d)") % (len(table.overdue) if table else 0))
        self.tabs.setTabText(2, self.tr("Tệp bỏ qua (%d)") % len(skipped))

    def _refresh(self) -> None:
        table = self.current_table()
        has_table = table is not None
        for action in (self.act_xlsx, self.act_pdf):
            action.setEnabled(has_table)
        self.act_clear.setEnabled(bool(self.inputs))
        self.hint.setVisible(not has_table)
        if table is None:
            self.summary.setText("")
            count = len(self.result.skipped) if self.result else 0
            self.statusBar().showMessage(self.tr("Chưa có gói nào đọc được; bỏ qua %d tệp.") % count if count
                                         else self.tr("Chưa mở gói nào."))
            return
        total = table.total
        sent = sum(1 for line in table.lines if line.submitted)
        self.summary.setText(self.tr(
            "<b>%s</b> — đã gửi %d/%d đơn vị, chưa gửi %d, gửi muộn %d (hạn %s) · %d nhiệm vụ: hoàn thành %d (%s), "
            "đang thực hiện %d, <span style='color:#c62828'>quá hạn %d</span>, chưa triển khai %d") % (
            table.label[:1].upper() + table.label[1:], sent, len(table.lines), len(table.missing), len(table.late),
            short_date(table.deadline), total.total, total.done, format_percent(total.percent_done),
            total[TaskStatus.IN_PROGRESS], total[TaskStatus.OVERDUE], total[TaskStatus.NOT_STARTED]))
        self.statusBar().showMessage(self.status_text())

    def status_text(self) -> str:
        """What was read, with the same counts as the "Tệp bỏ qua" tab: a
        copy or an earlier sending is read but not counted, a broken file is not read."""
        read = len(self.opened.submissions)
        superseded, broken = len(self.result.superseded), len(self.result.skipped)
        text = self.tr("Đã đọc %d gói từ %d nơi, tính %d") % (read, len(self.inputs), read - superseded)
        if superseded:
            text += self.tr(", bỏ %d gói trùng hoặc đã có bản gửi lại mới hơn") % superseded
        if broken:
            text += self.tr("; %d tệp hỏng hoặc không phải gói") % broken
        return text + "."

    def _deadline_changed(self) -> None:
        table = self.current_table()
        if table is None:
            return
        value = self.deadline.date().toPython()
        if value != table.deadline:
            self.services.consolidation.set_deadline(table.period, table.year, value)
            self._recompute()

    # -- drilling down ---------------------------------------------------------------------

    def _unit_activated(self, index) -> None:
        source = self.units_view.model().mapToSource(index)
        self.open_unit(source.row())

    def open_unit(self, row: int):
        """The ward's rows (nothing to show for a unit that has not submitted)."""
        from app.ui.consolidation.drilldown import WardDialog

        line = self.units_model.line(row)
        if line.submission is None:
            self.statusBar().showMessage(self.tr("%s chưa gửi gói nộp báo cáo kỳ này.") % line.name, 5000)
            return None
        dialog = WardDialog(line, self)
        dialog.open()
        return dialog

    def _overdue_activated(self, index) -> None:
        source = self.overdue_view.model().mapToSource(index)
        unit = self.overdue_model.rows[source.row()][0]
        row = next((i for i, line in enumerate(self.units_model.lines) if line.name == unit), None)
        if row is not None:
            dialog = self.open_unit(row)
            if dialog is not None:
                dialog.overdue_only.setChecked(True)

    # -- the list, exports ---------------------------------------------------------------------

    def edit_expected_units(self) -> None:
        from app.ui.consolidation.units_dialog import ExpectedUnitsDialog

        if ExpectedUnitsDialog(self.services, self).exec():
            self._recompute()

    def export(self, kind: str) -> None:
        from app.core.file_names import file_name_part
        from app.ui.save_target import choose_save_path

        table = self.current_table()
        if table is None:
            return
        default = Path(self._start_folder()) / f"Tong-hop-{file_name_part(table.label)}.{kind}"
        chosen = choose_save_path(self, self.services, self.tr("Lưu bảng tổng hợp"), default,
                                  "Excel (*.xlsx)" if kind == "xlsx" else "PDF (*.pdf)", f".{kind}")
        if chosen is None:
            return
        write = self.services.consolidation.export_xlsx if kind == "xlsx" else self.services.consolidation.export_pdf

        def done(path) -> None:
            self.statusBar().showMessage(self.tr("Đã lưu %s") % path, 8000)

        run_with_progress(self, self.tr("Đang xuất bảng tổng hợp…"),
                          lambda progress: write([table], chosen.path, chosen.replace_read_only), done)

    # -- remembered between sessions --------------------------------------------------------------

    def _settings(self) -> QSettings:
        from app.ui.window_state import window_settings

        return window_settings()

    def _last_inputs(self) -> list[str]:
        value = self._settings().value("tong_hop/goi_da_mo", [])
        return [value] if isinstance(value, str) else list(value or [])

    def _remember_inputs(self) -> None:
        self._settings().setValue("tong_hop/goi_da_mo", self.inputs)
        self.act_reopen.setEnabled(True)

    def _start_folder(self) -> str:
        for path in reversed(self.inputs or self._last_inputs()):
            folder = Path(path) if Path(path).is_dir() else Path(path).parent
            if folder.is_dir():
                return str(folder)
        return str(Path.home())
