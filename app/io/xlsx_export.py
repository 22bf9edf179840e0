"""The print-ready appendix as an .xlsx workbook (Nghị định 30 layout).

A4 landscape at full size, margins 20/20/30/15 mm (not centred), Times New
Roman, the title block ("Phụ lục", the title in capitals, the italic
"(Kèm theo …)" line and its centred rule), the header row repeated on every
page, area rows merged across, a task's cells merged down over its
activities, the same column widths as the PDF, row heights and page breaks
as LibreOffice and Excel print them (app/io/xlsx_layout.py), page numbers
from page 2, each sheet numbered from 1. Every cell is written as text: a
task that starts with "=" stays words, never a formula.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Callable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from app.core.dates import short_date
from app.core.documents import appendix_caption
from app.core.model import Column, PlanDoc
from app.io.appendix_grid import (
    AppendixExport, GridRow, appendix_grid, export_columns, progress_columns, progress_grid,
)
from app.io.appendix_layout import printed
from app.io.fonts import wrapped_lines
from app.core.text import clean_text, needs_cleaning
from app.io.safe_write import atomic_output
from app.io.xlsx_layout import EXCEL_PADDING, PAGE_WIDTH_PT, SheetLayout, excel_height, lay_out

FONT_NAME = "Times New Roman"
TABLE_SIZE = 12
TITLE_SIZE = 14
CAPTION_SIZE = 13
MM_PER_INCH = 25.4
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
RULE_MM = 40          # the rule under the caption, as in the PDF
RULE_ROW_PT = 9.75    # the spacer row that carries it

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
    grid, columns = printed(appendix_grid(data.rows, columns, data.numbers, data.tracking), columns,
                            data.plan.hide_empty_columns)
    _fill_sheet(sheet, data.plan, columns, grid, data.plan.appendix_title, progress)
    if data.as_of is not None and data.tracking is not None:
        progress_sheet = workbook.create_sheet("Tiến độ")
        title = f"Tiến độ thực hiện đến ngày {short_date(data.as_of)}"
        pcolumns = progress_columns()
        pgrid, pcolumns = printed(progress_grid(data.rows, data.numbers, data.tracking, data.as_of, pcolumns),
                                  pcolumns, data.plan.hide_empty_columns)
        _fill_sheet(progress_sheet, data.plan, pcolumns, pgrid, title, None)
    props = workbook.properties
    props.title = _excel_text(f"{data.plan.appendix_heading} — {data.plan.appendix_title}".strip(" —"))
    props.subject = _excel_text(data.plan.title)
    props.creator = data.author or "Sổ kế hoạch CCHC"
    props.keywords = "CCHC; phụ lục; kế hoạch"
    return workbook


# ---------------------------------------------------------------------------


class AutoHeightRow(RowDimension):
    """A row whose stored height is LibreOffice's (it prints rows at the
    stored height) but not marked as set by hand, so Excel works the height
    out again with its own font metrics."""

    @property
    def customHeight(self):  # noqa: N802 (openpyxl's name)
        return False


def _set_height(sheet: Worksheet, row: int, height: float, custom: bool) -> None:
    if custom:
        sheet.row_dimensions[row].height = height
    else:
        sheet.row_dimensions[row] = AutoHeightRow(sheet, index=row, ht=height)


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
    title_lines = _title_lines(plan, title)
    title_rows = [(text, font, _title_height(text, font)) for text, font in title_lines]
    first_page = sum(h for _t, _f, h in title_rows) + RULE_ROW_PT
    layout = lay_out(grid, columns, first_page)
    for index, chars in enumerate(layout.chars, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = chars
    last_col = len(columns)
    row = 1
    for text, font, height in title_rows:
        _text_cell(sheet, row, 1, text, font, Alignment(wrap_text=True, horizontal="center", vertical="center"))
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        _set_height(sheet, row, height, True)
        row += 1
    rule_under_caption(sheet, row, layout.widths)
    header_row = row + 1
    for index, column in enumerate(columns, start=1):
        _styled_text(sheet.cell(row=header_row, column=index), column.header, STYLE_HEADER)
    _set_height(sheet, header_row, layout.header_height, False)
    _write_rows(sheet, layout, columns, header_row + 1, progress)
    for end in layout.page_ends:
        sheet.row_breaks.append(Break(id=header_row + 1 + end))
    _page_setup(sheet, header_row)


def _title_lines(plan: PlanDoc, title: str) -> list[tuple[str, Font]]:
    """"Phụ lục", the title in capitals, the "(Kèm theo …)" line."""
    caption = appendix_caption("Kế hoạch" if plan.doc_type.upper() == "KẾ HOẠCH" else plan.doc_type, plan.number,
                               plan.symbol, plan.issue_day, plan.issue_month, plan.issue_year or plan.year,
                               plan.issuing_body)
    lines = [
        (plan.appendix_heading or "Phụ lục", Font(name=FONT_NAME, size=TITLE_SIZE, bold=True)),
        ((title or "").upper(), Font(name=FONT_NAME, size=CAPTION_SIZE, bold=True)),
        (caption, Font(name=FONT_NAME, size=CAPTION_SIZE, italic=True)),
    ]
    return [(text, font) for text, font in lines if text]


def _title_height(text: str, font: Font) -> float:
    """Merged across the table: Excel keeps it only if set by hand, so the
    taller of the two programs' heights."""
    lines = wrapped_lines(text, PAGE_WIDTH_PT - EXCEL_PADDING, bool(font.b), font.sz)
    return excel_height(lines, font.sz)


def rule_under_caption(sheet: Worksheet, row: int, widths: Sequence[float]) -> None:
    """The short rule under the caption (Mẫu 2.1), centred under the caption
    (which is centred across the table): a line drawn as a picture, since a
    cell border can only follow the columns."""
    from openpyxl.drawing.image import Image as SheetImage
    from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
    from openpyxl.drawing.xdr import XDRPositiveSize2D
    from PIL import Image as Picture

    _set_height(sheet, row, RULE_ROW_PT, True)
    length_px = round(RULE_MM / MM_PER_INCH * 96)
    buffer = io.BytesIO()
    Picture.new("RGB", (length_px, 1), "black").save(buffer, format="PNG")
    picture = SheetImage(buffer)
    picture.width, picture.height = length_px, 1
    start = (sum(widths) - length_px * 0.75) / 2
    column, left = 0, start
    while column < len(widths) - 1 and left >= widths[column]:
        left -= widths[column]
        column += 1
    emu = 12700  # per point
    picture.anchor = OneCellAnchor(_from=AnchorMarker(col=column, colOff=int(left * emu), row=row - 1,
                                                      rowOff=int(RULE_ROW_PT / 2 * emu)),
                                   ext=XDRPositiveSize2D(int(length_px * 0.75 * emu), int(0.75 * emu)))
    sheet.add_image(picture)


def _write_rows(sheet: Worksheet, layout: SheetLayout, columns: Sequence[Column], first_row: int,
                progress: Progress | None) -> None:
    total = len(layout.rows)
    merges: list[tuple[int, int, int, int]] = []
    for offset, sheet_row in enumerate(layout.rows):
        row = first_row + offset
        for index, cell in enumerate(sheet_row.cells, start=1):
            if cell.covered:
                continue
            if sheet_row.is_area:
                style = STYLE_AREA
            else:
                style = STYLE_CENTRE if columns[index - 1].field in ("number", "due") else STYLE_TEXT
            _styled_text(sheet.cell(row=row, column=index), cell.text, style)
            if cell.colspan > 1 or cell.rowspan > 1:
                merges.append((row, index, row + cell.rowspan - 1, index + cell.colspan - 1))
        _set_height(sheet, row, sheet_row.height, sheet_row.custom)
        if progress is not None and (offset % 50 == 0 or offset == total - 1):
            progress(offset + 1, total)
    _merge_all(sheet, merges)


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
    # Printed at full size: the columns add up to the printable width, and
    # Excel ignores manual page breaks when a sheet is fitted to pages.
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    # Each sheet numbers its own pages from 1 (Nghị định 30: each appendix on its own).
    setup.firstPageNumber = 1
    setup.useFirstPageNumber = True
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
    # Left and right margins as the decree sets them (30/15 mm), not centred.
    sheet.print_options.horizontalCentered = False
