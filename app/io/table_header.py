"""The header of an appendix table: which row it is, what each column holds.

Headers are read by their usual names ("TT", "Nội dung", "Cơ quan chủ trì"…),
whatever their numbering ("5 - Cơ quan chủ trì"). A header may take two rows
("Cơ quan thực hiện" over "Chủ trì" | "Phối hợp"): the lower row names the
columns under a group cell of the upper one.
"""

from __future__ import annotations

import re
from typing import Sequence

from app.core.text import fold
from app.io.cell_text import cell_to_text
from app.io.table_grid import TableGrid

HEADER_SEARCH_ROWS = 15
NO_HEADER = -1  # a header_row value: the table has no header row, every row is data
SKIP = "skip"   # a mapping value: the officer chose not to import this column

# (field, phrases): the first field whose phrase occurs in the folded header
# wins, so the specific names come before the general ones.
HEADER_ALIASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("lead", ("chu tri",)),
    ("support", ("phoi hop",)),
    ("units", ("don vi thuc hien", "co quan thuc hien", "phan cong")),
    ("objective", ("muc tieu",)),
    ("activity", ("hoat dong",)),
    ("form", ("hinh thuc",)),
    ("timeframe", ("thoi gian", "thoi han", "tien do", "han hoan thanh")),
    ("budget", ("kinh phi",)),
    ("note", ("ghi chu",)),
    ("output", ("ket qua", "san pham")),
    ("task", ("nhiem vu", "noi dung", "cong viec")),
)
NUMBER_HEADERS = ("stt", "tt", "so tt", "so thu tu", "thu tu")
CONTENT_FIELDS = ("task", "objective", "activity", "form")
WHO_OR_WHEN_FIELDS = ("lead", "support", "units", "timeframe")

_HEADER_NUMBERING = re.compile(r"^\(?\d{1,2}\)?\s*[-.:)]\s*")


class TableReadError(ValueError):
    """The grid holds no appendix table the reader can use."""


def field_for_header(header: str) -> str | None:
    """The field a printed column header stands for, or None."""
    key = _HEADER_NUMBERING.sub("", fold(cell_to_text(header)).strip()).strip(" .:")
    key = " ".join(key.replace("/", " / ").split()).replace(" / ", "/")
    if key in NUMBER_HEADERS:
        return "number"
    for name, phrases in HEADER_ALIASES:
        if any(phrase in key for phrase in phrases):
            return name
    return None


def find_header(grid: TableGrid | Sequence[Sequence[str]]) -> int:
    """Index of the header row: the row among the first ones that names the
    most known columns (at least two)."""
    rows = grid.cells if isinstance(grid, TableGrid) else grid
    best, best_score = -1, 1
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        fields = [field_for_header(c) for c in row if c and c.strip()]
        score = len({f for f in fields if f})
        if score > best_score:
            best, best_score = index, score
    if best < 0:
        raise TableReadError("Không tìm thấy dòng tiêu đề của bảng (STT, Nội dung/Nhiệm vụ, Cơ quan chủ trì…).")
    return best


def is_task_table(headers: Sequence[str]) -> bool:
    """Does a header name an appendix of tasks — something to do and who
    does it or when — rather than another table (a list of recipients…)?"""
    fields = {field_for_header(h) for h in headers if h and h.strip()}
    return bool(fields & set(CONTENT_FIELDS)) and bool(fields & set(WHO_OR_WHEN_FIELDS))


def header_depth(grid: TableGrid, header_row: int) -> int:
    """2 when the row under the header names the columns under a group cell
    ("Cơ quan thực hiện" over "Chủ trì" | "Phối hợp"), else 1."""
    if header_row < 0 or header_row + 1 >= len(grid.cells):
        return 1
    upper, lower = grid.cells[header_row], grid.cells[header_row + 1]
    named = [c for c, text in enumerate(lower) if text.strip() and field_for_header(text)]
    if not named or any(text.strip() and not field_for_header(text) for text in lower):
        return 1
    for column in named:
        origin = grid.origin(header_row, column)
        above = grid.cells[origin[0]][origin[1]] if origin else (upper[column] if column < len(upper) else "")
        group = origin is not None and origin[1] < column
        if not (group or not above.strip() or field_for_header(above) == "units"):
            return 1
    return 2


def header_texts(grid: TableGrid, header_row: int) -> tuple[str, ...]:
    """The header of each column (a two-row header read as one)."""
    if header_row < 0:
        return ("",) * grid.width
    upper = list(grid.cells[header_row]) + [""] * (grid.width - len(grid.cells[header_row]))
    if header_depth(grid, header_row) == 1:
        return tuple(upper)
    lower = grid.cells[header_row + 1]
    out = []
    for column, text in enumerate(upper):
        below = lower[column] if column < len(lower) else ""
        if below.strip():
            out.append(below)
        elif not text.strip() and grid.origin(header_row, column):
            origin = grid.origin(header_row, column)
            out.append(grid.cells[origin[0]][origin[1]])
        else:
            out.append(text)
    return tuple(out)


def default_mapping(headers: Sequence[str]) -> list[str | None]:
    """Field of each column; a field met twice is kept only the first time."""
    seen: set[str] = set()
    mapping: list[str | None] = []
    for header in headers:
        name = field_for_header(header)
        if name in seen:
            name = None
        if name:
            seen.add(name)
        mapping.append(name)
    return mapping
