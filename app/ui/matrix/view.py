"""The matrix view: a tree that draws, navigates and edits like a spreadsheet.

Keys (``MatrixTree``): typing on a cell replaces its text (F2 or a double
click edits it instead); Enter commits and goes down, Tab and Shift+Tab
commit and go right or left, wrapping to the next or previous row and never
leaving the table; Esc cancels. Moves skip cells that cannot be edited (the
columns under an area's title, the task's own fields on an activity line,
the computed status).

Cells (``CellDelegate``): a row is as tall as its longest cell, up to
``MAX_LINES`` lines; a cell with more text shows whole lines only, the last
ending in "…" (the whole text is in the tooltip and the editor): a line is
never cut through. The editor is multi-line: Enter commits, Alt+Enter (or
Shift+Enter) starts a new line; lead/support cells complete unit names.

A typed cell goes from here to ``MatrixModel.setData`` (model.py), which
makes it one undo command (commands.py) that the services write.
"""

from __future__ import annotations

import re

from app.ui.matrix.model import FIELD_ROLE, SIZE_KEY_ROLE
from app.ui.qt import (
    QAbstractItemView, QApplication, QCompleter, QEvent, QFont, QFontMetrics, QItemSelectionModel, QModelIndex,
    QPalette, QPersistentModelIndex, QPlainTextEdit, QRect, QSize, QStyle, QStyledItemDelegate,
    QStyleOptionViewItem, Qt, QTextCursor, QTextLayout, QTextOption, QTreeView,
)

_TEXT_MODIFIERS = Qt.ControlModifier | Qt.AltModifier | Qt.MetaModifier
_ENTER_KEYS = (Qt.Key_Return, Qt.Key_Enter)
_EDIT = Qt.ItemIsEditable
_Hint = QStyledItemDelegate.EndEditHint


class MatrixTree(QTreeView):
    def __init__(self, parent=None):
        super().__init__(parent)
        # Set while an editor opens because a key was typed: it starts empty.
        self.replacing = False
        # The first cell of a row just added: Enter there ends the new row's
        # entry and stays on it (the next "Thêm hoạt động" goes under it).
        self.new_row_cell = QPersistentModelIndex()
        self.setTabKeyNavigation(True)
        self.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                             | QAbstractItemView.AnyKeyPressed)

    # -- starting an edit ---------------------------------------------------------------

    def edit(self, index, trigger=None, event=None):  # noqa: D401 (Qt's overloads)
        if trigger is None:
            return super().edit(index)
        self.replacing = trigger == QAbstractItemView.AnyKeyPressed
        try:
            return super().edit(index, trigger, event)
        finally:
            self.replacing = False

    def keyPressEvent(self, event) -> None:
        key, modifiers = event.key(), event.modifiers()
        if self.state() == QAbstractItemView.EditingState:
            super().keyPressEvent(event)
            return
        if key in _ENTER_KEYS and not modifiers & _TEXT_MODIFIERS:
            self.step("up" if modifiers & Qt.ShiftModifier else "down")
        elif key in (Qt.Key_Tab, Qt.Key_Backtab):
            backwards = key == Qt.Key_Backtab or bool(modifiers & Qt.ShiftModifier)
            self.step("left" if backwards else "right")
        elif key == Qt.Key_Backspace and not modifiers & _TEXT_MODIFIERS:
            self.edit(self.currentIndex(), QAbstractItemView.AnyKeyPressed, None)  # an empty editor
        elif event.text() and event.text().isprintable() and not modifiers & _TEXT_MODIFIERS:
            # QTreeView would take "+", "-" and "*" to fold rows: here they are text.
            if not self.edit(self.currentIndex(), QAbstractItemView.AnyKeyPressed, event):
                super().keyPressEvent(event)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def inputMethodEvent(self, event) -> None:
        """Text composed by an input method (Telex, VNI, IBus) on a cell that
        is not being edited: it opens the cell like a typed key. Qt forwards
        only a pre-edit to the new editor; a text committed at once would be
        lost, so it is put into the editor here."""
        commit = event.commitString()
        if self.state() != QAbstractItemView.EditingState and commit and not event.preeditString():
            index = self.currentIndex()
            if self.edit(index, QAbstractItemView.AnyKeyPressed, None):
                editor = self.indexWidget(index)
                if isinstance(editor, QPlainTextEdit):
                    editor.insertPlainText(commit)
                    editor.setFocus()
                event.accept()
                return
        super().inputMethodEvent(event)

    def focusNextPrevChild(self, next_child: bool) -> bool:
        """Tab moves between cells; it never takes the focus out of the table."""
        if self.tabKeyNavigation() and self.model() is not None and self.currentIndex().isValid():
            self.step("right" if next_child else "left")
            return True
        return super().focusNextPrevChild(next_child)

    # -- ending an edit ----------------------------------------------------------------

    def closeEditor(self, editor, hint) -> None:
        """Enter goes down, Tab right, Shift+Tab left: to the next cell, not
        into its editor (as in a spreadsheet)."""
        direction = {_Hint.SubmitModelCache: "down", _Hint.EditNextItem: "right",
                     _Hint.EditPreviousItem: "left"}.get(hint)
        if direction == "down" and self.new_row_cell.isValid() and self.currentIndex() == self.new_row_cell:
            direction = None
            hint = _Hint.NoHint
        self.new_row_cell = QPersistentModelIndex()
        super().closeEditor(editor, _Hint.NoHint if direction else hint)
        if direction:
            self.step(direction)

    # -- moving between cells -------------------------------------------------------------

    def edit_new_row(self, cell: QModelIndex) -> None:
        """Open the editor of a row just added (Enter will stay on it)."""
        self.selectionModel().setCurrentIndex(cell, QItemSelectionModel.NoUpdate)
        self.new_row_cell = QPersistentModelIndex(cell)
        self.edit(cell)

    def step(self, direction: str) -> None:
        """Make the next editable cell in ``direction`` current."""
        current = self.currentIndex()
        if not current.isValid():
            first = self.model().index(0, 0) if self.model() is not None else QModelIndex()
            if first.isValid():
                self.set_current(first)
            return
        target = self._next_cell(current, direction)
        if target is not None:
            self.set_current(target)

    def set_current(self, index: QModelIndex) -> None:
        self.selectionModel().setCurrentIndex(index, QItemSelectionModel.ClearAndSelect)
        self.scrollTo(index)

    def _next_cell(self, current: QModelIndex, direction: str) -> QModelIndex | None:
        if direction in ("down", "up"):
            below = direction == "down"
            row = self.indexBelow(current) if below else self.indexAbove(current)
            while row.isValid():
                cell = row.siblingAtColumn(current.column())
                if cell.flags() & _EDIT and not self._hidden_by_span(cell):
                    return cell
                row = self.indexBelow(row) if below else self.indexAbove(row)
            return None
        forward = direction == "right"
        columns = self._visual_columns()
        position = columns.index(current.column()) if current.column() in columns else 0
        row = current
        while row.isValid():
            candidates = columns[position + 1:] if forward else list(reversed(columns[:position]))
            for column in candidates:
                cell = row.siblingAtColumn(column)
                if cell.isValid() and cell.flags() & _EDIT and not self._hidden_by_span(cell):
                    return cell
            row = self.indexBelow(row) if forward else self.indexAbove(row)
            position = -1 if forward else len(columns)
        return None

    def _visual_columns(self) -> list[int]:
        header = self.header()
        return [header.logicalIndex(v) for v in range(header.count()) if not header.isSectionHidden(header.logicalIndex(v))]

    def _hidden_by_span(self, cell: QModelIndex) -> bool:
        return cell.column() != 0 and self.isFirstColumnSpanned(cell.row(), cell.parent())


# -- cells ----------------------------------------------------------------------------

MAX_LINES = 6       # a row grows to this many lines; longer cells end with "…"
PADDING_X, PADDING_Y = 4, 3
UNIT_FIELDS = ("lead", "support", "units")
ELLIPSIS = "…"


def wrap_lines(text: str, font: QFont, width: int, limit: int) -> tuple[list[str], bool]:
    """The lines ``text`` takes at ``width`` (at most ``limit``), and whether
    some text did not fit; the last line then ends with "…"."""
    width = max(width, 8)
    lines: list[str] = []
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
    paragraphs = text.split("\n")
    for number, paragraph in enumerate(paragraphs):
        layout = QTextLayout(paragraph, font)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            lines.append(paragraph[line.textStart(): line.textStart() + line.textLength()].rstrip())
            if len(lines) > limit:
                break
        layout.endLayout()
        if len(lines) > limit:
            break
    cut = len(lines) > limit
    if cut:
        lines = lines[:limit]
        lines[-1] = _with_ellipsis(lines[-1], QFontMetrics(font), width)
    return lines, cut


def _with_ellipsis(line: str, metrics: QFontMetrics, width: int) -> str:
    while line and metrics.horizontalAdvance(line + ELLIPSIS) > width:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS


class CellEditor(QPlainTextEdit):
    """Multi-line editor. Lead/support cells complete unit names."""

    def __init__(self, parent, unit_names: list[str] | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setWordWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
        self.completer: QCompleter | None = None
        if unit_names:
            self.completer = QCompleter(unit_names, self)
            self.completer.setCaseSensitivity(Qt.CaseInsensitive)
            self.completer.setFilterMode(Qt.MatchContains)
            self.completer.setWidget(self)
            self.completer.activated.connect(self._insert_completion)

    def completing(self) -> bool:
        return self.completer is not None and self.completer.popup().isVisible()

    def keyPressEvent(self, event) -> None:
        if self.completing() and event.key() in (
                Qt.Key_Enter, Qt.Key_Return, Qt.Key_Escape, Qt.Key_Tab, Qt.Key_Backtab):
            event.ignore()  # the completer's popup takes them
            return
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            if event.modifiers() & (Qt.AltModifier | Qt.ShiftModifier):
                self.insertPlainText("\n")
            return
        super().keyPressEvent(event)
        if self.completer is not None:
            self._update_completion()

    def inputMethodEvent(self, event) -> None:
        super().inputMethodEvent(event)
        if self.completer is not None:
            self._update_completion()

    def _current_unit(self) -> str:
        text = self.toPlainText()[: self.textCursor().position()]
        return re.split(r"[;\n]", text)[-1].lstrip(" -")

    def _update_completion(self) -> None:
        prefix = self._current_unit()
        if len(prefix) < 2:
            self.completer.popup().hide()
            return
        self.completer.setCompletionPrefix(prefix)
        if self.completer.completionCount() == 0:
            self.completer.popup().hide()
            return
        rect = self.cursorRect()
        rect.setWidth(max(260, self.width()))
        self.completer.complete(rect)

    def _insert_completion(self, name: str) -> None:
        cursor = self.textCursor()
        for _ in range(len(self._current_unit())):
            cursor.deletePreviousChar()
        cursor.insertText(name)
        self.setTextCursor(cursor)


class CellDelegate(QStyledItemDelegate):
    def __init__(self, view, unit_names=None):
        super().__init__(view)
        self.view = view
        self._unit_names = unit_names or (lambda: [])
        self._sizes: dict[tuple[str, int, bool], QSize] = {}
        self._wrapped: dict[tuple, tuple[list[str], bool]] = {}
        self._counts: dict[tuple[str, int, bool], int] = {}
        self._spacings: dict[str, int] = {}

    # -- editing ----------------------------------------------------------------------

    def createEditor(self, parent, option, index):
        names = self._unit_names() if index.data(FIELD_ROLE) in UNIT_FIELDS else None
        editor = CellEditor(parent, names)
        editor.installEventFilter(self)
        return editor

    def setEditorData(self, editor, index):
        """The whole text, cursor at the end; empty when a typed key opened it
        (the key then replaces the cell, as in a spreadsheet)."""
        editor.setPlainText("" if getattr(self.view, "replacing", False) else (index.data(Qt.EditRole) or ""))
        editor.moveCursor(QTextCursor.MoveOperation.End)

    def setModelData(self, editor, model, index):
        model.setData(index, editor.toPlainText(), Qt.EditRole)

    def updateEditorGeometry(self, editor, option, index):
        rect = QRect(option.rect)
        lines = max(3, min(12, editor.toPlainText().count("\n") + 2))
        rect.setHeight(max(rect.height(), QFontMetrics(editor.font()).lineSpacing() * lines + 10))
        viewport = self.view.viewport().rect()
        if rect.bottom() > viewport.bottom():  # near the bottom: open upwards, fully visible
            rect.moveBottom(max(viewport.bottom(), option.rect.bottom()))
        editor.setGeometry(rect)

    def eventFilter(self, editor, event):
        """Enter (without Alt or Shift) commits; the view then goes down."""
        if event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Return, Qt.Key_Enter) \
                and not event.modifiers() & (Qt.AltModifier | Qt.ShiftModifier) \
                and not (isinstance(editor, CellEditor) and editor.completing()):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QStyledItemDelegate.SubmitModelCache)
            return True
        return super().eventFilter(editor, event)

    # -- drawing ------------------------------------------------------------------------

    def paint(self, painter, option, index):
        """Qt draws a cell whose text fits; a longer one is drawn here, whole
        lines and a final "…" (thousands of cells are painted while scrolling:
        the common case stays in C++)."""
        # Only a row grown to the cap can hold a cell with more text than it shows.
        if option.rect.height() < MAX_LINES * self._spacing(option.font) + 2 * PADDING_Y:
            super().paint(painter, option, index)
            return
        text, is_area = index.data(SIZE_KEY_ROLE) or ("", False)
        if not text or self._fits(text, is_area, option):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.CE_ItemViewItem, opt, painter, opt.widget)
        if not text:
            return
        rect = opt.rect.adjusted(PADDING_X, PADDING_Y, -PADDING_X, -PADDING_Y)
        metrics = QFontMetrics(opt.font)
        limit = max(1, (rect.height() + metrics.leading()) // metrics.lineSpacing())
        lines, _cut = self._wrap(text, opt.font, rect.width(), limit)
        painter.save()
        selected = bool(opt.state & QStyle.State_Selected)
        role = QPalette.HighlightedText if selected else QPalette.Text
        brush = None if selected else index.data(Qt.ForegroundRole)
        painter.setPen(brush.color() if brush is not None else opt.palette.color(role))
        painter.setFont(opt.font)
        align = opt.displayAlignment
        top = rect.top()
        if align & Qt.AlignVCenter:
            top += (rect.height() - len(lines) * metrics.lineSpacing()) // 2
        horizontal = align & (Qt.AlignLeft | Qt.AlignHCenter | Qt.AlignRight)
        for number, line in enumerate(lines):
            line_rect = QRect(rect.left(), top + number * metrics.lineSpacing(), rect.width(), metrics.lineSpacing())
            painter.drawText(line_rect, int(horizontal | Qt.AlignTop), line)
        painter.restore()

    def _fits(self, text: str, is_area: bool, option) -> bool:
        """Does the text take no more lines than the cell has room for?"""
        rect = option.rect
        lines = self._line_count(text, rect.width(), is_area, option)
        return lines * self._spacing(option.font) <= rect.height() - 2 * PADDING_Y + 1

    def _spacing(self, font: QFont) -> int:
        key = font.key()
        spacing = self._spacings.get(key)
        if spacing is None:
            spacing = self._spacings[key] = QFontMetrics(font).lineSpacing()
        return spacing

    def _line_count(self, text: str, width: int, is_area: bool, option) -> int:
        key = (text, width, is_area)
        count = self._counts.get(key)
        if count is None:
            if len(self._counts) > 50_000:
                self._counts.clear()
            font = QFont(option.font)
            font.setBold(is_area)
            count = self._counts[key] = len(wrap_lines(text, font, width - 2 * PADDING_X, MAX_LINES + 1)[0])
        return count

    def _wrap(self, text: str, font: QFont, width: int, limit: int) -> tuple[list[str], bool]:
        key = (text, width, limit, font.bold(), font.pointSizeF(), font.family())
        found = self._wrapped.get(key)
        if found is None:
            if len(self._wrapped) > 20_000:
                self._wrapped.clear()
            found = self._wrapped[key] = wrap_lines(text, font, width, limit)
        return found

    def sizeHint(self, option, index):
        """Wrapped height for the column's width, at most MAX_LINES lines.

        Views ask again and again while laying out and scrolling; the answer
        depends only on the text, the width and the font, so it is kept."""
        text, is_area = index.data(SIZE_KEY_ROLE) or ("", False)
        if is_area and index.column() == 0:
            width = self.view.viewport().width()  # the area's title spans the whole row
        else:
            width = self.view.columnWidth(index.column())
        key = (text, width, is_area)
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) > 50_000:
                self._sizes.clear()
            size = self._sizes[key] = self._measure(text, width, is_area, option)
        return size

    def _measure(self, text: str, width: int, is_area: bool, option) -> QSize:
        font = QFont(option.font)
        font.setBold(is_area)
        lines = min(MAX_LINES, self._line_count(text, width, is_area, option)) if text else 1
        return QSize(width, lines * QFontMetrics(font).lineSpacing() + 2 * PADDING_Y)
