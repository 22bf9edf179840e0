"""Finding the appendix among a document's tables (Word or PDF), in order.

The first table whose header names tasks (something to do, and who does it
or when) is the appendix. The tables after it with the same columns — the
next pages of a PDF, or a table Word split at a page, with the header
repeated or not — are its continuation. Another table of tasks with other
columns is a second appendix: the import stops with a message, since the
officer must say which one. Tables before the appendix lay out the page
(the header, the signer beside "Nơi nhận:"): their text joins the
document's lines. A document whose only task table has no header row has
its columns guessed.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from app.io.document_header import read_header
from app.io.file_checks import MAX_ROWS, too_many
from app.io.importers import ImportSource, read_appendix, year_of
from app.io.table_grid import TableGrid
from app.io.table_header import field_for_header, find_header, header_texts, is_task_table
from app.io.table_reader import TableReadError


def header_key(grid: TableGrid) -> tuple[str, ...] | None:
    """The fields a table's task header names (None: it has no task header)."""
    try:
        index = find_header(grid)
    except TableReadError:
        return None
    headers = header_texts(grid, index)
    if not is_task_table(headers):
        return None
    return tuple(field_for_header(h) or "" for h in headers)


def layout_lines(grid: TableGrid) -> list[str]:
    """A table that lays out the page: its columns one after the other,
    each column's lines in order (the signer stays apart from Nơi nhận)."""
    lines: list[str] = []
    for column in range(grid.width):
        for row in grid.cells:
            if column < len(row) and row[column]:
                lines += row[column].split("\n")
    return lines


def _header_line(grid: TableGrid) -> str:
    try:
        row = header_texts(grid, find_header(grid))
    except TableReadError:
        row = grid.cells[0] if grid.cells else []
    return " | ".join(" ".join(h.split()) for h in row if h.strip())


class AppendixParts:
    """Fed the document's blocks in order; keeps the lines before the
    appendix, the appendix (with its continuation) and what else it met."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: list[str] = []
        self.appendix: TableGrid | None = None
        self.key: tuple[str, ...] | None = None
        self.text_since_table = False
        self.other_tables: list[TableGrid] = []
        self.second_table = ""

    def text(self, lines: list[str]) -> None:
        if self.appendix is None:
            self.lines += lines
        elif any(line.strip() for line in lines):
            self.text_since_table = True

    def table(self, grid: TableGrid) -> None:
        key = header_key(grid)
        if self.appendix is None:
            if key is not None:
                self.appendix, self.key, self.text_since_table = grid, key, False
            else:
                self.other_tables.append(grid)
                self.lines += layout_lines(grid)
        elif grid.width == self.appendix.width and (key is None and not self.text_since_table or key == self.key):
            self.appendix.append(grid)  # the same table over a page break, its header repeated or not
            self.text_since_table = False
            if len(self.appendix) > MAX_ROWS:  # all of a table or a refusal, never a part of it
                raise too_many(self.path, "dòng", len(self.appendix), MAX_ROWS)
        elif key is not None and not self.second_table:
            self.second_table = _header_line(grid)

    def source(self, kind: str) -> ImportSource:
        path = self.path
        document = read_header(self.lines)
        year = year_of(document)
        titles = tuple(line for line in self.lines[-8:] if line.strip())
        source = ImportSource(path, kind, document=document, title_lines=titles, year=year)
        if self.appendix is not None and self.second_table:
            return replace(source, note=f"Tệp có hai bảng phụ lục khác nhau (cột «{_header_line(self.appendix)}» "
                                        f"và «{self.second_table}»). Hãy để mỗi bảng trong một tệp riêng "
                                        "rồi nhập từng tệp.")
        if self.appendix is None:
            return self._headerless(source)
        try:
            table = read_appendix(self.appendix, year)
        except TableReadError as error:
            return replace(source, note=f"Không đọc được bảng phụ lục: {error}")
        return replace(source, grid=self.appendix, header_row=table.header_row, table=table)

    def _headerless(self, source: ImportSource) -> ImportSource:
        """No table with a task header: a table whose cells read as tasks (its
        header row left out), else the reason there is none."""
        for grid in self.other_tables:
            if grid.width < 3 or len(grid.cells) < 2 or _names_columns(grid):
                continue  # the header or the signer's table, or a table of another kind
            try:
                table = read_appendix(grid, source.year)
            except TableReadError:
                continue
            return replace(source, grid=grid, header_row=table.header_row, table=table)
        other = next((g for g in self.other_tables if g.width >= 2 and len(g.cells) >= 2 and _names_columns(g)),
                     None)
        if other is not None:
            return replace(source, note=f"Bảng trong tệp («{_header_line(other)}») không phải bảng nhiệm vụ "
                                        "của phụ lục: không có cột nội dung cùng cột cơ quan thực hiện "
                                        "hoặc thời gian.")
        return replace(source, note="Tệp không có bảng phụ lục (không có bảng nào có dòng tiêu đề "
                                    "như STT, Nội dung/Nhiệm vụ, Cơ quan chủ trì…).")


def _names_columns(grid: TableGrid) -> bool:
    try:
        find_header(grid)
        return True
    except TableReadError:
        return False
