"""Reading a plan document's own fields from its lines of text, as Word, a
PDF or a text file gives them: the parent and issuing bodies (each kept on
its lines: "ỦY BAN NHÂN DÂN" / "THÀNH PHỐ CẨM PHẢ"), số and ký hiệu, place
and date, tên loại, trích yếu, căn cứ, the body's parts — and, after the
body (document_ending.py), the signer, Nơi nhận and the appendix's heading,
title and "(Kèm theo …)" line. Each goes to its own field; text is kept as
written (proper names keep their capitals).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from app.core.model import Section, Signer
from app.core.presets import KIND_CCHC, KIND_PROPAGANDA
from app.core.text import fold, nfc
from app.io.document_ending import body_end, is_appendix_heading, is_upper, read_ending

DOC_TYPES = ("KẾ HOẠCH", "BÁO CÁO", "QUYẾT ĐỊNH", "CHƯƠNG TRÌNH", "HƯỚNG DẪN", "THÔNG BÁO", "TỜ TRÌNH", "ĐỀ ÁN")
_NUMBER = re.compile(r"^Số\s*:\s*(\d*)\s*/\s*([A-ZĐ0-9][A-ZĐ0-9\-]*)", re.I)
_PLACE_DATE = re.compile(
    r"^(?P<place>[^,]{2,60}),\s*ngày\s*(?P<day>\d{1,2})?\s*tháng\s*(?P<month>\d{1,2})?\s*năm\s*(?P<year>\d{4})?", re.I)
_ROMAN_HEADING = re.compile(r"^[IVXLC]+\.\s+\S")
_CITATION = re.compile(r"\bsố\s+\d+|\d+/[A-ZĐ]", re.I)
_DECORATION = re.compile(r"^[\s_\-–—=*.·•~]+$")
_NATIONAL = ("cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc", "doc lap – tu do – hanh phuc")
# Words that open the name of a body; a line opening with a place word
# ("THÀNH PHỐ CẨM PHẢ") goes on naming the body of the line above.
_BODY_START = re.compile(
    r"^(ỦY BAN|UỶ BAN|UBND|SỞ|PHÒNG|BAN|VĂN PHÒNG|TRUNG TÂM|CHI CỤC|BỘ|TỔNG CỤC|CỤC|HỘI ĐỒNG|HĐND|"
    r"TỈNH ỦY|TỈNH UỶ|THÀNH ỦY|THÀNH UỶ|HUYỆN ỦY|ĐẢNG ỦY|ĐẢNG BỘ|MẶT TRẬN|ĐOÀN|CÔNG AN|TRƯỜNG|BỆNH VIỆN|"
    r"BAN CHỈ ĐẠO|BCĐ)\b")


@dataclass(frozen=True)
class DocumentFields:
    """The fields of a plan document found in an imported file."""

    parent_body: str = ""
    issuing_body: str = ""
    number: str = ""
    symbol: str = ""
    place: str = ""
    issue_day: int | None = None
    issue_month: int | None = None
    issue_year: int | None = None
    doc_type: str = ""
    title: str = ""
    legal_bases: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    recipients: tuple[str, ...] = ()
    signer: Signer | None = None
    appendix_heading: str = ""
    appendix_title: str = ""
    appendix_caption: str = ""   # "(Kèm theo …)": printed again from the plan's fields
    extra: dict = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any((self.number, self.place, self.doc_type, self.title, self.issue_year, self.sections,
                        self.issuing_body))

    @property
    def kind(self) -> str | None:
        """CCHC or tuyên truyền, from the tên loại and trích yếu (None: neither)."""
        return detect_kind(self.doc_type, self.title)


def detect_kind(doc_type: str, title: str) -> str | None:
    text = fold(f"{doc_type} {title}")
    if "tuyen truyen" in text:
        return KIND_PROPAGANDA
    if "cai cach hanh chinh" in text or "cchc" in text.split():
        return KIND_CCHC
    return None


def read_header(lines: Sequence[str]) -> DocumentFields:
    """Document fields from the document's lines up to its appendix table
    (blank lines allowed; a paragraph with line breaks may come as one line)."""
    lines = [nfc(part).strip() for line in lines for part in (line or "").split("\n")]
    values: dict = {}
    index_doc_type = None
    for i, line in enumerate(lines[:80]):
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
    values.update(_bodies(lines[:index_doc_type if index_doc_type is not None else 20]))
    if index_doc_type is None:
        return DocumentFields(**values)
    title_lines, position = _title_lines(lines, index_doc_type + 1)
    values["title"] = " ".join(title_lines)
    end = body_end(lines, position)
    bases, sections = _body(lines[position:end])
    values["legal_bases"] = tuple(bases)
    values["sections"] = tuple(sections)
    ending = read_ending(lines, end)
    values.update(recipients=ending.recipients, signer=ending.signer, appendix_heading=ending.appendix_heading,
                  appendix_title=ending.appendix_title, appendix_caption=ending.appendix_caption)
    return DocumentFields(**values)


def _bodies(lines: Sequence[str]) -> dict:
    """Parent and issuing body from the header's capital lines: every line
    opening a new body starts one; the last body is the issuing one."""
    bodies: list[list[str]] = []
    for line in lines:
        text = line.strip("* ").strip()
        if _NUMBER.match(text) or _PLACE_DATE.match(text) or text in DOC_TYPES or is_appendix_heading(text):
            break  # the bodies stand above "Số:" in the header's left column
        if not text or _DECORATION.match(text) or not is_upper(text):
            continue
        if fold(text) in _NATIONAL or fold(text).startswith(("cong hoa xa hoi", "viet nam", "doc lap")):
            continue
        if not bodies or _BODY_START.match(text):
            bodies.append([text])
        else:
            bodies[-1].append(text)
    if not bodies:
        return {}
    return {"parent_body": "\n".join(line for body in bodies[:-1] for line in body),
            "issuing_body": "\n".join(bodies[-1])}


def _title_lines(lines: Sequence[str], start: int) -> tuple[list[str], int]:
    """The trích yếu: the non-empty lines right after the tên loại."""
    i = start
    while i < len(lines) and not lines[i]:
        i += 1
    title: list[str] = []
    # A trích yếu is short and cites no document ("Thực hiện công tác CCHC năm
    # 2023" is a title; "Thực hiện Kế hoạch số 19/KH-UBND …" is a căn cứ).
    while i < len(lines) and lines[i] and len(title) < 3 and len(lines[i]) < 160 \
            and not _CITATION.search(lines[i]) and not _ROMAN_HEADING.match(lines[i]) \
            and not _DECORATION.match(lines[i]):
        title.append(lines[i])
        i += 1
    while i < len(lines) and (not lines[i] or _DECORATION.match(lines[i])):
        i += 1
    return title, i


def _body(lines: Sequence[str]) -> tuple[list[str], list[Section]]:
    """Căn cứ paragraphs before the first "I. …" heading, then the parts."""
    bases: list[str] = []
    sections: list[Section] = []
    heading: str | None = None
    text: list[str] = []
    for line in lines:
        if not line:
            continue
        if _ROMAN_HEADING.match(line) and line.upper() == line:
            if heading is not None or text:
                sections.append(Section(heading or "", "\n".join(text)))
            heading, text = line, []
        elif heading is None and not sections:
            bases.append(line)
        else:
            text.append(line)
    if heading is not None or text:
        sections.append(Section(heading or "", "\n".join(text)))
    # A closing paragraph ("Trên đây là Kế hoạch …") stays in the last part.
    return bases, sections
