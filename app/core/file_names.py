"""Names of the files the app writes for a plan: readable, the same in the
save dialogs and the mail drafts, built from the issuing body's name rule:
"PL-KH-CCHC-2023-Phuong-Hong-Hai.xlsx", "BC-CCHC-Quy-I-2023-Phuong-Hong-Hai.pdf"."""

from __future__ import annotations

import re
import unicodedata

from app.core.names import body_name
from app.core.periods import Period
from app.core.text import nfc

_PERIOD_WORDS = {Period.Q1: "Quý I", Period.H1: "6 tháng", Period.Q3: "Quý III", Period.YEAR: "Năm"}
FILE_KINDS = ("xlsx", "plan-pdf", "appendix-pdf", "report-pdf")


def file_name_part(text: str, keep_vietnamese: bool = False) -> str:
    """A part of a file name: "Phường Hồng Hải" → "Phuong-Hong-Hai" (or with
    its letters kept), safe on every system."""
    text = nfc(text)
    if not keep_vietnamese:
        text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_")[:60]


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
        words = file_name_part(_PERIOD_WORDS[Period(period or "year")], keep_vietnamese)
        return f"BC-CCHC-{words}-{report_year or year}-{unit}.pdf"
    raise ValueError(kind)
