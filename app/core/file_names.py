"""Names of the files the app writes for a plan: readable, the same in the
save dialogs and the mail drafts, built from the issuing body's name rule:
"PL-KH-CCHC-2023-Phuong-Hong-Hai.xlsx", "BC-CCHC-Quy-I-2023-Phuong-Hong-Hai.pdf"."""

from __future__ import annotations

import re

from app.core.names import body_name
from app.core.periods import PERIOD_SHORT_LABELS, Period
from app.core.text import ascii_slug, nfc

FILE_KINDS = ("xlsx", "plan-pdf", "appendix-pdf", "report-pdf")


def file_name_part(text: str, keep_vietnamese: bool = False) -> str:
    """A part of a file name: "Phường Hồng Hải" → "Phuong-Hong-Hai" (the one
    ASCII slug, ``core.text.ascii_slug``), or with its letters kept."""
    if not keep_vietnamese:
        return ascii_slug(text, 60)
    return re.sub(r"[^\w]+", "-", nfc(text), flags=re.UNICODE).strip("-_")[:60]


def document_file_name(kind: str, plan_kind: str, year: int, issuing_body: str, period: str | None = None,
                       report_year: int | None = None, keep_vietnamese: bool = False) -> str:
    """The file name of one document of a plan (``kind`` one of FILE_KINDS)."""
    unit = file_name_part(body_name(issuing_body).unit_title, keep_vietnamese) or "don-vi"
    plan_part = "TT-CCHC" if plan_kind == "tuyen-truyen" else "CCHC"
    if kind == "xlsx":
        return f"PL-KH-{plan_part}-{year}-{unit}.xlsx"
    if kind == "plan-pdf":
        return f"KH-{plan_part}-{year}-{unit}.pdf"
    if kind == "appendix-pdf":
        return f"PL-KH-{plan_part}-{year}-{unit}.pdf"
    if kind == "report-pdf":
        words = file_name_part(PERIOD_SHORT_LABELS[Period(period or "year")], keep_vietnamese)
        return f"BC-CCHC-{words}-{report_year or year}-{unit}.pdf"
    raise ValueError(kind)
