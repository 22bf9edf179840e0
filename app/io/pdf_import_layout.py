"""What a printed PDF page shows, read back through pdfplumber: its ruled
tables cell by cell (merged cells included), and its text outside them as
the lines of a document, in reading order.

A PDF keeps no paragraphs, only placed lines. Inside a cell, a line ends a
paragraph when the next line's first word would have fitted after it (the
writer pressed Enter), or when the next line opens a list item ("- …");
otherwise the line was wrapped and the words join with a space. Outside the
tables, blocks standing side by side (the bodies beside the Quốc hiệu, "Nơi
nhận:" beside the signer) are read left block first; full-width body lines
join into paragraphs the same way, a first-line indent opening a new one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Sequence

from app.core.text import nfc
from app.io.table_grid import TableGrid

# A list item opens a line of its own. Not "–": Vietnamese writes it inside
# names too ("Văn phòng – Thống kê"), and a wrap may put it first on a line.
_LIST_ITEM = re.compile(r"^([-+•*]\s|[a-zđ]\)\s|\d+(\.\d+)*[.)]\s)")
_PAGE_NUMBER = re.compile(r"^\s*-?\s*\d{1,3}\s*-?\s*$")
_INDENT = 12.0       # points: a first-line indent (Nghị định 30 asks 1–1.27 cm)
_SPACE = 0.25        # of the font size: the width of a space


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    x1: float
    top: float
    size: float
    first_word: float     # width of the line's first word


def _lines_of_words(words: Sequence[dict]) -> list[Line]:
    """Words (pdfplumber's) grouped into lines, top to bottom."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) < 0.5 * max(word.get("size", 10), 4):
            lines[-1].append(word)
        else:
            lines.append([word])
    out = []
    for group in lines:
        group.sort(key=lambda w: w["x0"])
        size = max(w.get("size", 10) for w in group)
        out.append(Line(" ".join(w["text"] for w in group), group[0]["x0"], group[-1]["x1"], group[0]["top"], size,
                        group[0]["x1"] - group[0]["x0"]))
    return out


def _wraps(before: Line, after: Line, left: float, right: float) -> bool:
    """Was ``after`` the same paragraph as ``before``, wrapped for want of
    room? (Would its first word have fitted at the end of ``before``?)"""
    if _LIST_ITEM.match(after.text):
        return False
    needed = _SPACE * before.size + after.first_word
    room = right - before.x1
    centred = before.x0 - left > 3 and abs((before.x0 - left) - room) < 3
    if centred:
        return (before.x1 - before.x0) + needed > (right - left) - 0.5
    return needed > room - 0.5


def _wrapped(before: str, after: str) -> str:
    """A wrapped line joined to the one it continues: with a space, but not
    after a hyphen the line was broken at ("2021-" + "2030")."""
    if len(before) > 1 and before[-1] == "-" and before[-2].isalnum():
        return before + after
    return f"{before} {after}"


def paragraphs(lines: Sequence[Line], left: float, right: float) -> str:
    """Lines of one cell as its text: wrapped lines joined, paragraphs kept."""
    out = ""
    for index, line in enumerate(lines):
        if index == 0:
            out = line.text
        elif _wraps(lines[index - 1], line, left, right):
            out = _wrapped(out, line.text)
        else:
            out += "\n" + line.text
    return nfc(out)


# -- tables -----------------------------------------------------------------------


def table_grid(table, words: Sequence[dict]) -> TableGrid:
    """One ruled table of a page as a ``TableGrid``: each cell's text at the
    cell where it starts, the cells a merged cell covers pointing at it."""
    rows = table.rows
    columns = len(table.columns)
    tops = [min(c[1] for c in row.cells if c) for row in rows]
    lefts = _column_lefts(rows, columns)
    boxes: dict[tuple[int, int], tuple] = {(r, c): box for r, row in enumerate(rows)
                                           for c, box in enumerate(row.cells) if box}
    grid = TableGrid([[""] * columns for _ in rows])
    bottom = table.bbox[3]
    right = table.bbox[2]
    for r in range(len(rows)):
        for c in range(columns):
            if (r, c) in boxes:
                continue
            y = (tops[r] + (tops[r + 1] if r + 1 < len(rows) else bottom)) / 2
            x = (lefts[c] + (lefts[c + 1] if c + 1 < columns else right)) / 2
            origin = next((cell for cell, box in boxes.items() if cell[0] <= r and cell[1] <= c
                           and box[0] <= x <= box[2] and box[1] <= y <= box[3]), None)
            if origin is not None:
                grid.origins[(r, c)] = origin
    words_by_cell: dict[tuple[int, int], list[dict]] = {}
    x0, top, x1, bot = table.bbox
    for word in words:
        cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bot):
            continue
        cell = (max(0, bisect_right(tops, cy) - 1), max(0, bisect_right(lefts, cx) - 1))
        cell = grid.origins.get(cell, cell)
        words_by_cell.setdefault(cell, []).append(word)
    for (r, c), cell_words in words_by_cell.items():
        box = boxes.get((r, c))
        if box is None:
            continue
        lines = _lines_of_words(cell_words)
        pad = min(max(min(line.x0 for line in lines) - box[0], 1.0), 8.0)
        grid.cells[r][c] = paragraphs(lines, box[0] + pad, box[2] - pad)
    return grid


def _column_lefts(rows, columns: int) -> list[float]:
    lefts = []
    for c in range(columns):
        found = [row.cells[c][0] for row in rows if row.cells[c]]
        lefts.append(min(found) if found else (lefts[-1] + 1 if lefts else 0.0))
    return lefts


# -- text outside the tables ------------------------------------------------------------


@dataclass
class _Box:
    x0: float
    top: float
    x1: float
    bottom: float
    lines: list[Line]


def page_blocks(page, tables: Sequence, words: Sequence[dict]) -> list[tuple[float, object]]:
    """The page in reading order as (top, item): a table, or a band of text
    lines read as a document (side-by-side blocks left first)."""
    boxes = _text_boxes(page, [t.bbox for t in tables], words)
    items: list[tuple[float, object]] = [(t.bbox[1], t) for t in tables]
    column = (min((b.x0 for b in boxes), default=0.0), max((b.x1 for b in boxes), default=page.width))
    for band in _bands(boxes):
        side_by_side = len(band) > 1
        lines: list[Line] = [line for box in sorted(band, key=lambda b: b.x0) for line in box.lines]
        items.append((min(b.top for b in band), BandText(lines, side_by_side, column)))
    items.sort(key=lambda item: item[0])
    return items


@dataclass
class BandText:
    lines: list[Line]
    side_by_side: bool
    column: tuple[float, float]


def _text_boxes(page, table_boxes: Sequence[tuple], words: Sequence[dict]) -> list[_Box]:
    boxes = []
    textlines = page.objects.get("textlinehorizontal", [])
    for box in page.objects.get("textboxhorizontal", []):
        cx, cy = (box["x0"] + box["x1"]) / 2, (box["top"] + box["bottom"]) / 2
        if any(t[0] <= cx <= t[2] and t[1] <= cy <= t[3] for t in table_boxes):
            continue
        if _PAGE_NUMBER.match(box["text"]) and (box["top"] < 70 or box["bottom"] > page.height - 60):
            continue
        inside = [l for l in textlines if box["x0"] - 1 <= l["x0"] and l["x1"] <= box["x1"] + 1
                  and box["top"] - 1 <= l["top"] and l["bottom"] <= box["bottom"] + 1]
        lines = [_line(l, words) for l in sorted(inside, key=lambda l: l["top"]) if l["text"].strip()]
        if lines:
            boxes.append(_Box(box["x0"], box["top"], box["x1"], box["bottom"], lines))
    return boxes


def _line(textline: dict, words: Sequence[dict]) -> Line:
    mine = [w for w in words if abs(w["top"] - textline["top"]) < 3 and textline["x0"] - 1 <= w["x0"] <= textline["x1"]]
    first = min(mine, key=lambda w: w["x0"]) if mine else None
    size = max((w.get("size", 10) for w in mine), default=textline["bottom"] - textline["top"])
    width = (first["x1"] - first["x0"]) if first else size * 2
    return Line(" ".join(textline["text"].split()), textline["x0"], textline["x1"], textline["top"], size, width)


def _bands(boxes: Sequence[_Box]) -> list[list[_Box]]:
    """Boxes sharing some height, side by side, read together."""
    bands: list[list[_Box]] = []
    bottom = float("-inf")
    for box in sorted(boxes, key=lambda b: b.top):
        if bands and box.top < bottom - 1:
            bands[-1].append(box)
            bottom = max(bottom, box.bottom)
        else:
            bands.append([box])
            bottom = box.bottom
    return bands


def document_lines(bands: Sequence[BandText]) -> list[str]:
    """The text blocks of the pages, in order, as document lines: full-width
    lines joined into paragraphs, side-by-side blocks kept line by line."""
    out: list[str] = []
    previous: Line | None = None
    for band in bands:
        left, right = band.column
        for line in band.lines:
            if band.side_by_side or previous is None:
                out.append(line.text)
            elif line.x0 > left + _INDENT or not _wraps(previous, line, left, right):
                out.append(line.text)
            else:
                out[-1] = _wrapped(out[-1], line.text)
            previous = None if band.side_by_side else line
    return [nfc(line) for line in out]
