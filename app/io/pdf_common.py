"""Building blocks of administrative documents in PDF (Nghị định 30/2020).

A4, margins 20/20/30/15 mm, Times New Roman (or the metric-compatible
Liberation Serif, embedded), the two-column header, tên loại and trích yếu
with their rules, body text, Nơi nhận beside the signature block, page
numbers at the top centre from page 2 — each part (the document, each
appendix) numbered on its own.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    ActionFlowable, BaseDocTemplate, Flowable, Frame, KeepTogether, NextPageTemplate, PageBreak, PageTemplate,
    Paragraph, Spacer, Table, TableStyle,
)

from app.core.text import nfc
from app.io.document_content import (
    APPENDIX_RULE, BOTTOM, CLOSING_LEFT, HEADER_LEFT, HEADER_RIGHT, LANDSCAPE_HEIGHT, LANDSCAPE_WIDTH, LEFT,
    PORTRAIT_HEIGHT, PORTRAIT_WIDTH, QUOC_HIEU, RIGHT, SIGNATURE_SPACE, TIEU_NGU, TOP, AppendixPart, Block,
    ClosingTexts, DocumentContent, HeaderTexts, Role, Text, TitleTexts, body_texts, last_sentence,
)
from app.io.fonts import FontSet, document_fonts


@dataclass(frozen=True)
class Styles:
    fonts: FontSet
    body: ParagraphStyle
    body_plain: ParagraphStyle
    bullet: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    doc_type: ParagraphStyle
    title: ParagraphStyle
    caption: ParagraphStyle
    centred: ParagraphStyle
    header_body: ParagraphStyle
    header_parent: ParagraphStyle
    quoc_hieu: ParagraphStyle
    tieu_ngu: ParagraphStyle
    number: ParagraphStyle
    place_date: ParagraphStyle
    recipients_label: ParagraphStyle
    recipients: ParagraphStyle
    signer: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_centre: ParagraphStyle
    appendix_heading: ParagraphStyle
    lead_in: ParagraphStyle
    note: ParagraphStyle
    addressee: ParagraphStyle
    addressee_item: ParagraphStyle
    grid_header: ParagraphStyle
    figure: ParagraphStyle
    figure_centre: ParagraphStyle
    figure_header: ParagraphStyle
    figure_total: ParagraphStyle


def make_styles() -> Styles:
    f = document_fonts()

    def style(name, size, font=None, align=TA_LEFT, leading=None, **kw):
        return ParagraphStyle(name, fontName=font or f.regular, fontSize=size, leading=leading or size * 1.2,
                              alignment=align, **kw)

    return Styles(
        fonts=f,
        body=style("body", 14, align=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=6, leading=14 * 1.25),
        body_plain=style("body_plain", 14, align=TA_JUSTIFY, spaceAfter=6, leading=14 * 1.25),
        bullet=style("bullet", 14, align=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=4, leading=14 * 1.25),
        # Headings keep with what follows: never alone at the foot of a page.
        heading=style("heading", 14, f.bold, TA_JUSTIFY, spaceBefore=6, spaceAfter=6, firstLineIndent=10 * mm,
                      keepWithNext=1),
        subheading=style("subheading", 14, f.bold, TA_JUSTIFY, spaceAfter=6, firstLineIndent=10 * mm,
                         keepWithNext=1),
        doc_type=style("doc_type", 14, f.bold, TA_CENTER, spaceBefore=18),
        title=style("title", 14, f.bold, TA_CENTER),
        caption=style("caption", 13, f.italic, TA_CENTER),
        centred=style("centred", 14, align=TA_CENTER),
        header_body=style("header_body", 12, f.bold, TA_CENTER, leading=14),
        header_parent=style("header_parent", 12, align=TA_CENTER, leading=14),
        quoc_hieu=style("quoc_hieu", 12, f.bold, TA_CENTER, leading=14),
        tieu_ngu=style("tieu_ngu", 13, f.bold, TA_CENTER, leading=15),
        number=style("number", 13, align=TA_CENTER, leading=15),
        place_date=style("place_date", 13, f.italic, TA_CENTER, leading=15),
        recipients_label=style("recipients_label", 12, f.bold_italic, leading=14),
        recipients=style("recipients", 11, leading=13),
        signer=style("signer", 14, f.bold, TA_CENTER, leading=17),
        cell=style("cell", 12, leading=14),
        cell_bold=style("cell_bold", 12, f.bold, leading=14),
        cell_centre=style("cell_centre", 12, align=TA_CENTER, leading=14),
        appendix_heading=style("appendix_heading", 14, f.bold, TA_CENTER),
        # A line announcing a list is never left alone at a page's foot.
        lead_in=style("lead_in", 14, align=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=6, leading=14 * 1.25,
                      keepWithNext=1),
        note=style("note", 12, f.italic, TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=6, leading=14),
        addressee=style("addressee", 14, align=TA_CENTER, spaceBefore=4, spaceAfter=8),
        addressee_item=style("addressee_item", 14, leftIndent=60 * mm),
        grid_header=style("grid_header", 12, f.bold, TA_CENTER, leading=14),
        # The report's table of figures: eleven columns on a portrait page.
        figure=style("figure", 10, leading=12),
        figure_centre=style("figure_centre", 10, align=TA_CENTER, leading=12),
        figure_header=style("figure_header", 10, f.bold, TA_CENTER, leading=12),
        figure_total=style("figure_total", 10, f.bold, leading=12),
    )


def markup(text: str) -> str:
    """Text made safe for a Paragraph: NFC, XML-escaped, new lines kept, and
    runs of spaces kept (a draft's blank "Số:      /KH-UBND" must stay blank)."""
    escaped = html.escape(nfc(text or ""), quote=False).replace("\n", "<br/>")
    return re.sub(r" {2,}", lambda m: "\u00a0" * len(m.group()), escaped)


class RememberingParagraph(Paragraph):
    """A Paragraph that keeps its line breaks for the width it was last given.

    A long table is re-measured whole each time it is split across a page, so
    reportlab would break every cell's lines again and again (five times per
    cell for a 300-task appendix): most of a long PDF's time. The breaks only
    depend on the width, so they are reused while the width stays the same."""

    _wrapped_width: float | None = None

    def wrap(self, available_width, available_height):
        # Table and our pager reach a merged cell's width by different sums: allow float noise.
        if self._wrapped_width is not None and abs(available_width - self._wrapped_width) < 1e-6 \
                and hasattr(self, "blPara"):
            return self.width, self.height
        size = super().wrap(available_width, available_height)
        self._wrapped_width = available_width
        return size


def para(text: str, style: ParagraphStyle) -> Paragraph:
    return RememberingParagraph(markup(text), style)


class Rule(Flowable):
    """A solid horizontal line of a given length, centred in its space."""

    def __init__(self, length: float, thickness: float = 0.6, space_before: float = 4, space_after: float = 2):
        super().__init__()
        self.length = length
        self.thickness = thickness
        self.space_before = space_before
        self.space_after = space_after

    def wrap(self, available_width, available_height):
        self.available_width = available_width
        return available_width, self.space_before + self.thickness + self.space_after

    def draw(self):
        x = (self.available_width - self.length) / 2
        y = self.space_after
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x, y, x + self.length, y)


def font_command(s: "Styles") -> tuple:
    """Tables set their cell font before drawing even a Paragraph; without
    this, reportlab's Helvetica (not embedded) lands in the PDF."""
    return ("FONT", (0, 0), (-1, -1), s.fonts.regular, 12)


# --------------------------------------------------------------------------
# Header and signature


def header_block(header: HeaderTexts, s: Styles) -> list:
    """The two-column header: issuing body and number on the left, Quốc hiệu,
    Tiêu ngữ and place/date on the right; each rule sized by its text. A
    header too tall for half a page (a pasted text in the body's name) is
    set one block under the other, so it can continue overleaf."""
    left: list = [para(line, s.header_parent) for line in header.parent_lines]
    left += [para(line, s.header_body) for line in header.body_lines]
    left.append(Rule(header.body_rule))
    right = [para(QUOC_HIEU, s.quoc_hieu), para(TIEU_NGU, s.tieu_ngu), Rule(header.tieu_ngu_rule)]
    number = para(header.number, s.number)
    when = para(header.place_date, s.place_date)
    table = Table([[left, right], [number, when]], colWidths=[HEADER_LEFT, HEADER_RIGHT])
    table.setStyle(TableStyle([
        font_command(s),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 1), (-1, 1), 4),
    ]))
    if _too_tall(table, PORTRAIT_HEIGHT / 2):
        return right + [when] + left + [number, Spacer(1, 6)]
    return [table]


def _too_tall(table: Table, limit: float) -> bool:
    return table.wrap(PORTRAIT_WIDTH, 1e9)[1] > limit


def title_block(title: TitleTexts, s: Styles) -> list:
    """Tên loại and trích yếu, with the short rule under the trích yếu."""
    out = [para(title.doc_type, s.doc_type)]
    if title.lines:
        out += [para(line, s.title) for line in title.lines]
        # Clear of the descenders of the line above (g, y, ạ), as the rule under the caption.
        out.append(Rule(title.rule, space_before=5, space_after=10))
    return out


def closing_block(last: list, closing: ClosingTexts, s: Styles) -> list:
    """Nơi nhận on the left, level with the signer's authority on the right,
    kept on one page with ``last`` (the body's closing paragraph), so the
    signature never stands alone on a page."""
    left = [para("Nơi nhận:", s.recipients_label)]
    left += [para(line, s.recipients) for line in closing.recipients]
    right = [para(line, s.signer) for line in closing.signer_lines]
    right.append(Spacer(1, SIGNATURE_SPACE))
    right.append(para(closing.signer_name, s.signer))
    table = Table([[left, right]], colWidths=[PORTRAIT_WIDTH * CLOSING_LEFT, PORTRAIT_WIDTH * (1 - CLOSING_LEFT)])
    table.setStyle(TableStyle([
        font_command(s),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))
    if _too_tall(table, PORTRAIT_HEIGHT * 0.8):
        # A list of recipients longer than a page: signature first, then the list, flowing.
        return last + [Spacer(1, 8)] + right + [Spacer(1, 8)] + left
    return [KeepTogether(last + [Spacer(1, 8), table])]


# --------------------------------------------------------------------------
# Body text


def role_style(role: Role, s: Styles) -> ParagraphStyle:
    """The style each part of a document's text is printed in."""
    return {
        Role.BODY: s.body, Role.HEADING: s.heading, Role.SUBHEADING: s.subheading, Role.BULLET: s.bullet,
        Role.LEAD_IN: s.lead_in, Role.NOTE: s.note, Role.ADDRESSEE: s.addressee,
        Role.ADDRESSEE_ITEM: s.addressee_item, Role.TOTALS: s.cell_bold,
    }[role]


def text_flowable(text: Text, s: Styles) -> Paragraph:
    return para(text.text, role_style(text.role, s))


def body_paragraphs(text: str, s: Styles) -> list:
    """Paragraphs of a body text (app.io.document_content.body_texts decides each one's part)."""
    return [text_flowable(t, s) for t in body_texts(text)]


def document_flowables(content: DocumentContent, s: Styles,
                       other: Callable[[Block], list] | None = None) -> list:
    """The document's portrait pages: header, title, Kính gửi, the body with
    "./." (its last paragraph kept with what follows), then Nơi nhận and the
    signature. ``other`` lays out the blocks that are not text (the report's
    table and chart)."""
    story: list = header_block(content.header, s)
    story += title_block(content.title, s)
    story += [text_flowable(t, s) for t in content.addressees]
    last = last_sentence(content.body)
    body: list = []
    kept: list = []
    for index, block in enumerate(content.body):
        flowables = [text_flowable(block, s)] if isinstance(block, Text) else other(block)
        (kept if index >= last else body).extend(flowables)
    return story + body + closing_block(kept, content.closing, s)


def appendix_flowables(part: AppendixPart, s: Styles) -> list:
    """An appendix's heading, title, caption and rule, its grid, what follows it."""
    from app.io.pdf_grid import grid_table

    story: list = [para(part.heading, s.appendix_heading)]
    if part.title:
        story.append(para(part.title, s.title))
    story += [para(part.caption, s.caption), Rule(APPENDIX_RULE, space_before=5, space_after=8)]
    story.append(grid_table(part.grid, part.columns, s, LANDSCAPE_WIDTH, LANDSCAPE_HEIGHT))
    if part.after:
        story.append(Spacer(1, 6))
        story += [text_flowable(t, s) for t in part.after]
    return story


# --------------------------------------------------------------------------
# The document template


class NumberedDoc(BaseDocTemplate):
    """Portrait pages for the document, landscape pages for appendices; each
    part numbers its pages from 1, the number shown from its page 2 on."""

    def __init__(self, target, title: str, author: str, fonts: FontSet, progress: Callable[[int], None] | None,
                 first_template: str = "portrait"):
        super().__init__(str(target), pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP,
                         bottomMargin=BOTTOM, title=title, author=author, creator="Sổ kế hoạch CCHC",
                         subject=title,
                         # Otherwise every page starts in Helvetica, a font that is not embedded.
                         initialFontName=fonts.regular, initialFontSize=12)
        self.fonts = fonts
        self.progress = progress
        self.part_start = 1
        portrait = Frame(LEFT, BOTTOM, PORTRAIT_WIDTH, A4[1] - TOP - BOTTOM, id="portrait",
                         leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        wide = landscape(A4)
        landscape_frame = Frame(LEFT, BOTTOM, LANDSCAPE_WIDTH, wide[1] - TOP - BOTTOM, id="landscape",
                                leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates = [
            PageTemplate("portrait", [portrait], onPage=self._number_page, pagesize=A4),
            PageTemplate("landscape", [landscape_frame], onPage=self._number_page, pagesize=wide),
        ]
        if first_template == "landscape":  # an appendix printed on its own
            templates.reverse()
        self.addPageTemplates(templates)

    def handle_startPart(self) -> None:
        """The next page begins a new part (an appendix): numbering restarts."""
        self._restart_pending = True

    def handle_pageBegin(self):
        if getattr(self, "_restart_pending", False):
            self.part_start = self.page + 1
            self._restart_pending = False
        super().handle_pageBegin()

    def _number_page(self, canvas, doc) -> None:
        number = canvas.getPageNumber() - self.part_start + 1
        if self.progress is not None:
            self.progress(canvas.getPageNumber())
        if number < 2:
            return
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setFont(self.fonts.regular, 13)
        canvas.drawCentredString(width / 2, height - 12 * mm, str(number))
        canvas.restoreState()


def landscape_part() -> list:
    """Flowables that end the current part and start a landscape one with
    its own page numbers."""
    return [NextPageTemplate("landscape"), ActionFlowable(("startPart",)), PageBreak()]


def build(target: Path, story: list, title: str, author: str = "", progress: Callable[[int], None] | None = None,
          first_template: str = "portrait"):
    """Write ``story`` to ``target`` (the caller makes it atomic)."""
    # Page streams are written as plain compressed bytes: the ASCII85 text
    # wrapping reportlab adds by default only made the file a quarter
    # bigger and took a tenth of a long appendix's time.
    rl_config.useA85 = 0
    doc = NumberedDoc(target, title, author, document_fonts(), progress, first_template)
    doc.build(story)
