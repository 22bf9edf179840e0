"""The appendix grid (app.io.appendix_grid) as a Word table.

Ruled, the header row repeated on every page (w:tblHeader), area titles
across every column (w:gridSpan), a task's cells merged down over its
activity rows and equal neighbouring units or deadlines merged again
(w:vMerge), as the PDF and the workbook print them.

Pages break where the PDF breaks them (app.io.pdf_grid): a task with the
rows its merged cells cover, an area title with the task after it, stays on
one page (Word's "keep with next" on its paragraphs, no row broken across a
page: w:cantSplit) — unless moving it whole would leave a quarter of the
page empty or it is taller than a page: then it is cut at the foot of the
page, its rows free to break. The rows' heights are measured as the PDF
measures them (same widths, font and leading), so the same blocks are cut.
A row taller than a page always may break: Word would cut it off.
"""

from __future__ import annotations

from typing import Callable, Sequence

from docx.oxml import OxmlElement

from app.core.model import Column
from app.io.appendix_grid import GridRow
from app.io.appendix_layout import column_widths
from app.io.docx_document import cell, fill, paragraph, row, table
from app.io.docx_styles import GRID_PADDING, GRID_TABLE_STYLE
from app.io.document_content import CENTRED_FIELDS
from app.io.fonts import wrapped_lines
from app.io.pdf_grid import blocks_of

LINE = 14.0  # the cells' leading (12 pt text), as the PDF's
CELL_SIZE = 12.0
EMPTY_SHARE = 0.25  # a block is cut rather than moved when moving it would leave this much of a page empty
SAFETY = 2 * LINE   # how sure "it fits" must be before a block is held whole


def _text_height(text: str, width: float, bold: bool) -> float:
    inner = width - GRID_PADDING[1] - GRID_PADDING[3]
    return wrapped_lines(text, inner, bold, CELL_SIZE) * LINE + GRID_PADDING[0] + GRID_PADDING[2]


def row_heights(grid: Sequence[GridRow], widths: Sequence[float]) -> list[float]:
    """Each row's height as the PDF measures it: a merged cell's height is
    shared by its rows, its last row growing when it is taller than them."""
    heights: list[float] = []
    tall: list[tuple[int, int, float]] = []
    for r, grid_row in enumerate(grid):
        height = GRID_PADDING[0] + GRID_PADDING[2] + LINE
        for c, grid_cell in enumerate(grid_row.cells):
            if grid_cell.covered:
                continue
            needed = _text_height(grid_cell.text, sum(widths[c:c + grid_cell.colspan]), grid_row.is_area)
            if grid_cell.rowspan > 1:
                tall.append((r, grid_cell.rowspan, needed))
            else:
                height = max(height, needed)
        heights.append(height)
    for first, count, needed in tall:
        have = sum(heights[first:first + count])
        if needed > have:
            heights[first + count - 1] += needed - have
    return heights


def page_breaks(heights: Sequence[float], blocks: Sequence[tuple[int, int]], first_room: float,
                page_room: float) -> set[int]:
    """The blocks (by index) kept whole, the PDF's way: blocks fill a page
    while they fit; the next is moved to a new page, unless it is taller than
    a page or the room it would leave empty is over a quarter of a page —
    then it starts here and is cut at the foot. Word lays out the real rows:
    a block left free to break that does fit stays whole anyway, so a block
    is only held whole where it fits by a margin (the heights are estimates)."""
    whole: set[int] = set()
    room = first_room
    for index, (first, end) in enumerate(blocks):
        height = sum(heights[first:end])
        if height <= room - SAFETY:
            whole.add(index)
            room -= height
        elif height > page_room or room > page_room * EMPTY_SHARE:
            if height <= room:
                room -= height
            else:
                rest = height - max(room, 0.0)
                room = page_room - (rest % page_room if rest > page_room else rest)
        else:
            whole.add(index)
            room = page_room - height
    return whole


def _cell_paragraphs(text: str, style: str, keep_next: bool) -> list[OxmlElement]:
    return [paragraph(style, line, keep_next) for line in (text.split("\n") if text else [""])]


def grid_table(grid: Sequence[GridRow], columns: Sequence[Column], width: float, page_height: float,
               first_room: float, progress: Callable[[int, int], None] | None = None) -> OxmlElement:
    """``page_height``: the text's height on a page; ``first_room``: what the
    appendix's titles leave of it on its first page."""
    widths = column_widths(grid, columns, width, GRID_PADDING[1] + GRID_PADDING[3])  # the PDF's widths
    tbl = table(GRID_TABLE_STYLE, widths)
    header = row(header=True)
    for column, column_width in zip(columns, widths):
        header.append(fill(cell(column_width, middle=True),
                           _cell_paragraphs(column.header, "CCHCGridHeader", False)))
    tbl.append(header)

    heights = row_heights(grid, widths)
    header_height = max(_text_height(c.header, w, True) for c, w in zip(columns, widths))
    page_room = page_height - header_height
    blocks = blocks_of(list(grid))
    whole = page_breaks(heights, blocks, first_room - header_height, page_room)
    kept_with_next: set[int] = set()
    unbroken: set[int] = set()
    for index, (first, end) in enumerate(blocks):
        if index in whole:
            kept_with_next.update(range(first, end - 1))
            unbroken.update(r for r in range(first, end) if heights[r] <= page_room)

    merging: dict[int, tuple[int, int]] = {}  # column → (its span across, rows still merged below)
    for r, grid_row in enumerate(grid):
        tr = row(cant_split=r in unbroken)
        keep = r in kept_with_next
        c = 0
        while c < len(grid_row.cells):
            grid_cell = grid_row.cells[c]
            if c in merging:  # the cell of a row above, merged down over this one
                span, left = merging[c]
                tr.append(fill(cell(sum(widths[c:c + span]), span, "continue"), [paragraph("CCHCCell", "", keep)]))
                merging = {**merging, c: (span, left - 1)} if left > 1 else {k: v for k, v in merging.items() if k != c}
                c += span
                continue
            if grid_cell.covered:  # inside a span across, from the left: nothing of its own
                c += 1
                continue
            span = max(grid_cell.colspan, 1)
            merge = None
            if grid_cell.rowspan > 1:
                merge = "restart"
                merging[c] = (span, grid_cell.rowspan - 1)
            if grid_row.is_area:
                style = "CCHCCellBold"
            else:
                style = "CCHCCellCentre" if columns[c].field in CENTRED_FIELDS else "CCHCCell"
            tr.append(fill(cell(sum(widths[c:c + span]), span, merge), _cell_paragraphs(grid_cell.text, style, keep)))
            c += span
        tbl.append(tr)
        if progress is not None and r % 50 == 0:
            progress(r, len(grid))
    return tbl
