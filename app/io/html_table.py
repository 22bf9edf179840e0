"""Tables in HTML (Word's and Excel's clipboard, .htm files) to a grid of cells.

Merged cells (rowspan/colspan) keep their layout as in a Word table: the
text in the first cell, the cells it covers pointing at it (``TableGrid``),
so the table reader treats a pasted table like the same table in a .docx.
"""

from __future__ import annotations

from html.parser import HTMLParser

from app.io.table_grid import TableGrid

MAX_SPAN = 500


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[TableGrid] = []
        self._depth = 0
        self._rows: list[list[str]] | None = None
        self._origins: dict[tuple[int, int], tuple[int, int]] = {}
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._spans: dict[int, tuple[int, int, tuple[int, int]]] = {}  # column → (rows left, colspan, origin)
        self._pending_spans: list[tuple[int, int, int]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self._rows, self._spans, self._origins = [], {}, {}
        elif self._depth != 1:
            if self._cell is not None and tag in ("br", "p", "li", "div"):
                self._cell.append("<br>")
            return
        elif tag == "tr":
            self._row = []
            self._fill_spanned()
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._cell_span = (_int(attrs.get("rowspan")), _int(attrs.get("colspan")))
        elif self._cell is not None and tag in ("br", "p", "li", "div"):
            self._cell.append("<br>")

    def handle_endtag(self, tag):
        if tag == "table":
            if self._depth == 1 and self._rows is not None:
                self.tables.append(TableGrid(self._rows, self._origins))
                self._rows = None
            self._depth = max(0, self._depth - 1)
        elif self._depth != 1:
            return
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            rowspan, colspan = self._cell_span
            column = len(self._row)
            origin = (len(self._rows or ()), column)
            self._row.append("".join(self._cell))
            for extra in range(1, colspan):
                self._origins[(origin[0], column + extra)] = origin
            self._row.extend([""] * (colspan - 1))
            if rowspan > 1:
                self._spans[column] = (rowspan - 1, colspan, origin)
            self._cell = None
            self._fill_spanned()
        elif tag == "tr" and self._row is not None and self._rows is not None:
            self._rows.append(self._row)
            self._row = None

    def _fill_spanned(self) -> None:
        """Put empty cells where a cell from a row above still reaches down."""
        while self._row is not None and len(self._row) in self._spans:
            column = len(self._row)
            left, colspan, origin = self._spans[column]
            row = len(self._rows or ())
            for extra in range(colspan):
                self._origins[(row, column + extra)] = origin
            self._row.extend([""] * colspan)
            if left - 1 > 0:
                self._spans[column] = (left - 1, colspan, origin)
            else:
                del self._spans[column]

    def handle_data(self, data):
        if self._cell is not None and self._depth == 1:
            self._cell.append(data.replace("<", "&lt;"))


def _int(value) -> int:
    try:
        return max(1, min(int(value), MAX_SPAN))
    except (TypeError, ValueError):
        return 1


def html_tables(markup: str) -> list[TableGrid]:
    """Every top-level table of ``markup`` as rows of cells (cells keep line
    breaks as ``<br>`` so ``cell_to_text`` turns them into lines)."""
    parser = _TableParser()
    parser.feed(markup)
    parser.close()
    return [t for t in parser.tables if t.cells]
