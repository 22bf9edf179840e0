"""One entry for every importable file: what it holds, ready for a preview."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

from app.core.errors import FileReadError
from app.core.model import NewRow
from app.io.document_header import HeaderFields
from app.io.table_reader import TableReadError, TableReading, read_table


@dataclass(frozen=True)
class DocumentFields(HeaderFields):
    """Document fields found in an imported plan (Word or text)."""

    @property
    def empty(self) -> bool:
        return not any((self.number, self.place, self.doc_type, self.title, self.issue_year, self.sections))


@dataclass(frozen=True)
class ImportSource:
    path: Path
    kind: str                                  # "xlsx", "docx", "txt"
    grid: list[list[str]] = field(default_factory=list)
    header_row: int | None = None
    table: TableReading | None = None          # None: the file holds no appendix table
    document: DocumentFields = DocumentFields()
    title_lines: tuple[str, ...] = ()
    year: int | None = None
    note: str = ""                             # why no table was found, for the message

    @property
    def rows(self) -> tuple[NewRow, ...]:
        return self.table.rows if self.table else ()


SUPPORTED = (".xlsx", ".docx", ".txt")


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
    if suffix in (".txt", ".tsv", ".text"):
        from app.io.text_import import read_text_source

        return read_text_source(path)
    raise FileReadError(f"Chưa đọc được loại tệp «{suffix or path.name}» (dùng: {', '.join(SUPPORTED)}).")


def remap(source: ImportSource, mapping: Sequence[str | None]) -> ImportSource:
    """The same file read again with the officer's column mapping."""
    if not source.grid or source.header_row is None:
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
    if source.table is None or not source.grid:
        return []
    from app.io.cell_text import cell_to_text
    from app.io.table_reader import SKIP

    haystack_parts: list[str] = []

    def collect(rows) -> None:
        for row in rows:
            haystack_parts.extend(row.texts.values())
            if row.number_override:
                haystack_parts.append(row.number_override)
            collect(row.children)

    collect(source.table.rows)
    haystack = " " + _normal(" ".join(haystack_parts)) + " "
    header_key = [_normal(cell_to_text(c)) for c in source.grid[source.header_row]]
    lost = []
    for row in source.grid[source.header_row + 1:]:
        if [_normal(cell_to_text(c)) for c in row] == header_key[:len(row)]:
            continue  # a repeated header
        for cell, name in zip(row, source.table.mapping):
            if name in ("number", SKIP):
                continue
            from app.io.table_reader import _LABEL_START

            for line in _LABEL_START.sub("\n", cell_to_text(cell)).split("\n"):
                needle = _normal(_LABELS.sub("", line))
                if needle and f" {needle} " not in haystack:
                    lost.append(line)
    return lost
