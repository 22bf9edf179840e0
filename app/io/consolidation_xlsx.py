"""The consolidated table as an .xlsx workbook, laid out like the appendix
(Nghị định 30): A4 landscape, Times New Roman, margins 20/20/30/15 mm,
"Phụ lục" and the title in capitals, the header rows repeated on every
page, page numbers from page 2.

Per period two sheets: the units × figures (a line per unit, those not
submitted included, the total last) and the overdue tasks of every ward.
Figures are numbers (the province adds them up); names are text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from openpyxl.styles import Alignment, Border, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.core.consolidation import PeriodTable
from app.core.dates import short_date
from app.core.text import clean_text
from app.io.consolidation_layout import (
    SUBTITLE, TableColumn, overdue_cells, overdue_columns, overdue_title, summary_columns, summary_rows,
    summary_title,
)
from app.io.fonts import wrapped_lines
from app.io.safe_write import atomic_output
from app.io.xlsx_export import BORDER, FONT_NAME, MARGINS_MM, MM_PER_INCH, THIN, _new_workbook, _page_setup

LINE_PT = 15.75       # a line of Times New Roman 12 in Excel
PADDING_PT = 4
PRINTABLE_MM = 297 - MARGINS_MM["left"] - MARGINS_MM["right"]
HEADER_SIZE = 11  # the header of 15 columns: "Thường xuyên" fits its column
_TEXT = Font(name=FONT_NAME, size=12)
_BOLD = Font(name=FONT_NAME, size=12, bold=True)
_HEADER = Font(name=FONT_NAME, size=HEADER_SIZE, bold=True)
_LEFT = Alignment(wrap_text=True, vertical="center", horizontal="left")
_CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")


def write_consolidation_xlsx(tables: Sequence[PeriodTable], target: Path | str) -> Path:
    workbook = _new_workbook()
    workbook.remove(workbook.active)
    for table in tables:
        suffix = f" {table.label}"[:20] if len(tables) > 1 else ""
        summary = workbook.create_sheet(f"Tổng hợp{suffix}"[:31])
        _summary_sheet(summary, table)
        overdue = workbook.create_sheet(f"Quá hạn{suffix}"[:31])
        _overdue_sheet(overdue, table)
    props = workbook.properties
    props.title = summary_title(tables[0]) if tables else "Tổng hợp"
    props.creator = "Sổ kế hoạch CCHC"
    props.keywords = "CCHC; tổng hợp; báo cáo"
    target = Path(target)
    with atomic_output(target) as temp:
        workbook.save(temp)
    return target


def _widths(columns: Sequence[TableColumn]) -> list[float]:
    """Excel widths (digits of Times New Roman 12, 8 px) filling the printable
    width. LibreOffice draws a column as exactly that many digits; Excel adds
    5 px of padding to each and the sheet, fitted to the page's width, is
    scaled down a little — a column is never narrower than its share."""
    total_px = PRINTABLE_MM / MM_PER_INCH * 96
    scale = total_px / sum(c.width for c in columns)
    return [max(2.0, c.width * scale / 8) for c in columns]


def _room_pt(width: float) -> float:
    return (8 * width + 5) * 0.75 - 4


def _title(sheet: Worksheet, lines: Sequence[tuple[str, Font]], last_col: int, widths: Sequence[float]) -> int:
    """"Phụ lục", the title, the italic line, and the short rule; returns the next row."""
    room = sum(_room_pt(w) for w in widths) * 0.93
    row = 1
    for text, font in lines:
        cell = sheet.cell(row=row, column=1, value=clean_text(text))
        cell.font, cell.alignment = font, Alignment(wrap_text=True, horizontal="center", vertical="center")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        sheet.row_dimensions[row].height = wrapped_lines(text, room, font.b, font.sz) * font.sz * 1.3 + PADDING_PT
        row += 1
    first, last = max(1, last_col // 3 + 1), max(1, last_col - last_col // 3)
    for column in range(first, last + 1):
        sheet.cell(row=row, column=column).border = Border(top=THIN)
    sheet.row_dimensions[row].height = 8
    return row + 1


def _cell(sheet: Worksheet, row: int, column: int, value, bold: bool = False, centre: bool = False,
          number_format: str | None = None, font: Font | None = None):
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        value = clean_text(value)
        cell.value = value or None
        if value:
            cell.data_type = "s"  # text stays text, even "=…"
        cell.number_format = "@"
    else:
        cell.value = value
        cell.number_format = number_format or "0"
    cell.font = font or (_BOLD if bold else _TEXT)
    cell.alignment = _CENTRE if centre else _LEFT
    cell.border = BORDER
    return cell


def _header(sheet: Worksheet, first_row: int, columns: Sequence[TableColumn], widths: Sequence[float]) -> int:
    """One or two header rows (a group title over the status columns); returns the first body row."""
    two_rows = any(c.group for c in columns)
    top = bottom = 1  # lines of text in each header row

    def lines(text: str, first: int, span: int = 1) -> int:
        room = sum(_room_pt(w) for w in widths[first - 1:first - 1 + span]) * 0.93
        return wrapped_lines(text, room, True, HEADER_SIZE)

    col = 1
    while col <= len(columns):
        column = columns[col - 1]
        if column.group:
            span = sum(1 for c in columns[col - 1:] if c.group == column.group)
            for offset in range(span):
                _cell(sheet, first_row, col + offset, column.group if not offset else "", centre=True, font=_HEADER)
                sub = columns[col - 1 + offset]
                _cell(sheet, first_row + 1, col + offset, sub.header, centre=True, font=_HEADER)
                bottom = max(bottom, lines(sub.header, col + offset))
            sheet.merge_cells(start_row=first_row, start_column=col, end_row=first_row, end_column=col + span - 1)
            top = max(top, lines(column.group, col, span))
            col += span
            continue
        _cell(sheet, first_row, col, column.header, centre=True, font=_HEADER)
        if two_rows:
            _cell(sheet, first_row + 1, col, "", font=_HEADER)
            sheet.merge_cells(start_row=first_row, start_column=col, end_row=first_row + 1, end_column=col)
            bottom = max(bottom, lines(column.header, col) - top)  # a merged cell spans both rows
        else:
            top = max(top, lines(column.header, col))
        col += 1
    line = HEADER_SIZE * 1.3
    sheet.row_dimensions[first_row].height = line * top + PADDING_PT
    if two_rows:
        sheet.row_dimensions[first_row + 1].height = line * max(bottom, 1) + PADDING_PT
    return first_row + (2 if two_rows else 1)


def _body(sheet: Worksheet, first_row: int, rows: Sequence[Sequence], columns: Sequence[TableColumn],
          widths: Sequence[float], bold_last: bool = False) -> None:
    for offset, values in enumerate(rows):
        row = first_row + offset
        bold = bold_last and offset == len(rows) - 1
        lines = 1
        for index, (value, column) in enumerate(zip(values, columns), start=1):
            fmt = '0.0"%"' if column.percent else None
            _cell(sheet, row, index, value, bold=bold, centre=column.centre, number_format=fmt)
            if isinstance(value, str):
                lines = max(lines, wrapped_lines(value, _room_pt(widths[index - 1]) * 0.93, bold))
        sheet.row_dimensions[row].height = min(409, LINE_PT * lines + PADDING_PT)


def _page(sheet: Worksheet, header_row: int, body_row: int) -> None:
    """The appendix's page (A4 landscape, margins, page number from page 2),
    the header rows repeated, and each sheet numbered from its own page 1."""
    _page_setup(sheet, body_row - 1)  # the cell under its header row is then a plain one
    sheet.print_title_rows = f"{header_row}:{body_row - 1}"
    sheet.page_setup.firstPageNumber = 1
    sheet.page_setup.useFirstPageNumber = True


def _summary_sheet(sheet: Worksheet, table: PeriodTable) -> None:
    columns = summary_columns()
    widths = _widths(columns)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = round(width, 2)
    header_row = _title(sheet, [("Phụ lục", Font(name=FONT_NAME, size=14, bold=True)),
                                (summary_title(table).upper(), Font(name=FONT_NAME, size=13, bold=True)),
                                (SUBTITLE.format(deadline=short_date(table.deadline),
                                                 sent=sum(1 for line in table.lines if line.submitted),
                                                 expected=len(table.lines)),
                                 Font(name=FONT_NAME, size=13, italic=True))], len(columns), widths)
    body_row = _header(sheet, header_row, columns, widths)
    _body(sheet, body_row, summary_rows(table, numeric=True), columns, widths, bold_last=True)
    _page(sheet, header_row, body_row)
    sheet.freeze_panes = f"C{body_row}"


def _overdue_sheet(sheet: Worksheet, table: PeriodTable) -> None:
    columns = overdue_columns(len(table.overdue))
    widths = _widths(columns)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = round(width, 2)
    header_row = _title(sheet, [("Phụ lục", Font(name=FONT_NAME, size=14, bold=True)),
                                (overdue_title(table).upper(), Font(name=FONT_NAME, size=13, bold=True))],
                        len(columns), widths)
    body_row = _header(sheet, header_row, columns, widths)
    rows = overdue_cells(table)
    if not rows:
        rows = [["", "Không có nhiệm vụ quá hạn."] + [""] * (len(columns) - 2)]
    _body(sheet, body_row, rows, columns, widths)
    _page(sheet, header_row, body_row)
