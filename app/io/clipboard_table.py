"""Rows to the clipboard as TSV and HTML (for Excel and Word), and a
clipboard's text or HTML back to appendix rows."""

from __future__ import annotations

import html
from typing import Sequence

from dataclasses import replace
from pathlib import Path

from app.core.model import Column, RowData, RowKind
from app.core.presets import APP_ONLY_FIELDS, FIELD_LABELS
from app.io.html_table import html_tables
from app.io.importers import ImportSource
from app.io.table_grid import TableGrid
from app.io.table_reader import NO_HEADER, TableReadError, TableReading, find_header, parse_tsv, read_table


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
    """Rows from the clipboard (see ``read_pasted_source``)."""
    source = read_pasted_source(text, markup, columns)
    return source.table


def read_pasted_source(text: str, markup: str | None, columns: Sequence[Column],
                       copied_fields: Sequence[str] | None = None, year: int | None = None) -> ImportSource:
    """Rows from the clipboard: Word's/Excel's HTML table when there is one,
    TSV otherwise. A header row names the columns. Without one: rows this
    program copied (``copied_fields``) come in the columns they were copied
    from, one line per task is the task's text, and anything else has its
    columns guessed from the cells — a guess the officer checks in the
    preview (``columns_guessed``) before anything is written."""
    grid: TableGrid | None = None
    if markup:
        tables = html_tables(markup)
        if tables:
            grid = max(tables, key=len)
    if grid is None:
        grid = TableGrid([row for row in parse_tsv(text or "") if any(c.strip() for c in row)])
    if not grid.cells:
        raise TableReadError("Bộ nhớ tạm không có bảng nào để dán.")
    source = ImportSource(Path("Bộ nhớ tạm"), "paste", grid=grid, year=year,
                          prior=tuple(c.field for c in columns if c.field not in APP_ONLY_FIELDS))
    try:
        header_row = find_header(grid)
    except TableReadError:
        pass
    else:
        return replace(source, header_row=header_row, table=read_table(grid, header_row=header_row))
    fields = list(copied_fields or ())
    if not fields and grid.width == 1:
        # One line per task: it is the task's text, whatever the first column is.
        fields = [next((f for f in ("task", "activity", "objective") if f in source.prior), "task")]
    if fields:
        labelled = TableGrid([[FIELD_LABELS.get(f, "") for f in fields]] + grid.cells)
        labelled.origins = {(r + 1, c): (orow + 1, ocol) for (r, c), (orow, ocol) in grid.origins.items()}
        return replace(source, grid=labelled, header_row=0, table=read_table(labelled, mapping=fields, header_row=0))
    table = read_table(grid, header_row=NO_HEADER, prior=source.prior, year=year)
    return replace(source, header_row=NO_HEADER, table=table)


# Rows this program copies say which fields their columns hold, so pasting
# them back (into any plan) needs no guess and no preview.
COPIED_COLUMNS_FORMAT = "application/x-so-ke-hoach-cchc-columns"


def copied_columns_data(columns: Sequence[Column]) -> bytes:
    import json

    return json.dumps([c.field for c in columns]).encode("utf-8")


def copied_fields(data: bytes | None) -> list[str] | None:
    """The fields of rows copied by this program (None: copied elsewhere)."""
    import json

    if not data:
        return None
    try:
        fields = json.loads(bytes(data).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(fields, list) or not all(isinstance(f, str) and f in FIELD_LABELS for f in fields):
        return None
    return [f if f not in APP_ONLY_FIELDS else "skip" for f in fields]
