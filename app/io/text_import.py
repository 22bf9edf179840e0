"""Importing a plan saved as plain text in the form of the seeds: the
document's lines, then the appendix as TAB-separated rows (cells may carry
HTML fragments, the header repeats at page breaks)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from app.core.errors import FileReadError
from app.core.text import nfc
from app.io.document_header import read_header
from app.io.file_checks import check_size
from app.io.importers import DocumentFields, ImportSource
from app.io.table_reader import TableReadError, find_header, read_table

_APPENDIX_HEADING = re.compile(r"^(phụ lục|danh mục)\b", re.I)
_YEAR = re.compile(r"năm\s+(\d{4})", re.I)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (Notepad's "Unicode"), else the
    old Vietnamese Windows code page."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def read_text_source(path: Path) -> ImportSource:
    path = Path(path)
    check_size(path)
    try:
        text = nfc(decode(path.read_bytes())).replace("\r\n", "\n").replace("\r", "\n")
    except OSError as error:
        raise FileReadError(f"Không đọc được tệp «{path.name}»: {error.strerror or error}.") from None
    if "\x00" in text:
        raise FileReadError(f"Tệp «{path.name}» không phải tệp văn bản.")
    return read_text(text, path)


def read_text(text: str, path: Path | None = None) -> ImportSource:
    lines = text.split("\n")
    table_lines = [i for i, line in enumerate(lines) if "\t" in line]
    first = table_lines[0] if table_lines else len(lines)
    header = read_header(lines[:first])
    document = DocumentFields(**{k: getattr(header, k) for k in header.__dataclass_fields__})
    source = ImportSource(path or Path("văn-bản.txt"), "txt", document=document, year=header.issue_year)
    if not table_lines:
        return replace(source, note="Tệp không có bảng phụ lục (không có dòng nào chia cột bằng phím TAB).")
    grid = [lines[i].split("\t") for i in range(first, table_lines[-1] + 1) if "\t" in lines[i]]
    titles = _title_lines(lines[:first])
    year = next((int(m.group(1)) for t in titles for m in [_YEAR.search(t)] if m), None) or header.issue_year
    try:
        header_row = find_header(grid)
        table = read_table(grid, header_row=header_row)
    except TableReadError as error:
        return replace(source, title_lines=titles, year=year, note=f"Không đọc được bảng phụ lục: {error}")
    return replace(source, grid=grid, header_row=header_row, table=table, title_lines=titles, year=year)


def _title_lines(lines: list[str]) -> tuple[str, ...]:
    """The appendix's heading lines, just above its table."""
    heading = max((i for i, line in enumerate(lines) if _APPENDIX_HEADING.match(line.strip())), default=None)
    if heading is not None:
        return tuple(line.strip() for line in lines[heading:] if line.strip())
    tail = [line.strip() for line in lines[-6:] if line.strip()]
    return tuple(tail[-3:])
