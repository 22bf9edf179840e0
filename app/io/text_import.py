"""Importing a plan saved as plain text in the form of the seeds: the
document's lines, then the appendix as TAB-separated rows (cells may carry
HTML fragments, the header repeats at page breaks, or is missing)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from app.core.errors import FileReadError
from app.core.text import nfc
from app.io.document_header import read_header
from app.io.file_checks import check_size
from app.io.importers import ImportSource, read_appendix, year_of
from app.io.table_grid import TableGrid
from app.io.table_reader import TableReadError


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
    document = read_header(lines[:first])
    titles = tuple(line.strip() for line in lines[max(0, first - 6):first] if line.strip())
    year = year_of(document)
    source = ImportSource(path or Path("văn-bản.txt"), "txt", document=document, year=year, title_lines=titles)
    if not table_lines:
        return replace(source, note="Tệp không có bảng phụ lục (không có dòng nào chia cột bằng phím TAB).")
    grid = TableGrid([lines[i].split("\t") for i in range(first, table_lines[-1] + 1) if "\t" in lines[i]])
    try:
        table = read_appendix(grid, year)
    except TableReadError as error:
        return replace(source, note=f"Không đọc được bảng phụ lục: {error}")
    return replace(source, grid=grid, header_row=table.header_row, table=table)
