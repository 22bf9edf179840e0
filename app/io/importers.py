"""One entry for every importable file: what it holds, ready for a preview."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

from app.core.errors import FileReadError
from app.core.model import NewRow, RowKind
from app.io.document_header import DocumentFields  # noqa: F401  (the import API names it here)
from app.io.table_grid import TableGrid
from app.io.table_header import NO_HEADER, find_header
from app.io.table_reader import TableReadError, TableReading, read_table


@dataclass(frozen=True)
class ImportSource:
    path: Path
    kind: str                                  # "xlsx", "docx", "pdf", "txt", "paste"
    grid: TableGrid = field(default_factory=lambda: TableGrid([]))
    header_row: int | None = None              # NO_HEADER: the columns were guessed from the cells
    table: TableReading | None = None          # None: the file holds no appendix table
    document: DocumentFields = DocumentFields()
    title_lines: tuple[str, ...] = ()
    year: int | None = None
    note: str = ""                             # why no table was found, for the message
    prior: tuple[str, ...] = ()                # the plan's fields a paste goes into (for guessing)

    @property
    def rows(self) -> tuple[NewRow, ...]:
        return self.table.rows if self.table else ()

    @property
    def columns_guessed(self) -> bool:
        """The table had no header: its columns were named from their cells."""
        return self.table is not None and self.header_row == NO_HEADER

    @property
    def plan_kind(self) -> str | None:
        """CCHC or tuyên truyền: from the document's tên loại and trích yếu,
        else from the table (areas, objectives or activities mean CCHC)."""
        from app.core.presets import KIND_CCHC, KIND_PROPAGANDA

        kind = self.document.kind
        if kind or self.table is None:
            return kind
        has_areas = any(r.kind is RowKind.AREA for r in self.rows)
        mapping = self.table.mapping
        return KIND_CCHC if has_areas or "objective" in mapping or "activity" in mapping else KIND_PROPAGANDA


SUPPORTED = (".xlsx", ".docx", ".pdf", ".txt")


def read_import_file(path: Path | str) -> ImportSource:
    """Read ``path`` by its kind; raises FileReadError with a clear message.

    Files to import come from anywhere: whatever a reader trips over in a
    malformed file is logged and reported as a file that cannot be read."""
    path = Path(path)
    try:
        return _read_by_kind(path)
    except FileReadError:
        raise
    except Exception:
        import logging

        logging.getLogger(__name__).exception("import of %s failed", path)
        raise FileReadError(f"Không đọc được tệp «{path.name}»: nội dung không đúng định dạng.") from None


def _read_by_kind(path: Path) -> ImportSource:
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise FileReadError(f"Tệp «{path.name}» là định dạng Excel cũ (.xls). "
                            "Hãy mở bằng Excel và lưu lại dưới dạng .xlsx.")
    if suffix == ".doc":
        raise FileReadError(f"Tệp «{path.name}» là định dạng Word cũ (.doc). "
                            "Hãy mở bằng Word và lưu lại dưới dạng .docx.")
    if suffix == ".xlsx":
        from app.io.xlsx_import import read_xlsx_source

        return read_xlsx_source(path)
    if suffix == ".docx":
        from app.io.docx_import import read_docx_source

        return read_docx_source(path)
    if suffix == ".pdf":
        from app.io.pdf_import import read_pdf_source

        return read_pdf_source(path)
    if suffix in (".txt", ".tsv", ".text"):
        from app.io.text_import import read_text_source

        return read_text_source(path)
    raise FileReadError(f"Chưa đọc được loại tệp «{suffix or path.name}» (dùng: {', '.join(SUPPORTED)}).")


def read_appendix(grid: TableGrid, year: int | None = None, prior: Sequence[str] | None = None) -> TableReading:
    """The appendix rows of ``grid``: by its header, or — when it has none —
    with the columns guessed from what their cells hold."""
    try:
        header_row = find_header(grid)
    except TableReadError:
        from app.io.cell_text import cell_to_text
        from app.io.column_guess import guess_columns

        guess = guess_columns(grid.map_cells(cell_to_text).cells, year, prior)
        if not guess.plausible:
            raise TableReadError("Bảng không có dòng tiêu đề (STT, Nội dung/Nhiệm vụ, Cơ quan chủ trì…) và "
                                 "không nhận ra được các cột từ nội dung của chúng.") from None
        return read_table(grid, mapping=guess.mapping, header_row=NO_HEADER)
    return read_table(grid, header_row=header_row)


def year_of(document: DocumentFields, *texts: str) -> int | None:
    """The plan's year: the one the appendix title or the trích yếu names
    ("… năm 2023"), else the year of the document's date."""
    for text in (*texts, document.appendix_title, document.title, document.appendix_caption):
        match = re.search(r"năm\s+(\d{4})", text or "", re.I)
        if match:
            return int(match.group(1))
    return document.issue_year


def remap(source: ImportSource, mapping: Sequence[str | None]) -> ImportSource:
    """The same file read again with the officer's column mapping."""
    if not source.grid.cells or source.header_row is None:
        return source
    try:
        table = read_table(source.grid, mapping=mapping, header_row=source.header_row)
    except TableReadError as error:
        raise FileReadError(str(error)) from None
    return replace(source, table=table)


_LABELS = re.compile(r"^[-–•+\s]*(?:(?:cơ quan|đơn vị)\s+(?:chủ\s+trì|phối\s+hợp)\s*:)?\s*", re.I)


def _normal(text: str) -> str:
    from app.core.text import fold

    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


def lost_text(source: ImportSource) -> list[str]:
    """Lines of the table's cells that ended up in no field of the rows read
    (should always be empty: the reader never drops text)."""
    if source.table is None or not source.grid.cells:
        return []
    from app.io.cell_text import cell_to_text
    from app.io.table_header import SKIP
    from app.io.unit_cells import LABEL_START

    haystack_parts: list[str] = []

    def collect(rows) -> None:
        for row in rows:
            haystack_parts.extend(row.texts.values())
            if row.number_override:
                haystack_parts.append(row.number_override)
            collect(row.children)

    collect(source.table.rows)
    haystack = " " + _normal(" ".join(haystack_parts)) + " "
    header_keys = [[_normal(cell_to_text(c)) for c in source.grid.cells[r]]
                   for r in range(max(source.table.header_row, 0), source.table.data_start)]
    lost = []
    for row in source.grid.cells[source.table.data_start:]:
        key = [_normal(cell_to_text(c)) for c in row]
        if any(key == header[:len(row)] for header in header_keys):
            continue  # a repeated header
        for cell, name in zip(row, source.table.mapping):
            if name in ("number", SKIP):
                continue
            for line in LABEL_START.sub("\n", cell_to_text(cell)).split("\n"):
                needle = _normal(_LABELS.sub("", line))
                if needle and f" {needle} " not in haystack:
                    lost.append(line)
    return lost


@dataclass(frozen=True)
class PreviewRow:
    """One row as the preview and ``import --dry-run`` show it."""

    depth: int
    kind: RowKind
    number: str
    text: str          # the area's title, the task (or its objective), the activity
    lead: str
    support: str
    timeframe: str


def preview_rows(rows: Sequence[NewRow]) -> list[PreviewRow]:
    """The rows in order, with the numbers they will print with."""
    from app.core.numbering import NumberingItem, number_rows

    flat: list[tuple[int, NewRow, int | None, int]] = []

    def walk(row: NewRow, parent: int | None, depth: int) -> None:
        ident = len(flat) + 1
        flat.append((ident, row, parent, depth))
        for child in row.children:
            walk(child, ident, depth + 1)

    for row in rows:
        walk(row, None, 0)
    labels = number_rows(NumberingItem(i, r.kind, p, r.number_override) for i, r, p, _ in flat)
    out = []
    for ident, row, _parent, depth in flat:
        texts = row.texts
        text = texts.get("activity") if row.kind is RowKind.ACTIVITY else None
        text = text or texts.get("task") or texts.get("objective") or texts.get("activity") or texts.get("form", "")
        out.append(PreviewRow(depth, row.kind, labels.get(ident, ""), text, texts.get("lead", ""),
                              texts.get("support", ""), texts.get("timeframe", "")))
    return out
