"""The Word document's styles and pages (Nghị định 30/2020).

Every paragraph of our .docx carries a named style and no formatting of its
own, so a reviewer who changes "Normal" in Word changes the whole body:
"Normal" holds the body text (Times New Roman 14, justified, first line in
by 1 cm, 6 pt after); the mục and khoản headings are Word's own "Heading 1"
and "Heading 2" (the navigation pane lists them); the header, title, Nơi
nhận, signer and table cells have styles of their own, based on "Normal".
A style only says how it differs from "Normal": the font is named once
(with the document defaults), and every 14 pt style takes its size from
"Normal".

The measures are the PDF's (app.io.pdf_common.make_styles), converted, so
the two documents break their lines alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from app.io.document_content import (
    A4_HEIGHT, A4_WIDTH, BOTTOM, LEFT, MM, RIGHT, SIGNATURE_SPACE, TOP,
)
from app.io.pdf_common import Styles, make_styles

FONT = "Times New Roman"   # Word substitutes it; LibreOffice uses the metric-compatible Liberation Serif
LANGUAGE = "vi-VN"
# Lines are "at least" the PDF's leading apart: Word and LibreOffice measure
# a "single" line of Times New Roman differently (1.15 and 1.10 times its
# size), a minimum gives both the PDF's lines, and a font made larger by a
# reviewer still gets room.
HEADER_DISTANCE = 8 * MM   # the page number's baseline about 12 mm from the top edge, as in the PDF
PAGE_NUMBER_SIZE = 13


@dataclass(frozen=True)
class WordStyle:
    style_id: str      # ASCII, referenced by every paragraph
    name: str          # what Word shows in its style list
    source: str        # the PDF style (a field of pdf_common.Styles) it is measured from
    outline: int | None = None  # heading level in Word's navigation pane
    keep_next: bool = False
    space_before: float | None = None  # points, where Word needs more than the PDF's style says


# "Normal" first: the others are written as differences from it.
PARAGRAPH_STYLES = (
    WordStyle("Normal", "Normal", "body"),
    WordStyle("Heading1", "heading 1", "heading", outline=0, keep_next=True),
    WordStyle("Heading2", "heading 2", "subheading", outline=1, keep_next=True),
    WordStyle("CCHCBullet", "Dòng liệt kê", "bullet"),
    WordStyle("CCHCLeadIn", "Dẫn danh sách", "lead_in", keep_next=True),
    WordStyle("CCHCNote", "Ghi chú số liệu", "note"),
    WordStyle("CCHCAddressee", "Kính gửi", "addressee"),
    WordStyle("CCHCAddresseeItem", "Kính gửi (mục)", "addressee_item"),
    WordStyle("CCHCParentBody", "Cơ quan chủ quản", "header_parent"),
    WordStyle("CCHCIssuingBody", "Cơ quan ban hành", "header_body"),
    WordStyle("CCHCQuocHieu", "Quốc hiệu", "quoc_hieu"),
    WordStyle("CCHCTieuNgu", "Tiêu ngữ", "tieu_ngu"),
    WordStyle("CCHCNumber", "Số, ký hiệu", "number", space_before=4),
    WordStyle("CCHCPlaceDate", "Địa danh và thời gian", "place_date", space_before=4),
    WordStyle("CCHCDocType", "Tên loại văn bản", "doc_type", keep_next=True),
    WordStyle("CCHCTitle", "Trích yếu", "title", keep_next=True),
    WordStyle("CCHCRecipientsLabel", "Nơi nhận", "recipients_label"),
    WordStyle("CCHCRecipients", "Nơi nhận (mục)", "recipients"),
    WordStyle("CCHCSigner", "Người ký", "signer"),
    WordStyle("CCHCSignerName", "Họ tên người ký", "signer", space_before=SIGNATURE_SPACE),
    WordStyle("CCHCAppendixHeading", "Tiêu đề phụ lục", "appendix_heading", keep_next=True),
    WordStyle("CCHCCaption", "Kèm theo", "caption", keep_next=True),
    WordStyle("CCHCCell", "Ô bảng", "cell"),
    WordStyle("CCHCCellCentre", "Ô bảng giữa", "cell_centre"),
    WordStyle("CCHCCellBold", "Ô bảng đậm", "cell_bold"),
    WordStyle("CCHCGridHeader", "Tiêu đề cột", "grid_header"),
    WordStyle("CCHCFigure", "Số liệu", "figure"),
    WordStyle("CCHCFigureCentre", "Số liệu giữa", "figure_centre"),
    WordStyle("CCHCFigureHeader", "Số liệu đậm", "figure_header"),
    WordStyle("CCHCFigureTotal", "Số liệu tổng cộng", "figure_total"),
    WordStyle("CCHCTotals", "Dòng tổng cộng", "cell_bold", space_before=6),
    WordStyle("CCHCPicture", "Biểu đồ", "centred", space_before=6),  # the PDF's gap under the figures
)
RULE_STYLE = "CCHCRule"        # the short lines under the body's name, the Tiêu ngữ, the trích yếu
# The paragraph Word needs after a table that ends a section or the document:
# a point high, so it never pushes a blank page of its own.
SECTION_END_STYLE = "CCHCSectionEnd"
PAGE_NUMBER_STYLE = "Header"   # Word's own style of the page header
GRID_TABLE_STYLE = "CCHCGrid"          # ruled: the appendix and the figures
LAYOUT_TABLE_STYLE = "CCHCLayout"      # no rules: the header and the Nơi nhận / signer table
FIGURES_TABLE_STYLE = "CCHCFigures"    # ruled, narrower padding: the report's eleven columns of counts
GRID_PADDING = (2, 3, 3, 3)    # top, right, bottom, left (points), as the PDF's table cells
FIGURE_PADDING = (3, 2, 3, 2)


def twips(points: float) -> str:
    return str(round(points * 20))


def wml(tag: str, **attrs) -> OxmlElement:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    return element


@dataclass(frozen=True)
class Measures:
    """A paragraph style's measures, as Word records them."""

    size: float
    bold: bool
    italic: bool
    align: str
    first_line: float
    left: float
    before: float
    after: float
    line: float        # points, at least
    keep_next: bool


def measures(style: ParagraphStyle, s: Styles, word: WordStyle) -> Measures:
    fonts = s.fonts
    align = {TA_CENTER: "center", TA_RIGHT: "right", TA_JUSTIFY: "both"}.get(style.alignment, "left")
    return Measures(
        size=style.fontSize, bold=style.fontName in (fonts.bold, fonts.bold_italic),
        italic=style.fontName in (fonts.italic, fonts.bold_italic), align=align,
        first_line=style.firstLineIndent, left=style.leftIndent,
        before=word.space_before if word.space_before is not None else style.spaceBefore,
        after=style.spaceAfter, line=style.leading, keep_next=word.keep_next or bool(getattr(style, "keepWithNext", 0)))


def _paragraph_properties(m: Measures, base: Measures | None, word: WordStyle) -> OxmlElement:
    """w:pPr with what differs from "Normal" (everything, for "Normal" itself)."""
    ppr = OxmlElement("w:pPr")

    def differs(name: str) -> bool:
        return base is None or getattr(m, name) != getattr(base, name)

    if m.keep_next:
        ppr.append(wml("w:keepNext"))
        ppr.append(wml("w:keepLines"))
    if base is None:
        ppr.append(wml("w:widowControl"))
    if differs("before") or differs("after") or differs("line"):
        ppr.append(wml("w:spacing", before=twips(m.before), after=twips(m.after), line=twips(m.line),
                       lineRule="atLeast"))
    if differs("first_line") or differs("left"):
        ppr.append(wml("w:ind", left=twips(m.left), right="0", firstLine=twips(m.first_line)))
    if differs("align"):
        ppr.append(wml("w:jc", val=m.align))
    if word.outline is not None:
        ppr.append(wml("w:outlineLvl", val=word.outline))
    return ppr


def _run_properties(m: Measures, base: Measures | None) -> OxmlElement:
    rpr = OxmlElement("w:rPr")
    if base is None:  # "Normal" names the font; the others take it from "Normal"
        rpr.append(wml("w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT))
    if base is None or m.bold != base.bold:
        rpr.append(wml("w:b", val="1" if m.bold else "0"))
        rpr.append(wml("w:bCs", val="1" if m.bold else "0"))
    if base is None or m.italic != base.italic:
        rpr.append(wml("w:i", val="1" if m.italic else "0"))
        rpr.append(wml("w:iCs", val="1" if m.italic else "0"))
    if base is None or m.size != base.size:
        rpr.append(wml("w:sz", val=round(m.size * 2)))
        rpr.append(wml("w:szCs", val=round(m.size * 2)))
    return rpr


def _style_element(styles_root, style_type: str, style_id: str, name: str, based_on: str | None):
    """The w:style with this id, emptied (python-docx's template has some of ours)."""
    for old in styles_root.findall(qn("w:style")):
        if old.get(qn("w:styleId")) == style_id:
            linked = old.find(qn("w:link"))
            if linked is not None:  # its character twin names theme fonts and colours
                for twin in styles_root.findall(qn("w:style")):
                    if twin.get(qn("w:styleId")) == linked.get(qn("w:val")):
                        styles_root.remove(twin)
            styles_root.remove(old)
    element = wml("w:style", type=style_type, styleId=style_id)
    if style_id == "Normal" or style_id == "TableNormal":
        element.set(qn("w:default"), "1")
    element.append(wml("w:name", val=name))
    if based_on:
        element.append(wml("w:basedOn", val=based_on))
    if style_type == "paragraph":
        element.append(wml("w:next", val="Normal"))
    element.append(wml("w:qFormat"))
    styles_root.append(element)
    return element


def _defaults(styles_root) -> None:
    """Times New Roman named (not the theme's font), Vietnamese, no spacing of Word's own."""
    defaults = styles_root.find(qn("w:docDefaults"))
    defaults.clear()
    rpr = OxmlElement("w:rPr")
    rpr.append(wml("w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT))
    rpr.append(wml("w:sz", val=28))
    rpr.append(wml("w:szCs", val=28))
    rpr.append(wml("w:lang", val=LANGUAGE, eastAsia=LANGUAGE, bidi="ar-SA"))
    run_default = OxmlElement("w:rPrDefault")
    run_default.append(rpr)
    ppr = OxmlElement("w:pPr")
    ppr.append(wml("w:spacing", after="0", line="240", lineRule="auto"))
    paragraph_default = OxmlElement("w:pPrDefault")
    paragraph_default.append(ppr)
    defaults.append(run_default)
    defaults.append(paragraph_default)


def _table_style(styles_root, style_id: str, name: str, ruled: bool, padding: tuple[float, ...]) -> None:
    element = _style_element(styles_root, "table", style_id, name, "TableNormal")
    tblpr = OxmlElement("w:tblPr")
    tblpr.append(wml("w:tblInd", w="0", type="dxa"))
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(wml(f"w:{side}", val="single", sz="4", space="0", color="000000") if ruled
                       else wml(f"w:{side}", val="nil"))
    tblpr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side, value in zip(("top", "left", "bottom", "right"), (padding[0], padding[3], padding[2], padding[1])):
        margins.append(wml(f"w:{side}", w=twips(value), type="dxa"))
    tblpr.append(margins)
    element.append(tblpr)


def _rule_style(styles_root) -> None:
    """An empty paragraph whose bottom border is the rule; as thin as a paragraph can be."""
    element = _style_element(styles_root, "paragraph", RULE_STYLE, "Đường kẻ", "Normal")
    ppr = OxmlElement("w:pPr")
    ppr.append(wml("w:keepNext"))
    ppr.append(wml("w:spacing", before="0", after="40", line="80", lineRule="exact"))
    ppr.append(wml("w:ind", left="0", right="0", firstLine="0"))
    ppr.append(wml("w:jc", val="center"))
    element.append(ppr)
    rpr = OxmlElement("w:rPr")
    rpr.append(wml("w:sz", val=4))
    rpr.append(wml("w:szCs", val=4))
    element.append(rpr)


def _section_end_style(styles_root) -> None:
    element = _style_element(styles_root, "paragraph", SECTION_END_STYLE, "Cuối phần", "Normal")
    ppr = OxmlElement("w:pPr")
    ppr.append(wml("w:spacing", before="0", after="0", line="20", lineRule="exact"))
    ppr.append(wml("w:ind", left="0", right="0", firstLine="0"))
    element.append(ppr)
    rpr = OxmlElement("w:rPr")
    rpr.append(wml("w:sz", val=2))
    rpr.append(wml("w:szCs", val=2))
    element.append(rpr)


def _page_number_style(styles_root) -> None:
    element = _style_element(styles_root, "paragraph", PAGE_NUMBER_STYLE, "header", "Normal")
    ppr = OxmlElement("w:pPr")
    ppr.append(wml("w:spacing", before="0", after="0", line="240", lineRule="auto"))
    ppr.append(wml("w:ind", left="0", right="0", firstLine="0"))
    ppr.append(wml("w:jc", val="center"))
    element.append(ppr)
    rpr = OxmlElement("w:rPr")
    rpr.append(wml("w:sz", val=PAGE_NUMBER_SIZE * 2))
    rpr.append(wml("w:szCs", val=PAGE_NUMBER_SIZE * 2))
    element.append(rpr)


def _without_theme(styles_root) -> None:
    """The template's other styles (Title, Heading 3…) name the theme's fonts
    and colours: a reviewer applying one would get Cambria in blue. They take
    Times New Roman and black from the defaults instead."""
    for fonts in list(styles_root.iter(qn("w:rFonts"))):
        for name in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{name}"), None)
        if not fonts.attrib:
            fonts.getparent().remove(fonts)
    for element in list(styles_root.iter()):
        themed = [key for key in element.attrib if key.split("}")[-1].startswith("theme")]
        if not themed and not (element.tag == qn("w:color") and element.get(qn("w:val")) not in ("auto", "000000")):
            continue
        for key in themed:
            del element.attrib[key]
        if element.tag == qn("w:color"):
            element.getparent().remove(element)
        elif element.get(qn("w:color")) is not None:  # a border: black
            element.set(qn("w:color"), "auto")


def add_styles(document) -> None:
    """Our styles into ``document`` (a fresh python-docx Document)."""
    s = make_styles()
    root = document.styles.element
    _defaults(root)
    base: Measures | None = None
    for word in PARAGRAPH_STYLES:
        m = measures(getattr(s, word.source), s, word)
        element = _style_element(root, "paragraph", word.style_id, word.name, None if base is None else "Normal")
        element.append(_paragraph_properties(m, base, word))
        element.append(_run_properties(m, base))
        if base is None:
            base = m
    _rule_style(root)
    _section_end_style(root)
    _page_number_style(root)
    _table_style(root, GRID_TABLE_STYLE, "Bảng kẻ ô", True, GRID_PADDING)
    _table_style(root, FIGURES_TABLE_STYLE, "Bảng số liệu", True, FIGURE_PADDING)
    _table_style(root, LAYOUT_TABLE_STYLE, "Bảng bố cục (không kẻ)", False, (0, 0, 0, 0))
    _without_theme(root)


# -- the package -----------------------------------------------------------------------------------------


def tidy_package(document, application: str) -> None:
    """What python-docx's template leaves that a reader would meet: a Word 2010
    compatibility mode, a spelling state marked "clean" (no Vietnamese
    checking until edited), the template's preview picture, a second copy of
    its styles in theme fonts, and "Microsoft Macintosh Word" as the author program."""
    settings = document.settings.element
    for state in settings.findall(qn("w:proofState")):
        settings.remove(state)
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    for language in settings.findall(qn("w:themeFontLang")):
        language.set(qn("w:val"), LANGUAGE)
    part = document.part
    for r_id, relationship in list(part.rels.items()):
        if relationship.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(r_id)
    package = part.package
    for r_id, relationship in list(package.rels.items()):
        if relationship.reltype.endswith("/metadata/thumbnail"):
            package.rels.pop(r_id)
        elif relationship.reltype.endswith("/extended-properties"):
            app_part = relationship.target_part
            app_part._blob = re.sub(rb"<Application>[^<]*</Application>",
                                    f"<Application>{application}</Application>".encode(), app_part.blob)


# -- pages -----------------------------------------------------------------------------------------


def set_page(section, landscape: bool) -> None:
    """A4, margins 20/20/30/15 mm, the page number in the top margin."""
    from docx.enum.section import WD_ORIENT

    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = (A4_HEIGHT, A4_WIDTH) if landscape else (A4_WIDTH, A4_HEIGHT)
    section.page_width, section.page_height = Pt(width), Pt(height)
    section.top_margin, section.bottom_margin = Pt(TOP), Pt(BOTTOM)
    section.left_margin, section.right_margin = Pt(LEFT), Pt(RIGHT)
    section.header_distance = Pt(HEADER_DISTANCE)
    section.footer_distance = Pt(HEADER_DISTANCE)
    section.gutter = Emu(0)


def numbered_from_one(section) -> None:
    """The part numbers its pages from 1, and shows no number on its first page."""
    section.different_first_page_header_footer = True
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:pgNumType")):
        sect_pr.remove(old)
    number_type = wml("w:pgNumType", start="1")
    # w:pgNumType goes after w:pgMar / w:paperSrc / w:pgBorders / w:lnNumType (schema order).
    anchor = None
    for tag in ("w:lnNumType", "w:pgBorders", "w:paperSrc", "w:pgMar", "w:pgSz"):
        anchor = sect_pr.find(qn(tag))
        if anchor is not None:
            break
    anchor.addnext(number_type)


def page_number_header(section) -> None:
    """The page number as a PAGE field, centred in the top margin (the first page's header stays empty)."""
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    p = paragraph._p
    for child in list(p):
        p.remove(child)
    ppr = OxmlElement("w:pPr")
    ppr.append(wml("w:pStyle", val=PAGE_NUMBER_STYLE))
    p.append(ppr)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = OxmlElement("w:r")
        if kind is not None:
            run.append(wml("w:fldChar", fldCharType=kind))
        elif text.strip() == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run.append(t)
        p.append(run)
    first = section.first_page_header
    first.is_linked_to_previous = False
