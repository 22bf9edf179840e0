"""The print-ready appendix as an .xlsx workbook (Nghị định 30 layout).

A4 landscape, margins 20/20/30/15 mm, Times New Roman, the title block
("Phụ lục", the title in capitals, the italic "(Kèm theo …)" line), the header
row repeated on every page, area rows merged across, a task's cells merged
down over its activities, row heights computed from the text so every line
shows in Excel and LibreOffice (neither grows a row on its own when opening
a file), page numbers from page 2. Every cell is written as text: a task
that starts with "=" stays words, never a formula.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.core.dates import short_date
from app.core.documents import appendix_caption
from app.core.model import Column, PlanDoc
from app.io.appendix_grid import (
    AppendixExport, GridRow, appendix_grid, export_columns, progress_columns, progress_grid,
)
from app.io.fonts import wrapped_lines
from app.core.text import clean_text, needs_cleaning
from app.io.safe_write import atomic_output

FONT_NAME = "Times New Roman"
TABLE_SIZE = 12
TITLE_SIZE = 14
CAPTION_SIZE = 13
MM_PER_INCH = 25.4
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
PRINTABLE_WIDTH_MM = 297 - MARGINS_MM["left"] - MARGINS_MM["right"]  # A4 landscape: 252 mm
LINE_HEIGHT_PT = 15.75   # Excel's line for Times New Roman 12
ROW_PADDING_PT = 4
MAX_ROW_HEIGHT_PT = 409  # Excel's limit
# Measured widths are a little optimistic for LibreOffice's layout: wrap
# into slightly narrower cells so a row is never a line short.
WRAP_SAFETY = 0.93

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top", horizontal="left")
WRAP_CENTER = Alignment(wrap_text=True, vertical="top", horizontal="center")

Progress = Callable[[int, int], None]


def write_appendix_xlsx(data: AppendixExport, target: Path | str, progress: Progress | None = None) -> Path:
    """Write the workbook to ``target`` (atomically); returns the path."""
    target = Path(target)
    columns = list(data.columns) if data.columns is not None else export_columns(data.plan)
    workbook = build_workbook(data, columns, progress)
    with atomic_output(target) as temp:
        workbook.save(temp)
    return target


# Cell formats are named styles, registered once per workbook: assigning a
# named style copies a small index array, while assigning Font/Border/
# Alignment objects makes openpyxl hash them for every cell (most of the
# export's time in profiles).
STYLE_TEXT, STYLE_CENTRE, STYLE_AREA, STYLE_HEADER = "Phụ lục - chữ", "Phụ lục - giữa", "Phụ lục - lĩnh vực", "Phụ lục - tiêu đề cột"


_STYLE_ARRAYS: dict[int, dict] = {}


def _apply_style(cell, name: str) -> None:
    """``cell.style = name`` without openpyxl's per-call lookup by name (the
    same index array it would copy, prepared once per workbook)."""
    from copy import copy

    workbook = cell.parent.parent
    arrays = _STYLE_ARRAYS.get(id(workbook))
    if arrays is None or arrays.get("_workbook") is not workbook:
        arrays = {"_workbook": workbook}
        for style in workbook._named_styles:
            arrays[style.name] = style.as_tuple()
        _STYLE_ARRAYS.clear()
        _STYLE_ARRAYS[id(workbook)] = arrays
    cell._style = copy(arrays[name])


def _register_styles(workbook: Workbook) -> None:
    from openpyxl.styles import NamedStyle

    specs = (
        (STYLE_TEXT, Font(name=FONT_NAME, size=TABLE_SIZE), WRAP_TOP),
        (STYLE_CENTRE, Font(name=FONT_NAME, size=TABLE_SIZE), WRAP_CENTER),
        (STYLE_AREA, Font(name=FONT_NAME, size=TABLE_SIZE, bold=True), WRAP_TOP),
        (STYLE_HEADER, Font(name=FONT_NAME, size=TABLE_SIZE, bold=True),
         Alignment(wrap_text=True, vertical="center", horizontal="center")),
    )
    for name, font, alignment in specs:
        style = NamedStyle(name=name, font=font, alignment=alignment, border=BORDER, number_format="@")
        workbook.add_named_style(style)


def _new_workbook() -> Workbook:
    """A workbook whose default ("Normal") font is Times New Roman 12.

    openpyxl has no public setting for it: the stylesheet's first font is the
    default, so the font list is replaced before any cell is styled."""
    from openpyxl.utils.indexed_list import IndexedList

    workbook = Workbook()
    default = Font(name=FONT_NAME, size=TABLE_SIZE)
    workbook._fonts = IndexedList([default])
    workbook._named_styles["Normal"].font = default
    _register_styles(workbook)
    return workbook


def build_workbook(data: AppendixExport, columns: Sequence[Column], progress: Progress | None = None) -> Workbook:
    workbook = _new_workbook()
    sheet = workbook.active
    sheet.title = "Phụ lục"
    grid = appendix_grid(data.rows, columns, data.numbers, data.tracking)
    _fill_sheet(sheet, data.plan, columns, grid, data.plan.appendix_title, progress)
    if data.as_of is not None and data.tracking is not None:
        progress_sheet = workbook.create_sheet("Tiến độ")
        title = f"Tiến độ thực hiện đến ngày {short_date(data.as_of)}"
        pcolumns = progress_columns()
        pgrid = progress_grid(data.rows, data.numbers, data.tracking, data.as_of, pcolumns)
        _fill_sheet(progress_sheet, data.plan, pcolumns, pgrid, title, None)
    props = workbook.properties
    props.title = _excel_text(f"{data.plan.appendix_heading} — {data.plan.appendix_title}".strip(" —"))
    props.subject = _excel_text(data.plan.title)
    props.creator = data.author or "Sổ kế hoạch CCHC"
    props.keywords = "CCHC; phụ lục; kế hoạch"
    return workbook


# ---------------------------------------------------------------------------


# Column widths are counted in digits of the workbook's default font. It is
# set to Times New Roman 12 (digit = 8 px at 96 dpi) so that Excel and
# LibreOffice (with Liberation Serif, same metrics) size columns alike; with
# Calibri, LibreOffice falls back to a wider font where Calibri is missing.
DIGIT_PX = 8
PADDING_PX = 5


def _column_widths(columns: Sequence[Column]) -> list[float]:
    """Excel widths (digits of the default font) that together fill the
    printable width of an A4 landscape page."""
    total_px = PRINTABLE_WIDTH_MM / MM_PER_INCH * 96
    weights = [max(c.width, 1.0) for c in columns]
    scale = total_px / sum(weights)
    return [max(2.0, (w * scale - PADDING_PX) / DIGIT_PX) for w in weights]


def _content_width_pt(excel_width: float) -> float:
    """Room for text inside a cell: the column less the cell's inner margins."""
    return (DIGIT_PX * excel_width + PADDING_PX) * 0.75 - 4


def _excel_text(text: str) -> str:
    """Text as Excel can hold it: text stored by an older version may still
    carry control characters, which openpyxl refuses (IllegalCharacterError)."""
    return clean_text(text) if text and needs_cleaning(text) else text


def _text_cell(sheet: Worksheet, row: int, column: int, text: str, font: Font, alignment: Alignment):
    text = _excel_text(text)
    cell = sheet.cell(row=row, column=column)
    cell.value = text if text else None
    if text:
        cell.data_type = "s"  # text, even "=SUM(A1)" or "+84…"
    cell.number_format = "@"
    cell.font = font
    cell.alignment = alignment
    return cell


def _styled_text(cell, text: str, style: str) -> None:
    _apply_style(cell, style)
    if text:
        cell.value = _excel_text(text)
        cell.data_type = "s"  # text, even "=SUM(A1)" or "+84…"


def _fill_sheet(sheet: Worksheet, plan: PlanDoc, columns: Sequence[Column], grid: list[GridRow],
                title: str, progress: Progress | None) -> None:
    widths = _column_widths(columns)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = round(width, 2)
    last_col = len(columns)
    current = _title_block(sheet, plan, title, last_col, widths)
    header_row = current
    header_lines = 1
    for index, column in enumerate(columns, start=1):
        _styled_text(sheet.cell(row=header_row, column=index), column.header, STYLE_HEADER)
        header_lines = max(header_lines, wrapped_lines(column.header, _content_width_pt(widths[index - 1]) * WRAP_SAFETY, True))
    sheet.row_dimensions[header_row].height = header_lines * LINE_HEIGHT_PT + ROW_PADDING_PT
    _write_rows(sheet, grid, columns, widths, header_row + 1, progress)
    _page_setup(sheet, header_row)


def _title_block(sheet: Worksheet, plan: PlanDoc, title: str, last_col: int, widths: list[float]) -> int:
    """"Phụ lục", the title in capitals, the "(Kèm theo …)" line; returns the
    row where the table header goes."""
    total_width = sum(_content_width_pt(w) for w in widths)
    lines = [
        (plan.appendix_heading or "Phụ lục", Font(name=FONT_NAME, size=TITLE_SIZE, bold=True)),
        ((title or "").upper(), Font(name=FONT_NAME, size=CAPTION_SIZE, bold=True)),
        (appendix_caption("Kế hoạch" if plan.doc_type.upper() == "KẾ HOẠCH" else plan.doc_type, plan.number,
                          plan.symbol, plan.issue_day, plan.issue_month, plan.issue_year or plan.year,
                          plan.issuing_body),
         Font(name=FONT_NAME, size=CAPTION_SIZE, italic=True)),
    ]
    row = 1
    for text, font in lines:
        if not text:
            continue
        _text_cell(sheet, row, 1, text, font, Alignment(wrap_text=True, horizontal="center", vertical="center"))
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        count = wrapped_lines(text, total_width * WRAP_SAFETY, font.b, font.sz)
        sheet.row_dimensions[row].height = count * (font.sz * 1.3) + ROW_PADDING_PT
        row += 1
    # The short rule under the caption (Mẫu 2.1): a line over the middle
    # third of the spacer row (merged cells above cannot carry it).
    first = max(1, last_col // 3 + 1)
    last = max(first, last_col - last_col // 3)
    for column in range(first, last + 1):
        sheet.cell(row=row, column=column).border = Border(top=THIN)
    sheet.row_dimensions[row].height = 8
    return row + 1


def _write_rows(sheet: Worksheet, grid: list[GridRow], columns: Sequence[Column], widths: list[float],
                first_row: int, progress: Progress | None) -> None:
    content = [_content_width_pt(w) * WRAP_SAFETY for w in widths]
    total = len(grid)
    merges: list[tuple[int, int, int, int]] = []
    heights: list[float] = []
    spans: list[tuple[int, int, int, float]] = []  # first row, last row, column, height needed
    for offset, grid_row in enumerate(grid):
        row = first_row + offset
        needed = LINE_HEIGHT_PT + ROW_PADDING_PT
        for index, cell in enumerate(grid_row.cells, start=1):
            target = sheet.cell(row=row, column=index)
            if cell.covered:
                continue
            if grid_row.is_area:
                style = STYLE_AREA
            else:
                style = STYLE_CENTRE if columns[index - 1].field in ("number", "due") else STYLE_TEXT
            _styled_text(target, cell.text, style)
            width = sum(content[index - 1: index - 1 + cell.colspan]) if cell.colspan > 1 else content[index - 1]
            height = wrapped_lines(cell.text, width, grid_row.is_area) * LINE_HEIGHT_PT + ROW_PADDING_PT
            if cell.colspan > 1 or cell.rowspan > 1:
                merges.append((row, index, row + cell.rowspan - 1, index + cell.colspan - 1))
            if cell.rowspan > 1:
                spans.append((row, row + cell.rowspan - 1, index, height))
            else:
                needed = max(needed, height)
        heights.append(needed)
        if progress is not None and (offset % 50 == 0 or offset == total - 1):
            progress(offset + 1, total)
    _merge_all(sheet, merges)
    # A task's merged cells need the height of all the rows they cover.
    for first, last, _column, height in spans:
        have = sum(heights[first - first_row: last - first_row + 1])
        if height > have:
            heights[last - first_row] += height - have
    for offset, height in enumerate(heights):
        sheet.row_dimensions[first_row + offset].height = min(MAX_ROW_HEIGHT_PT, round(height, 2))


def _merge_all(sheet: Worksheet, merges: list[tuple[int, int, int, int]]) -> None:
    """Merge many ranges at once. ``merge_cells`` checks each new range
    against all earlier ones (quadratic for a long appendix); ours never
    overlap, so they are added directly. Covered cells keep the text style,
    whose borders draw the merged cell's edges."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.worksheet.merge import MergedCellRange

    class FramedRange(MergedCellRange):
        """Our top-left cells already carry a full frame: skip openpyxl's
        copying of the bottom-right cell's border into it."""

        def _get_borders(self):
            self.start_cell = self.ws._cells.get((self.min_row, self.min_col))

    for first_row, first_col, last_row, last_col in merges:
        merged = FramedRange(sheet, f"{get_column_letter(first_col)}{first_row}:"
                                        f"{get_column_letter(last_col)}{last_row}")
        sheet.merged_cells.ranges.add(merged)
        for row in range(first_row, last_row + 1):
            for column in range(first_col, last_col + 1):
                if (row, column) != (first_row, first_col):
                    covered = MergedCell(sheet, row, column)
                    sheet._cells[row, column] = covered
                    _apply_style(covered, STYLE_TEXT)


def _page_setup(sheet: Worksheet, header_row: int) -> None:
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    margins = sheet.page_margins
    margins.top = MARGINS_MM["top"] / MM_PER_INCH
    margins.bottom = MARGINS_MM["bottom"] / MM_PER_INCH
    margins.left = MARGINS_MM["left"] / MM_PER_INCH
    margins.right = MARGINS_MM["right"] / MM_PER_INCH
    margins.header = 8 / MM_PER_INCH  # the page number sits in the top margin
    margins.footer = 8 / MM_PER_INCH
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    # Page numbers at the top centre, none on the first page (Nghị định 30).
    sheet.HeaderFooter.differentFirst = True
    sheet.oddHeader.center.text = "&P"
    sheet.oddHeader.center.font = f"{FONT_NAME},Regular"
    sheet.oddHeader.center.size = 13
    sheet.print_options.horizontalCentered = True
