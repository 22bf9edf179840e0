"""The matrix view: a tree that edits like a spreadsheet.

Typing on a cell replaces its text (F2 or a double click edits it instead);
Enter commits and goes down, Tab and Shift+Tab commit and go right or left,
wrapping to the next or previous row and never leaving the table; Esc
cancels. Moves skip cells that cannot be edited (the columns under an area's
title, the task's own fields on an activity line, the computed status).
"""

from __future__ import annotations

from app.ui.qt import (
    QAbstractItemView, QItemSelectionModel, QModelIndex, QPersistentModelIndex, QStyledItemDelegate, Qt, QTreeView,
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
