"""The "Phụ lục nhiệm vụ" tab: the filter bar, the tree, its actions and menus.

It reads the open plan's state and refreshes itself from its "plan changed"
signal; every change goes through ``RowActions`` (rows) or ``CellBlock``
(cells), each one undo step.
"""

from __future__ import annotations

from typing import Callable

from app.core.errors import InvalidInputError
from app.core.merge import count_rows
from app.core.model import RowKind
from app.core.plan_state import StateUpdate
from app.core.status import TASK_STATUS_LABELS
from app.io.appendix_grid import units_text
from app.io.clipboard_table import (
    COPIED_COLUMNS_FORMAT, copied_columns_data, copied_fields, grid_to_html, grid_to_tsv, read_pasted_source,
    rows_to_grid,
)
from app.io.table_reader import TableReadError
from app.ui.errors import show_error
from app.ui.matrix.actions import RowActions
from app.ui.matrix.cell_block import CellBlock
from app.ui.matrix.columns import WrappingHeader, fit_widths
from app.ui.matrix.view import CellDelegate, MatrixTree
from app.ui.matrix.filtering import FilterBar, MatrixFilter, MatrixFilterProxy
from app.ui.matrix.model import MatrixModel
from app.ui.open_plan import OpenPlan
from app.ui.qt import (
    QAbstractItemView, QAction, QApplication, QItemSelectionModel, QKeySequence, QMenu, QMessageBox, QMimeData,
    QModelIndex, Qt, QTimer, QVBoxLayout, QWidget, Signal,
)

PASTE_IN_BACKGROUND = 300  # rows; larger pastes run behind a progress dialog

# key, label, shortcut; cell actions act only while the table itself has the focus.
_ACTIONS = (
    ("add_area", "Thêm lĩnh vực", "Ctrl+Shift+L"),
    ("add_task", "Thêm nhiệm vụ", "Ctrl+Shift+T"),
    ("add_activity", "Thêm hoạt động", "Ctrl+Shift+H"),
    ("add_subtask", "Thêm nhiệm vụ con (3.1)", "Ctrl+Shift+U"),
    ("insert_above", "Chèn dòng phía trên", "Ctrl+Shift+Up"),
    ("insert_below", "Chèn dòng phía dưới", "Ctrl+Shift+Down"),
    ("indent", "Thụt vào (thành hoạt động)", "Alt+Shift+Right"),
    ("outdent", "Lùi ra (thành nhiệm vụ)", "Alt+Shift+Left"),
    ("move_up", "Chuyển lên", "Alt+Shift+Up"),
    ("move_down", "Chuyển xuống", "Alt+Shift+Down"),
    ("delete_rows", "Xóa dòng", "Ctrl+Delete"),
    ("clear_cells", "Xóa nội dung ô", QKeySequence.Delete),
    ("fill_down", "Điền xuống", "Ctrl+D"),
    ("select_rows", "Chọn cả dòng", "Shift+Space"),
    ("copy", "Sao chép", QKeySequence.Copy),
    ("paste", "Dán", QKeySequence.Paste),
    ("paste_rows", "Dán thành dòng mới (từ Word/Excel)", "Ctrl+Shift+V"),
    ("log_progress", "Ghi tiến độ…", "Ctrl+L"),
    ("find", "Tìm trong phụ lục", QKeySequence.Find),
    ("renumber", "Đánh số lại tự động", None),
)
_TABLE_ONLY = ("delete_rows", "clear_cells", "fill_down", "select_rows", "copy", "paste", "paste_rows")
_WINDOW_WIDE = ("find", "add_area", "add_task", "log_progress")


class MatrixWidget(QWidget):
    summary_changed = Signal(str)
    log_requested = Signal(object)  # a task's row id (or one of its sub-rows'), or None

    def __init__(self, plan: OpenPlan, parent=None):
        super().__init__(parent)
        self.plan = plan
        self.rows = RowActions(plan)
        self.model = MatrixModel(plan, self)
        self.proxy = MatrixFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.tree = MatrixTree()
        self.tree.setHeader(WrappingHeader(self.tree))
        self.tree.setModel(self.proxy)
        self.tree.setItemDelegate(CellDelegate(self.tree, self._unit_names))
        self._configure_tree()
        self.filter_bar = FilterBar()
        self.filter_bar.changed.connect(self.set_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.tree)
        self.actions: dict[str, QAction] = {}
        self._build_actions()
        self.model.edit_refused.connect(lambda text: QMessageBox.warning(self, self.tr("Không lưu được"), text))
        self.model.drop_requested.connect(lambda ids, parent, position: self._run(
            lambda: self.rows.drop(ids, parent, position)))
        plan.changed.connect(self._plan_changed)
        self.proxy.layoutChanged.connect(self._span_areas)
        self._relayout_timer = QTimer(self, singleShot=True, interval=120)
        self._relayout_timer.timeout.connect(self.tree.doItemsLayout)
        self.tree.header().sectionResized.connect(self._section_resized)
        # Columns follow the window's width until the user sizes one by hand
        # (or sizes saved from an earlier session are restored).
        self.auto_fit = True
        self._fitting = False

    @property
    def services(self):
        return self.plan.services

    def _unit_names(self) -> list[str]:
        return self.services.units.names() if self.services else []

    # -- set up ------------------------------------------------------------

    def _configure_tree(self) -> None:
        tree = self.tree
        tree.setUniformRowHeights(False)
        tree.setWordWrap(True)
        tree.setAlternatingRowColors(True)
        tree.setSelectionBehavior(QAbstractItemView.SelectItems)
        tree.setSelectionMode(QAbstractItemView.ExtendedSelection)
        # A spreadsheet, not an outline: every row shows, numbers are not indented.
        tree.setIndentation(0)
        tree.setRootIsDecorated(False)
        tree.setItemsExpandable(False)
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

    def _build_actions(self) -> None:
        slots: dict[str, Callable[[], None]] = {
            "add_area": self.add_area, "add_task": self.add_task,
            "add_activity": lambda: self.add_child(RowKind.ACTIVITY),
            "add_subtask": lambda: self.add_child(RowKind.SUBTASK),
            "insert_above": lambda: self.insert_next_to(False), "insert_below": lambda: self.insert_next_to(True),
            "indent": self.indent, "outdent": self.outdent,
            "move_up": lambda: self.move_by(-1), "move_down": lambda: self.move_by(1),
            "delete_rows": self.delete_rows, "clear_cells": lambda: CellBlock(self.tree).clear(),
            "fill_down": lambda: CellBlock(self.tree).fill_down(), "select_rows": self.select_current_rows,
            "copy": self.copy, "paste": self.paste, "paste_rows": self.paste_rows,
            "log_progress": self._request_log, "find": self._focus_search, "renumber": self.rows.renumber,
        }
        for key, text, shortcut in _ACTIONS:
            action = QAction(self.tr(text), self)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            # Shortcuts work while the tree (not an editor in it) has focus.
            context = Qt.WindowShortcut if key in _WINDOW_WIDE else \
                Qt.WidgetShortcut if key in _TABLE_ONLY else Qt.WidgetWithChildrenShortcut
            action.setShortcutContext(context)
            action.triggered.connect(lambda checked=False, s=slots[key]: self._run(s))
            self.actions[key] = action
            self.tree.addAction(action)

    # -- following the plan ------------------------------------------------------

    def _plan_changed(self, update: StateUpdate) -> None:
        if update.reset or update.document or update.structure:
            self._refresh_filter_choices()
        if update.reset:
            if self.auto_fit:
                self.fit_columns()
        if update.reset or update.structure:
            self.tree.expandAll()
            self._span_areas()
        if update.reset or update.tracking or update.structure:
            self._emit_summary()

    def _section_resized(self, *_args) -> None:
        if not self._fitting:
            self.auto_fit = False
        self._relayout_timer.start()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.auto_fit and event.size().width() != event.oldSize().width():
            self.fit_columns()

    def fit_columns(self) -> None:
        """Share the window's width among the columns by their content."""
        # The tree's own width: its viewport is resized only later, after ours.
        available = self.tree.width() - self.tree.verticalScrollBar().sizeHint().width() - 2 * self.tree.frameWidth()
        widths = fit_widths(self.model, self.tree.fontMetrics(), self.tree.header().fontMetrics(),
                            available if available > 400 else 1300)
        self._fitting = True
        try:
            for column, width in enumerate(widths):
                self.tree.header().resizeSection(column, width)
        finally:
            self._fitting = False
        self.tree.doItemsLayout()

    def column_state_key(self) -> str:
        return "matrix/header/" + ",".join(c.field for c in self.model.columns)

    def _span_areas(self) -> None:
        """An area's title runs across the whole row (areas are top-level rows)."""
        for row in range(self.proxy.rowCount()):
            row_id = self.model.row_id(self.proxy.mapToSource(self.proxy.index(row, 0)))
            state = self.plan.state
            is_area = state is not None and row_id is not None and state.row(row_id).kind is RowKind.AREA
            self.tree.setFirstColumnSpanned(row, QModelIndex(), is_area)

    def _refresh_filter_choices(self) -> None:
        state = self.plan.state
        areas = [(r, f"{state.number(r)}. {state.row(r).task}") for r in state.tree.of_kind(RowKind.AREA)] \
            if state else []
        self.filter_bar.set_choices(areas, self._unit_names())

    # -- filtering -----------------------------------------------------------

    def set_filter(self, matrix_filter: MatrixFilter) -> None:
        """From the filter bar, the overview's links and tests."""
        if matrix_filter.text != self.filter_bar.search.text():
            self.filter_bar.show_text(matrix_filter.text)
        self.proxy.set_filter(matrix_filter)
        self.tree.expandAll()
        self._span_areas()

    def reset_filter(self) -> None:
        self.filter_bar.reset()

    def _focus_search(self) -> None:
        self.filter_bar.search.setFocus()
        self.filter_bar.search.selectAll()

    # -- selection -----------------------------------------------------------

    def current_row_id(self) -> int | None:
        index = self.tree.currentIndex()
        return self.model.row_id(self.proxy.mapToSource(index)) if index.isValid() else None

    def selected_row_ids(self) -> list[int]:
        """Rows with a selected cell (or the current row), in display order."""
        ids = {self.model.row_id(self.proxy.mapToSource(i)) for i in self.tree.selectionModel().selectedIndexes()}
        ids.discard(None)
        if not ids and self.current_row_id() is not None:
            ids = {self.current_row_id()}
        order = self.plan.state.tree.order_index() if self.plan.state else {}
        return sorted((i for i in ids if i in order), key=order.__getitem__)

    def select_row(self, row_id: int, edit_field: str | None = None) -> None:
        index = self.proxy.mapFromSource(self.model.index_of(row_id))
        if not index.isValid():
            self.reset_filter()
            index = self.proxy.mapFromSource(self.model.index_of(row_id))
        if not index.isValid():
            return
        self.tree.scrollTo(index)
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
        if edit_field is not None:
            column = 0 if self.plan.state.row(row_id).kind is RowKind.AREA else self.model.column_of(edit_field)
            if column >= 0:
                self.tree.edit_new_row(self.proxy.mapFromSource(self.model.index_of(row_id, column)))

    def select_current_rows(self) -> None:
        """Shift+Space: the rows of the selected cells, whole (to copy or move rows)."""
        selection = self.tree.selectionModel()
        for index in list(selection.selectedIndexes()) or [self.tree.currentIndex()]:
            selection.select(index, QItemSelectionModel.Select | QItemSelectionModel.Rows)

    # -- row actions ----------------------------------------------------------

    def _run(self, slot: Callable[[], object]) -> None:
        if self.plan.state is None or self.plan.stack is None:
            return
        try:
            slot()
        except Exception as error:
            show_error(self, error)

    def _first_text_field(self, kind: RowKind) -> str:
        preferred = ("activity", "output") if kind is RowKind.ACTIVITY else ("task", "objective", "activity")
        return next((name for name in preferred if self.model.column_of(name) >= 0), self.model.columns[0].field)

    def add_area(self) -> None:
        self.select_row(self.rows.add_area(self.current_row_id()), "task")

    def add_task(self) -> None:
        self.select_row(self.rows.add_task(self.current_row_id()), self._first_text_field(RowKind.TASK))

    def add_child(self, kind: RowKind) -> None:
        self.select_row(self.rows.add_child(self.current_row_id(), kind), self._first_text_field(kind))

    def insert_next_to(self, below: bool) -> None:
        row_id = self.rows.insert_next_to(self._require_current(), below)
        self.select_row(row_id, self._first_text_field(self.plan.state.row(row_id).kind))

    def indent(self) -> None:
        current = self._require_current()
        self.rows.indent(current)
        self.select_row(current)

    def outdent(self) -> None:
        current = self._require_current()
        self.rows.outdent(current)
        self.select_row(current)

    def move_by(self, step: int) -> None:
        current = self._require_current()
        self.rows.move_by(current, step)
        self.select_row(current)

    def _require_current(self) -> int:
        current = self.current_row_id()
        if current is None:
            raise InvalidInputError("Hãy chọn một dòng trước.")
        return current

    def delete_rows(self) -> None:
        state = self.plan.state
        ids = state.tree.top_most(self.selected_row_ids())
        if not ids:
            raise InvalidInputError("Chưa chọn dòng nào để xóa.")
        if any(state.tree.children(r) or state.has_progress(r) for r in ids):
            answer = QMessageBox.question(
                self, self.tr("Xóa dòng"),
                self.tr("Dòng được chọn còn dòng con hoặc đã có nhật ký tiến độ; xóa cả các phần đó?\n"
                        "(Có thể hoàn tác bằng Ctrl+Z.)"),
                QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
            if answer != QMessageBox.Yes:
                return
        order = [r.id for r in state.ordered_rows()]
        gone = {i for r in ids for i in state.tree.subtree(r)}
        after = next((r for r in order[order.index(ids[-1]) + 1:] if r not in gone), None)
        self.rows.delete(ids)
        if after is not None and state.has_row(after):
            self.select_row(after)

    def _request_log(self) -> None:
        # The row itself: a sub-row or an activity may carry its own log.
        current = self.current_row_id()
        self.log_requested.emit(current if current is not None and self.plan.state.tree.task_of(current) else None)

    # -- clipboard -----------------------------------------------------------

    def copy(self) -> None:
        """Whole rows are copied as rows (with their activities), in the plan's
        columns; any other selection as a block of cells."""
        mime = QMimeData()
        block = CellBlock(self.tree)
        if block.whole_rows():
            state = self.plan.state
            wanted = {i for r in state.tree.top_most(self.selected_row_ids()) for i in state.tree.subtree(r)}
            rows = [r for r in state.ordered_rows() if r.id in wanted]
            grid = rows_to_grid(rows, state.plan.columns, state.numbers, units_text)
            mime.setText(grid_to_tsv(grid))
            mime.setHtml(grid_to_html(grid))
            # Our own rows say which columns they hold: pasted back, no guessing.
            mime.setData(COPIED_COLUMNS_FORMAT, copied_columns_data(state.plan.columns))
        else:
            block.copy_to(mime)
        QApplication.clipboard().setMimeData(mime)

    def paste(self) -> None:
        """Over a block of cells, the clipboard's cells replace them; on whole
        rows, an area's title (or an empty plan) its table becomes new rows."""
        mime = QApplication.clipboard().mimeData()
        text = mime.text() if mime and mime.hasText() else ""
        markup = mime.html() if mime and mime.hasHtml() else None
        block = CellBlock(self.tree)
        current = self.current_row_id()
        on_area = current is not None and self.plan.state.row(current).kind is RowKind.AREA
        # A table pasted on an area's title goes into the area as new rows.
        if current is None or block.whole_rows() or (on_area and not block.is_one_value(text, markup)):
            self.paste_rows()
        else:
            block.paste(text, markup)

    def paste_rows(self) -> None:
        mime = QApplication.clipboard().mimeData()
        text = mime.text() if mime and mime.hasText() else ""
        markup = mime.html() if mime and mime.hasHtml() else None
        ours = copied_fields(mime.data(COPIED_COLUMNS_FORMAT).data()) if mime else None
        self.paste_text(text, markup, ours)

    def paste_text(self, text: str, markup: str | None = None, copied: list[str] | None = None) -> None:
        """A table from Word or Excel (or our own copy) as new rows; when its
        columns had to be guessed, the import preview shows the guess first."""
        from app.ui.import_flow import rows_to_paste

        plan = self.plan.state.plan
        try:
            pasted = read_pasted_source(text, markup, plan.columns, copied, plan.year)
        except TableReadError as error:
            raise InvalidInputError(f"Không dán được: {error}") from None
        rows = rows_to_paste(self, pasted)
        if rows is None:
            return
        if count_rows(rows, RowKind.TASK) + count_rows(rows, RowKind.AREA) > PASTE_IN_BACKGROUND:
            self._paste_in_background(rows)
            return
        ids = self.rows.paste(rows, self.current_row_id())
        if ids:
            self.select_row(ids[0])

    def _paste_in_background(self, rows) -> None:
        """Thousands of rows: written on the worker thread (one transaction),
        then shown, with one undo step."""
        from app.ui.background import run_with_progress

        batches = self.rows.paste_batches(rows, self.current_row_id())
        plan_id, total = self.plan.plan_id, sum(len(b[2]) for b in batches)

        def work(progress):
            return self.services.rows.insert_batches(
                plan_id, batches, on_row=lambda done: progress.step(done, total, self.tr("Đang dán các dòng…")))

        def done(written):
            if self.plan.plan_id == plan_id:
                self.rows.pasted_in_background(rows, batches, written)

        run_with_progress(self, self.tr("Đang dán các dòng…"), work, done)

    # -- menus and status ------------------------------------------------------

    def _context_menu(self, point) -> None:
        menu = QMenu(self)
        for key in ("add_task", "add_activity", "add_subtask", "add_area", None, "insert_above", "insert_below",
                    "indent", "outdent", "move_up", "move_down", None, "copy", "paste", "paste_rows", "fill_down",
                    "clear_cells", "delete_rows", None, "log_progress"):
            menu.addSeparator() if key is None else menu.addAction(self.actions[key])
        menu.exec(self.tree.viewport().mapToGlobal(point))

    def _emit_summary(self) -> None:
        state = self.plan.state
        summary = state.summary() if state else None
        if not summary or not summary.total:
            self.summary_changed.emit(self.tr("Chưa có nhiệm vụ nào."))
            return
        parts = [f"{TASK_STATUS_LABELS[s]}: {n}" for s, n in summary.counts.items() if n]
        self.summary_changed.emit(f"{summary.total} nhiệm vụ — " + " · ".join(parts))
