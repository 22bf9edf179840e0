"""The appendix grid as a PDF table that is laid out one page at a time.

reportlab's ``Table`` re-measures the whole of what is left of a table each
time it is split across a page, and works out its spans and no-split ranges
over every remaining row again: for a 1,000-task appendix (370 pages) that is
quadratic and took 17 s. ``PagedTable`` measures each row once, decides by
itself which rows go on the page, and hands reportlab a small ``Table`` for
that page only. The page breaks it chooses are the ones ``Table`` would
choose: never inside a task's merged cells, never right after an area title.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from app.core.model import Column
from app.io.appendix_grid import GridRow
from app.io.document_content import CENTRED_FIELDS
from app.io.pdf_common import Styles, font_command, para

LEFT_PADDING = RIGHT_PADDING = 3
TOP_PADDING = 2
BOTTOM_PADDING = 3
UNLIMITED = 1e9


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
    (first, end) ranges that follow each other."""

    def __init__(self, header: list, rows: list[list], spans: list[Span], blocks: list[tuple[int, int]],
                 widths: list[float], commands: list, split_in_row: bool = False):
        super().__init__()
        self.header = header
        self.rows = rows
        self.spans = spans
        self.blocks = blocks
        self.widths = widths
        self.commands = commands
        self.split_in_row = split_in_row
        self._measured_for: float | None = None
        self._table: Table | None = None
        self._refused = False  # split() found no room here once already: now it is on a fresh page

    # --- measuring ---------------------------------------------------------

    def _cell_height(self, cell, width: float) -> float:
        if cell is None:
            return 0.0
        _w, h = cell.wrap(width - LEFT_PADDING - RIGHT_PADDING, UNLIMITED)
        return h + TOP_PADDING + BOTTOM_PADDING

    def _measure(self, available_width: float) -> None:
        """Row heights, header height and block heights, once per width."""
        if self._measured_for == available_width:
            return
        spanned = {(s.column, s.row): s for s in self.spans}
        self.header_height = max(self._cell_height(c, w) for c, w in zip(self.header, self.widths))
        heights: list[float] = []
        tall_spans: list[tuple[Span, float]] = []
        for r, cells in enumerate(self.rows):
            height = TOP_PADDING + BOTTOM_PADDING
            for c, cell in enumerate(cells):
                span = spanned.get((c, r))
                width = sum(self.widths[c:c + span.columns]) if span else self.widths[c]
                cell_height = self._cell_height(cell, width)
                if span and span.rows > 1:
                    tall_spans.append((span, cell_height))  # shared by its rows, as Table does
                else:
                    height = max(height, cell_height)
            heights.append(height)
        for span, needed in tall_spans:  # a merged cell taller than its rows makes its last row grow
            have = sum(heights[span.row:span.row + span.rows])
            if needed > have:
                heights[span.row + span.rows - 1] += needed - have
        self.row_heights = heights
        self._measured_for = available_width

    def _block_height(self, block: tuple[int, int]) -> float:
        return sum(self.row_heights[block[0]:block[1]])

    # --- the page's table --------------------------------------------------

    def _table_of(self, first: int, end: int, split_in_row: bool = False) -> Table:
        """Header plus body rows [first, end) as a reportlab Table."""
        commands = list(self.commands)
        for s in self.spans:
            if first <= s.row < end:
                row = s.row - first + 1
                commands.append(("SPAN", (s.column, row), (s.column + s.columns - 1, row + s.rows - 1)))
        for block_first, block_end in self.blocks:
            if first <= block_first and block_end <= end and block_end - block_first > 1:
                commands.append(("NOSPLIT", (0, block_first - first + 1), (-1, block_end - first)))
        table = PageTable([self.header] + self.rows[first:end], colWidths=self.widths, repeatRows=1,
                          splitInRow=1 if split_in_row else 0)
        table.setStyle(TableStyle(commands))
        return table

    def _rest(self, block_index: int) -> PagedTable | None:
        if block_index >= len(self.blocks):
            return None
        first = self.blocks[block_index][0]
        blocks = [(a - first, b - first) for a, b in self.blocks[block_index:]]
        spans = [Span(s.column, s.row - first, s.columns, s.rows) for s in self.spans if s.row >= first]
        rest = PagedTable(self.header, self.rows[first:], spans, blocks, self.widths, self.commands,
                          self.split_in_row)
        # The rows keep their heights: measuring again on each page is what made Table quadratic.
        rest.header_height = self.header_height
        rest.row_heights = self.row_heights[first:]
        rest._measured_for = self._measured_for
        return rest

    # --- the Flowable protocol ---------------------------------------------

    def wrap(self, available_width, available_height):
        self._measure(available_width)
        estimate = self.header_height + sum(self.row_heights)
        if estimate > available_height + 1:
            return available_width, estimate  # too tall: the frame will ask for a split
        # The last page: the exact height is the real table's.
        self._table = self._table_of(0, len(self.rows))
        return self._table.wrapOn(self.canv, available_width, available_height)

    def split(self, available_width, available_height):
        self._measure(available_width)
        room = available_height - self.header_height
        count = 0
        for block in self.blocks:
            room -= self._block_height(block)
            if room < 0:
                break
            count += 1
        while count > 0:
            end = self.blocks[count - 1][1]
            page = self._table_of(0, end)
            if page.wrapOn(self.canv, available_width, available_height)[1] <= available_height:
                rest = self._rest(count)
                return [page] + ([rest] if rest else [])
            count -= 1  # measured a hair short: one block fewer
        if self.split_in_row and self._refused:
            # Not even one block fits on a fresh page: a cell longer than a
            # page. Let reportlab cut inside rows from here on (rare, so its
            # slower way is fine).
            return self._table_of(0, len(self.rows), split_in_row=True).split(available_width, available_height)
        # Go to the next page. If it does not fit there either, the document
        # either calls again (split_in_row) or fails and build() retries with it.
        self._refused = True
        return []

    def draw(self):
        self._table.drawOn(self.canv, 0, 0)


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
               split_in_row: bool = False) -> PagedTable:
    """A bordered table: header repeated on each page, spans as in the grid."""
    weights = [max(c.width, 1.0) for c in columns]
    widths = [width * w / sum(weights) for w in weights]
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
    return PagedTable(header, rows, spans, blocks_of(grid), widths, commands, split_in_row)
