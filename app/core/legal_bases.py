"""The library of legal bases (căn cứ) a plan picks from, kept from year to
year, and how a basis moves on when a plan is copied to the next year.

A basis in the library may hold placeholders, filled when it is picked into
a plan: ``{năm}`` (the plan's year), ``{tỉnh}`` ("tỉnh Quảng Ninh") and
``{đơn vị}`` ("phường Hồng Hải"). A basis that cites a yearly document (the
province's CCHC plan of the year) is written with ``{năm}``, so the library
never goes out of date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from app.core.text import clean_text, nfc
from app.core.unit import UnitProfile

BLANK = "…"
PLACEHOLDERS = {
    "{năm}": "năm của kế hoạch",
    "{tỉnh}": "tỉnh/thành phố (ví dụ: tỉnh Quảng Ninh)",
    "{đơn vị}": "đơn vị (ví dụ: phường Hồng Hải)",
}


@dataclass(frozen=True)
class LibraryBasis:
    """A basis of the library; ``default``: put into every new CCHC plan."""

    text: str
    default: bool = False


BUILTIN_BASES: tuple[LibraryBasis, ...] = (
    LibraryBasis("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;", True),
    LibraryBasis("Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ ban hành Chương trình "
                 "tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030;", True),
    LibraryBasis("Căn cứ Quyết định số 1187/QĐ-BNV ngày 15 tháng 10 năm 2025 của Bộ Nội vụ về xác định "
                 "Chỉ số cải cách hành chính;"),
    LibraryBasis("Căn cứ Nghị quyết số …/NQ-UBTVQH15 ngày … của Ủy ban Thường vụ Quốc hội về việc sắp xếp "
                 "các đơn vị hành chính cấp xã của {tỉnh} năm 2025;"),
    LibraryBasis("Thực hiện Kế hoạch số …/KH-UBND ngày … của Ủy ban nhân dân {tỉnh} về cải cách hành chính "
                 "năm {năm};", True),
    LibraryBasis("Thực hiện Quyết định số …/QĐ-UBND ngày … của Ủy ban nhân dân {tỉnh} ban hành Bộ Chỉ số cải cách "
                 "hành chính của Ủy ban nhân dân các xã, phường, đặc khu;"),
)


def fill(text: str, profile: UnitProfile, year: int) -> str:
    """A library basis as a plan of ``year`` prints it."""
    out = nfc(text)
    out = out.replace("{năm}", str(year)).replace("{tỉnh}", profile.province)
    out = out.replace("{đơn vị}", profile.unit or "đơn vị")
    return out


def library_from_json(items: object) -> tuple[LibraryBasis, ...]:
    """The stored library (a list of {"text", "default"}); None: the built-in one."""
    if items is None:
        return BUILTIN_BASES
    out = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and str(item.get("text", "")).strip():
            out.append(LibraryBasis(clean_text(str(item["text"])).strip(), bool(item.get("default", False))))
        elif isinstance(item, str) and item.strip():
            out.append(LibraryBasis(clean_text(item).strip()))
    return tuple(out)


def library_to_json(bases: Sequence[LibraryBasis]) -> list[dict]:
    seen: set[str] = set()
    out = []
    for basis in bases:
        text = " ".join(clean_text(basis.text).split())
        if text and text not in seen:
            seen.add(text)
            out.append({"text": text, "default": bool(basis.default)})
    return out


# -- the next year ---------------------------------------------------------------

_DATE = re.compile(
    r"ngày\s+\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}"
    r"|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w/…])\d+(?=\s*/\s*[A-ZĐ])")


def _year_phrase(year: int) -> re.Pattern[str]:
    return re.compile(rf"(năm\s+){year}(?!\d)", re.IGNORECASE)


def cites_yearly_document(text: str, year: int) -> bool:
    """Whether a basis names a document of the plan's year ("… về cải cách
    hành chính năm 2025"), not merely a document dated in that year (the
    Law of 16 tháng 6 năm 2025 stays as it is)."""
    return bool(_year_phrase(year).search(_DATE.sub(" ", text or "")))


def next_year_basis(text: str, year: int) -> str | None:
    """The basis for the next year's plan, or None when it stays as it is.

    A yearly document of next year is a new document: its year moves on,
    its number and date are left blank for the officer to fill."""
    if not cites_yearly_document(text, year):
        return None
    pieces = []
    last = 0
    for match in _DATE.finditer(text):
        pieces.append(_year_phrase(year).sub(lambda m: f"{m.group(1)}{year + 1}", text[last:match.start()]))
        pieces.append(f"ngày {BLANK}")
        last = match.end()
    pieces.append(_year_phrase(year).sub(lambda m: f"{m.group(1)}{year + 1}", text[last:]))
    return _NUMBER.sub(BLANK, "".join(pieces))
