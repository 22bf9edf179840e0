"""How the printed appendix uses the page width: which columns print and how
wide each one is. The PDF and the Excel workbook share these decisions, so
both print the same lines in the same columns.

Widths start from the plan's relative widths (what the officer set in the
column dialog) and are then fitted to the content: a column is never
narrower than its longest unbreakable token ("30/01/2023",
"1180/STTTT-CNTT") nor than its header set on three lines at most, and a column
whose every cell fits on one line gives its spare width to the columns whose
text wraps.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from app.core.model import Column
from app.io.appendix_grid import GridRow
from app.io.fonts import text_width, wrapped_lines

FONT_SIZE = 12.0
# A column holding one token wider than this share of the page lets the
# token break rather than squeeze every other column (a pasted URL).
MAX_TOKEN_SHARE = 0.3
HEADER_LINES = 3


def non_empty_columns(grid: Sequence[GridRow], columns: Sequence[Column]) -> list[int]:
    """Indexes of the columns that print something in at least one row
    (area titles, which span every column, do not count)."""
    keep = []
    for index in range(len(columns)):
        if any(not row.is_area and not row.cells[index].covered and row.cells[index].text.strip()
               for row in grid):
            keep.append(index)
    return keep or list(range(len(columns)))


def without_columns(grid: Sequence[GridRow], columns: Sequence[Column],
                    keep: Sequence[int]) -> tuple[list[GridRow], list[Column]]:
    """The grid and columns reduced to ``keep`` (spans across removed columns shrink)."""
    if len(keep) == len(columns):
        return list(grid), list(columns)
    kept = set(keep)
    out: list[GridRow] = []
    for row in grid:
        cells = []
        for index, cell in enumerate(row.cells):
            if index not in kept:
                continue
            if cell.colspan > 1:
                span = sum(1 for i in range(index, index + cell.colspan) if i in kept)
                cell = replace(cell, colspan=max(1, span))
            cells.append(cell)
        if row.is_area and cells and cells[0].covered:
            # The area title started in a removed column: it now starts here.
            first = row.cells[0]
            cells[0] = replace(first, colspan=len(keep), covered=False)
        out.append(replace(row, cells=cells))
    return out, [columns[i] for i in keep]


def printed(grid: Sequence[GridRow], columns: Sequence[Column],
            hide_empty: bool) -> tuple[list[GridRow], list[Column]]:
    """The grid and columns that go on paper (empty columns dropped when the plan asks)."""
    if not hide_empty:
        return list(grid), list(columns)
    return without_columns(grid, columns, non_empty_columns(grid, columns))


def _longest_token(text: str, bold: bool = False) -> float:
    return max((text_width(word, bold, FONT_SIZE) for word in text.split()), default=0.0)


def _header_width(header: str) -> float:
    """The narrowest width at which a header takes at most HEADER_LINES lines
    (a header repeated on every page must not grow tall)."""
    low = _longest_token(header, bold=True)
    high = max(low, text_width(" ".join(header.split()), True, FONT_SIZE))
    while high - low > 1:
        middle = (low + high) / 2
        if wrapped_lines(header, middle, True, FONT_SIZE) <= HEADER_LINES:
            high = middle
        else:
            low = middle
    return high


def column_widths(grid: Sequence[GridRow], columns: Sequence[Column], total: float,
                  padding: float) -> list[float]:
    """Widths in points that add up to ``total``; ``padding`` is the room a
    cell keeps around its text (left plus right)."""
    count = len(columns)
    if count == 0:
        return []
    cap = total * MAX_TOKEN_SHARE
    minimum = [min(cap, _header_width(c.header) + padding) for c in columns]
    natural = list(minimum)
    # No glyph of the font is wider than its size: a word or line whose
    # character count cannot beat what a column already has is not measured
    # (most Vietnamese syllables are short; a long appendix has 100,000 words).
    space = text_width(" ", False, FONT_SIZE)
    for row in grid:
        for index, cell in enumerate(row.cells):
            if cell.covered or cell.colspan > 1 or not cell.text:
                continue
            for text_line in cell.text.splitlines():
                words = text_line.split()
                if (len(text_line) * FONT_SIZE + padding > natural[index] and natural[index] < total):
                    natural[index] = max(natural[index], padding + sum(text_width(w, False, FONT_SIZE) for w in words)
                                         + space * max(len(words) - 1, 0))
                for word in words:
                    if len(word) * FONT_SIZE + padding > minimum[index] and minimum[index] < cap:
                        minimum[index] = max(minimum[index], min(cap, text_width(word, False, FONT_SIZE) + padding))
    weights = [max(c.width, 1.0) for c in columns]
    preferred = [total * w / sum(weights) for w in weights]
    widths = [max(minimum[i], min(preferred[i], natural[i])) for i in range(count)]
    _fit(widths, total, minimum, natural, weights)
    return widths


def _fit(widths: list[float], total: float, minimum: list[float], natural: list[float],
         weights: list[float]) -> None:
    """Make ``widths`` add up to ``total``: spare room goes to the columns
    whose text wraps (by their weights, each up to its natural width, then to
    all); missing room comes from the columns above their minimum."""
    for _ in range(len(widths) + 1):
        spare = total - sum(widths)
        if abs(spare) < 0.01:
            return
        if spare > 0:
            hungry = [i for i in range(len(widths)) if natural[i] - widths[i] > 0.01]
            if not hungry:
                share = sum(weights)
                for i in range(len(widths)):
                    widths[i] += spare * weights[i] / share
                return
            share = sum(weights[i] for i in hungry)
            for i in hungry:
                widths[i] = min(natural[i], widths[i] + spare * weights[i] / share)
        else:
            slack = [widths[i] - minimum[i] for i in range(len(widths))]
            room = sum(s for s in slack if s > 0)
            if room <= -spare:
                # Even the minimums do not fit (a table with many wide
                # tokens): shrink every column alike; long tokens will break.
                scale = total / sum(widths)
                for i in range(len(widths)):
                    widths[i] *= scale
                return
            for i in range(len(widths)):
                if slack[i] > 0:
                    widths[i] -= -spare * slack[i] / room
            return
