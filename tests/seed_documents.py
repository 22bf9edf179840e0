"""The seed plans 000, 002 and 004 as whole Word documents, the way their
offices wrote them: the header table (the seeds' text lost it, so each
gets the issuing body it names), tên loại and trích yếu, căn cứ, the parts,
"Nơi nhận:" and the signer, then the appendix with its heading, title and
"(Kèm theo …)" line and the table (merged cells as Word makes them).

The body's paragraphs are taken from the seed's text: one paragraph per
non-empty line, a part opening at each "I. …" heading. What the officer
wrote in the header and signature is spelled out below, field by field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.model import Section, Signer
from app.io.appendix_grid import units_text
from app.io.table_reader import parse_tsv, read_table
from tests.conftest import seed_table_tsv, seed_text
from tests.office_documents import AppendixTable, PlanDocument, rows_to_cells

_HEADING = re.compile(r"^[IVX]+\. \S")


@dataclass(frozen=True)
class SeedDocument:
    name: str
    document: PlanDocument
    # What the import must find:
    issuing_body: str
    number: str
    symbol: str
    place: str
    date: tuple
    title: str
    bases: tuple[str, ...]
    sections: tuple[Section, ...]
    recipients: tuple[str, ...]
    signer: Signer
    appendix_heading: str
    appendix_title: str
    appendix_caption: str
    kind: str
    rows: tuple          # the appendix rows read from the seed's text


_LAYOUTS = {
    "000": (["number", "task", "form", "units", "timeframe"],
            ["STT", "Nội dung tuyên truyền", "Hình thức tuyên truyền", "Đơn vị thực hiện", "Thời gian thực hiện"],
            (1.2, 7.5, 6.5, 6.5, 3.0)),
    "002": (["number", "task", "lead", "support", "timeframe", "output"],
            ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện/ hoàn thành", "Sản phẩm"],
            (1.0, 8.0, 4.0, 5.0, 3.2, 3.3)),
    "004": (["number", "objective", "task", "activity", "output", "lead", "support", "timeframe", "budget"],
            ["TT", "1 - Mục tiêu", "2 - Nhiệm vụ", "3 - Hoạt động", "4 - Kết quả/ Sản phẩm", "5 - Cơ quan chủ trì",
             "6 - Cơ quan phối hợp", "7 - Thời gian thực hiện", "8 - Dự kiến kinh phí (Nếu có)"],
            (1.0, 3.4, 3.4, 3.8, 2.8, 2.8, 2.6, 2.4, 2.3)),
}

_WRITTEN = {
    # issuing body, number line, place and date line, (number, symbol, place, (d, m, y)), signature layout,
    # signer, appendix heading, appendix title, caption, kind
    "000": ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẨM PHẢ", "Số: 26/KH-UBND", "Cẩm Phả, ngày 01 tháng 02 năm 2023",
            ("26", "KH-UBND", "Cẩm Phả", (1, 2, 2023)), "table",
            Signer("TM.", "ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phạm Văn Kính"), "PHỤ LỤC",
            "NỘI DUNG TRỌNG TÂM, HÌNH THỨC TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NĂM 2023",
            "(Ban hành kèm theo Kế hoạch số 26/KH-UBND ngày 01/02/2023 của Ủy ban nhân dân Thành phố)",
            "tuyen-truyen"),
    "002": ("ỦY BAN NHÂN DÂN\nQUẬN DƯƠNG KINH", "Số:      /KH-UBND", "Dương Kinh, ngày      tháng      năm 2023",
            ("", "KH-UBND", "Dương Kinh", (None, None, 2023)), "paragraphs",
            Signer("TM.", "ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Trí Nhân"), "DANH MỤC",
            "Nhiệm vụ cụ thể triển khai công tác tuyên truyền cải cách hành chính nhà nước quận Dương Kinh năm 2023",
            "(Kèm theo Kế hoạch số /KH-UBND ngày tháng năm 2023 của Ủy ban nhân dân quận Dương Kinh)",
            "tuyen-truyen"),
    "004": ("ỦY BAN NHÂN DÂN\nPHƯỜNG SÔNG CẦU", "Số:      /KH-UBND", "Sông Cầu, ngày      tháng 01 năm 2023",
            ("", "KH-UBND", "Sông Cầu", (None, 1, 2023)), "signer-first",
            Signer("TM.", "ỦY BAN NHÂN DÂN", "", "CHỦ TỊCH", "Luân Hoàng Anh"), "Phụ lục",
            "Các mục tiêu, nhiệm vụ cụ thể triển khai công tác cải cách hành chính năm 2023", "", "cchc"),
}


def _body(lines: list[str], start: int) -> tuple[list[str], list[tuple[str, list[str]]], int]:
    """Căn cứ paragraphs, then (heading, paragraphs) parts, up to "Nơi nhận:"."""
    bases: list[str] = []
    parts: list[tuple[str, list[str]]] = []
    i = start
    while not lines[i].startswith("Nơi nhận"):
        line = lines[i].strip()
        if line and _HEADING.match(line) and line == line.upper():
            parts.append((line, []))
        elif line and parts:
            parts[-1][1].append(line)
        elif line:
            bases.append(line)
        i += 1
    return bases, parts, i


def seed_document(name: str) -> SeedDocument:
    (body, number_line, place_line, (number, symbol, place, when), signature, signer, heading, title,
     caption, kind) = _WRITTEN[name]
    lines = seed_text(name).split("\n")
    doc_type = lines.index("KẾ HOẠCH")
    title_lines = []
    i = doc_type + 1
    while not lines[i].strip():
        i += 1
    while lines[i].strip():
        title_lines.append(lines[i].strip())
        i += 1
    bases, parts, end = _body(lines, i)
    after = [line.strip() for line in lines[end + 1:] if "\t" not in line and line.strip()]
    recipients = [line for line in after if line.startswith("- ")]
    send_note = [line for line in after if line.startswith("Gửi bản")]
    fields, headers, widths = _LAYOUTS[name]
    rows = read_table(parse_tsv(seed_table_tsv(name))).rows
    if "units" in fields:
        rows = tuple(_with_units(r) for r in rows)
    document = PlanDocument(
        issuing_body=body, number_line=number_line, place_date=place_line, title_lines=title_lines,
        bases=bases, sections=parts, recipients=send_note + recipients,
        signer_lines=signer_lines(signer), signer_name=signer.name, signature=signature,
        appendix_heading=heading, appendix_title_lines=[title], appendix_caption=caption,
        table=AppendixTable(rows_to_cells(rows, fields, headers), widths_cm=widths, font_pt=11))
    return SeedDocument(
        name, document, body, number, symbol, place, when, " ".join(title_lines), tuple(bases),
        tuple(Section(h, "\n".join(p)) for h, p in parts), tuple(r[2:] for r in recipients), signer,
        heading, title, caption, kind, read_table(parse_tsv(seed_table_tsv(name))).rows)


def signer_lines(signer: Signer) -> list[str]:
    first = " ".join(p for p in (signer.authority, signer.authority_of) if p)
    return [line for line in (first, signer.deputy_line, signer.title) if line]


def _with_units(row):
    """Seed 000 prints lead and support in one "Đơn vị thực hiện" cell."""
    from app.core.model import NewRow

    texts = dict(row.texts)
    texts["units"] = units_text(texts.pop("lead", ""), texts.pop("support", ""))
    return NewRow(row.kind, texts, row.number_override, row.due_override, tuple(_with_units(c) for c in row.children))
