"""The main window: plan switcher, menus, toolbar, the tabs, the status bar.

It wires the parts together and remembers its geometry; the work itself lives
in the tabs (plan_form, matrix, log_tab) and behind them in the services.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app import APP_DISPLAY_NAME
from app.core.presets import KIND_LABELS
from app.ui import commands, window_state
from app.ui.dialogs import ColumnsDialog, NewPlanDialog, show_about
from app.ui.errors import show_error
from app.ui.log_tab import LogTab
from app.ui.matrix.widget import MatrixWidget
from app.ui.open_plan import OpenPlan
from app.ui.overview import OverviewTab
from app.ui.plan_form import PlanForm
from app.ui.qt import (
    QAction, QApplication, QComboBox, QKeySequence, QLabel, QMainWindow, QMessageBox, QTabWidget,
    Qt, QToolBar, QtGui, QUndoStack,
)

if TYPE_CHECKING:  # the window opens before SQLAlchemy is imported
    from app.services import Services

TAB_KEYS = ("overview", "plan", "matrix", "log")


class MainWindow(QMainWindow):
    def __init__(self, services: Services | None = None):
        """The window can be built and shown before the data file is open
        (``services`` None); ``attach`` then fills it."""
        super().__init__()
        self.services = services
        self.setWindowTitle(APP_DISPLAY_NAME)
        self.undo_group = QtGui.QUndoGroup(self)
        self._stacks: dict[int, QUndoStack] = {}
        commands.set_error_handler(lambda error: show_error(self, error))

        # The chosen plan's state, shared by every tab; each refreshes itself
        # from its "changed" signal.
        self.open_plan = OpenPlan(services, self)
        self.overview = OverviewTab(self.open_plan)
        self.plan_form = PlanForm(self.open_plan)
        self.matrix = MatrixWidget(self.open_plan)
        self.log_tab = LogTab(self.open_plan)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.overview, self.tr("Tổng quan"))
        self.tabs.addTab(self.plan_form, self.tr("Kế hoạch"))
        self.tabs.addTab(self.matrix, self.tr("Phụ lục nhiệm vụ"))
        self.tabs.addTab(self.log_tab, self.tr("Nhật ký tiến độ"))
        self.setCentralWidget(self.tabs)

        self.plan_box = QComboBox()
        self.plan_box.setMinimumContentsLength(28)  # the tool bar's buttons fit at 1366 px
        self.plan_box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.plan_box.setToolTip(self.tr("Chọn kế hoạch"))
        self.summary_label = QLabel()
        self.statusBar().addWidget(self.summary_label, 1)
        self.statusBar().addPermanentWidget(QLabel(self.tr("Mọi thay đổi được lưu ngay")))

        self._build_actions()
        self._build_menus_and_toolbar()
        self.plan_box.currentIndexChanged.connect(self._plan_chosen)
        self.matrix.summary_changed.connect(self.summary_label.setText)
        self.matrix.log_requested.connect(self._log_for_task)
        self.open_plan.changed.connect(self._plan_changed)
        self.overview.row_requested.connect(self.show_row)
        window_state.restore_window(self)
        self.tabs.setCurrentIndex(0)  # the day starts on the overview
        if services is not None:
            self.attach(services)
        else:
            self._set_plan_actions_enabled(False)
            self._set_data_actions_enabled(False)
            self.summary_label.setText(self.tr("Đang mở dữ liệu…"))

    def attach(self, services: Services) -> None:
        """The data file is open: show its plans (the last one used first)."""
        self.services = services
        self.open_plan.services = services
        self._set_data_actions_enabled(True)
        self.reload_plans(select=window_state.last_plan())

    def _set_data_actions_enabled(self, enabled: bool) -> None:
        """What needs the data file open, though no plan."""
        for action in (self.act_new, self.act_import, self.act_welcome, self.act_consolidate):
            action.setEnabled(enabled)

    # -- actions and menus -----------------------------------------------------

    def _action(self, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda checked=False: self._guard(slot))
        return action

    def _build_actions(self) -> None:
        self.act_new = self._action(self.tr("Kế hoạch mới…"), self.new_plan, "Ctrl+Shift+N")
        self.act_copy_year = self._action(self.tr("Sao chép sang năm sau"), self.copy_to_next_year)
        self.act_delete_plan = self._action(self.tr("Xóa kế hoạch…"), self.delete_plan)
        self.act_export_xlsx = self._action(self.tr("Xuất phụ lục Excel…"), self.export_xlsx, "Ctrl+E")
        self.act_import = self._action(self.tr("Nhập phụ lục từ tệp…"), self.import_file, "Ctrl+I")
        self.act_export_pdf = self._action(self.tr("Xuất kế hoạch PDF…"), self.export_plan_pdf)
        self.act_export_docx = self._action(self.tr("Xuất Word (.docx)…"), self.export_plan_docx)
        self.act_print_plan = self._action(self.tr("In kế hoạch…"), lambda: self.print_plan(True, True), "Ctrl+P")
        self.act_print_appendix = self._action(self.tr("In phụ lục…"), lambda: self.print_plan(False, True))
        self.act_reports = self._action(self.tr("Báo cáo định kỳ…"), self.open_reports, "Ctrl+R")
        self.act_assessment = self._action(self.tr("Tự đánh giá Chỉ số CCHC…"), self.open_assessment)
        self.act_mail = self._action(self.tr("Gửi lên tỉnh…"), self.send_upward, "Ctrl+M")
        self.act_consolidate = self._action(self.tr("Tổng hợp báo cáo các đơn vị…"), self._open_consolidation)
        self.act_settings = self._action(self.tr("Thiết lập…"), self.open_settings)
        self.act_backup_export = self._action(self.tr("Sao lưu ra tệp…"), lambda: self._backup("export"))
        self.act_backup_import = self._action(self.tr("Khôi phục từ tệp…"), lambda: self._backup("import"))
        self.act_backups = self._action(self.tr("Các bản sao lưu…"), lambda: self._backup("list"))
        self.act_quit = self._action(self.tr("Thoát"), self.close, QKeySequence.Quit)
        self.act_undo = self.undo_group.createUndoAction(self, self.tr("Hoàn tác"))
        self.act_undo.setShortcuts([QKeySequence.Undo])
        self.act_redo = self.undo_group.createRedoAction(self, self.tr("Làm lại"))
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.act_columns = self._action(self.tr("Chọn cột phụ lục…"), self.choose_columns)
        self.act_about = self._action(self.tr("Giới thiệu"), lambda: show_about(self))
        self.act_welcome = self._action(self.tr("Bắt đầu…"), self.show_welcome)
        self.tab_actions = []
        for index, key in enumerate(TAB_KEYS):
            action = self._action(self.tabs.tabText(index), lambda i=index: self.tabs.setCurrentIndex(i),
                                  f"Ctrl+{index + 1}")
            self.tab_actions.append(action)

    def _build_menus_and_toolbar(self) -> None:
        m = self.matrix.actions
        menu = self.menuBar().addMenu(self.tr("&Tệp"))
        for action in (self.act_new, self.act_copy_year, self.act_delete_plan, None, self.act_import,
                       self.act_export_xlsx, self.act_export_pdf, self.act_export_docx, None, self.act_print_plan,
                       self.act_print_appendix, None, self.act_mail, None, self.act_backup_export,
                       self.act_backup_import, self.act_backups, None, self.act_settings, None, self.act_quit):
            menu.addSeparator() if action is None else menu.addAction(action)
        menu = self.menuBar().addMenu(self.tr("&Sửa"))
        for action in (self.act_undo, self.act_redo, None, m["copy"], m["paste"], m["delete_rows"], None, m["find"]):
            menu.addSeparator() if action is None else menu.addAction(action)
        menu = self.menuBar().addMenu(self.tr("&Phụ lục"))
        for key in ("add_area", "add_task", "add_activity", "add_subtask", None, "insert_above", "insert_below",
                    None, "indent", "outdent", "move_up", "move_down", None, "renumber"):
            menu.addSeparator() if key is None else menu.addAction(m[key])
        menu.addAction(self.act_columns)
        menu = self.menuBar().addMenu(self.tr("Tiến &độ"))
        menu.addAction(m["log_progress"])
        menu = self.menuBar().addMenu(self.tr("&Báo cáo"))
        menu.addAction(self.act_reports)
        menu.addAction(self.act_assessment)
        menu.addAction(self.act_consolidate)
        menu = self.menuBar().addMenu(self.tr("&Xem"))
        for action in self.tab_actions:
            menu.addAction(action)
        menu = self.menuBar().addMenu(self.tr("Trợ &giúp"))
        menu.addAction(self.act_welcome)
        menu.addAction(self.act_about)

        toolbar = QToolBar(self.tr("Thanh công cụ"))
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(self.tr(" Kế hoạch: ")))
        toolbar.addWidget(self.plan_box)
        toolbar.addAction(self.act_new)
        toolbar.addSeparator()
        toolbar.addAction(self.act_undo)
        toolbar.addAction(self.act_redo)
        toolbar.addSeparator()
        for key in ("add_area", "add_task", "add_activity", "delete_rows", "log_progress"):
            toolbar.addAction(m[key])
        toolbar.addSeparator()
        toolbar.addAction(self.act_export_xlsx)
        toolbar.addAction(self.act_print_plan)
        toolbar.addAction(self.act_reports)
        toolbar.addAction(self.act_mail)
        self.addToolBar(toolbar)
        for action in (self.act_undo, self.act_redo, *self.tab_actions):
            self.addAction(action)

    def _guard(self, slot) -> None:
        try:
            slot()
        except Exception as error:
            show_error(self, error)

    # -- plans -------------------------------------------------------------------

    @property
    def current_plan_id(self) -> int | None:
        return self.plan_box.currentData()

    def reload_plans(self, select: int | None = None) -> None:
        plans = self.services.plans.list()
        self.plan_box.blockSignals(True)
        self.plan_box.clear()
        for plan in plans:
            self.plan_box.addItem(self._plan_label(plan), plan.id)
            self.plan_box.setItemData(self.plan_box.count() - 1, plan.title, Qt.ToolTipRole)
        index = self.plan_box.findData(select) if select is not None else 0
        self.plan_box.setCurrentIndex(index if index >= 0 else (0 if plans else -1))
        self.plan_box.blockSignals(False)
        self._plan_chosen()

    def _plan_label(self, plan) -> str:
        sample = self.tr(" (mẫu)") if plan.is_sample else ""
        return f"{plan.year} · {KIND_LABELS.get(plan.kind, plan.kind)} · {plan.title}{sample}"

    def select_plan(self, plan_id: int) -> None:
        index = self.plan_box.findData(plan_id)
        if index >= 0:
            self.plan_box.setCurrentIndex(index)

    def _plan_chosen(self) -> None:
        plan_id = self.current_plan_id
        stack = self._stack_for(plan_id)
        self.undo_group.setActiveStack(stack)
        self.open_plan.load(plan_id, stack)
        window_state.restore_columns(self)
        has_plan = plan_id is not None
        self._set_plan_actions_enabled(has_plan)
        if not has_plan:
            self.summary_label.setText(self.tr("Chưa có kế hoạch nào: chọn Tệp › Kế hoạch mới."))

    def _set_plan_actions_enabled(self, enabled: bool) -> None:
        for action in (self.act_copy_year, self.act_delete_plan, self.act_columns, self.act_export_xlsx,
                       self.act_export_pdf, self.act_export_docx, self.act_print_plan, self.act_print_appendix,
                       self.act_reports, self.act_assessment, self.act_mail, *self.matrix.actions.values()):
            action.setEnabled(enabled)

    def _stack_for(self, plan_id: int | None) -> QUndoStack | None:
        if plan_id is None:
            return None
        if plan_id not in self._stacks:
            stack = QUndoStack(self)
            self.undo_group.addStack(stack)
            self._stacks[plan_id] = stack
        return self._stacks[plan_id]

    def _plan_changed(self, update) -> None:
        """A new title shows in the plan switcher at once."""
        state = self.open_plan.state
        if update.document and not update.reset and state is not None:
            index = self.plan_box.findData(state.plan_id)
            summary = next((p for p in self.services.plans.list() if p.id == state.plan_id), None)
            if index >= 0 and summary is not None and self.plan_box.itemText(index) != self._plan_label(summary):
                self.plan_box.setItemText(index, self._plan_label(summary))
                self.plan_box.setItemData(index, summary.title, Qt.ToolTipRole)

    def new_plan(self) -> None:
        dialog = NewPlanDialog(self)
        if not dialog.exec():
            return
        kind, year, layout, with_areas = dialog.values()
        plan_id = self.services.plans.create(kind, year, layout, with_areas=with_areas)
        self.reload_plans(select=plan_id)
        self.tabs.setCurrentIndex(TAB_KEYS.index("plan"))

    def copy_to_next_year(self) -> None:
        plan_id = self.current_plan_id
        if plan_id is None:
            return
        from app.ui.copy_year import copy_to_next_year

        new_id = copy_to_next_year(self, self.services, plan_id)
        if new_id is None:
            return
        self.reload_plans(select=new_id)
        self.statusBar().showMessage(self.tr("Đã tạo bản sao cho năm sau (chưa có tiến độ)."), 8000)

    def delete_plan(self) -> None:
        plan_id = self.current_plan_id
        if plan_id is None:
            return
        state = self.open_plan.state
        plan, tasks, entries = state.plan, len(state.tasks()), len(state.entries)
        answer = QMessageBox.warning(
            self, self.tr("Xóa kế hoạch"),
            self.tr("Xóa kế hoạch năm %d «%s» cùng %d nhiệm vụ và %d mục tiến độ?\n\n"
                    "Việc này không hoàn tác được.") % (plan.year, plan.title, tasks, entries),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        self.services.plans.delete(plan_id)
        stack = self._stacks.pop(plan_id, None)
        if stack is not None:
            self.undo_group.removeStack(stack)
        self.reload_plans()

    def choose_columns(self) -> None:
        state = self.open_plan.state
        if state is None:
            return
        dialog = ColumnsDialog(list(state.plan.columns), self, state.plan.hide_empty_columns)
        if dialog.exec():
            self.matrix.rows.set_columns(dialog.columns(), dialog.hide_empty.isChecked())
            window_state.restore_columns(self)

    def export_xlsx(self) -> None:
        from app.ui.export_dialog import export_appendix

        if self.current_plan_id is not None:
            export_appendix(self, self.services, self.current_plan_id)

    def export_plan_pdf(self) -> None:
        from app.ui.export_dialog import export_plan_pdf

        if self.current_plan_id is not None:
            export_plan_pdf(self, self.services, self.current_plan_id)

    def export_plan_docx(self) -> None:
        from app.ui.word_export import export_plan_word

        if self.current_plan_id is not None:
            export_plan_word(self, self.services, self.current_plan_id)

    def print_plan(self, document: bool, appendix: bool) -> None:
        from app.ui.pdf_preview import print_plan

        if self.current_plan_id is not None:
            print_plan(self, self.services, self.current_plan_id, document, appendix)

    def open_reports(self) -> None:
        from app.ui.report_dialog import ReportDialog

        if self.current_plan_id is not None:
            ReportDialog(self.services, self.current_plan_id, self).exec()

    def open_assessment(self) -> None:
        from app.ui.assessment.dialog import AssessmentDialog

        if self.current_plan_id is not None:
            AssessmentDialog(self.services, self.current_plan_id, self).exec()

    def show_welcome(self) -> None:
        """Three ways to begin (shown at start while there is no plan)."""
        from app.ui.welcome import WelcomeDialog

        dialog = WelcomeDialog(str(self.services.data_dir), self, self.services)
        if not dialog.exec():
            return
        if dialog.choice == WelcomeDialog.PRESET:
            self.new_plan()
        elif dialog.choice == WelcomeDialog.IMPORT:
            self.import_file()
        elif dialog.choice == WelcomeDialog.SAMPLE:
            self.open_sample()

    def open_sample(self) -> None:
        """The shipped sample plan, imported as a plan marked "mẫu"."""
        from app.ui.background import run_with_progress

        def done(result) -> None:
            self.reload_plans(select=result.plan_id)
            self.tabs.setCurrentIndex(TAB_KEYS.index("matrix"))

        run_with_progress(self, self.tr("Đang mở kế hoạch mẫu…"),
                          lambda progress: self.services.imports.import_sample(), done)

    def import_file(self, path=None) -> None:
        from app.ui.import_flow import import_file

        import_file(self, self.services, path)

    def _log_for_task(self, task_id) -> None:
        self.log_tab.add_entry(task_id)

    def show_row(self, row_id: int) -> None:
        """From the overview to the task's row in the matrix."""
        self.show_tab("matrix")
        self.matrix.select_row(row_id)
        self.matrix.tree.setFocus()

    def _open_consolidation(self) -> None:
        from app.ui.consolidation.window import show_consolidation

        show_consolidation(self)

    def send_upward(self) -> None:
        from app.ui.mail_dialog import MailDialog

        if self.current_plan_id is not None:
            MailDialog(self.services, self.current_plan_id, self).exec()

    def _backup(self, what: str) -> None:
        """Tệp › Sao lưu ra tệp / Khôi phục từ tệp / Các bản sao lưu."""
        from app.ui import backup_ui

        if self.services is not None:
            {"export": backup_ui.export_backup, "import": backup_ui.import_backup,
             "list": lambda window: backup_ui.BackupDialog(window).exec()}[what](self)

    def after_restore(self) -> None:
        """The data were replaced: no undo step may refer to the old rows."""
        for stack in list(self._stacks.values()):
            self.undo_group.removeStack(stack)
        self._stacks.clear()
        self.reload_plans(select=self.current_plan_id)
        self.statusBar().showMessage(self.tr("Đã khôi phục dữ liệu từ bản sao lưu."), 10000)

    def daily_backup(self) -> None:
        """At start: a backup when the newest is older than a day."""
        from app.ui.background import run_with_progress

        if self.services is not None and self.services.backups.due():
            run_with_progress(self, self.tr("Đang sao lưu tự động…"),
                              lambda progress: self.services.backups.create("tu-dong"), lambda _b: None)

    def open_settings(self) -> None:
        from app.ui.settings_dialog import SettingsDialog

        if self.services is not None and SettingsDialog(self.services, self).exec():
            self.reload_plans(select=self.current_plan_id)

    def remind_if_due(self, today=None) -> str:
        """Once a day at start: what is overdue or due soon, with a way to stop."""
        from datetime import date

        from app.ui.qt import QCheckBox, QMessageBox

        today = today or date.today()
        reminders = self.services.reminders if self.services else None
        if reminders is None or self.current_plan_id is None or not reminders.due_today(today):
            return ""
        text = reminders.message(self.current_plan_id, today)
        reminders.shown(today)
        if text:
            box = QMessageBox(QMessageBox.Information, self.tr("Nhắc việc"), text, QMessageBox.Ok, self)
            stop = QCheckBox(self.tr("Không nhắc nữa (bật lại trong Tệp › Thiết lập)"))
            box.setCheckBox(stop)
            box.exec()
            if stop.isChecked():
                reminders.stop()
        return text

    def show_tab(self, key: str) -> None:
        if key in TAB_KEYS:
            self.tabs.setCurrentIndex(TAB_KEYS.index(key))

    def closeEvent(self, event) -> None:
        # Leaving a field saves it: make sure the last edit is written.
        focused = QApplication.focusWidget()
        if focused is not None:
            focused.clearFocus()
        QApplication.processEvents()
        window_state.save_window_state(self)
        super().closeEvent(event)
