"""Editing and drawing matrix cells: multi-line text, unit completion, wrapped rows."""

from __future__ import annotations

import re

from app.ui.matrix.model import FIELD_ROLE, SIZE_KEY_ROLE
from app.ui.qt import (
    QCompleter, QEvent, QFont, QFontMetrics, QPlainTextEdit, QSize, QStyledItemDelegate, Qt, QTextCursor, QTextOption,
)

MAX_LINES = 6  # taller cells are cut in the view; the editor shows everything
UNIT_FIELDS = ("lead", "support", "units")


class CellEditor(QPlainTextEdit):
    """Multi-line editor: Enter commits, Alt+Enter or Shift+Enter starts a new
    line (as in Excel), Esc cancels. Lead/support cells complete unit names."""

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

    def keyPressEvent(self, event) -> None:
        popup = self.completer.popup() if self.completer else None
        if popup is not None and popup.isVisible() and event.key() in (
                Qt.Key_Enter, Qt.Key_Return, Qt.Key_Escape, Qt.Key_Tab, Qt.Key_Backtab):
            event.ignore()
            return
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            if event.modifiers() & (Qt.AltModifier | Qt.ShiftModifier):
                self.insertPlainText("\n")
                return
            event.ignore()  # let the delegate commit
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
    def __init__(self, parent=None, unit_names=None):
        super().__init__(parent)
        self._unit_names = unit_names or (lambda: [])
        self._sizes: dict[tuple[str, int, bool], QSize] = {}

    def createEditor(self, parent, option, index):
        field_name = index.data(FIELD_ROLE)
        names = self._unit_names() if field_name in UNIT_FIELDS else None
        editor = CellEditor(parent, names)
        editor.installEventFilter(self)
        return editor

    def setEditorData(self, editor, index):
        editor.setPlainText(index.data(Qt.EditRole) or "")
        editor.moveCursor(QTextCursor.MoveOperation.End)

    def setModelData(self, editor, model, index):
        model.setData(index, editor.toPlainText(), Qt.EditRole)

    def updateEditorGeometry(self, editor, option, index):
        rect = option.rect
        lines = max(3, min(12, (editor.toPlainText().count("\n") + 2)))
        height = max(rect.height(), QFontMetrics(editor.font()).lineSpacing() * lines + 10)
        rect.setHeight(height)
        editor.setGeometry(rect)

    def eventFilter(self, editor, event):
        if event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Return, Qt.Key_Enter) \
                and not event.modifiers() & (Qt.AltModifier | Qt.ShiftModifier):
            popup = editor.completer.popup() if getattr(editor, "completer", None) else None
            if popup is None or not popup.isVisible():
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QStyledItemDelegate.NoHint)
                return True
        return super().eventFilter(editor, event)

    def sizeHint(self, option, index):
        """Wrapped height for the column's width, at most MAX_LINES lines.

        Views ask again and again while laying out and scrolling; the answer
        depends only on the text, the width and the font, so it is kept."""
        text, is_area = index.data(SIZE_KEY_ROLE) or ("", False)
        view = self.parent()
        if is_area and index.column() == 0 and hasattr(view, "viewport"):
            width = view.viewport().width() - 40  # the area title spans the whole row
        else:
            width = view.columnWidth(index.column()) - 8 if hasattr(view, "columnWidth") else 200
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
        metrics = QFontMetrics(font)
        if not text:
            return QSize(width, metrics.lineSpacing() + 6)
        rect = metrics.boundingRect(0, 0, max(width, 20), 10_000, int(Qt.TextWordWrap | Qt.AlignLeft), text)
        lines = min(MAX_LINES, max(1, round(rect.height() / metrics.lineSpacing())))
        return QSize(width, lines * metrics.lineSpacing() + 8)
