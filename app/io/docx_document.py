"""Laying out a document's blocks (app.io.document_content) in Word.

The header and the Nơi nhận / signer block are borderless tables, as offices
make them; the short rules are empty paragraphs whose bottom border has the
rule's length (a reviewer can move them with the text); the body's
paragraphs carry only their style. The document is portrait; each appendix
is a landscape section numbering its pages from 1.

Paragraphs and tables are written as WordprocessingML elements directly:
python-docx's cell-by-cell API is quadratic over a long appendix.
"""

from __future__ import annotations

import copy
from io import BytesIO
from typing import Callable, Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from app.core.text import clean_text
from app.io.document_content import (
    APPENDIX_RULE, CLOSING_LEFT, HEADER_LEFT, HEADER_RIGHT, PORTRAIT_HEIGHT, PORTRAIT_WIDTH, QUOC_HIEU,
    SIGNATURE_SPACE, TIEU_NGU, AppendixPart, Block, ClosingTexts, DocumentContent, HeaderTexts, Role, Text,
    TitleTexts, last_sentence,
)
from app.io.docx_styles import (
    LAYOUT_TABLE_STYLE, RULE_STYLE, SECTION_END_STYLE, add_styles, numbered_from_one, page_number_header,
    set_page, tidy_package, twips, wml,
)

ROLE_STYLES = {
    Role.BODY: "Normal", Role.HEADING: "Heading1", Role.SUBHEADING: "Heading2", Role.BULLET: "CCHCBullet",
    Role.LEAD_IN: "CCHCLeadIn", Role.NOTE: "CCHCNote", Role.ADDRESSEE: "CCHCAddressee",
    Role.ADDRESSEE_ITEM: "CCHCAddresseeItem", Role.TOTALS: "CCHCTotals",
}


# -- paragraphs ------------------------------------------------------------------------------------


def paragraph(style_id: str, text: str = "", keep_next: bool = False) -> OxmlElement:
    """A w:p in ``style_id`` ("Normal" is not named: it is the default);
    new lines become line breaks, TABs tabs, runs of spaces are kept."""
    p = OxmlElement("w:p")
    if style_id != "Normal" or keep_next:
        ppr = OxmlElement("w:pPr")
        if style_id != "Normal":
            ppr.append(wml("w:pStyle", val=style_id))
        if keep_next:
            ppr.append(wml("w:keepNext"))
        p.append(ppr)
    text = clean_text(text)
    if text:
        run = OxmlElement("w:r")
        for index, line in enumerate(text.split("\n")):
            if index:
                run.append(OxmlElement("w:br"))
            for part_index, part in enumerate(line.split("\t")):
                if part_index:
                    run.append(OxmlElement("w:tab"))
                if part:
                    t = OxmlElement("w:t")
                    t.set(qn("xml:space"), "preserve")
                    t.text = part
                    run.append(t)
        p.append(run)
    return p


def rule(length: float, width: float, after: float = 2) -> OxmlElement:
    """A solid line ``length`` points long, centred in ``width``: an empty
    paragraph whose bottom border runs between its indents."""
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    ppr.append(wml("w:pStyle", val=RULE_STYLE))
    borders = OxmlElement("w:pBdr")
    borders.append(wml("w:bottom", val="single", sz="5", space="0", color="000000"))
    ppr.append(borders)
    if after != 2:
        ppr.append(wml("w:spacing", after=twips(after)))
    side = twips(max((width - length) / 2, 0))
    ppr.append(wml("w:ind", left=side, right=side))
    p.append(ppr)
    return p


# -- tables ----------------------------------------------------------------------------------------


def table(style_id: str, widths: Sequence[float]) -> OxmlElement:
    """An empty w:tbl of fixed column widths (points)."""
    tbl = OxmlElement("w:tbl")
    tblpr = OxmlElement("w:tblPr")
    tblpr.append(wml("w:tblStyle", val=style_id))
    tblpr.append(wml("w:tblW", w=twips(sum(widths)), type="dxa"))
    tblpr.append(wml("w:tblLayout", type="fixed"))
    tblpr.append(wml("w:tblLook", val="0000", firstRow="0", lastRow="0", firstColumn="0", lastColumn="0",
                     noHBand="1", noVBand="1"))
    tbl.append(tblpr)
    grid = OxmlElement("w:tblGrid")
    for width in widths:
        grid.append(wml("w:gridCol", w=twips(width)))
    tbl.append(grid)
    return tbl


def row(header: bool = False, cant_split: bool = False) -> OxmlElement:
    tr = OxmlElement("w:tr")
    if header or cant_split:
        trpr = OxmlElement("w:trPr")
        if cant_split or header:
            trpr.append(OxmlElement("w:cantSplit"))
        if header:
            trpr.append(OxmlElement("w:tblHeader"))
        tr.append(trpr)
    return tr


def cell(width: float, span: int = 1, merge: str | None = None, middle: bool = False,
         top_margin: float | None = None) -> OxmlElement:
    """A w:tc; ``merge``: "restart" or "continue" for cells merged down."""
    tc = OxmlElement("w:tc")
    tcpr = OxmlElement("w:tcPr")
    tcpr.append(wml("w:tcW", w=twips(width), type="dxa"))
    if span > 1:
        tcpr.append(wml("w:gridSpan", val=span))
    if merge == "restart":
        tcpr.append(wml("w:vMerge", val="restart"))
    elif merge == "continue":
        tcpr.append(OxmlElement("w:vMerge"))
    if top_margin is not None:
        margins = OxmlElement("w:tcMar")
        margins.append(wml("w:top", w=twips(top_margin), type="dxa"))
        tcpr.append(margins)
    if middle:
        tcpr.append(wml("w:vAlign", val="center"))
    tc.append(tcpr)
    return tc


def fill(tc: OxmlElement, paragraphs: Sequence[OxmlElement]) -> OxmlElement:
    """A cell holds at least one paragraph."""
    for p in paragraphs or [paragraph("CCHCCell")]:
        tc.append(p)
    return tc


# -- the blocks ------------------------------------------------------------------------------------


def header_table(header: HeaderTexts) -> OxmlElement:
    """Issuing body and "Số:" on the left; Quốc hiệu, Tiêu ngữ, place and date on the right."""
    tbl = table(LAYOUT_TABLE_STYLE, (HEADER_LEFT, HEADER_RIGHT))
    top = row()
    left = [paragraph("CCHCParentBody", line) for line in header.parent_lines]
    left += [paragraph("CCHCIssuingBody", line) for line in header.body_lines]
    left.append(rule(header.body_rule, HEADER_LEFT))
    top.append(fill(cell(HEADER_LEFT), left))
    right = [paragraph("CCHCQuocHieu", QUOC_HIEU), paragraph("CCHCTieuNgu", TIEU_NGU),
             rule(header.tieu_ngu_rule, HEADER_RIGHT)]
    top.append(fill(cell(HEADER_RIGHT), right))
    bottom = row()
    bottom.append(fill(cell(HEADER_LEFT), [paragraph("CCHCNumber", header.number)]))
    bottom.append(fill(cell(HEADER_RIGHT), [paragraph("CCHCPlaceDate", header.place_date)]))
    tbl.append(top)
    tbl.append(bottom)
    return tbl


def title_block(title: TitleTexts) -> list[OxmlElement]:
    out = [paragraph("CCHCDocType", title.doc_type)]
    if title.lines:
        out += [paragraph("CCHCTitle", line) for line in title.lines]
        out.append(rule(title.rule, PORTRAIT_WIDTH, after=10))
    return out


def closing_height(closing: ClosingTexts, widths: Sequence[float]) -> float:
    """The Nơi nhận / signer table's height, measured as the PDF measures it."""
    from app.io.fonts import wrapped_lines
    from app.io.pdf_common import make_styles

    s = make_styles()
    left = s.recipients_label.leading + sum(wrapped_lines(line, widths[0], False, s.recipients.fontSize)
                                            * s.recipients.leading for line in closing.recipients)
    right = (len(closing.signer_lines) + 1) * s.signer.leading + SIGNATURE_SPACE
    return max(left, right)


def closing_block(closing: ClosingTexts) -> list[OxmlElement]:
    """Nơi nhận on the left, level with the signer's authority on the right,
    in one row that stays whole. A list of recipients longer than a page
    (Word would cut the row off) is set as the PDF sets it: the signer
    first, then Nơi nhận, flowing over the pages."""
    widths = (PORTRAIT_WIDTH * CLOSING_LEFT, PORTRAIT_WIDTH * (1 - CLOSING_LEFT))
    left = [paragraph("CCHCRecipientsLabel", "Nơi nhận:")]
    left += [paragraph("CCHCRecipients", line) for line in closing.recipients]
    right = [paragraph("CCHCSigner", line) for line in closing.signer_lines]
    right.append(paragraph("CCHCSignerName", closing.signer_name))
    if closing_height(closing, widths) > PORTRAIT_HEIGHT * 0.8:
        return right + left
    tbl = table(LAYOUT_TABLE_STYLE, widths)
    tr = row(cant_split=True)
    tr.append(fill(cell(widths[0], top_margin=8), left))
    tr.append(fill(cell(widths[1], top_margin=8), right))
    tbl.append(tr)
    return [tbl]


def text_paragraph(text: Text, keep_next: bool = False) -> OxmlElement:
    return paragraph(ROLE_STYLES[text.role], text.text, keep_next)


def appendix_titles_height(part: AppendixPart, width: float) -> float:
    """How much of its first page an appendix's heading, title, caption and rule take (the PDF's measures)."""
    from app.io.fonts import wrapped_lines
    from app.io.pdf_common import make_styles

    s = make_styles()
    lines = [(part.heading, s.appendix_heading, True), (part.title, s.title, True), (part.caption, s.caption, False)]
    height = sum(wrapped_lines(text, width, bold, style.fontSize) * style.leading
                 for text, style, bold in lines if text)
    return height + 5 + 0.6 + 8  # the rule under the caption, as pdf_common.appendix_flowables draws it


class WordDocument:
    """A python-docx Document being filled block by block, part by part."""

    def __init__(self, title: str, author: str = ""):
        import docx

        self.document = docx.Document()
        add_styles(self.document)
        tidy_package(self.document, "Sổ kế hoạch CCHC")
        self.body = self.document.element.body
        self._remove_template_content()
        self.parts = 0
        properties = self.document.core_properties
        properties.title, properties.subject = title, title
        properties.author = properties.last_modified_by = author
        properties.comments = ""
        properties.keywords = ""
        properties.category = ""

    def _remove_template_content(self) -> None:
        for child in list(self.body):
            if child.tag != qn("w:sectPr"):
                self.body.remove(child)

    def add(self, element: OxmlElement) -> None:
        """Append before the document's final section properties."""
        self.body.sectPr.addprevious(element)

    # -- parts (sections) ---------------------------------------------------------------------------

    def start_part(self, landscape: bool) -> None:
        """A new section on a new page, numbered from 1 (the first part is the document's first section)."""
        if self.parts:
            ending = paragraph(SECTION_END_STYLE)
            ending.get_or_add_pPr().append(copy.deepcopy(self.body.sectPr))
            self.add(ending)
            for reference in self.body.sectPr.xpath("w:headerReference|w:footerReference"):
                self.body.sectPr.remove(reference)  # inherited from the first part
        section = self.document.sections[-1]
        set_page(section, landscape)
        numbered_from_one(section)
        if not self.parts:
            page_number_header(section)
        self.parts += 1

    # -- content ---------------------------------------------------------------------------------------

    def document_part(self, content: DocumentContent, other: Callable[[Block], list] | None = None) -> None:
        """Header, title, Kính gửi, the body ("./." kept with the signature), Nơi nhận and signer."""
        self.start_part(landscape=False)
        self.add(header_table(content.header))
        for element in title_block(content.title):
            self.add(element)
        for text in content.addressees:
            self.add(text_paragraph(text))
        last = last_sentence(content.body)
        for index, block in enumerate(content.body):
            if isinstance(block, Text):
                self.add(text_paragraph(block, keep_next=index >= last))
            else:
                for element in other(block):
                    self.add(element)
        for element in closing_block(content.closing):
            self.add(element)

    def appendix_part(self, part: AppendixPart, progress: Callable[[int, int], None] | None = None) -> None:
        from app.io.docx_grid import grid_table

        self.start_part(landscape=True)
        width = self._width()
        self.add(paragraph("CCHCAppendixHeading", part.heading))
        if part.title:
            self.add(paragraph("CCHCTitle", part.title))
        self.add(paragraph("CCHCCaption", part.caption))
        self.add(rule(APPENDIX_RULE, width, after=8))
        titles = appendix_titles_height(part, width)
        self.add(grid_table(part.grid, part.columns, width, self._height(), self._height() - titles, progress))
        for text in part.after:
            self.add(text_paragraph(text))

    def picture(self, png: bytes, width: float, style: str = "CCHCPicture") -> OxmlElement:
        """A paragraph holding an image ``width`` points wide."""
        holder = self.document.add_paragraph()  # python-docx makes the picture's parts and relationship
        holder.add_run().add_picture(BytesIO(png), width=Pt(width))
        element = holder._p
        for inline in element.iter(qn("wp:inline")):  # LibreOffice pads a picture 0.32 cm unless told
            for side in ("distT", "distB", "distL", "distR"):
                inline.set(side, "0")
        element.getparent().remove(element)
        element.get_or_add_pPr().append(wml("w:pStyle", val=style))
        return element

    def _width(self) -> float:
        section = self.document.sections[-1]
        return (section.page_width - section.left_margin - section.right_margin) / 12700

    def _height(self) -> float:
        section = self.document.sections[-1]
        return (section.page_height - section.top_margin - section.bottom_margin) / 12700

    def save(self, target) -> None:
        last = self.body.sectPr.getprevious()
        if last is not None and last.tag == qn("w:tbl"):
            self.add(paragraph(SECTION_END_STYLE))  # Word wants a paragraph after a closing table
        self.document.save(str(target))
