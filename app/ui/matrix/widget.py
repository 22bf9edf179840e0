"""The "Phụ lục nhiệm vụ" tab: filter bar, the tree, its actions and menus."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from app.core.errors import InvalidInputError
from app.core.model import RowKind
from app.core.status import TASK_STATUS_LABELS, TaskStatus
from app.io.clipboard_table import grid_to_html, grid_to_tsv, read_pasted, rows_to_grid
from app.io.table_reader import TableReadError
from app.ui.errors import show_error
from app.ui.matrix.delegate import CellDelegate
from app.ui.matrix.filtering import MatrixFilter, MatrixFilterProxy
from app.ui.matrix.model import MatrixModel, units_text
from app.ui.matrix.operations import MatrixOperations
from app.ui.qt import (
    QAbstractItemView, QAction, QApplication, QComboBox, QHBoxLayout, QItemSelectionModel, QKeySequence,
    QLabel, QLineEdit, QMenu, QMessageBox, QMimeData, QModelIndex, QPushButton, QSpinBox, Qt, QTimer,
    QTreeView, QUndoStack, QVBoxLayout, QWidget, Signal,
)

if TYPE_CHECKING:  # the window opens before SQLAlchemy is imported
    from app.services import Services

PASTE_IN_BACKGROUND = 300  # rows; larger pastes run behind a progress dialog
PIXELS_PER_WIDTH_UNIT = 9


class MatrixTree(QTreeView):
    """Enter starts editing (F2 works too), as officers expect from Excel."""

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and self.state() != QAbstractItemView.EditingState:
            index = self.currentIndex()
            if index.isValid() and index.flags() & Qt.ItemIsEditable:
                self.edit(index)
                return
        super().keyPressEvent(event)


class MatrixWidget(QWidget):
    summary_changed = Signal(str)
    log_requested = Signal(object)  # task id or None

    def __init__(self, services: Services | None, parent=None):
        super().__init__(parent)
        self.services = services
        self.stack: QUndoStack | None = None
        self.model = MatrixModel(services, self)
        self.proxy = MatrixFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.tree = MatrixTree()
        self.tree.setModel(self.proxy)
        self.tree.setItemDelegate(CellDelegate(self.tree, self._unit_names))
        self._configure_tree()
        self._build_filter_bar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self.filter_bar)
        layout.addWidget(self.tree)
        self.actions: dict[str, QAction] = {}
        self._build_actions()
        self.model.edit_requested.connect(self._on_edit_requested)
        self.model.edit_refused.connect(lambda text: QMessageBox.warning(self, self.tr("Không lưu được"), text))
        self.model.drop_requested.connect(self._on_drop)
        self.model.tracking_changed.connect(self._emit_summary)
        self.model.modelReset.connect(self._after_reset)
        self.model.rowsInserted.connect(lambda *_: QTimer.singleShot(0, self._span_areas))
        self.proxy.layoutChanged.connect(self._span_areas)
        self._relayout_timer = QTimer(self, singleShot=True, interval=120)
        self._relayout_timer.timeout.connect(self.tree.doItemsLayout)
        self.tree.header().sectionResized.connect(self._section_resized)
        # Columns follow the window's width until the user sizes one by hand
        # (or sizes saved from an earlier session are restored).
        self.auto_fit = True
        self._fitting = False

    def attach(self, services: Services) -> None:
        """The data file is open: the window was shown before it was."""
        self.services = services
        self.model.services = services

    def _unit_names(self) -> list[str]:
        return self.services.units.names() if self.services else []

    # -- set up ------------------------------------------------------------

    def _configure_tree(self) -> None:
        tree = self.tree
        tree.setUniformRowHeights(False)
        tree.setWordWrap(True)
        tree.setAlternatingRowColors(True)
        tree.setSelectionBehavior(QAbstractItemView.SelectRows)
        tree.setSelectionMode(QAbstractItemView.ExtendedSelection)
        tree.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed)
        tree.setAllColumnsShowFocus(True)
        tree.setIndentation(14)
        tree.setDragEnabled(True)
        tree.setAcceptDrops(True)
        tree.setDropIndicatorShown(True)
        tree.setDragDropMode(QAbstractItemView.DragDrop)
        tree.setDefaultDropAction(Qt.MoveAction)
        # Per item, as in Excel: per pixel would make the view measure every
        # row's height (thousands of wrapped cells) just to size the scroll bar.
        tree.setVerticalScrollMode(QAbstractItemView.ScrollPerItem)
        tree.setContextMenuPolicy(Qt.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._context_menu)
        tree.header().setStretchLastSection(False)

    def _build_filter_bar(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Tìm trong phụ lục (gõ không dấu cũng được)…"))
        self.search.setClearButtonEnabled(True)
        self.area_box = QComboBox()
        self.unit_box = QComboBox()
        self.unit_box.setEditable(True)
        self.unit_box.lineEdit().setPlaceholderText(self.tr("Mọi đơn vị"))
        self.status_box = QComboBox()
        self.status_box.addItem(self.tr("Mọi tình trạng"), None)
        self.status_box.addItem(self.tr("Chưa hoàn thành"), "open")
        for status in TaskStatus:
            self.status_box.addItem(TASK_STATUS_LABELS[status], status.value)
        self.due_box = QSpinBox()
        self.due_box.setRange(0, 366)
        self.due_box.setSpecialValueText(self.tr("Hạn: mọi ngày"))
        self.due_box.setPrefix(self.tr("Hạn trong "))
        self.due_box.setSuffix(self.tr(" ngày"))
        self.clear_filter = QPushButton(self.tr("Bỏ lọc"))
        self.filter_bar = QHBoxLayout()
        self.filter_bar.addWidget(QLabel(self.tr("Lọc:")))
        self.filter_bar.addWidget(self.search, 3)
        self.filter_bar.addWidget(self.area_box, 2)
        self.filter_bar.addWidget(self.unit_box, 2)
        self.filter_bar.addWidget(self.status_box, 1)
        self.filter_bar.addWidget(self.due_box)
        self.filter_bar.addWidget(self.clear_filter)
        self._filter_timer = QTimer(self, singleShot=True, interval=150)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(lambda _: self._filter_timer.start())
        self.unit_box.currentTextChanged.connect(lambda _: self._filter_timer.start())
        for box in (self.area_box, self.status_box):
            box.currentIndexChanged.connect(lambda _: self._filter_timer.start())
        self.due_box.valueChanged.connect(lambda _: self._filter_timer.start())
        self.clear_filter.clicked.connect(self.reset_filter)

    def _build_actions(self) -> None:
        spec: list[tuple[str, str, str | QKeySequence | None, Callable[[], None]]] = [
            ("add_area", self.tr("Thêm lĩnh vực"), "Ctrl+Shift+L", self.add_area),
            ("add_task", self.tr("Thêm nhiệm vụ"), "Ctrl+Shift+T", self.add_task),
            ("add_activity", self.tr("Thêm hoạt động"), "Ctrl+Shift+H", lambda: self.add_child(RowKind.ACTIVITY)),
            ("add_subtask", self.tr("Thêm nhiệm vụ con (3.1)"), "Ctrl+Shift+U", lambda: self.add_child(RowKind.SUBTASK)),
            ("insert_above", self.tr("Chèn dòng phía trên"), "Ctrl+Shift+Up", lambda: self.insert_next_to(False)),
            ("insert_below", self.tr("Chèn dòng phía dưới"), "Ctrl+Shift+Down", lambda: self.insert_next_to(True)),
            ("indent", self.tr("Thụt vào (thành hoạt động)"), "Alt+Shift+Right", self.indent),
            ("outdent", self.tr("Lùi ra (thành nhiệm vụ)"), "Alt+Shift+Left", self.outdent),
            ("move_up", self.tr("Chuyển lên"), "Alt+Shift+Up", lambda: self.move_by(-1)),
            ("move_down", self.tr("Chuyển xuống"), "Alt+Shift+Down", lambda: self.move_by(1)),
            ("delete_rows", self.tr("Xóa dòng"), QKeySequence.Delete, self.delete_rows),
            ("copy", self.tr("Sao chép dòng"), QKeySequence.Copy, self.copy_rows),
            ("paste", self.tr("Dán từ Word/Excel"), QKeySequence.Paste, self.paste_rows),
            ("log_progress", self.tr("Ghi tiến độ…"), "Ctrl+L", self._request_log),
            ("find", self.tr("Tìm trong phụ lục"), QKeySequence.Find, self._focus_search),
            ("renumber", self.tr("Đánh số lại tự động"), None, self.renumber),
        ]
        for key, text, shortcut, slot in spec:
            action = QAction(text, self)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            # Shortcuts work while the tree (not an editor in it) has focus.
            action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda checked=False, s=slot: self._run(s))
            self.actions[key] = action
            self.tree.addAction(action)
        for key in ("find", "add_area", "add_task", "log_progress"):
            self.actions[key].setShortcutContext(Qt.WindowShortcut)
        self.actions["delete_rows"].setShortcutContext(Qt.WidgetShortcut)

    # -- loading -------------------------------------------------------------

    def set_stack(self, stack: QUndoStack | None) -> None:
        self.stack = stack

    @property
    def operations(self) -> MatrixOperations:
        return MatrixOperations(self.model, self.stack)

    def load(self, plan_id: int | None) -> None:
        self.model.load(plan_id)
        self._refresh_filter_choices()

    def _after_reset(self) -> None:
        if self.auto_fit:
            self._apply_column_widths()
        QTimer.singleShot(0, self._span_areas)
        self.tree.expandAll()

    def _section_resized(self, *_args) -> None:
        if not self._fitting:
            self.auto_fit = False
        self._relayout_timer.start()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.auto_fit and event.size().width() != event.oldSize().width():
            self.fit_columns()

    def _apply_column_widths(self) -> None:
        """Share the visible width among the columns by the plan's relative
        widths (the user's own widths, once saved, replace these)."""
        self._fitting = True
        try:
            self._share_width()
        finally:
            self._fitting = False

    def _share_width(self) -> None:
        header = self.tree.header()
        columns = self.model.columns
        if not columns:
            return
        # The tree's own width: its viewport is resized only later, after ours.
        available = self.tree.width() - self.tree.verticalScrollBar().sizeHint().width() - 2 * self.tree.frameWidth()
        available = available - self.tree.indentation() - 4 if available > 400 else 1300
        number_width = 60
        total = sum(c.width for c in columns if c.field != "number") or 1
        rest = available - (number_width if any(c.field == "number" for c in columns) else 0)
        for i, column in enumerate(columns):
            width = number_width if column.field == "number" else int(rest * column.width / total)
            header.resizeSection(i, max(70, width) if column.field != "number" else width)

    def fit_columns(self) -> None:
        self._apply_column_widths()
        self.tree.doItemsLayout()

    def column_state_key(self) -> str:
        return "matrix/header/" + ",".join(c.field for c in self.model.columns)

    def _span_areas(self) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            source = self.proxy.mapToSource(index)
            rid = self.model.row_id(source)
            if rid is not None:
                self.tree.setFirstColumnSpanned(row, QModelIndex(), self.model.row(rid).kind is RowKind.AREA)

    def _refresh_filter_choices(self) -> None:
        current_area = self.area_box.currentData()
        self.area_box.blockSignals(True)
        self.area_box.clear()
        self.area_box.addItem(self.tr("Mọi lĩnh vực"), None)
        for rid in self.model.children_of(None):
            row = self.model.row(rid)
            if row.kind is RowKind.AREA:
                self.area_box.addItem(f"{self.model.number(rid)}. {row.task}", rid)
        index = self.area_box.findData(current_area)
        self.area_box.setCurrentIndex(max(0, index))
        self.area_box.blockSignals(False)
        text = self.unit_box.currentText()
        self.unit_box.blockSignals(True)
        self.unit_box.clear()
        self.unit_box.addItem("")
        self.unit_box.addItems(self._unit_names())
        self.unit_box.setCurrentText(text)
        self.unit_box.blockSignals(False)

    # -- filtering -----------------------------------------------------------

    def _apply_filter(self) -> None:
        status = self.status_box.currentData()
        if status == "open":
            statuses = frozenset(s for s in TaskStatus if s not in (
                TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE, TaskStatus.CANCELLED))
        elif status:
            statuses = frozenset({TaskStatus(status)})
        else:
            statuses = frozenset()
        self.proxy.set_filter(MatrixFilter(
            text=self.search.text(),
            area_id=self.area_box.currentData(),
            unit=self.unit_box.currentText(),
            statuses=statuses,
            due_within=self.due_box.value() or None,
        ))
        self.tree.expandAll()
        self._span_areas()

    def reset_filter(self) -> None:
        for widget in (self.search, self.area_box, self.unit_box, self.status_box, self.due_box):
            widget.blockSignals(True)
        self.search.clear()
        self.area_box.setCurrentIndex(0)
        self.unit_box.setCurrentText("")
        self.status_box.setCurrentIndex(0)
        self.due_box.setValue(0)
        for widget in (self.search, self.area_box, self.unit_box, self.status_box, self.due_box):
            widget.blockSignals(False)
        self._apply_filter()

    def set_filter(self, matrix_filter: MatrixFilter) -> None:
        """Used by the overview's links and by tests."""
        self.search.blockSignals(True)
        self.search.setText(matrix_filter.text)
        self.search.blockSignals(False)
        self.proxy.set_filter(matrix_filter)
        self.tree.expandAll()
        self._span_areas()

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- selection -----------------------------------------------------------

    def current_row_id(self) -> int | None:
        index = self.tree.currentIndex()
        return self.model.row_id(self.proxy.mapToSource(index)) if index.isValid() else None

    def selected_row_ids(self) -> list[int]:
        ids = []
        for index in self.tree.selectionModel().selectedRows(0):
            rid = self.model.row_id(self.proxy.mapToSource(index))
            if rid is not None:
                ids.append(rid)
        current = self.current_row_id()
        if not ids and current is not None:
            ids = [current]
        order = {r.id: i for i, r in enumerate(self.model.ordered_rows())}
        return sorted(ids, key=lambda r: order.get(r, 0))

    def select_row(self, row_id: int, edit_field: str | None = None) -> None:
        source = self.model.index_of(row_id)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.reset_filter()
            index = self.proxy.mapFromSource(self.model.index_of(row_id))
        if not index.isValid():
            return
        self.tree.scrollTo(index)
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
        if edit_field is not None:
            column = self.model.column_of(edit_field)
            if self.model.row(row_id).kind is RowKind.AREA:
                column = 0
            if column >= 0:
                cell = self.proxy.mapFromSource(self.model.index_of(row_id, column))
                self.tree.setCurrentIndex(cell)
                self.tree.edit(cell)

    # -- operations ----------------------------------------------------------

    def _run(self, slot: Callable[[], None]) -> None:
        if self.model.plan_id is None or self.stack is None:
            return
        try:
            slot()
        except Exception as error:
            show_error(self, error)

    def _first_text_field(self, kind: RowKind) -> str:
        preferred = ("activity", "output") if kind is RowKind.ACTIVITY else ("task", "objective", "activity")
        for name in preferred:
            if self.model.column_of(name) >= 0:
                return name
        return self.model.columns[0].field

    def add_area(self) -> None:
        row_id = self.operations.add_area(self.current_row_id())
        self._refresh_filter_choices()
        self.select_row(row_id, "task")

    def add_task(self) -> None:
        row_id = self.operations.add_task(self.current_row_id())
        self.select_row(row_id, self._first_text_field(RowKind.TASK))

    def add_child(self, kind: RowKind) -> None:
        row_id = self.operations.add_child(self.current_row_id(), kind)
        self.tree.expandAll()
        self.select_row(row_id, self._first_text_field(kind))

    def insert_next_to(self, below: bool) -> None:
        current = self.current_row_id()
        if current is None:
            raise InvalidInputError("Hãy chọn một dòng trước.")
        row_id = self.operations.insert_next_to(current, below)
        self.select_row(row_id, self._first_text_field(self.model.row(row_id).kind))

    def indent(self) -> None:
        current = self._require_current()
        self.operations.indent(current)
        self.tree.expandAll()
        self.select_row(current)

    def outdent(self) -> None:
        current = self._require_current()
        self.operations.outdent(current)
        self.select_row(current)

    def move_by(self, step: int) -> None:
        current = self._require_current()
        self.operations.move_by(current, step)
        self.tree.expandAll()
        self.select_row(current)

    def _require_current(self) -> int:
        current = self.current_row_id()
        if current is None:
            raise InvalidInputError("Hãy chọn một dòng trước.")
        return current

    def delete_rows(self) -> None:
        ids = self.selected_row_ids()
        if not ids:
            raise InvalidInputError("Chưa chọn dòng nào để xóa.")
        weighty = [r for r in ids if self.model.children_of(r) or self.model.has_progress(r)]
        if weighty:
            answer = QMessageBox.question(
                self, self.tr("Xóa dòng"),
                self.tr("Dòng được chọn còn dòng con hoặc đã có nhật ký tiến độ; xóa cả các phần đó?\n"
                        "(Có thể hoàn tác bằng Ctrl+Z.)"),
                QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
            if answer != QMessageBox.Yes:
                return
        order = [r.id for r in self.model.ordered_rows()]
        after = next((r for r in order[order.index(ids[-1]) + 1:] if r not in ids), None)
        self.operations.delete(ids)
        self._refresh_filter_choices()
        if after is not None and self.model.has_row(after):
            self.select_row(after)

    def renumber(self) -> None:
        """Drop every number override so the numbering is automatic again."""
        rows = [r for r in self.model.ordered_rows() if r.number_override is not None]
        if not rows:
            return
        self.stack.beginMacro(self.tr("Đánh số lại tự động"))
        try:
            for row in rows:
                self.operations.edit(row.id, {"number_override": None})
        finally:
            self.stack.endMacro()

    def _on_edit_requested(self, row_id: int, changes: dict) -> None:
        try:
            self.operations.edit(row_id, changes)
        except Exception as error:
            show_error(self, error)

    def _on_drop(self, ids: list, parent_id, position: int) -> None:
        try:
            self.operations.drop(ids, parent_id, position)
            self.tree.expandAll()
        except Exception as error:
            show_error(self, error)

    def _request_log(self) -> None:
        current = self.current_row_id()
        self.log_requested.emit(self.model.task_id_of(current) if current is not None else None)

    # -- clipboard -----------------------------------------------------------

    def _copy_grid(self, ids: list[int]) -> list[list[str]]:
        wanted = set(ids)
        for rid in ids:
            wanted |= self.model._descendants(rid)
        rows = [r for r in self.model.ordered_rows() if r.id in wanted]
        numbers = {r.id: self.model.number(r.id) for r in rows}
        columns = [c for c in self.model.plan.columns]
        return rows_to_grid(rows, columns, numbers, units_text)

    def copy_rows(self) -> None:
        ids = self.selected_row_ids()
        if not ids:
            raise InvalidInputError("Chưa chọn dòng nào để sao chép.")
        grid = self._copy_grid(ids)
        mime = QMimeData()
        mime.setText(grid_to_tsv(grid))
        mime.setHtml(grid_to_html(grid))
        QApplication.clipboard().setMimeData(mime)

    def paste_rows(self) -> None:
        mime = QApplication.clipboard().mimeData()
        text = mime.text() if mime and mime.hasText() else ""
        markup = mime.html() if mime and mime.hasHtml() else None
        self.paste_text(text, markup)

    def paste_text(self, text: str, markup: str | None = None) -> None:
        try:
            reading = read_pasted(text, markup, self.model.plan.columns)
        except TableReadError as error:
            raise InvalidInputError(f"Không dán được: {error}") from None
        count = reading.task_count + reading.area_count
        if count > PASTE_IN_BACKGROUND:
            self._paste_in_background(reading.rows)
            return
        ids = self.operations.paste(reading.rows, self.current_row_id())
        self._refresh_filter_choices()
        self.tree.expandAll()
        if ids:
            self.select_row(ids[0])

    def _paste_in_background(self, rows) -> None:
        """Thousands of rows: insert them on the worker thread, then show them
        and put one undo step on the stack."""
        from app.ui.background import run_with_progress
        from app.ui.commands import InsertRowsCommand

        batches = self.operations.paste_batches(rows, self.current_row_id())
        plan_id = self.model.plan_id
        total = sum(len(b[2]) for b in batches)

        def work(progress):
            return self.services.rows.insert_batches(
                plan_id, batches, on_row=lambda done: progress.step(done, total, self.tr("Đang dán các dòng…"))).created

        def done(created):
            command = InsertRowsCommand(self.model, batches, f"Dán {total} dòng")
            command.top_ids = self.model.show_inserted(batches, created)
            self.stack.push(command)
            self._refresh_filter_choices()
            self.tree.expandAll()

        run_with_progress(self, self.tr("Đang dán các dòng…"), work, done)

    # -- menus and status ------------------------------------------------------

    def _context_menu(self, point) -> None:
        menu = QMenu(self)
        for key in ("add_task", "add_activity", "add_subtask", "add_area", None, "insert_above", "insert_below",
                    "indent", "outdent", "move_up", "move_down", None, "copy", "paste", "delete_rows", None,
                    "log_progress"):
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(self.actions[key])
        menu.exec(self.tree.viewport().mapToGlobal(point))


    def _emit_summary(self) -> None:
        summary = self.model.summary()
        if not summary.total:
            self.summary_changed.emit(self.tr("Chưa có nhiệm vụ nào."))
            return
        parts = [f"{TASK_STATUS_LABELS[s]}: {n}" for s, n in summary.counts.items() if n]
        self.summary_changed.emit(f"{summary.total} nhiệm vụ — " + " · ".join(parts))
