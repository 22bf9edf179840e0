"""A list of units (the wards that must report) read from a file the
province already has: a text or CSV file, or an Excel sheet.

Each line (row) holds a name and, optionally, a code — the administrative
code of the xã/phường, all digits — in either order. A first line whose
cells are words like "Mã", "Tên đơn vị", "STT" is a header and is skipped;
a leading "STT" column of running numbers is skipped too.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from app.core.errors import FileReadError
from app.core.text import clean_text, fold

MAX_BYTES = 5 * 1024 * 1024
_HEADER_WORDS = ("stt", "tt", "ma", "ten", "don vi", "ma don vi", "ten don vi", "ma so", "so tt")


def read_unit_list(path: Path) -> list[tuple[str, str]]:
    """(name, code) pairs, in the file's order."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise FileReadError(f"Không đọc được «{path}»: {error.strerror or error}.") from None
    if size > MAX_BYTES:
        raise FileReadError(f"«{path.name}» quá lớn cho một danh sách đơn vị ({size // 1024} KB).")
    rows = _xlsx_rows(path) if path.suffix.lower() in (".xlsx", ".xlsm") else _text_rows(path)
    return [pair for pair in (_pair(row) for index, row in enumerate(rows) if not _is_header(row, index))
            if pair is not None]


def _text_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1258", "latin-1"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:4096]
    delimiter = "\t" if "\t" in sample else (";" if ";" in sample else ",")
    return [[clean_text(c).strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_rows(path: Path) -> list[list[str]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as error:
        raise FileReadError(f"Không đọc được «{path.name}» như một tệp Excel ({error}).") from None
    try:
        sheet = workbook.worksheets[0]
        out = []
        for row in sheet.iter_rows(values_only=True, max_col=10):
            out.append([_cell_text(v) for v in row])
            if len(out) > 20000:
                raise FileReadError(f"«{path.name}» có quá nhiều dòng cho một danh sách đơn vị.")
        return out
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value)).strip()


def _is_header(row: list[str], index: int) -> bool:
    cells = [fold(c).strip(" .:") for c in row if c.strip()]
    return index == 0 and bool(cells) and all(c in _HEADER_WORDS for c in cells)


def _pair(row: list[str]) -> tuple[str, str] | None:
    cells = [c for c in row if c.strip()]
    if len(cells) >= 2 and cells[0].isdigit() and len(cells[0]) <= 3:
        cells = cells[1:]  # "1; phường Sông Cầu; 22345": a running number (STT) first
    if not cells:
        return None
    codes = [c for c in cells if c.isdigit()]
    names = [c for c in cells if not c.isdigit()]
    code = codes[0] if codes else ""
    name = names[0] if names else ""
    return (name, code) if name or code else None
