"""Phrases that administrative documents build from a plan's fields."""

from __future__ import annotations

from app.core.dates import BLANK_DAY, nd30_day, nd30_month
from app.core.names import body_name


def _sentence_case(text: str) -> str:
    lowered = text.lower()
    return lowered[:1].upper() + lowered[1:]


def long_date_or_blanks(day: int | None, month: int | None, year: int | None) -> str:
    """"ngày 05 tháng 3 năm 2023", blanks left for the parts not yet known."""
    return (f"ngày {nd30_day(day) if day else BLANK_DAY} tháng {nd30_month(month) if month else BLANK_DAY} "
            f"năm {year if year else BLANK_DAY}")


def appendix_caption(doc_type: str, number: str, symbol: str, day: int | None, month: int | None,
                     year: int | None, issuing_body: str) -> str:
    """"(Kèm theo Kế hoạch số 01/KH-UBND ngày 05 tháng 3 năm 2023 của Ủy ban
    nhân dân phường Sông Cầu)", with blanks while number or date are unset."""
    kind = _sentence_case(doc_type or "Kế hoạch")
    number = (number or "").strip()
    if number.isdigit() and len(number) == 1:
        number = "0" + number
    body = body_name(issuing_body).in_sentence
    of_body = f" của {body}" if body else ""
    return f"(Kèm theo {kind} số {number or BLANK_DAY}/{symbol} {long_date_or_blanks(day, month, year)}{of_body})"
