"""Reading an appendix back from an .xlsx: the app's own export or a sheet
made by hand. The cells, with the sheet's merged ranges, go to the same
table reader as a Word table; a sheet with no header row has its columns
guessed from their cells."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.core.dates import short_date
from app.core.errors import FileReadError
from app.core.text import nfc
from app.io.file_checks import MAX_COLUMNS, MAX_ROWS, check_office_zip, too_many
from app.io.table_grid import TableGrid
from app.io.table_reader import TableReadError, TableReading


@dataclass(frozen=True)
class SheetGrid:
    sheet: str
    grid: TableGrid


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return short_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value)).replace("\r\n", "\n").replace("\r", "\n")


def _merges(sheet, rows: int, columns: int) -> dict[tuple[int, int], tuple[int, int]]:
    """Covered cell → the first cell of its merged range (0-based)."""
    origins = {}
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        for r in range(top, min(merged.max_row, rows)):
            for c in range(left, min(merged.max_col, columns)):
                if (r, c) != (top, left):
                    origins[(r, c)] = (top, left)
    return origins


def xlsx_grids(path: Path | str) -> list[SheetGrid]:
    """Cells of every sheet as text, with the sheet's merged ranges."""
    from openpyxl import load_workbook

    path = Path(path)
    check_office_zip(path, "Excel")
    _check_extent_before_loading(path)
    try:
        workbook = load_workbook(path, read_only=False, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise FileReadError(f"Tệp Excel «{path.name}» bị hỏng hoặc không đọc được ({type(error).__name__}).") from None
    grids = []
    try:
        for sheet in workbook.worksheets:
            _check_extent(path, sheet)
            rows = []
            columns = min(sheet.max_column, MAX_COLUMNS)
            for row in sheet.iter_rows(max_row=min(sheet.max_row, MAX_ROWS), max_col=columns, values_only=True):
                rows.append([_text(v) for v in row])
            while rows and not any(c.strip() for c in rows[-1]):
                rows.pop()
            grids.append(SheetGrid(sheet.title, TableGrid(rows, _merges(sheet, len(rows), columns))))
    finally:
        workbook.close()
    return grids


@dataclass(frozen=True)
class XlsxReading:
    sheet: str
    grid: TableGrid
    table: TableReading
    title_lines: tuple[str, ...]   # the rows above the header (Phụ lục, title, "Kèm theo …")
    year: int | None


def read_xlsx(path: Path | str) -> XlsxReading:
    """The appendix of the first sheet that has one."""
    from app.io.importers import read_appendix

    grids = xlsx_grids(path)
    if not any(any(c.strip() for c in row) for g in grids for row in g.grid.cells):
        raise FileReadError(f"Tệp «{Path(path).name}» không có dữ liệu (trang tính trống).")
    last_error: Exception | None = None
    for sheet in grids:
        if not sheet.grid.cells:
            continue
        try:
            table = read_appendix(sheet.grid)
        except TableReadError as error:
            last_error = error
            continue
        titles = tuple(" ".join(c for c in row if c.strip()) for row in sheet.grid.cells[:max(table.header_row, 0)]
                       if any(c.strip() for c in row))
        return XlsxReading(sheet.sheet, sheet.grid, table, titles, _year_in(titles))
    raise FileReadError(f"Không tìm thấy bảng phụ lục trong «{Path(path).name}»: {last_error}")


def _year_in(lines: tuple[str, ...]) -> int | None:
    for line in lines:
        match = re.search(r"năm\s+(\d{4})", line, re.I)
        if match:
            return int(match.group(1))
    return None


def read_xlsx_source(path: Path) -> "ImportSource":
    from app.io.document_ending import appendix_titles
    from app.io.document_header import DocumentFields
    from app.io.importers import ImportSource

    reading = read_xlsx(path)
    heading, title, caption = appendix_titles(reading.title_lines) if reading.title_lines else ("", "", "")
    document = DocumentFields(appendix_heading=heading, appendix_title=title, appendix_caption=caption)
    return ImportSource(path, "xlsx", reading.grid, reading.table.header_row, reading.table, document=document,
                        title_lines=reading.title_lines, year=reading.year)


def _check_extent(path: Path, sheet) -> None:
    """Refuse a sheet with text beyond the row or column limit (reading only
    the first rows would import part of the table as if it were all)."""
    if sheet.max_row <= MAX_ROWS and sheet.max_column <= MAX_COLUMNS:
        return
    cells = getattr(sheet, "_cells", None)  # the cells present, not the whole rectangle
    if cells is None:
        last_row, last_column = sheet.max_row, sheet.max_column
    else:
        filled = [key for key, cell in cells.items() if cell.value is not None and str(cell.value).strip()]
        last_row = max((r for r, _ in filled), default=0)
        last_column = max((c for _, c in filled), default=0)
    if last_row > MAX_ROWS:
        raise too_many(path, "dòng", last_row, MAX_ROWS)
    if last_column > MAX_COLUMNS:
        raise too_many(path, "cột", last_column, MAX_COLUMNS)


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]+\d+:([A-Z]+)(\d+)\"")
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _check_extent_before_loading(path: Path) -> None:
    """Refuse an oversized sheet before openpyxl loads it (80 000 rows take
    it a quarter of a minute). The size a sheet declares is trusted when it
    is within the limits; otherwise (declared bigger, or not declared) its
    cells are counted as they stream by, so a sheet formatted far down with
    a short table in it is still read."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not re.match(r"^xl/worksheets/[^/]+\.xml$", name):
                continue
            with archive.open(name) as part:
                declared = _DIMENSION.search(part.read(4096))
            if declared and int(declared.group(2)) <= MAX_ROWS and _column_number(
                    declared.group(1).decode()) <= MAX_COLUMNS:
                continue
            try:
                with archive.open(name) as part:
                    last_row, last_column = _filled_extent(part)
            except Exception as error:  # lxml's XMLSyntaxError and whatever a damaged part raises
                raise FileReadError(f"Tệp Excel «{path.name}» bị hỏng hoặc không đọc được "
                                    f"({type(error).__name__}).") from None
            if last_row > MAX_ROWS:
                raise too_many(path, "dòng", last_row, MAX_ROWS)
            if last_column > MAX_COLUMNS:
                raise too_many(path, "cột", last_column, MAX_COLUMNS)


def _filled_extent(stream) -> tuple[int, int]:
    """The last row and column holding a value, read without building the sheet."""
    from lxml import etree

    last_row = last_column = row = column = 0
    for event, element in etree.iterparse(stream, events=("start", "end"), tag=("{*}row", "{*}c"),
                                          resolve_entities=False, no_network=True):
        if element.tag.endswith("row"):
            if event == "start":
                row = int(element.get("r")) if (element.get("r") or "").isdigit() else row + 1
                column = 0
            else:
                element.clear()
        elif event == "end":
            match = _CELL_REF.match(element.get("r", ""))
            column = _column_number(match.group(1)) if match else column + 1
            if row > last_row or column > last_column:  # only cells that could move the extent are looked at
                if "".join(element.itertext()).strip():
                    last_row, last_column = max(last_row, row), max(last_column, column)
            element.clear()
    return last_row, last_column
