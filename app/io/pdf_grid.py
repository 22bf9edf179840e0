"""The appendix grid as a PDF table that is laid out one page at a time.

reportlab's ``Table`` re-measures the whole of what is left of a table each
time it is split across a page, and works out its spans and no-split ranges
over every remaining row again: for a 1,000-task appendix (370 pages) that is
quadratic and took 17 s. ``PagedTable`` measures each row once, decides by
itself which rows go on the page, and hands reportlab a small ``Table`` for
that page only. A task keeps its merged cells on one page and an area title
is never left at the foot of a page; a block too tall for the room (a long
cell, the input allows 20,000 characters) is cut between lines instead and
continues under the header on the next page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from app.core.model import Column
from app.io.appendix_grid import GridRow
from app.io.appendix_layout import column_widths
from app.io.document_content import CENTRED_FIELDS
from app.io.pdf_common import Styles, font_command, para

LEFT_PADDING = RIGHT_PADDING = 3
TOP_PADDING = 2
BOTTOM_PADDING = 3
UNLIMITED = 1e9
EPSILON = 0.01
LINE_STEP = 14                                        # one line of the cells' text
MIN_PIECE = 2 * LINE_STEP + TOP_PADDING + BOTTOM_PADDING  # never cut off less than two lines


class PageTable(Table):
    """One page of a PagedTable. It is measured once to check that it fits
    and then again by the frame with the same room: the second time is free."""

    _wrapped: tuple | None = None

    def wrap(self, available_width, available_height):
        key = (available_width, available_height)
        if self._wrapped is None or self._wrapped[0] != key:
            self._wrapped = (key, super().wrap(available_width, available_height))
        return self._wrapped[1]


@dataclass(frozen=True)
class Span:
    """A merged cell: from (column, row) over so many columns and rows."""
    column: int
    row: int
    columns: int
    rows: int


class PagedTable(Flowable):
    """A bordered table whose header row is repeated on every page.

    ``rows`` holds the cells of each body row (``None`` where a merged cell
    covers it); ``blocks`` gives the rows that must stay on one page, as
    (first, end) ranges that follow each other. A block that does not fit
    where the page has room is moved whole to the next page, unless it is
    taller than a page or moving it would leave a quarter of the page empty:
    then it is cut at the foot of the page and its cells continue overleaf,
    under the repeated header."""

    def __init__(self, header: list, rows: list[list], spans: list[Span], blocks: list[tuple[int, int]],
                 widths: list[float], commands: list, page_height: float):
        super().__init__()
        self.header = header
        self.rows = rows
        self.spans = spans
        self.blocks = blocks
        self.widths = widths
        self.commands = commands
        self.page_height = page_height
        self._measured_for: float | None = None
        self._table: Table | None = None

    # --- measuring ---------------------------------------------------------

    def _cell_height(self, cell, width: float) -> float:
        if cell is None:
            return 0.0
        _w, h = cell.wrap(width - LEFT_PADDING - RIGHT_PADDING, UNLIMITED)
        return h + TOP_PADDING + BOTTOM_PADDING

    def _span_width(self, column: int, span: Span | None) -> float:
        return sum(self.widths[column:column + span.columns]) if span else self.widths[column]

    def _row_heights(self, rows: list[list], spans: list[Span]) -> list[float]:
        """Heights of ``rows`` as reportlab's Table lays them out: a merged
        cell taller than the rows it covers makes the last of them grow."""
        spanned = {(s.column, s.row): s for s in spans}
        heights: list[float] = []
        tall_spans: list[tuple[Span, float]] = []
        for r, cells in enumerate(rows):
            height = TOP_PADDING + BOTTOM_PADDING
            for c, cell in enumerate(cells):
                span = spanned.get((c, r))
                cell_height = self._cell_height(cell, self._span_width(c, span))
                if span and span.rows > 1:
                    tall_spans.append((span, cell_height))
                else:
                    height = max(height, cell_height)
            heights.append(height)
        for span, needed in tall_spans:
            have = sum(heights[span.row:span.row + span.rows])
            if needed > have:
                heights[span.row + span.rows - 1] += needed - have
        return heights

    def _measure(self, available_width: float) -> None:
        """Row heights, header height and block heights, once per width."""
        if self._measured_for == available_width:
            return
        self.header_height = max(self._cell_height(c, w) for c, w in zip(self.header, self.widths))
        self.row_heights = self._row_heights(self.rows, self.spans)
        self._measured_for = available_width

    def _block_height(self, block: tuple[int, int]) -> float:
        return sum(self.row_heights[block[0]:block[1]])

    # --- the page's table --------------------------------------------------

    def _table_of(self, rows: list[list], spans: list[Span], blocks: list[tuple[int, int]]) -> Table:
        """Header plus ``rows`` as a reportlab Table."""
        commands = list(self.commands)
        for s in spans:
            commands.append(("SPAN", (s.column, s.row + 1), (s.column + s.columns - 1, s.row + s.rows)))
        for first, end in blocks:
            if end - first > 1:
                commands.append(("NOSPLIT", (0, first + 1), (-1, end)))
        table = PageTable([self.header] + rows, colWidths=self.widths, repeatRows=1)
        table.setStyle(TableStyle(commands))
        return table

    def _rest(self, rows: list[list], spans: list[Span], heights: list[float],
              blocks: list[tuple[int, int]]) -> PagedTable | None:
        if not rows:
            return None
        rest = PagedTable(self.header, rows, spans, blocks, self.widths, self.commands, self.page_height)
        # The rows keep their heights: measuring again on each page is what made Table quadratic.
        rest.header_height = self.header_height
        rest.row_heights = heights
        rest._measured_for = self._measured_for
        return rest

    def _from(self, block_index: int) -> tuple[list[list], list[Span], list[float], list[tuple[int, int]]]:
        """Rows, spans, heights and blocks from a block on, renumbered from 0."""
        if block_index >= len(self.blocks):
            return [], [], [], []
        first = self.blocks[block_index][0]
        return (self.rows[first:], [Span(s.column, s.row - first, s.columns, s.rows) for s in self.spans
                                    if s.row >= first],
                self.row_heights[first:], [(a - first, b - first) for a, b in self.blocks[block_index:]])

    def _until(self, block_index: int) -> tuple[list[list], list[Span], list[tuple[int, int]]]:
        end = self.blocks[block_index - 1][1] if block_index else 0
        return self.rows[:end], [s for s in self.spans if s.row < end], self.blocks[:block_index]

    # --- the Flowable protocol ---------------------------------------------

    def wrap(self, available_width, available_height):
        self._measure(available_width)
        estimate = self.header_height + sum(self.row_heights)
        if estimate > available_height + 1:
            return available_width, estimate  # too tall: the frame will ask for a split
        # The last page: the exact height is the real table's.
        self._table = self._table_of(self.rows, self.spans, self.blocks)
        return self._table.wrapOn(self.canv, available_width, available_height)

    def split(self, available_width, available_height):
        self._measure(available_width)
        page_room = max(self.page_height, available_height) - self.header_height
        room = available_height - self.header_height
        count = 0
        for block in self.blocks:
            if room < self._block_height(block):
                break
            room -= self._block_height(block)
            count += 1
        if count < len(self.blocks):
            block_height = self._block_height(self.blocks[count])
            if block_height > page_room or room > page_room / 4:
                cut = self._cut_page(count, room, available_width, available_height)
                if cut:
                    return cut
        while count > 0:
            rows, spans, blocks = self._until(count)
            page = self._table_of(rows, spans, blocks)
            if page.wrapOn(self.canv, available_width, available_height)[1] <= available_height:
                rest = self._rest(*self._from(count))
                return [page] + ([rest] if rest else [])
            count -= 1  # measured a hair short: one block fewer
        return []  # the frame moves to a fresh page and asks again

    def _cut_page(self, count: int, room: float, available_width: float, available_height: float) -> list:
        """The whole blocks before ``count`` and the top of block ``count``
        cut to ``room``; the rest of that block continues on the next page."""
        until_rows, until_spans, until_blocks = self._until(count)
        # Never leave a single line to start the next page: it carries at least two.
        room = min(room, self._block_height(self.blocks[count]) - MIN_PIECE)
        for attempt in range(4):  # a hair too tall once drawn: cut a line higher
            piece = cut_block(self, count, room - attempt * LINE_STEP)
            if piece is None:
                return []
            top, bottom = piece
            offset = len(until_rows)
            rows = until_rows + top.rows
            spans = until_spans + [Span(s.column, s.row + offset, s.columns, s.rows) for s in top.spans]
            blocks = until_blocks + [(offset, len(rows))]
            page = self._table_of(rows, spans, blocks)
            if page.wrapOn(self.canv, available_width, available_height)[1] <= available_height:
                rows, spans, heights, blocks = self._from(count + 1)
                shift = len(bottom.rows)
                rest = self._rest(bottom.rows + rows,
                                  bottom.spans + [Span(s.column, s.row + shift, s.columns, s.rows) for s in spans],
                                  bottom.heights + heights,
                                  [(0, shift)] + [(a + shift, b + shift) for a, b in blocks])
                return [page] + ([rest] if rest else [])
        return []

    def draw(self):
        self._table.drawOn(self.canv, 0, 0)


@dataclass
class Piece:
    """Part of a block: its rows, its merged cells and its row heights."""
    rows: list[list]
    spans: list[Span]
    heights: list[float]


def _is_title_row(cells: list, span: Span | None, columns: int) -> bool:
    return span is not None and span.columns == columns and span.rows == 1


def cut_block(table: PagedTable, block_index: int, height: float) -> tuple[Piece, Piece] | None:
    """Cut block ``block_index`` at ``height`` from its top: rows above the
    line stay whole, rows and merged cells across it are split between their
    lines (their text continues in the bottom piece). None when the top piece
    would hold less than two lines of text after any area title."""
    first, end = table.blocks[block_index]
    rows, heights = table.rows[first:end], table.row_heights[first:end]
    spans = {(s.column, s.row - first): s for s in table.spans if first <= s.row < end}
    columns = len(table.widths)
    tops, y = [], 0.0
    for h in heights:
        tops.append(y)
        y += h
    titles = 0.0
    for r in range(len(rows) - 1):
        if not _is_title_row(rows[r], spans.get((0, r)), columns):
            break
        titles += heights[r]
    if height < titles + MIN_PIECE:
        return None
    above = [r for r in range(len(rows)) if tops[r] + heights[r] <= height + EPSILON]
    crossing = next((r for r in range(len(rows)) if tops[r] < height - EPSILON < tops[r] + heights[r]), None)
    below = [r for r in range(len(rows)) if tops[r] >= height - EPSILON]
    page_index = {r: i for i, r in enumerate(above)}
    rest_index = {r: i for i, r in enumerate(below, start=0 if crossing is None else 1)}
    if crossing is not None:
        page_index[crossing] = len(above)
        rest_index[crossing] = 0
    page_count = len(above) + (crossing is not None)
    rest_count = len(below) + (crossing is not None)
    top = Piece([[None] * columns for _ in range(page_count)], [], [])
    bottom = Piece([[None] * columns for _ in range(rest_count)], [], [])
    printed_above = False

    def place(piece: Piece, cell, column: int, row: int, last: int, span: Span | None) -> None:
        piece.rows[row][column] = cell
        width = span.columns if span else 1
        if last > row or width > 1:
            piece.spans.append(Span(column, row, width, last - row + 1))

    for r, cells in enumerate(rows):
        for c, cell in enumerate(cells):
            if cell is None:
                continue
            span = spans.get((c, r))
            last = r + (span.rows if span else 1) - 1
            if tops[last] + heights[last] <= height + EPSILON:
                place(top, cell, c, page_index[r], page_index[last], span)
                printed_above = printed_above or bool(cell.text)
            elif tops[r] >= height - EPSILON:
                place(bottom, cell, c, rest_index[r], rest_index[last], span)
            else:
                upper, lower = _split_cell(cell, table._span_width(c, span), height - tops[r])
                printed_above = printed_above or upper is not None
                place(top, upper or _empty_like(cell), c, page_index[r], page_count - 1, span)
                place(bottom, lower or _empty_like(cell), c, 0, rest_index[last], span)
    if not printed_above or not rest_count:
        return None
    bottom.heights = table._row_heights(bottom.rows, bottom.spans)
    return top, bottom


def _split_cell(cell, width: float, room: float) -> tuple:
    """(what fits in ``room``, the rest) of one cell's paragraph; either may be None."""
    inner = width - LEFT_PADDING - RIGHT_PADDING
    text_room = room - TOP_PADDING - BOTTOM_PADDING
    cell.wrap(inner, UNLIMITED)
    parts = cell.split(inner, text_room) if text_room > 0 else []
    if len(parts) == 2:
        return parts[0], parts[1]
    if len(parts) == 1:
        return parts[0], None
    return None, cell


def _empty_like(cell) -> Paragraph:
    return Paragraph("", cell.style)


def blocks_of(grid: list[GridRow]) -> list[tuple[int, int]]:
    """Rows that stay together: a task with the rows its merged cells cover,
    and an area title with what follows it."""
    starts: list[int] = []
    covered_until = 0
    for r, row in enumerate(grid):
        tallest = max((cell.rowspan for cell in row.cells if not cell.covered), default=1)
        if r >= covered_until and not (r > 0 and grid[r - 1].is_area):
            starts.append(r)
        covered_until = max(covered_until, r + tallest)
    return [(start, end) for start, end in zip(starts, starts[1:] + [len(grid)])]


def grid_table(grid: list[GridRow], columns: Sequence[Column], s: Styles, width: float,
               page_height: float) -> PagedTable:
    """A bordered table: header repeated on each page, spans as in the grid,
    column widths fitted to the content (app/io/appendix_layout.py)."""
    widths = column_widths(grid, columns, width, LEFT_PADDING + RIGHT_PADDING)
    header: list[Paragraph] = [para(c.header, s.grid_header) for c in columns]
    commands = [
        font_command(s),
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), LEFT_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), RIGHT_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), TOP_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), BOTTOM_PADDING),
    ]
    rows: list[list] = []
    spans: list[Span] = []
    for r, row in enumerate(grid):
        cells: list = []
        for c, cell in enumerate(row.cells):
            if cell.covered:
                cells.append(None)
                continue
            centred = columns[c].field in CENTRED_FIELDS
            style = s.cell_bold if row.is_area else (s.cell_centre if centred else s.cell)
            cells.append(para(cell.text, style))
            if cell.colspan > 1 or cell.rowspan > 1:
                spans.append(Span(c, r, cell.colspan, cell.rowspan))
        rows.append(cells)
    return PagedTable(header, rows, spans, blocks_of(grid), widths, commands, page_height)
