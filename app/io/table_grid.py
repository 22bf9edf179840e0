"""A table as a document holds it: the text of each cell, the cells a merged
cell covers, and the rows where a new page or a continuation table begins.

Word (``vMerge``/``gridSpan``), Excel (merged ranges) and a printed PDF (one
cell box over several rows or columns) all say the same thing: a merged
cell's text stands in the first cell, and the cells it covers are empty in
the document but carry that text for the reader. ``TableGrid`` keeps both:
``cells`` as printed, ``origins`` pointing each covered cell at the cell
whose text covers it. What a covered cell means depends on its column (a
task's own cells span its activity rows; a shared "Cơ quan phối hợp" spans
the sub-rows that share it), so the table reader decides, knowing the
columns; the grid only records the layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from app.io.cell_text import join_fragment, starts_new

Cell = tuple[int, int]
_TASK_OR_AREA_NUMBER = re.compile(r"^\s*(\d+|[IVXLC]+)\.?\s*$")


def _opens_task_or_area(number: str) -> bool:
    """"12", "III": a new task or area. "4.5" (a sub-row) goes on with its task."""
    return bool(_TASK_OR_AREA_NUMBER.match(number))


@dataclass
class TableGrid:
    cells: list[list[str]]
    origins: dict[Cell, Cell] = field(default_factory=dict)  # covered cell → the merged cell's first cell
    part_starts: set[int] = field(default_factory=set)      # rows that open a new page or table part

    @classmethod
    def of(cls, grid: "TableGrid | Sequence[Sequence[str]]") -> "TableGrid":
        if isinstance(grid, TableGrid):
            return grid
        return cls([list(row) for row in grid])

    def __len__(self) -> int:
        return len(self.cells)

    @property
    def width(self) -> int:
        return max((len(row) for row in self.cells), default=0)

    def origin(self, row: int, column: int) -> Cell | None:
        return self.origins.get((row, column))

    def text_from_above(self, row: int, column: int) -> str | None:
        """The text a cell merged down from a row above gives this cell (None:
        the cell is not covered from above in its own column)."""
        origin = self.origins.get((row, column))
        if origin is None or origin[0] >= row or origin[1] != column:
            return None
        return self.cells[origin[0]][origin[1]]

    def region_rows(self, row: int, column: int) -> int:
        """How many rows the cell at (row, column) spans downward."""
        bottom = row
        while self.origins.get((bottom + 1, column)) == (row, column):
            bottom += 1
        return bottom - row + 1

    def map_cells(self, function) -> "TableGrid":
        """The same layout with every cell's text passed through ``function``."""
        return TableGrid([[function(c) for c in row] for row in self.cells], dict(self.origins),
                         set(self.part_starts))

    def append(self, part: "TableGrid") -> None:
        """Add ``part`` below (the next page, or the table Word split off)."""
        offset = len(self.cells)
        if offset:
            self.part_starts.add(offset)
        self.cells += [list(row) for row in part.cells]
        self.origins.update({(r + offset, c): (orow + offset, ocol)
                             for (r, c), (orow, ocol) in part.origins.items()})
        self.part_starts.update(start + offset for start in part.part_starts)

    # -- merges cut by a page or a table split ----------------------------------

    def join_merges_across_parts(self, skip_rows: Iterable[int] = (), number_column: int | None = None) -> None:
        """Where a page break (or Word's "Split table") cut a merged cell, the
        next part starts with a cell of its own: empty, or holding the rest
        of the merged cell's text. Give that cell and the cells it covers to
        the merged cell above, and its text to the merged cell's text.

        Only when the row starting the part opens no new task or area (it
        continues the task above) and the cell is plainly a piece of a merge:
        it spans several rows itself, or the cell above the break was
        already covered by a merge. ``skip_rows``: repeated header rows;
        ``number_column``: where the row numbers are, if the table has them."""
        skip = set(skip_rows)
        for start in sorted(self.part_starts):
            first = start
            while first in skip:
                first += 1
            if first >= len(self.cells) or start == 0:
                continue
            row = self.cells[first]
            if number_column is not None and number_column < len(row) \
                    and _opens_task_or_area(row[number_column]) and (first, number_column) not in self.origins:
                continue  # a new task or area starts the part: nothing is continued
            for column in range(len(self.cells[first])):
                self._continue_merge(start - 1, first, column)

    def _continue_merge(self, last: int, first: int, column: int) -> None:
        if (first, column) in self.origins or column >= len(self.cells[last]):
            return
        above = self.origins.get((last, column), (last, column))
        if above[1] != column:
            return
        covered_above = above[0] < last
        spans_down = self.region_rows(first, column) > 1
        if not (covered_above or spans_down):
            return
        text = self.cells[first][column]
        if text.strip() and starts_new(text):
            return  # a merged cell of its own that happens to start at the page's top
        rows = self.region_rows(first, column)
        if text.strip():
            self.cells[above[0]][column] = join_fragment(self.cells[above[0]][column], text)
            self.cells[first][column] = ""
        for row in range(first, first + rows):
            self.origins[(row, column)] = above
