"""The appendix sheet as the spreadsheet programs print it: column widths in
characters, the height of every row, and where pages end.

Neither LibreOffice nor Excel lays a row out from the file alone:
LibreOffice prints each row at the height stored in the file, and Excel
works the height out again from its own font metrics (when the row is not
marked as set by hand) but ignores merged cells when it does. So:

- every row stores the height LibreOffice needs (measured: Times New Roman /
  Liberation Serif 12 pt lines are 13.3 pt apart, the text starts about a
  point from the cell's left edge, the column is 6 pt per character unit);
- rows whose height is decided by a merged cell (an area title on two
  lines, a task's text longer than its activities) are marked as set by
  hand, with the height Excel needs (its lines are 15.75 pt apart), since
  Excel would otherwise shrink them and cut the merged text;
- manual page breaks keep a task and its activities on one page whenever
  they fit on one, and an area title with the task that follows it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

from app.core.model import Column
from app.io.appendix_grid import GridCell, GridRow
from app.io.appendix_layout import column_widths
from app.io.fonts import line_breaks, wrapped_lines

PT_PER_MM = 72 / 25.4
PAGE_WIDTH_PT = (297 - 30 - 15) * PT_PER_MM     # A4 landscape less the 30/15 mm margins
PAGE_HEIGHT_PT = (210 - 20 - 20) * PT_PER_MM    # less the 20/20 mm margins
PAGE_SAFETY_PT = 3.0                            # rounding in the spreadsheet programs
PT_PER_CHAR = 6.0        # a character unit of column width: one digit of Times New Roman 12 (8 px)
PX = 0.75                # one pixel at 96 dpi, in points: heights and widths are stored in whole pixels
LIBRE_LINE = 1.1084      # line pitch / font size, LibreOffice (measured: 13.3 pt at 12 pt)
LIBRE_PADDING = 2.0      # left + right room the text keeps in a LibreOffice cell
LIBRE_VERTICAL = 2.0     # top + bottom room under the lines
EXCEL_LINE = 1.3125      # Excel: 15.75 pt a line at 12 pt (its default row for Times New Roman 12)
EXCEL_PADDING = 5.0
EXCEL_VERTICAL = 4.0
MAX_ROW_PT = 409.0       # Excel's tallest row
PDF_PADDING = 6.0        # the PDF's cell padding: both print the same columns
FONT_SIZE = 12.0


@dataclass
class SheetRow:
    """A printed row: its cells (as in the grid), its height in points and
    whether Excel must keep that height (``custom``)."""

    cells: list[GridCell]
    is_area: bool
    height: float = 0.0      # what LibreOffice prints (stored in the file)
    custom: bool = False     # marked as set by hand: Excel keeps it
    continued: bool = False  # a row added to carry on a cell too tall for one row
    excel: float = 0.0       # what Excel would make of the row on its own


@dataclass
class SheetLayout:
    widths: list[float]              # column widths in points
    chars: list[float]               # the same in character units (what the file stores)
    header_height: float
    rows: list[SheetRow]
    page_ends: list[int] = field(default_factory=list)  # indexes of rows that end a page (manual breaks)


def pixels(points: float) -> float:
    """Round up to whole pixels, as both programs store heights."""
    return math.ceil(points / PX - 1e-6) * PX


def libre_height(lines: int, size: float = FONT_SIZE) -> float:
    return pixels(lines * size * LIBRE_LINE + LIBRE_VERTICAL)


def excel_height(lines: int, size: float = FONT_SIZE) -> float:
    return pixels(lines * size * EXCEL_LINE + EXCEL_VERTICAL)


def sheet_widths(grid: Sequence[GridRow], columns: Sequence[Column]) -> tuple[list[float], list[float]]:
    """Column widths (points and character units) filling the printable width,
    the same the PDF uses, rounded down to whole pixels."""
    points = column_widths(grid, columns, PAGE_WIDTH_PT, PDF_PADDING)
    exact = [p / PX for p in points]
    pixels_each = [max(8, math.floor(x)) for x in exact]
    # The pixels lost to rounding go to the columns that lost most.
    spare = math.floor(PAGE_WIDTH_PT / PX + 1e-6) - sum(pixels_each)
    for index in sorted(range(len(exact)), key=lambda i: pixels_each[i] - exact[i])[:max(0, spare)]:
        pixels_each[index] += 1
    return [px * PX for px in pixels_each], [px / 8 for px in pixels_each]


def _lines(text: str, width: float, padding: float, bold: bool) -> int:
    return wrapped_lines(text, width - padding, bold, FONT_SIZE) if text else 1


def _span_width(widths: list[float], index: int, cell: GridCell) -> float:
    return sum(widths[index:index + cell.colspan])


def lay_out(grid: Sequence[GridRow], columns: Sequence[Column], header_first_page: float) -> SheetLayout:
    """Widths, row heights and page ends of a sheet whose table starts below
    ``header_first_page`` points of title rows on its first page."""
    widths, chars = sheet_widths(grid, columns)
    header_lines = max(_lines(c.header, w, LIBRE_PADDING, True) for c, w in zip(columns, widths))
    header_height = libre_height(header_lines)
    limit = min(MAX_ROW_PT, PAGE_HEIGHT_PT - header_height - PAGE_SAFETY_PT)
    rows: list[SheetRow] = []
    blocks: list[tuple[int, int]] = []
    for first, end in _blocks(grid):
        start = len(rows)
        rows += _block_rows(grid[first:end], widths, limit)
        blocks.append((start, len(rows)))
    layout = SheetLayout(widths, chars, header_height, rows)
    layout.page_ends = _page_ends(rows, blocks, header_height, header_first_page)
    return layout


def _blocks(grid: Sequence[GridRow]) -> list[tuple[int, int]]:
    from app.io.pdf_grid import blocks_of

    return blocks_of(list(grid))


def _block_rows(block: Sequence[GridRow], widths: list[float], limit: float) -> list[SheetRow]:
    """The sheet rows of one block with their heights. A block with a cell
    taller than a row may be (Excel's 409 pt, or a page) is written without
    merges, its long cells carried on in the rows below."""
    rows = [SheetRow(g.cells, g.is_area) for g in block]  # cells are read, never changed
    # Excel's own heights matter only where merged cells decide (most blocks are one plain row).
    merged = any(c.rowspan > 1 or c.colspan > 1 for row in rows for c in row.cells if not c.covered)
    spans: list[tuple[int, int, float, float]] = []  # first, last, LibreOffice need, Excel need
    for r, row in enumerate(rows):
        libre_need, excel_need = libre_height(1), excel_height(1)
        for index, cell in enumerate(row.cells):
            if cell.covered:
                continue
            width = _span_width(widths, index, cell)
            libre = libre_height(_lines(cell.text, width, LIBRE_PADDING, row.is_area))
            excel = 0.0
            if merged or libre > limit * 0.7:
                excel = excel_height(_lines(cell.text, width, EXCEL_PADDING, row.is_area))
            if excel > limit:
                return _carried_on(block, widths, limit)
            if cell.rowspan > 1:
                spans.append((r, r + cell.rowspan - 1, libre, excel))
                continue
            if cell.colspan > 1 and excel > excel_height(1):
                row.custom = True  # a merged title on two lines: Excel would not grow the row
                libre = excel
            libre_need, excel_need = max(libre_need, libre), max(excel_need, excel)
        row.height, row.excel = libre_need, excel_need
    _fit_spans(rows, spans)
    return rows


def _fit_spans(rows: list[SheetRow], spans: list[tuple[int, int, float, float]]) -> None:
    """A merged cell taller than its rows: the last row grows (LibreOffice),
    and when Excel's own rows might not hold it (within a tenth), all its
    rows keep Excel's heights, set by hand."""
    for first, last, libre, excel in spans:
        covered = rows[first:last + 1]
        have = sum(r.height for r in covered)
        if libre > have:
            covered[-1].height = pixels(covered[-1].height + libre - have)
        if excel > 0.9 * sum(r.excel for r in covered):
            for row in covered:
                row.custom = True
                row.height = max(row.height, row.excel)
            grown = sum(r.height for r in covered)
            if excel > grown:
                covered[-1].height = pixels(covered[-1].height + excel - grown)


def _carried_on(block: Sequence[GridRow], widths: list[float], limit: float) -> list[SheetRow]:
    """A block holding a cell too tall for one row: no merges, and each row's
    long cells continue in the rows below it, a page-sized part at a time."""
    out: list[SheetRow] = []
    for grid_row in block:
        parts: list[list[str]] = []
        for index, cell in enumerate(grid_row.cells):
            if cell.covered or cell.colspan > 1:
                parts.append([cell.text] if not cell.covered else [""])
                continue
            width = widths[index] - EXCEL_PADDING
            lines = line_breaks(cell.text, width, grid_row.is_area, FONT_SIZE) if cell.text else [""]
            per_row = max(1, int((limit - EXCEL_VERTICAL) / (FONT_SIZE * EXCEL_LINE)))
            parts.append(["\n".join(lines[i:i + per_row]) for i in range(0, len(lines), per_row)])
        for part in range(max(len(p) for p in parts)):
            cells = []
            for index, cell in enumerate(grid_row.cells):
                text = parts[index][part] if part < len(parts[index]) else ""
                if cell.covered and grid_row.is_area:
                    cells.append(GridCell(covered=True))  # the area title still spans the table
                else:
                    cells.append(GridCell(text, colspan=cell.colspan))  # a task's cell: no longer merged down
            lines = max((_lines(c.text, _span_width(widths, i, c), EXCEL_PADDING, grid_row.is_area)
                         for i, c in enumerate(cells) if not c.covered), default=1)
            out.append(SheetRow(cells, grid_row.is_area, min(limit, excel_height(lines)), True, part > 0))
    return out


def _page_ends(rows: list[SheetRow], blocks: list[tuple[int, int]], header: float, first_page: float) -> list[int]:
    """Rows after which a page ends: whole blocks while they fit; a block
    taller than a page is broken between its rows."""
    capacity = PAGE_HEIGHT_PT - header - PAGE_SAFETY_PT
    room = capacity - first_page
    ends: list[int] = []
    for first, end in blocks:
        height = sum(r.height for r in rows[first:end])
        if height <= room:
            room -= height
            continue
        if height <= capacity:
            if first > 0:
                ends.append(first - 1)
            room = capacity - height
            continue
        for index in range(first, end):  # taller than a page: fill pages row by row
            if rows[index].height > room and index > 0:
                ends.append(index - 1)
                room = capacity
            room -= rows[index].height
    return sorted(set(e for e in ends if e >= 0))
