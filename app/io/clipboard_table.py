"""Rows to the clipboard as TSV and HTML (for Excel and Word), and a
clipboard's text or HTML back to appendix rows."""

from __future__ import annotations

import html
from typing import Sequence

from app.core.model import Column, RowData, RowKind
from app.core.numbering import from_roman
from app.core.presets import FIELD_LABELS
from app.io.html_table import html_tables
from app.io.table_reader import TableReadError, TableReading, find_header, parse_tsv, read_table


def _cell(row: RowData, column: Column, numbers: dict[int, str], unit_text) -> str:
    if row.kind is RowKind.AREA:
        return ""
    if column.field == "number":
        return numbers.get(row.id, "")
    if column.field == "units":
        return unit_text(row.lead, row.support)
    return getattr(row, column.field, "")


def rows_to_grid(rows: Sequence[RowData], columns: Sequence[Column], numbers: dict[int, str], unit_text) -> list[list[str]]:
    """Cells of the given rows in the given columns; an area row carries its
    numeral in the number column and its title in the next one."""
    grid = []
    for row in rows:
        if row.kind is RowKind.AREA:
            cells = [""] * len(columns)
            title_at = 1 if len(columns) > 1 and columns[0].field == "number" else 0
            if title_at:
                cells[0] = numbers.get(row.id, "")
            cells[title_at] = row.task
            grid.append(cells)
        else:
            grid.append([_cell(row, c, numbers, unit_text) for c in columns])
    return grid


def grid_to_tsv(grid: Sequence[Sequence[str]]) -> str:
    """Excel's clipboard TSV: cells with TAB, quote or line break are quoted."""
    def quote(cell: str) -> str:
        if any(ch in cell for ch in '\t\n"'):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    return "\r\n".join("\t".join(quote(c) for c in row) for row in grid) + "\r\n"


def grid_to_html(grid: Sequence[Sequence[str]], headers: Sequence[str] | None = None) -> str:
    def cell(text: str, tag: str = "td") -> str:
        body = "<br>".join(html.escape(line) for line in text.split("\n"))
        return f"<{tag} style=\"border:1px solid #000;vertical-align:top\">{body}</{tag}>"

    rows = []
    if headers:
        rows.append("<tr>" + "".join(cell(h, "th") for h in headers) + "</tr>")
    rows += ["<tr>" + "".join(cell(c) for c in row) + "</tr>" for row in grid]
    return ("<html><head><meta charset=\"utf-8\"></head><body>"
            "<table style=\"border-collapse:collapse;font-family:'Times New Roman'\">"
            + "".join(rows) + "</table></body></html>")


def read_pasted(text: str, markup: str | None, columns: Sequence[Column]) -> TableReading:
    """Rows from the clipboard: Word's/Excel's HTML table when there is one,
    TSV otherwise. Without a recognisable header the columns are taken to be
    the window's columns in order (what our own Copy produces)."""
    grid: list[list[str]] | None = None
    if markup:
        tables = html_tables(markup)
        if tables:
            grid = max(tables, key=len)
    if grid is None:
        grid = [row for row in parse_tsv(text or "") if any(c.strip() for c in row)]
    if not grid:
        raise TableReadError("Bộ nhớ tạm không có bảng nào để dán.")
    try:
        find_header(grid)
        return read_table(grid)
    except TableReadError:
        fields = [c.field for c in columns if c.field not in ("due", "status")]
        if fields and fields[0] == "number" and not any(_looks_numbered(row[0]) for row in grid if row):
            fields = fields[1:]  # plain lines of text: no number column in them
        if max(len(row) for row in grid) == 1:
            # One line per task: it is the task's text, whatever the first column is.
            main = next((f for f in ("task", "activity", "objective") if f in fields), fields[0] if fields else "task")
            fields = [main]
        headers = [FIELD_LABELS.get(f, f) for f in fields]
        return read_table([headers] + grid, mapping=fields, header_row=0)


def _looks_numbered(cell: str) -> bool:
    text = cell.strip().rstrip(".")
    return bool(text) and (text.replace(".", "").isdigit() or from_roman(text) is not None)
