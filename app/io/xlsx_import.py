"""Reading an appendix back from an .xlsx: the app's own export or a sheet
made by hand. The cells go to the same table reader as pasted text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.core.dates import short_date
from app.core.errors import FileReadError
from app.core.text import nfc
from app.io.file_checks import check_office_zip
from app.io.table_reader import TableReadError, TableReading, find_header, read_table

MAX_ROWS = 20_000
MAX_COLUMNS = 60


@dataclass(frozen=True)
class SheetGrid:
    sheet: str
    grid: list[list[str]]


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


def xlsx_grids(path: Path | str) -> list[SheetGrid]:
    """Cells of every sheet as text (merged cells: the text in the first cell)."""
    from openpyxl import load_workbook

    path = Path(path)
    check_office_zip(path, "Excel")
    try:
        workbook = load_workbook(path, read_only=False, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise FileReadError(f"Tệp Excel «{path.name}» bị hỏng hoặc không đọc được ({type(error).__name__}).") from None
    grids = []
    try:
        for sheet in workbook.worksheets:
            rows = []
            for row in sheet.iter_rows(max_row=min(sheet.max_row, MAX_ROWS),
                                       max_col=min(sheet.max_column, MAX_COLUMNS), values_only=True):
                rows.append([_text(v) for v in row])
            while rows and not any(c.strip() for c in rows[-1]):
                rows.pop()
            grids.append(SheetGrid(sheet.title, rows))
    finally:
        workbook.close()
    return grids


@dataclass(frozen=True)
class XlsxReading:
    sheet: str
    grid: list[list[str]]
    table: TableReading
    title_lines: tuple[str, ...]   # the rows above the header (Phụ lục, title, "Kèm theo …")
    year: int | None


def read_xlsx(path: Path | str) -> XlsxReading:
    """The appendix of the first sheet that has one."""
    grids = xlsx_grids(path)
    if not any(any(c.strip() for c in row) for g in grids for row in g.grid):
        raise FileReadError(f"Tệp «{Path(path).name}» không có dữ liệu (trang tính trống).")
    last_error: Exception | None = None
    for sheet in grids:
        if not sheet.grid:
            continue
        try:
            header = find_header(sheet.grid)
            table = read_table(sheet.grid, header_row=header)
        except TableReadError as error:
            last_error = error
            continue
        titles = tuple(" ".join(c for c in row if c.strip()) for row in sheet.grid[:header] if any(c.strip() for c in row))
        return XlsxReading(sheet.sheet, sheet.grid, table, titles, _year_in(titles))
    raise FileReadError(f"Không tìm thấy bảng phụ lục trong «{Path(path).name}»: {last_error}")


def _year_in(lines: tuple[str, ...]) -> int | None:
    for line in lines:
        match = re.search(r"năm\s+(\d{4})", line, re.I)
        if match:
            return int(match.group(1))
    return None


def read_xlsx_source(path: Path) -> "ImportSource":
    from app.io.importers import ImportSource

    reading = read_xlsx(path)
    return ImportSource(path, "xlsx", reading.grid, reading.table.header_row, reading.table,
                        title_lines=reading.title_lines, year=reading.year)
