"""One entry for every importable file: what it holds, ready for a preview."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

from app.core.errors import FileReadError
from app.core.model import NewRow
from app.io.table_reader import TableReadError, TableReading, read_table


@dataclass(frozen=True)
class DocumentFields:
    """Document header fields found in an imported plan (Word or text)."""

    number: str = ""
    symbol: str = ""
    place: str = ""
    issue_day: int | None = None
    issue_month: int | None = None
    issue_year: int | None = None
    doc_type: str = ""
    title: str = ""
    issuing_body: str = ""

    @property
    def empty(self) -> bool:
        return not any((self.number, self.place, self.doc_type, self.title, self.issue_year))


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
    """Read ``path`` by its kind; raises FileReadError with a clear message."""
    path = Path(path)
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
