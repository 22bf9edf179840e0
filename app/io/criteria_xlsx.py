"""Reading the province's criteria table (.xlsx) for the self-assessment.

The table is found by its header row ("Mã", "Nội dung", "Điểm tối đa";
"STT"/"TT" and "Tiêu chí…" are accepted for the first two), wherever it
sits below the title block; optional columns "Cách tính", "Thang điểm" and
"Hạn". Header rows repeated at page breaks, blank rows and the total row are
skipped; a row whose code cell is empty continues the content of the row
above (a long criterion broken over two rows). Every refusal names the row.

The app's own self-assessment workbook carries a "Tiêu chí" sheet with the
full definitions: it is preferred when present, so the criteria round-trip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.core.assessment.criteria import CriterionSpec, check_specs, parse_method
from app.core.errors import FileReadError, InvalidInputError
from app.core.text import clean_text, fold
from app.io.file_checks import check_office_zip

MAX_ROWS = 2000
MAX_COLUMNS = 30
HEADER_SEARCH_ROWS = 25

# Header words (folded) of each column: exact names first, then "contains".
_COLUMNS = {
    "code": (("ma", "ma tieu chi", "ma so", "stt", "tt", "so tt"), ()),
    "content": (("noi dung",), ("noi dung", "tieu chi")),
    "max": (("diem toi da", "toi da", "diem chuan"), ("diem toi da", "diem chuan")),
    "method": (("cach tinh",), ("cach tinh",)),
    "scale": (("thang diem",), ("thang diem",)),
    "deadline": (("han", "thoi han", "han ban hanh"), ()),
}
_LABELS = {"code": "Mã", "content": "Nội dung", "max": "Điểm tối đa"}
_TOTAL = re.compile(r"^(tong|cong)(\s|$)")
# A code is a short label ("1.1", "TC 2", "Tiêu chí 3"); text of this many words
# alone in the code column is a note written across the table, not a criterion.
_NOTE_WORDS = 4


@dataclass(frozen=True)
class CriteriaReading:
    sheet: str
    specs: tuple[CriterionSpec, ...]
    rows: tuple[int, ...]   # the Excel row of each criterion (for messages)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return f"{value:g}"
    return " ".join(clean_text(str(value)).split())


def _match(cell: str) -> str | None:
    """The column a header cell names; "STT/Mã" or "TT / Mã số" (two names
    in one cell, as some tables head their first column) match either."""
    key = " ".join(fold(cell).replace("(", " ").replace(")", " ").split())
    for part in [key] + [" ".join(p.split()) for p in key.split("/")]:
        for name, (exact, contains) in _COLUMNS.items():
            if part in exact or any(word in part for word in contains):
                return name
    return None


def _header(grid: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """The header row and where each known column is (the first row naming
    a code or a content column and at least one other known column)."""
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        found: dict[str, int] = {}
        for column, cell in enumerate(row):
            name = _match(cell) if cell.strip() else None
            if name and name not in found:
                found[name] = column
        if len(found) >= 2 and ("code" in found or "content" in found):
            return index, found
    return None


def read_grids(path: Path) -> list[tuple[str, list[list[str]]]]:
    from openpyxl import load_workbook

    check_office_zip(path, "Excel")
    try:
        workbook = load_workbook(path, read_only=False, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise FileReadError(f"Tệp Excel «{path.name}» bị hỏng hoặc không đọc được ({type(error).__name__}).") from None
    try:
        out = []
        for sheet in workbook.worksheets:
            rows = [[_text(v) for v in row] for row in sheet.iter_rows(
                max_row=min(sheet.max_row, MAX_ROWS), max_col=min(sheet.max_column, MAX_COLUMNS), values_only=True)]
            out.append((sheet.title, rows))
        return out
    finally:
        workbook.close()


def read_criteria(path: Path | str) -> CriteriaReading:
    """The criteria of a province's table; InvalidInputError names the row
    of any problem (nothing is kept from a refused file)."""
    path = Path(path)
    grids = read_grids(path)
    candidates = []
    for sheet, grid in grids:
        found = _header(grid)
        if found is not None:
            candidates.append((sheet, grid, *found))
    if not candidates:
        raise InvalidInputError(
            f"Không tìm thấy bảng tiêu chí trong «{path.name}»: cần một hàng tiêu đề có các cột "
            "«Mã», «Nội dung», «Điểm tối đa».")
    # Our own workbook's "Tiêu chí" sheet holds the full definitions.
    sheet, grid, header, columns = max(candidates, key=lambda c: ("method" in c[3], -candidates.index(c)))
    missing = [label for key, label in _LABELS.items() if key not in columns]
    if missing:
        names = ", ".join(f"«{m}»" for m in missing)
        raise InvalidInputError(f"Bảng tiêu chí (trang «{sheet}», hàng tiêu đề ở dòng {header + 1}) thiếu cột {names}.")
    return _rows(path, sheet, grid, header, columns)


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    column = columns.get(name)
    return row[column].strip() if column is not None and column < len(row) else ""


def _rows(path: Path, sheet: str, grid: list[list[str]], header: int, columns: dict[str, int]) -> CriteriaReading:
    header_cells = [c.strip() for c in grid[header]]
    specs: list[dict] = []
    for index in range(header + 1, len(grid)):
        row = grid[index]
        line = index + 1
        if not any(c.strip() for c in row) or [c.strip() for c in row] == header_cells or _column_numbers(row):
            continue  # blank, the header repeated at a page break, or the "(1) (2) (3)…" row
        code, content, maximum = (_cell(row, columns, k) for k in ("code", "content", "max"))
        if _is_total(code, content):
            continue  # "Tổng cộng" / "Tổng điểm"
        if code and not content and not maximum and len(code.split()) >= _NOTE_WORDS:
            continue  # a "Ghi chú: …" line merged across the table (its text sits in the code column)
        if not code:
            if maximum:
                raise InvalidInputError(f"Dòng {line}: thiếu mã tiêu chí.")
            if specs and content:  # a long content carried on to the next row
                specs[-1]["content"] = f"{specs[-1]['content']} {content}".strip()
            continue
        if not content:
            raise InvalidInputError(f"Dòng {line}: tiêu chí «{code}» chưa có nội dung.")
        specs.append({
            "line": line, "code": code.rstrip(".").strip() or code, "content": content,
            "max": _points(maximum, line, code),
            "method": _method(_cell(row, columns, "method"), line, code),
            "scale": _cell(row, columns, "scale"),
            "deadline": _deadline(_cell(row, columns, "deadline"), line, code),
        })
    if not specs:
        raise InvalidInputError(f"Bảng tiêu chí trong «{path.name}» không có tiêu chí nào.")
    out = tuple(CriterionSpec(s["code"], s["content"], s["max"], s["method"], s["scale"], s["deadline"]) for s in specs)
    rows = tuple(s["line"] for s in specs)
    check_specs(out, rows)
    return CriteriaReading(sheet, out, rows)


def _is_total(code: str, content: str) -> bool:
    """The total row: "Tổng cộng" in the content cell under an empty code, or
    merged over the code and content cells (its text then sits in the code column)."""
    label = content if not code else code if not content else ""
    return bool(label) and bool(_TOTAL.match(fold(label)))


def _column_numbers(row: list[str]) -> bool:
    """A row of column numbers "(1) (2) (3)" or "1 2 3"."""
    cells = [c.strip("() ") for c in row if c.strip()]
    return len(cells) >= 3 and all(c.isdigit() for c in cells)


def _points(text: str, line: int, code: str) -> float:
    if not text:
        raise InvalidInputError(f"Dòng {line} (mã {code}): thiếu điểm tối đa.")
    cleaned = re.sub(r"\s*(điểm|đ)\s*$", "", text, flags=re.IGNORECASE).replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise InvalidInputError(f"Dòng {line} (mã {code}): điểm tối đa «{text}» không phải là số.") from None
    if value < 0:
        raise InvalidInputError(f"Dòng {line} (mã {code}): điểm tối đa không được âm.")
    return value


def _method(text: str, line: int, code: str):
    try:
        return parse_method(text)
    except InvalidInputError as error:
        raise InvalidInputError(f"Dòng {line} (mã {code}): {error}") from None


def _deadline(text: str, line: int, code: str) -> date | None:
    if not text:
        return None
    from app.core.dates import parse_user_date

    try:
        return parse_user_date(text)
    except InvalidInputError:
        raise InvalidInputError(f"Dòng {line} (mã {code}): hạn «{text}» không phải là ngày (ví dụ 31/01/2025).") from None
