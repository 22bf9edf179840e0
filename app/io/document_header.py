"""Reading a plan document's fields from its lines of text: số and ký hiệu,
place and date, tên loại, trích yếu, căn cứ, the body's parts, Nơi nhận and
the signer — whatever of them the document shows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from app.core.model import Section, Signer
from app.core.presets import SIGNER_AUTHORITIES
from app.core.text import nfc

DOC_TYPES = ("KẾ HOẠCH", "BÁO CÁO", "QUYẾT ĐỊNH", "CHƯƠNG TRÌNH", "HƯỚNG DẪN", "THÔNG BÁO", "TỜ TRÌNH", "ĐỀ ÁN")
_NUMBER = re.compile(r"^Số\s*:\s*(\d*)\s*/\s*([A-ZĐ0-9][A-ZĐ0-9\-]*)", re.I)
_PLACE_DATE = re.compile(
    r"^(?P<place>[^,]{2,60}),\s*ngày\s*(?P<day>\d{1,2})?\s*tháng\s*(?P<month>\d{1,2})?\s*năm\s*(?P<year>\d{4})?", re.I)
_ROMAN_HEADING = re.compile(r"^[IVXLC]+\.\s+\S")
_CITATION = re.compile(r"\bsố\s+\d+|\d+/[A-ZĐ]", re.I)
_APPENDIX = re.compile(r"^(phụ lục|danh mục)\b", re.I)


@dataclass(frozen=True)
class HeaderFields:
    number: str = ""
    symbol: str = ""
    place: str = ""
    issue_day: int | None = None
    issue_month: int | None = None
    issue_year: int | None = None
    doc_type: str = ""
    title: str = ""
    issuing_body: str = ""
    legal_bases: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    recipients: tuple[str, ...] = ()
    signer: Signer | None = None
    extra: dict = field(default_factory=dict)


def read_header(lines: Sequence[str]) -> HeaderFields:
    """Document fields from the lines before the appendix (blank lines allowed)."""
    lines = [nfc(line).strip() for line in lines]
    values: dict = {}
    index_doc_type = None
    for i, line in enumerate(lines[:60]):
        match = _NUMBER.match(line)
        if match and "number" not in values:
            values["number"], values["symbol"] = match.group(1), match.group(2).upper()
            continue
        match = _PLACE_DATE.match(line)
        if match and "place" not in values:
            values["place"] = match.group("place").strip()
            for key, name in (("day", "issue_day"), ("month", "issue_month"), ("year", "issue_year")):
                if match.group(key):
                    values[name] = int(match.group(key))
            continue
        if line.upper() in DOC_TYPES and line == line.upper() and index_doc_type is None:
            values["doc_type"] = line
            index_doc_type = i
            break
    if index_doc_type is None:
        return HeaderFields(**values)
    title_lines, position = _title_lines(lines, index_doc_type + 1)
    values["title"] = " ".join(title_lines)
    bases, sections, end = _body(lines, position)
    values["legal_bases"] = tuple(bases)
    values["sections"] = tuple(sections)
    recipients, signer = _ending(lines, end)
    values["recipients"] = tuple(recipients)
    values["signer"] = signer
    return HeaderFields(**values)


def _title_lines(lines: Sequence[str], start: int) -> tuple[list[str], int]:
    """The trích yếu: the non-empty lines right after the tên loại."""
    i = start
    while i < len(lines) and not lines[i]:
        i += 1
    title: list[str] = []
    # A trích yếu is short and cites no document ("Thực hiện công tác CCHC năm
    # 2023" is a title; "Thực hiện Kế hoạch số 19/KH-UBND …" is a căn cứ).
    while i < len(lines) and lines[i] and len(title) < 3 and len(lines[i]) < 160 \
            and not _CITATION.search(lines[i]) and not _ROMAN_HEADING.match(lines[i]):
        title.append(lines[i])
        i += 1
    return title, i


def _body(lines: Sequence[str], start: int) -> tuple[list[str], list[Section], int]:
    """Căn cứ paragraphs before the first "I. …" heading, then the parts."""
    bases: list[str] = []
    sections: list[Section] = []
    heading: str | None = None
    text: list[str] = []
    i = start
    while i < len(lines):
        line = lines[i]
        if line.rstrip(":").lower() == "nơi nhận":
            break
        if line:
            if _ROMAN_HEADING.match(line) and line.upper() == line:
                if heading is not None or text:
                    sections.append(Section(heading or "", "\n".join(text)))
                heading, text = line, []
            elif heading is None and not sections:
                bases.append(line)
            else:
                text.append(line)
        i += 1
    if heading is not None or text:
        sections.append(Section(heading or "", "\n".join(text)))
    # A closing paragraph ("Trên đây là Kế hoạch …") stays in the last part.
    return bases, sections, i


def _ending(lines: Sequence[str], start: int) -> tuple[list[str], Signer | None]:
    """Nơi nhận lines, then the signer's authority, title and name."""
    if start >= len(lines):
        return [], None
    recipients: list[str] = []
    signer_lines: list[str] = []
    for line in lines[start + 1:]:
        if not line:
            continue
        if _APPENDIX.match(line):
            break
        if line.startswith(("-", "–", "+")):
            recipients.append(line.lstrip("-–+ ").strip())
        elif line.lower().startswith("gửi bản"):
            continue
        else:
            signer_lines.append(line.strip("* "))
    return recipients, _signer(signer_lines)


def _signer(lines: list[str]) -> Signer | None:
    """"TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / name"."""
    lines = [line for line in lines if line][:6]
    if not lines:
        return None
    upper = [line for line in lines if line == line.upper()]
    name = next((line for line in reversed(lines) if line != line.upper()), "")
    authority, authority_of, deputy, title = "", "", "", ""
    rest = list(upper)
    if rest:
        first = rest[0]
        prefix = next((p for p in SIGNER_AUTHORITIES if p and first.startswith(p + " ")), "")
        if prefix:
            authority, authority_of = prefix, first[len(prefix):].strip()
            rest = rest[1:]
    if len(rest) >= 2:
        deputy, title = rest[0], rest[1]
    elif rest:
        title = rest[0]
    return Signer(authority, authority_of, deputy, title, name)
