"""Reading an appendix table (from Excel, Word, the clipboard or extracted text)
into appendix rows.

Input is a grid of cell texts. The reader finds the header row among the
first rows, maps columns to fields by their usual names, then walks the rows
the way an officer reads a printed appendix:

- a Roman numeral with a title is an area ("I  CẢI CÁCH THỂ CHẾ");
- a number is a task ("12"), or a sub-row of its task ("3.1");
- an unnumbered row under a task is one more activity of it (seed 004);
- right after a repeated header (a page break) an unnumbered row whose cells
  start in the middle of a sentence continues the cells above; a cell that
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
from app.io.cell_text import cell_to_text

HEADER_SEARCH_ROWS = 15

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
TASK_LEVEL = ("objective", "task", "form")
SKIP = "skip"  # a mapping value: the officer chose not to import this column

_HEADER_NUMBERING = re.compile(r"^\(?\d{1,2}\)?\s*[-.:)]\s*")
_ROMAN_TITLE = re.compile(r"^([IVXLC]+)[.\s]\s*(\S.*)$")
_TASK_NUMBER = re.compile(r"^(\d+)\.?$")
_SUB_NUMBER = re.compile(r"^(\d+)\.(\d+)\.?$")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")


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


@dataclass
class _Node:
    kind: RowKind
    number: str = ""
    texts: dict[str, str] = field(default_factory=dict)
    children: list["_Node"] = field(default_factory=list)
    source_line: int = 0

    def add_text(self, name: str, fragment: str) -> None:
        self.texts[name] = _join(self.texts.get(name, ""), fragment)


@dataclass(frozen=True)
class TableReading:
    header_row: int                      # index in the grid
    headers: tuple[str, ...]             # printed headers, cleaned
    mapping: tuple[str | None, ...]      # field of each column (None: kept in the note)
    rows: tuple[NewRow, ...]             # areas with their tasks, or tasks
    source_lines: tuple[int, ...] = ()   # grid row of each top-level row (for previews)

    @property
    def task_count(self) -> int:
        return _count(self.rows, RowKind.TASK)

    @property
    def area_count(self) -> int:
        return _count(self.rows, RowKind.AREA)


def _count(rows: Sequence[NewRow], kind: RowKind) -> int:
    return sum((r.kind is kind) + _count(r.children, kind) for r in rows)


def find_header(grid: Sequence[Sequence[str]]) -> int:
    """Index of the header row: the row among the first ones that names the
    most known columns (at least two)."""
    best, best_score = -1, 1
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        fields = [field_for_header(c) for c in row if c and c.strip()]
        score = len({f for f in fields if f})
        if score > best_score:
            best, best_score = index, score
    if best < 0:
        raise TableReadError("Không tìm thấy dòng tiêu đề của bảng (STT, Nội dung/Nhiệm vụ, Cơ quan chủ trì…).")
    return best


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


def read_table(
    grid: Sequence[Sequence[str]], mapping: Sequence[str | None] | None = None, header_row: int | None = None
) -> TableReading:
    """Read the appendix rows of ``grid`` (raw cells; HTML fragments allowed)."""
    cells = [[cell_to_text(c) for c in row] for row in grid]
    header_index = find_header(cells) if header_row is None else header_row
    headers = tuple(cells[header_index]) if header_index < len(cells) else ()
    mapping = list(mapping) if mapping is not None else default_mapping(headers)
    width = max([len(headers)] + [len(r) for r in cells])
    mapping += [None] * (width - len(mapping))
    headers = headers + ("",) * (width - len(headers))
    if not any(m and m not in ("number", SKIP) for m in mapping):
        raise TableReadError("Không nhận ra cột nội dung nào trong bảng.")
    walker = _Walker(mapping, headers)
    header_key = _row_key(headers)
    for line, row in enumerate(cells[header_index + 1:], start=header_index + 1):
        row = list(row) + [""] * (width - len(row))
        if not any(c.strip() for c in row):
            continue
        if _row_key(row) == header_key or _is_column_numbers(row):
            walker.page_break()
            continue
        walker.take(row, line)
    nodes = walker.roots
    if not nodes:
        raise TableReadError("Bảng không có dòng dữ liệu nào dưới dòng tiêu đề.")
    rows = _to_new_rows(nodes)
    return TableReading(header_index, tuple(headers), tuple(mapping), tuple(rows), tuple(n.source_line for n in nodes))


def _row_key(row: Sequence[str]) -> tuple[str, ...]:
    return tuple(fold(c).strip() for c in row if c.strip())


def _is_column_numbers(row: Sequence[str]) -> bool:
    """The "(1) (2) (3)…" row some tables put under the header."""
    filled = [c.strip() for c in row if c.strip()]
    return len(filled) >= 3 and all(_COLUMN_NUMBER.match(c) for c in filled)


def _starts_new(text: str) -> bool:
    """Does a cell fragment start like a new item rather than mid-sentence?"""
    stripped = text.lstrip()
    if not stripped:
        return False
    first = stripped[0]
    return first.isupper() or first.isdigit() or first in "-+•*."


def _join(before: str, fragment: str) -> str:
    """Glue a fragment continued after a page break onto the cell above."""
    if not before:
        return fragment
    if not fragment:
        return before
    if fragment.lstrip()[:1] in "-+•" or (before.rstrip()[-1:] in ".;:" and _starts_new(fragment)):
        return f"{before}\n{fragment}"
    return f"{before} {fragment}"


class _Walker:
    """Turns data rows into a tree, remembering where it is."""

    def __init__(self, mapping: Sequence[str | None], headers: Sequence[str]):
        self.mapping = mapping
        self.headers = headers
        self.has_activity = "activity" in mapping
        self.roots: list[_Node] = []
        self.area: _Node | None = None
        self.task: _Node | None = None
        self.last: _Node | None = None   # the task or activity written last
        self.after_break = False

    def page_break(self) -> None:
        self.after_break = True

    def take(self, row: Sequence[str], line: int) -> None:
        number, values = self._values(row)
        try:
            self._place(number, values, line)
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
                values[name] = _join(values.get(name, ""), text)
            else:
                label = f"{header}: " if header else ""
                values["note"] = _join(values.get("note", ""), f"{label}{text}")
        return number, values

    def _place(self, number: str, values: dict[str, str], line: int) -> None:
        area = self._area(number, values)
        if area is not None:
            self._open_area(*area, values, line)
        elif number:
            self._numbered(number, values, line)
        elif self.task is None:
            self._open_task("", values, line)
        else:
            self._unnumbered(values, line)

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

    def _unnumbered(self, values: dict[str, str], line: int) -> None:
        task_level = {k: v for k, v in values.items() if k in TASK_LEVEL}
        line_level = {k: v for k, v in values.items() if k not in TASK_LEVEL}
        continued, fresh = {}, task_level
        if self.after_break:
            continued = {k: v for k, v in task_level.items() if not _starts_new(v)}
            fresh = {k: v for k, v in task_level.items() if _starts_new(v)}
        for name, text in continued.items():
            self.task.add_text(name, text)
        if fresh:
            self._open_task("", {**fresh, **line_level}, line)
            return
        if not line_level:
            return
        if self._is_new_activity(line_level):
            node = _Node(RowKind.ACTIVITY, "", line_level, source_line=line)
            self.task.children.append(node)
            self.last = node
        elif self.after_break:
            for name, text in line_level.items():  # a sentence cut by the page
                self.last.add_text(name, text)
        else:
            for name, text in line_level.items():  # one more line of the same cells
                current = self.last.texts.get(name, "")
                self.last.texts[name] = f"{current}\n{text}" if current else text

    def _is_new_activity(self, line_level: dict[str, str]) -> bool:
        if not self.has_activity:
            return False
        if not self.after_break:
            return True
        return _starts_new(line_level.get("activity", ""))


# --------------------------------------------------------------------------

_LEAD_LABEL = re.compile(r"^[-–•+\s]*(?:cơ quan|đơn vị)\s+chủ\s+trì\s*:\s*", re.I)
_SUPPORT_LABEL = re.compile(r"^[-–•+\s]*(?:cơ quan|đơn vị)\s+phối\s+hợp\s*:\s*", re.I)
# A label written on the same line as the previous one ("…Thành phố. - Cơ quan phối hợp: …").
_LABEL_START = re.compile(r"\s+(?=[-–•+]\s*(?:cơ quan|đơn vị)\s+(?:chủ\s+trì|phối\s+hợp))", re.I)
_ANY_SUPPORT = re.compile(r"^[-–•+\s]*(?:cơ quan|đơn vị)\s+phối\s+hợp\b", re.I)


def split_units(text: str) -> tuple[str, str]:
    """"- Cơ quan chủ trì: A. - Cơ quan phối hợp: B." → ("A.", "B."). Support
    lines with their own wording ("Cơ quan phối hợp thực hiện nội dung: …")
    keep it. Text without labels is all lead."""
    text = _LABEL_START.sub("\n", nfc(text))
    lines = [line for line in text.split("\n") if line.strip()]
    if not any(_LEAD_LABEL.match(l) or _ANY_SUPPORT.match(l) for l in lines):
        return text.strip(), ""
    lead: list[str] = []
    support: list[str] = []
    target = lead
    for line in lines:
        if _LEAD_LABEL.match(line):
            target = lead
            target.append(_LEAD_LABEL.sub("", line).strip())
        elif _SUPPORT_LABEL.match(line):
            target = support
            target.append(_SUPPORT_LABEL.sub("", line).strip())
        elif _ANY_SUPPORT.match(line):
            target = support
            target.append(re.sub(r"^[-–•+\s]+", "", line).strip())
        else:
            target.append(line.strip())
    return "\n".join(lead), "\n".join(support)


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
            texts["lead"] = _join(texts.get("lead", ""), lead) if lead else texts.get("lead", "")
            if support:
                texts["support"] = _join(texts.get("support", ""), support)
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
