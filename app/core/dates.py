"""Dates as Vietnamese documents print them, and as users type them."""

from __future__ import annotations

import re
from datetime import date, datetime

from app.core.errors import InvalidInputError

BLANK_DAY = "     "  # room for a hand-written number on a draft


def nd30_day(day: int) -> str:
    """Days 1–9 take a leading zero (Nghị định 30)."""
    return f"{day:02d}"


def nd30_month(month: int) -> str:
    """Only months 1 and 2 take a leading zero: "01", "02", "3" … "12"."""
    return f"{month:02d}" if month <= 2 else str(month)


def place_and_date(place: str, day: int | None, month: int | None, year: int | None) -> str:
    """"Sông Cầu, ngày 05 tháng 3 năm 2023"; blank parts stay blank for drafts."""
    day_text = nd30_day(day) if day else BLANK_DAY
    month_text = nd30_month(month) if month else BLANK_DAY
    year_text = str(year) if year else BLANK_DAY
    prefix = f"{place}, " if place else ""
    return f"{prefix}ngày {day_text} tháng {month_text} năm {year_text}"


def short_date(value: date | None) -> str:
    """THE dd/mm/yyyy formatter: "05/03/2023" ("05/3/2023" is unusual; documents
    print two-digit days and months in tables and text)."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}" if value else ""


def short_date_time(value: datetime | None, seconds: bool = False) -> str:
    """"05/03/2023 14:30" (a backup's, a mail draft's moment)."""
    if value is None:
        return ""
    clock = f"{value.hour:02d}:{value.minute:02d}" + (f":{value.second:02d}" if seconds else "")
    return f"{short_date(value)} {clock}"


_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_VN = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")


def parse_user_date(text: str) -> date:
    """"2025-03-10", "10/03/2025" or "10/3/2025" → a date; anything else is refused."""
    match = _ISO.match(text or "")
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _VN.match(text or "")
        if not match:
            raise InvalidInputError(f"Ngày không hợp lệ: «{text}» (viết theo dạng 2025-03-10 hoặc 10/03/2025).")
        day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInputError(f"Ngày không tồn tại: «{text}».") from None


def document_number(number: str, symbol: str) -> str:
    """"Số: 01/KH-UBND", or "Số:      /KH-UBND" for a draft. Numbers below 10
    get a leading zero."""
    number = (number or "").strip()
    if number.isdigit() and len(number) == 1:
        number = "0" + number
    return f"Số: {number or BLANK_DAY}/{symbol}"


def parse_due_dates(text: str) -> tuple[date, ...]:
    """"30/06/2025; 31/12/2025" → dates, for the officer's manual override."""
    parts = [p for p in text.replace(",", ";").split(";") if p.strip()]
    return tuple(sorted({parse_user_date(p) for p in parts}))
