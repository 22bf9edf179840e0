"""Rectangular selections of the matrix, as in a spreadsheet: copy them,
paste a block over them, clear them (Delete), fill them down (Ctrl+D).
Each change is one undo step, written in one transaction."""

from __future__ import annotations

from app.core.errors import InvalidInputError
from app.io.clipboard_table import grid_to_html, grid_to_tsv
from app.io.html_table import html_tables
from app.io.table_reader import parse_tsv
from app.ui.qt import QModelIndex, Qt, QTreeView

_EDIT = Qt.ItemIsEditable


class CellBlock:
    """The selected cells of ``tree`` (whose model is a filter proxy over the
    matrix model) as rows × columns in the order the officer sees them."""

    def __init__(self, tree: QTreeView):
        self.tree = tree
        self.proxy = tree.model()
        self.model = self.proxy.sourceModel()

    # -- the block -----------------------------------------------------------------

    def rows_and_columns(self) -> tuple[list[QModelIndex], list[int]]:
        """First-column indexes of the rows touched by the selection (top to
        bottom) and the columns touched (left to right)."""
        selected = self.tree.selectionModel().selectedIndexes()
        if not selected and self.tree.currentIndex().isValid():
            selected = [self.tree.currentIndex()]
        header = self.tree.header()
        columns = sorted({i.column() for i in selected}, key=header.visualIndex)
        rows = {self.model.row_id(self.proxy.mapToSource(i)): i.siblingAtColumn(0) for i in selected}
        ordered = self._view_order(list(rows.values()))
        return ordered, columns

    def _view_order(self, rows: list[QModelIndex]) -> list[QModelIndex]:
        if len(rows) <= 1:
            return rows
        wanted = {self.model.row_id(self.proxy.mapToSource(r)) for r in rows}
        out, index = [], self.proxy.index(0, 0)
        while index.isValid() and len(out) < len(wanted):
            if self.model.row_id(self.proxy.mapToSource(index)) in wanted:
                out.append(index)
            index = self.tree.indexBelow(index)
        return out

    def whole_rows(self) -> bool:
        """Is every touched row selected across all its columns (a row copy)?"""
        rows, _ = self.rows_and_columns()
        selection = self.tree.selectionModel()
        return bool(rows) and all(selection.isRowSelected(r.row(), r.parent()) for r in rows)

    def _text(self, index: QModelIndex) -> str:
        role = Qt.EditRole if index.flags() & _EDIT else Qt.DisplayRole
        return index.data(role) or ""

    # -- copy --------------------------------------------------------------------------

    def grid(self) -> list[list[str]]:
        rows, columns = self.rows_and_columns()
        return [[self._text(r.siblingAtColumn(c)) if not self._spanned(r, c) else "" for c in columns] for r in rows]

    def copy_to(self, mime) -> int:
        grid = self.grid()
        if not grid:
            raise InvalidInputError("Chưa chọn ô nào để sao chép.")
        mime.setText(grid_to_tsv(grid))
        mime.setHtml(grid_to_html(grid))
        return sum(len(r) for r in grid)

    def _spanned(self, row: QModelIndex, column: int) -> bool:
        return column != 0 and self.tree.isFirstColumnSpanned(row.row(), row.parent())

    # -- changes ------------------------------------------------------------------------

    def clear(self) -> int:
        """Delete: empty every selected cell that can be edited."""
        rows, columns = self.rows_and_columns()
        texts = {self._source(r, c): "" for r in rows for c in columns if self._editable(r, c)}
        return self._write(texts, f"Xóa nội dung {len(texts)} ô")

    def fill_down(self) -> int:
        """Ctrl+D: the top cell of each selected column copied into the cells
        below it; with one row selected, the cell above is copied down."""
        rows, columns = self.rows_and_columns()
        if len(rows) == 1:
            above = self.tree.indexAbove(rows[0])
            if not above.isValid():
                raise InvalidInputError("Không có dòng nào phía trên để điền xuống.")
            rows = [above, rows[0]]
        texts = {}
        for column in columns:
            # The top cell that has a value to give (an area's title row has none).
            holders = [r for r in rows if self._editable(r, column)]
            if len(holders) < 2:
                continue
            value = self._text(holders[0].siblingAtColumn(column))
            for row in holders[1:]:
                texts[self._source(row, column)] = value
        return self._write(texts, "Điền xuống")

    def is_one_value(self, text: str, markup: str | None) -> bool:
        grid = _grid(text, markup)
        return len(grid) == 1 and len(grid[0]) == 1

    def paste(self, text: str, markup: str | None) -> int:
        """A copied block written over the cells from the current one, line by
        line on the rows that have those cells (a single value fills the whole
        selection). Nothing is written if the block does not fit."""
        grid = _grid(text, markup)
        rows, columns = self.rows_and_columns()
        current = self.tree.currentIndex()
        if len(grid) == 1 and len(grid[0]) == 1 and (len(rows) > 1 or len(columns) > 1):
            targets = {self._source(r, c): grid[0][0] for r in rows for c in columns if self._editable(r, c)}
            return self._write(targets, f"Dán {len(targets)} ô")
        header = self.tree.header()
        start = header.visualIndex(current.column())
        visual = [header.logicalIndex(v) for v in range(start, header.count()) if not header.isSectionHidden(header.logicalIndex(v))]
        width = max(len(r) for r in grid)
        if width > len(visual):
            raise InvalidInputError(f"Khối dán có {width} cột nhưng từ ô đang chọn chỉ còn {len(visual)} cột.")
        targets, row = {}, current.siblingAtColumn(0)
        for line in grid:
            # Rows with none of these cells (an area's title row) are passed over.
            while row.isValid() and not any(self._editable(row, visual[i]) for i in range(width)):
                row = self.tree.indexBelow(row)
            if not row.isValid():
                raise InvalidInputError(
                    f"Khối dán có {len(grid)} dòng, nhiều hơn số dòng còn lại bên dưới ô đang chọn. "
                    "Dùng «Dán thành dòng mới» (Ctrl+Shift+V) để thêm dòng.")
            for offset, value in enumerate(line):
                if self._editable(row, visual[offset]):
                    targets[self._source(row, visual[offset])] = value
            row = self.tree.indexBelow(row)
        return self._write(targets, f"Dán {len(targets)} ô")

    def _editable(self, row: QModelIndex, column: int) -> bool:
        return bool(row.siblingAtColumn(column).flags() & _EDIT) and not self._spanned(row, column)

    def _source(self, row: QModelIndex, column: int) -> QModelIndex:
        return self.proxy.mapToSource(row.siblingAtColumn(column))

    def _write(self, texts: dict[QModelIndex, str], text: str) -> int:
        if not texts:
            raise InvalidInputError("Không có ô nào sửa được trong vùng đã chọn.")
        self.model.edit_cells(texts, text)
        return len(texts)


def _grid(text: str, markup: str | None) -> list[list[str]]:
    """The clipboard as rows of cells: Excel's TSV, or Word's HTML table."""
    grid = [row for row in parse_tsv(text or "")] if text else []
    while grid and not any(c.strip() for c in grid[-1]):
        grid.pop()  # Excel ends its copy with a line break
    if not grid and markup:
        tables = html_tables(markup)
        grid = max(tables, key=len) if tables else []
    if not grid:
        raise InvalidInputError("Bộ nhớ tạm không có nội dung để dán.")
    return grid
