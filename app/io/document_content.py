"""What a plan or a report says, block by block, before it is laid out.

The PDF (reportlab) and the Word (.docx) writers both lay out these blocks:
the header's lines, the tên loại and trích yếu, the body's paragraphs with
the part each plays (a mục heading, a khoản with a title, a plain paragraph,
a list line…), the "./." after the last sentence, Nơi nhận and the signer,
and the appendix as its printable grid. Neither writer builds a word of its
own, so the two files cannot disagree.

Page geometry (Nghị định 30: A4, margins 20/20/30/15 mm) and the lengths of
the short rules are decided here too, in points, for the same reason.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Sequence, Union

from app.core.dates import document_number, place_and_date
from app.core.documents import appendix_caption
from app.core.figures import AreaFigures
from app.core.model import Column, PlanDoc, Signer
from app.core.names import body_name
from app.io.appendix_grid import AppendixExport, GridRow, appendix_grid, export_columns
from app.io.appendix_layout import printed
from app.io.fonts import text_width

MM = 72 / 25.4
A4_WIDTH, A4_HEIGHT = 210 * MM, 297 * MM
TOP, BOTTOM, LEFT, RIGHT = 20 * MM, 20 * MM, 30 * MM, 15 * MM
PORTRAIT_WIDTH = A4_WIDTH - LEFT - RIGHT      # 165 mm
PORTRAIT_HEIGHT = A4_HEIGHT - TOP - BOTTOM    # 257 mm
LANDSCAPE_WIDTH = A4_HEIGHT - LEFT - RIGHT    # 252 mm
LANDSCAPE_HEIGHT = A4_WIDTH - TOP - BOTTOM    # 170 mm
HEADER_LEFT = 62 * MM                         # the issuing body's column of the header
HEADER_RIGHT = PORTRAIT_WIDTH - HEADER_LEFT
CLOSING_LEFT = 0.45                           # Nơi nhận's share of the closing's width
SIGNATURE_SPACE = 28 * MM                     # room to sign and stamp above the signer's name
APPENDIX_RULE = 40 * MM
CENTRED_FIELDS = ("number", "due")            # appendix columns printed centred

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
END_MARK = "./."


class Role(str, enum.Enum):
    """The part a paragraph plays; each writer gives every role one style."""

    BODY = "body"              # justified, first line indented 1 cm
    HEADING = "heading"        # a mục: "I. MỤC TIÊU"
    SUBHEADING = "subheading"  # a khoản with a title: "1. Về kế hoạch cải cách hành chính"
    BULLET = "bullet"          # a line of a list drawn from the log: "- 3. Công khai TTHC: …"
    LEAD_IN = "lead_in"        # the line announcing a list, kept with it
    NOTE = "note"              # the small italic note under the figures
    ADDRESSEE = "addressee"    # "Kính gửi: …", centred
    ADDRESSEE_ITEM = "addressee_item"  # "- Sở Nội vụ;" under "Kính gửi:" when there are several
    TOTALS = "totals"          # the counts under the report's annex table


@dataclass(frozen=True)
class Text:
    text: str
    role: Role = Role.BODY


@dataclass(frozen=True)
class FiguresTable:
    """The report's table of counts per area (headers, one row per area, the total row)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...]


@dataclass(frozen=True)
class Chart:
    """The report's chart of the areas' figures (drawn by app.io.pdf_chart, a picture in Word)."""

    areas: tuple[AreaFigures, ...]


Block = Union[Text, FiguresTable, Chart]


@dataclass(frozen=True)
class DocumentHeader:
    """The fields the two-column header prints."""

    parent_body: str
    issuing_body: str
    number: str
    symbol: str
    place: str
    day: int | None
    month: int | None
    year: int | None


@dataclass(frozen=True)
class HeaderTexts:
    """The header's lines as printed, and the lengths (points) of its two rules."""

    parent_lines: tuple[str, ...]
    body_lines: tuple[str, ...]
    number: str
    place_date: str
    body_rule: float
    tieu_ngu_rule: float


@dataclass(frozen=True)
class TitleTexts:
    """Tên loại, the trích yếu's lines and the length of the rule under them (0: no trích yếu)."""

    doc_type: str
    lines: tuple[str, ...]
    rule: float


@dataclass(frozen=True)
class ClosingTexts:
    """Nơi nhận (each line starting with "- ") and the signer's lines."""

    recipients: tuple[str, ...]
    signer_lines: tuple[str, ...]
    signer_name: str


@dataclass(frozen=True)
class AppendixPart:
    """A landscape part with its own page numbers: heading, title, caption, the grid."""

    heading: str
    title: str
    caption: str
    grid: list[GridRow]
    columns: list[Column]
    after: tuple[Text, ...] = ()


@dataclass(frozen=True)
class DocumentContent:
    header: HeaderTexts
    title: TitleTexts
    body: tuple[Block, ...]               # ends with "./."
    closing: ClosingTexts
    addressees: tuple[Text, ...] = ()
    appendices: tuple[AppendixPart, ...] = ()
    meta_title: str = ""                  # the file's title property
    author: str = ""


# -- the header, the title, the closing ----------------------------------------------------------


def header_texts(header: DocumentHeader) -> HeaderTexts:
    """Bodies in capitals, one line each, "Số:" and place and date as ND30 writes them."""
    parent = tuple(line.upper() for line in header.parent_body.splitlines() if line.strip())
    body = tuple(body_name(header.issuing_body).header_lines) or (" ",)
    widest = min(max(text_width(line, True, 12) for line in body), HEADER_LEFT - 6)
    return HeaderTexts(parent, body, document_number(header.number, header.symbol),
                       place_and_date(header.place, header.day, header.month, header.year),
                       body_rule=widest * 0.45, tieu_ngu_rule=text_width(TIEU_NGU, True, 13))


def title_texts(doc_type: str, title: str) -> TitleTexts:
    lines = tuple(line for line in (title or "").splitlines() if line.strip())
    rule = 0.0
    if lines:
        widest = min(max(text_width(line, True, 14) for line in lines), PORTRAIT_WIDTH)
        rule = max(widest * 0.4, 30 * MM)
    return TitleTexts(doc_type.upper(), lines, rule)


def recipient_lines(recipients: Sequence[str]) -> tuple[str, ...]:
    """"- UBND thành phố;" — a dash added where the officer typed none."""
    out = []
    for recipient in recipients:
        line = recipient.strip()
        if line:
            out.append(line if line.startswith(("-", "–")) else f"- {line}")
    return tuple(out)


def closing_texts(recipients: Sequence[str], signer: Signer) -> ClosingTexts:
    return ClosingTexts(recipient_lines(recipients), tuple(signer.lines()), signer.name or " ")


def addressee_lines(addressees: Sequence[str]) -> tuple[Text, ...]:
    """"Kính gửi: X." on one line; several: one a line under "Kính gửi:", ";" then "."."""
    names = [a.strip().rstrip(";.") for a in addressees if a.strip()]
    if not names:
        return ()
    if len(names) == 1:
        return (Text(f"Kính gửi: {names[0]}.", Role.ADDRESSEE),)
    items = [Text(f"- {name}{'.' if i == len(names) - 1 else ';'}", Role.ADDRESSEE_ITEM)
             for i, name in enumerate(names)]
    return (Text("Kính gửi:", Role.ADDRESSEE), *items)


# -- the body ------------------------------------------------------------------------------------


_MUC = re.compile(r"^[IVXLC]+\.\s")          # "I. MỤC TIÊU"
_KHOAN = re.compile(r"^\d+(\.\d+)*\.\s+\S")   # "1. Mục đích"


def body_texts(text: str) -> list[Text]:
    """Paragraphs of a body text, one per line: an upper-case "I. …" line is a
    mục heading, a short "1. Tên khoản" line (no closing punctuation) a khoản
    with a title; the rest are plain paragraphs."""
    out = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if _MUC.match(line) and line.upper() == line:
            out.append(Text(line, Role.HEADING))
        elif _KHOAN.match(line) and len(line) <= 90 and not line.endswith((".", ";", ":")):
            out.append(Text(line, Role.SUBHEADING))
        else:
            out.append(Text(line))
    return out


def with_end_mark(body: list[Block]) -> list[Block]:
    """The body ends with "./." after its last sentence (its last plain paragraph)."""
    for index in range(len(body) - 1, -1, -1):
        block = body[index]
        if isinstance(block, Text) and block.role is Role.BODY:
            text = block.text.rstrip()
            if not text.endswith(END_MARK):
                text = text.rstrip(".") + END_MARK
            body[index] = Text(text, Role.BODY)
            return body
    body.append(Text(END_MARK))
    return body


def last_sentence(body: Sequence[Block]) -> int:
    """Index of the paragraph carrying "./.": kept on one page with the signature."""
    return max((i for i, b in enumerate(body) if isinstance(b, Text) and b.role is Role.BODY), default=len(body) - 1)


# -- the plan ------------------------------------------------------------------------------------


def plan_header(plan: PlanDoc) -> DocumentHeader:
    return DocumentHeader(plan.parent_body, plan.issuing_body, plan.number, plan.symbol, plan.place,
                          plan.issue_day, plan.issue_month, plan.issue_year or plan.year)


def plan_document(plan: PlanDoc, author: str = "") -> DocumentContent:
    """The plan's document: căn cứ, its parts, "./.", Nơi nhận and signer."""
    body: list[Block] = [Text(basis) for basis in plan.legal_bases]
    for section in plan.sections:
        if section.heading.strip():
            body.append(Text(section.heading, Role.HEADING))
        body += body_texts(section.text)
    return DocumentContent(
        header_texts(plan_header(plan)), title_texts(plan.doc_type or "KẾ HOẠCH", plan.title),
        tuple(with_end_mark(body)), closing_texts(plan.recipients, plan.signer),
        meta_title=f"{plan.doc_type} {plan.title}".strip(), author=author)


def plan_appendix(data: AppendixExport, columns: Sequence[Column]) -> AppendixPart:
    """The appendix: "Phụ lục", its title, "(Kèm theo Kế hoạch số …)", the grid."""
    plan = data.plan
    caption = appendix_caption("Kế hoạch" if plan.doc_type.upper() == "KẾ HOẠCH" else plan.doc_type,
                               plan.number, plan.symbol, plan.issue_day, plan.issue_month,
                               plan.issue_year or plan.year, plan.issuing_body)
    grid, printed_columns = printed(appendix_grid(data.rows, columns, data.numbers, data.tracking), columns,
                                    plan.hide_empty_columns)
    return AppendixPart(plan.appendix_heading or "Phụ lục", plan.appendix_title.upper(), caption, grid,
                        printed_columns)


def plan_contents(data: AppendixExport, include_document: bool = True,
                  include_appendix: bool = True) -> tuple[DocumentContent | None, AppendixPart | None]:
    """The parts of a plan export, in the columns chosen for it (the plan's printed ones by default)."""
    columns = list(data.columns) if data.columns is not None else export_columns(data.plan)
    document = plan_document(data.plan, data.author) if include_document else None
    appendix = plan_appendix(data, columns) if include_appendix else None
    return document, appendix
