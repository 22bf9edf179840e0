"""Reading an appendix table (from Excel, Word, the clipboard or extracted text)
into appendix rows.

Input is a grid of cell texts (a ``TableGrid`` when the document says which
cells are merged). The reader finds the header row among the first rows
(or is told there is none and guesses the columns from their cells), maps
columns to fields by their usual names, then walks the rows
the way an officer reads a printed appendix:

- a Roman numeral with a title is an area ("I  CẢI CÁCH THỂ CHẾ");
- a number is a task ("12"), or a sub-row of its task ("3.1");
- an unnumbered row under a task is one more activity of it (seed 004);
- a cell merged down over several rows gives its text to each of them when
  it is a unit, a deadline, a product or a budget (eight sub-rows sharing one
  "Cơ quan phối hợp"); a task's own cells merged down mark its activity rows;
- right after a page break (a repeated header, a new page of a PDF, a table
  Word split in two) an unnumbered row whose cells start in the middle of a
  sentence, or that names no unit, continues the row above; a cell that
  starts like a new item ("Tổ chức…", "2.45. …") opens a new activity or an
  unnumbered task;
- "Đơn vị thực hiện" written as "- Cơ quan chủ trì: … - Cơ quan phối hợp: …"
  is split into lead and support.

Columns with headers the reader does not know are kept in the note, headed
by their printed header, so no text is ever dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from app.core.model import NewRow, RowKind
from app.core.numbering import NumberingItem, from_roman, overrides_for_printed
from app.core.text import fold, nfc
from app.io.cell_text import cell_to_text, join_fragment, starts_new
from app.io.table_grid import TableGrid
from app.io.table_header import (  # noqa: F401  (the readers' one import of the header rules)
    NO_HEADER, SKIP, TableReadError, default_mapping, field_for_header, find_header, header_depth, header_texts,
)
from app.io.unit_cells import split_units

TASK_LEVEL = ("objective", "task", "form")
# Fields a cell merged down over several rows gives to each of them (a
# "Cơ quan phối hợp" or "Thời gian" shared by eight sub-rows). A task's own
# cells merged down instead mean "these rows are this task's activities".
SPREAD_FIELDS = ("lead", "support", "units", "timeframe", "output", "budget")

_ROMAN_TITLE = re.compile(r"^([IVXLC]+)[.\s]\s*(\S.*)$")
_SUB_NUMBER = re.compile(r"^(\d+)\.(\d+)\.?$")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")


@dataclass
class _Node:
    kind: RowKind
    number: str = ""
    texts: dict[str, str] = field(default_factory=dict)
    children: list["_Node"] = field(default_factory=list)
    source_line: int = 0

    def add_text(self, name: str, fragment: str) -> None:
        self.texts[name] = join_fragment(self.texts.get(name, ""), fragment)


@dataclass(frozen=True)
class TableReading:
    header_row: int                      # index in the grid (NO_HEADER: none, the columns were guessed)
    headers: tuple[str, ...]             # printed headers, cleaned
    mapping: tuple[str | None, ...]      # field of each column (None: kept in the note)
    rows: tuple[NewRow, ...]             # areas with their tasks, or tasks
    source_lines: tuple[int, ...] = ()   # grid row of each top-level row (for previews)
    header_rows: int = 1                 # 2 for a header in two rows, 0 without a header

    @property
    def task_count(self) -> int:
        return _count(self.rows, RowKind.TASK)

    @property
    def data_start(self) -> int:
        """The grid row where the data begins."""
        return max(self.header_row, 0) + self.header_rows


def _count(rows: Sequence[NewRow], kind: RowKind) -> int:
    return sum((r.kind is kind) + _count(r.children, kind) for r in rows)


def read_table(
    grid: TableGrid | Sequence[Sequence[str]],
    mapping: Sequence[str | None] | None = None,
    header_row: int | None = None,
    prior: Sequence[str] | None = None,
    year: int | None = None,
) -> TableReading:
    """Read the appendix rows of ``grid`` (raw cells; HTML fragments allowed).

    ``header_row`` NO_HEADER: every row is data and, without a ``mapping``,
    the columns are guessed from their cells (``prior``: the fields of the
    plan the rows go into; ``year``: for reading deadline phrases)."""
    table = TableGrid.of(grid).map_cells(cell_to_text)
    header_index = find_header(table) if header_row is None else header_row
    depth = 0 if header_index < 0 else header_depth(table, header_index)
    width = table.width
    headers = header_texts(table, header_index) if header_index < len(table.cells) else ()
    headers = tuple(headers) + ("",) * (width - len(headers))
    if mapping is None:
        if header_index < 0:
            from app.io.column_guess import guess_columns

            mapping = guess_columns(table.cells, year, prior).mapping
        else:
            mapping = default_mapping(headers)
    mapping = list(mapping) + [None] * (width - len(mapping))
    if not any(m and m not in ("number", SKIP) for m in mapping):
        raise TableReadError("Không nhận ra cột nội dung nào trong bảng.")
    data_start = max(header_index, 0) + depth
    header_keys = {_row_key(table.cells[r]) for r in range(max(header_index, 0), data_start)}
    repeated = {line for line in range(data_start, len(table.cells))
                if _row_key(table.cells[line]) in header_keys or _is_column_numbers(table.cells[line])}
    table.join_merges_across_parts(repeated, mapping.index("number") if "number" in mapping else None)
    walker = _Walker(mapping, headers)
    for line in range(data_start, len(table.cells)):
        row = list(table.cells[line]) + [""] * (width - len(table.cells[line]))
        if line in table.part_starts or line in repeated:
            walker.page_break()
        if line in repeated or not any(c.strip() for c in row):
            continue
        spread = {c: text for c in range(width) if (text := table.text_from_above(line, c))}
        walker.take(row, line, spread)
    nodes = walker.roots
    if not nodes:
        raise TableReadError("Bảng không có dòng dữ liệu nào dưới dòng tiêu đề.")
    rows = _to_new_rows(nodes)
    return TableReading(header_index, headers, tuple(mapping), tuple(rows), tuple(n.source_line for n in nodes),
                        depth)


def _row_key(row: Sequence[str]) -> tuple[str, ...]:
    return tuple(fold(c).strip() for c in row if c.strip())


def _is_column_numbers(row: Sequence[str]) -> bool:
    """The "(1) (2) (3)…" row some tables put under the header."""
    filled = [c.strip() for c in row if c.strip()]
    return len(filled) >= 3 and all(_COLUMN_NUMBER.match(c) for c in filled)


class _Walker:
    """Turns data rows into a tree, remembering where it is."""

    def __init__(self, mapping: Sequence[str | None], headers: Sequence[str]):
        self.mapping = mapping
        self.headers = headers
        self.has_activity = "activity" in mapping
        self.names_units = "lead" in mapping or "units" in mapping
        self.roots: list[_Node] = []
        self.area: _Node | None = None
        self.task: _Node | None = None
        self.last: _Node | None = None   # the task or activity written last
        self.after_break = False

    def page_break(self) -> None:
        self.after_break = True

    def take(self, row: Sequence[str], line: int, spread: dict[int, str] | None = None) -> None:
        number, own = self._values(row)
        shared = self._shared(spread or {})
        try:
            self._place(number, own, shared, line)
        finally:
            self.after_break = False

    def _values(self, row: Sequence[str]) -> tuple[str, dict[str, str]]:
        number = ""
        values: dict[str, str] = {}
        for name, header, text in zip(self.mapping, self.headers, row):
            text = text.strip()
            if not text:
                continue
            if name == SKIP:
                continue
            if name == "number":
                number = text
            elif name:
                values[name] = join_fragment(values.get(name, ""), text)
            else:
                label = f"{header}: " if header else ""
                values["note"] = join_fragment(values.get("note", ""), f"{label}{text}")
        return number, values

    def _shared(self, spread: dict[int, str]) -> dict[str, str]:
        """The texts cells merged down from above give this row."""
        shared: dict[str, str] = {}
        for column, text in spread.items():
            name = self.mapping[column] if column < len(self.mapping) else None
            if name in SPREAD_FIELDS and text.strip():
                shared[name] = join_fragment(shared.get(name, ""), text.strip())
        return shared

    def _place(self, number: str, own: dict[str, str], shared: dict[str, str], line: int) -> None:
        area = self._area(number, own)
        if area is not None:
            self._open_area(*area, own, line)
        elif number:
            self._numbered(number, {**shared, **own}, line)
        elif self.task is None:
            self._open_task("", {**shared, **own}, line)
        else:
            self._unnumbered(own, shared, line)

    def _area(self, number: str, values: dict[str, str]) -> tuple[str, str] | None:
        """(Roman numeral, title) when the row is an area row."""
        if number and not number.rstrip(".").isdigit() and from_roman(number) is not None:
            return number.rstrip("."), next(iter(values.values()), "")
        if number and not values:
            # "I. CẢI CÁCH THỂ CHẾ" in one cell merged across the row (our own export).
            match = _ROMAN_TITLE.match(number)
            if match and from_roman(match.group(1)) and match.group(2).upper() == match.group(2):
                return match.group(1), match.group(2).strip()
        if not number and len(values) == 1:
            match = _ROMAN_TITLE.match(next(iter(values.values())))
            if match and from_roman(match.group(1)) and match.group(2).upper() == match.group(2):
                return match.group(1), match.group(2).strip()
        return None

    def _open_area(self, roman: str, title: str, values: dict[str, str], line: int) -> None:
        node = _Node(RowKind.AREA, roman, {"task": title}, source_line=line)
        extra = [v for v in values.values() if v != title and not v.endswith(title)]
        if extra:
            node.texts["note"] = "\n".join(extra)
        self.roots.append(node)
        self.area, self.task, self.last = node, None, None

    def _numbered(self, number: str, values: dict[str, str], line: int) -> None:
        sub = _SUB_NUMBER.match(number)
        if sub and self.task is not None and self.task.number.rstrip(".") == sub.group(1):
            node = _Node(RowKind.SUBTASK, number, values, source_line=line)
            self.task.children.append(node)
            self.last = node
            return
        self._open_task(number, values, line)

    def _open_task(self, number: str, values: dict[str, str], line: int) -> None:
        node = _Node(RowKind.TASK, number, dict(values), source_line=line)
        (self.area.children if self.area is not None else self.roots).append(node)
        self.task = self.last = node

    def _unnumbered(self, own: dict[str, str], shared: dict[str, str], line: int) -> None:
        if self.after_break and self._continues_row(own, shared):
            for name, text in own.items():  # the rest of a row the page cut
                (self.task if name in TASK_LEVEL else self.last).add_text(name, text)
            return
        task_level = {k: v for k, v in own.items() if k in TASK_LEVEL}
        line_level = {k: v for k, v in own.items() if k not in TASK_LEVEL}
        continued, fresh = {}, task_level
        if self.after_break:
            continued = {k: v for k, v in task_level.items() if not starts_new(v)}
            fresh = {k: v for k, v in task_level.items() if starts_new(v)}
        for name, text in continued.items():
            self.task.add_text(name, text)
        if fresh:
            self._open_task("", {**shared, **fresh, **line_level}, line)
            return
        if not line_level:
            return
        if self._is_new_activity(line_level):
            node = _Node(RowKind.ACTIVITY, "", {**shared, **line_level}, source_line=line)
            self.task.children.append(node)
            self.last = node
        elif self.after_break:
            for name, text in line_level.items():  # a sentence cut by the page
                self.last.add_text(name, text)
        else:
            for name, text in line_level.items():  # one more line of the same cells
                current = self.last.texts.get(name, "")
                self.last.texts[name] = f"{current}\n{text}" if current else text

    def _continues_row(self, own: dict[str, str], shared: dict[str, str]) -> bool:
        """After a page break: is the whole row the rest of the row the page
        cut? Yes when it names no unit in a table where rows name one (a
        list in "Hình thức" going on overleaf starts with "-" like a new item)."""
        return self.names_units and not any(k in own or k in shared for k in ("lead", "units"))

    def _is_new_activity(self, line_level: dict[str, str]) -> bool:
        if not self.has_activity:
            return False
        if not self.after_break:
            return True
        return starts_new(line_level.get("activity", ""))


# --------------------------------------------------------------------------


def _to_new_rows(nodes: list[_Node]) -> list[NewRow]:
    flat: list[tuple[NumberingItem, str]] = []
    ids: dict[int, _Node] = {}

    def walk(node: _Node, parent: int | None) -> None:
        ident = len(ids) + 1
        ids[ident] = node
        flat.append((NumberingItem(ident, node.kind, parent, None), node.number))
        for child in node.children:
            walk(child, ident)

    for node in nodes:
        walk(node, None)
    overrides = overrides_for_printed((item, printed) for item, printed in flat if item.kind is not RowKind.ACTIVITY)
    by_node = {id(ids[item.id]): overrides.get(item.id) for item, _ in flat}

    def convert(node: _Node) -> NewRow:
        texts = dict(node.texts)
        if "units" in texts:
            lead, support = split_units(texts.pop("units"))
            texts["lead"] = join_fragment(texts.get("lead", ""), lead) if lead else texts.get("lead", "")
            if support:
                texts["support"] = join_fragment(texts.get("support", ""), support)
        return NewRow(node.kind, texts, by_node.get(id(node)), children=tuple(convert(c) for c in node.children))

    return [convert(n) for n in nodes]


# --------------------------------------------------------------------------


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of TAB-separated text. Excel quotes cells holding TABs, quotes or
    line breaks ("a""b"); Word and the seeds do not quote at all."""
    import csv
    import io

    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    quoted = text.startswith('"') or '\t"' in text or '\n"' in text
    if quoted:
        try:
            return [row for row in csv.reader(io.StringIO(text), delimiter="\t", quotechar='"', strict=True)]
        except csv.Error:
            pass
    return [line.split("\t") for line in text.split("\n")]
