"""Plan documents made in the tests the way an office makes them. In
Word: A4 portrait, Times New Roman, the borderless two-column header table,
tên loại and trích yếu, căn cứ, the body's parts, "Nơi nhận:" and the signer
(in the usual borderless two-column table, or in paragraphs), then a
landscape section with the appendix heading, title, "(Kèm theo …)" line and
the ruled appendix table — cells merged down and sideways, the header row
repeated on every page, and optionally the table split in two.

Cells of an appendix are given as a matrix of texts where ``UP`` means "merged
with the cell above" and ``LEFT`` "merged with the cell to the left", so a
test writes the layout it means exactly. ``print_pdf`` prints documents to
PDF with LibreOffice Writer, as an office prints a signed plan.
``write_xlsx`` lays the same matrix out in an Excel sheet with merged ranges.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from app.core.model import NewRow, RowKind
from app.core.numbering import NumberingItem, number_rows

UP = "\x00up"      # this cell is covered by the cell above (vMerge)
LEFT = "\x00left"  # this cell is covered by the cell to its left (gridSpan)



def merge_regions(cells: list[list[str]]):
    """(row, column, bottom, right) of every merged region: from each origin
    cell, right over LEFT marks, then down over UP marks (Word and Excel alike)."""
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            if text in (UP, LEFT):
                continue
            right = c
            while right + 1 < len(row) and row[right + 1] == LEFT:
                right += 1
            bottom = r
            while bottom + 1 < len(cells) and c < len(cells[bottom + 1]) and cells[bottom + 1][c] == UP:
                bottom += 1
            if right > c or bottom > r:
                yield r, c, bottom, right

@dataclass
class AppendixTable:
    cells: list[list[str]]                 # header row(s) first; UP / LEFT mark merges
    widths_cm: Sequence[float] = ()
    header_rows: int = 1
    repeat_header: bool = True
    split_at: int | None = None            # row index where Word's "Split table" was used
    split_repeats_header: bool = True      # the second part starts with a copy of the header
    font_pt: float = 12


@dataclass
class PlanDocument:
    issuing_body: str = "ỦY BAN NHÂN DÂN\nPHƯỜNG SÔNG CẦU"
    parent_body: str = ""
    number_line: str = "Số: 15/KH-UBND"
    place_date: str = "Sông Cầu, ngày 20 tháng 3 năm 2023"
    doc_type: str = "KẾ HOẠCH"
    title_lines: Sequence[str] = ("Thực hiện công tác cải cách hành chính năm 2023",)
    bases: Sequence[str] = ()
    sections: Sequence[tuple[str, Sequence[str]]] = ()
    recipients: Sequence[str] = ()
    signer_lines: Sequence[str] = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    signer_name: str = ""
    signature: str = "table"               # "table", "paragraphs" or "signer-first"
    appendix_heading: str = "PHỤ LỤC"
    appendix_title_lines: Sequence[str] = ()
    appendix_caption: str = ""
    table: AppendixTable | None = None
    extra_tables: list[AppendixTable] = field(default_factory=list)


# -- text -------------------------------------------------------------------


def _font(run, size: float | None = None, bold: bool = False, italic: bool = False) -> None:
    run.bold = bold or None
    run.italic = italic or None
    if size:
        run.font.size = Pt(size)


def _paragraph(container, text: str, *, size: float | None = None, bold: bool = False, italic: bool = False,
               align=None, space_after: float = 0, indent: bool = False):
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.space_before = Pt(0)
    if indent:
        p.paragraph_format.first_line_indent = Cm(1.27)
    _font(p.add_run(text), size, bold, italic)
    return p


def _cell_lines(cell, lines: Sequence[str], **style) -> None:
    """Each line its own paragraph, as when the officer presses Enter."""
    first = cell.paragraphs[0]
    for index, line in enumerate(lines):
        p = first if index == 0 else cell.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        if style.get("align") is not None:
            p.alignment = style["align"]
        _font(p.add_run(line), style.get("size"), style.get("bold", False), style.get("italic", False))


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        node = OxmlElement(f"w:{edge}")
        node.set(qn("w:val"), "nil")
        borders.append(node)
    table._tbl.tblPr.append(borders)


def _widths(table, widths_cm: Sequence[float]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(Cm(width).twips)))


def _base_document():
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), "Times New Roman")
    normal.paragraph_format.space_after = Pt(0)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    return document


# -- the document's parts ------------------------------------------------------


def _header(document, doc: PlanDocument) -> None:
    table = document.add_table(rows=2, cols=2)
    _no_borders(table)
    _widths(table, (6.5, 10.0))
    left, right = table.cell(0, 0), table.cell(0, 1)
    center = WD_ALIGN_PARAGRAPH.CENTER
    parent = [line for line in doc.parent_body.split("\n") if line]
    body = [line for line in doc.issuing_body.split("\n") if line]
    _cell_lines(left, parent, size=13, align=center)
    if parent:
        for line in body:
            p = left.add_paragraph()
            p.alignment = center
            _font(p.add_run(line), 13, bold=True)
    else:
        _cell_lines(left, body, size=13, bold=True, align=center)
    _cell_lines(right, ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], size=13, bold=True, align=center)
    p = right.add_paragraph()
    p.alignment = center
    _font(p.add_run("Độc lập - Tự do - Hạnh phúc"), 14, bold=True)
    _cell_lines(table.cell(1, 0), [doc.number_line], size=13, align=center)
    _cell_lines(table.cell(1, 1), [doc.place_date], size=14, italic=True, align=center)


def _title(document, doc: PlanDocument) -> None:
    _paragraph(document, "", size=14)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, doc.doc_type, size=14, bold=True, align=center)
    for line in doc.title_lines:
        _paragraph(document, line, size=14, bold=True, align=center)
    _paragraph(document, "", size=14)


def _body(document, doc: PlanDocument) -> None:
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    for base in doc.bases:
        _paragraph(document, base, italic=True, align=justify, space_after=6, indent=True)
    for heading, paragraphs in doc.sections:
        _paragraph(document, heading, bold=True, align=justify, space_after=6, indent=True)
        for text in paragraphs:
            _paragraph(document, text, align=justify, space_after=6, indent=True)


def _signature_block(container, doc: PlanDocument, size: float = 14) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    for line in doc.signer_lines:
        _paragraph(container, line, size=size, bold=True, align=center)
    for _ in range(3):
        _paragraph(container, "", size=size)
    _paragraph(container, doc.signer_name, size=size, bold=True, align=center)


def _recipients(container, doc: PlanDocument) -> None:
    _paragraph(container, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in doc.recipients:
        _paragraph(container, line, size=11)


def _ending(document, doc: PlanDocument) -> None:
    if doc.signature == "table":
        table = document.add_table(rows=1, cols=2)
        _no_borders(table)
        _widths(table, (7.5, 9.0))
        left, right = table.cell(0, 0), table.cell(0, 1)
        _recipients(left, doc)
        _signature_block(right, doc)
        for cell in (left, right):  # the cells' own first, empty paragraph
            cell._tc.remove(cell.paragraphs[0]._p)
    elif doc.signature == "paragraphs":
        _recipients(document, doc)
        _paragraph(document, "")
        _signature_block(document, doc)
    else:  # the signer first, right under the body, then "Nơi nhận:"
        _signature_block(document, doc)
        _paragraph(document, "")
        _recipients(document, doc)


def _landscape(document) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(20), Mm(15)


def _appendix_titles(document, doc: PlanDocument) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    if doc.appendix_heading:
        _paragraph(document, doc.appendix_heading, bold=True, align=center)
    for line in doc.appendix_title_lines:
        _paragraph(document, line, bold=True, align=center)
    if doc.appendix_caption:
        _paragraph(document, doc.appendix_caption, italic=True, align=center)
    _paragraph(document, "")


def _repeat_header(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _table(document, spec: AppendixTable, cells: list[list[str]], header_rows: int) -> None:
    columns = max(len(r) for r in cells)
    table = document.add_table(rows=len(cells), cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if spec.widths_cm:
        _widths(table, spec.widths_cm)
    for r, row in enumerate(cells):
        if r < header_rows and spec.repeat_header:
            _repeat_header(table.rows[r])
        for c, text in enumerate(row):
            if text in (UP, LEFT):
                continue
            bold = r < header_rows
            align = WD_ALIGN_PARAGRAPH.CENTER if bold else None
            _cell_lines(table.cell(r, c), text.split("\n") if text else [""], size=spec.font_pt, bold=bold,
                        align=align)
    for r, c, bottom, right in merge_regions(cells):
        table.cell(r, c).merge(table.cell(bottom, right))


def _page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _appendix_table(document, spec: AppendixTable) -> None:
    cells = [list(r) for r in spec.cells]
    if spec.split_at is None:
        _table(document, spec, cells, spec.header_rows)
        return
    first, second = cells[:spec.split_at], cells[spec.split_at:]
    # Word's "Split table" ends a merge at the split: the second part's top
    # cell becomes an empty cell that starts its own merge.
    second[0] = ["" if text == UP else text for text in second[0]]
    _table(document, spec, first, spec.header_rows)
    _page_break(document)
    if spec.split_repeats_header:
        second = [list(r) for r in cells[:spec.header_rows]] + second
        _table(document, spec, second, spec.header_rows)
    else:
        _table(document, spec, second, 0)


def write_plan_docx(path: Path, doc: PlanDocument) -> Path:
    document = _base_document()
    _header(document, doc)
    _title(document, doc)
    _body(document, doc)
    _paragraph(document, "")
    _ending(document, doc)
    if doc.table is not None or doc.extra_tables:
        _landscape(document)
        _appendix_titles(document, doc)
        if doc.table is not None:
            _appendix_table(document, doc.table)
        for extra in doc.extra_tables:
            _paragraph(document, "")
            _appendix_table(document, extra)
    document.save(str(path))
    return path


# -- an appendix from rows -------------------------------------------------------


TASK_FIELDS = ("number", "objective", "task", "form")


def rows_to_cells(rows: Sequence[NewRow], fields: Sequence[str], headers: Sequence[str],
                  merge_equal: Sequence[str] = ()) -> list[list[str]]:
    """The appendix matrix of ``rows`` as an office lays it out: area rows
    merged across, a task's own cells merged down over its activities, and
    the cells of ``merge_equal`` fields merged down where the rows of one task
    group carry the same text."""
    flat: list[tuple[int, NewRow, int | None]] = []

    def walk(row: NewRow, parent: int | None) -> None:
        ident = len(flat) + 1
        flat.append((ident, row, parent))
        for child in row.children:
            walk(child, ident)

    for row in rows:
        walk(row, None)
    labels = number_rows(NumberingItem(i, r.kind, p, r.number_override) for i, r, p in flat)
    cells: list[list[str]] = [list(headers)]
    group: list[int] = []            # matrix rows of the current task group
    for ident, row, _parent in flat:
        if row.kind is RowKind.AREA:
            title = row.texts.get("task", "")
            if fields[0] == "number":
                cells.append([labels[ident], title] + [LEFT] * (len(fields) - 2))
            else:
                cells.append([f"{labels[ident]}. {title}"] + [LEFT] * (len(fields) - 1))
            group = []
            continue
        line = []
        for name in fields:
            if name == "number":
                text = "" if row.kind is RowKind.ACTIVITY else labels[ident]
            else:
                text = row.texts.get(name, "")
            if row.kind is RowKind.ACTIVITY and name in TASK_FIELDS and group:
                text = UP
            line.append(text)
        if row.kind is RowKind.TASK:
            group = []
        for c, name in enumerate(fields):
            if name in merge_equal and group and line[c] and _origin_text(cells, group[-1], c) == line[c]:
                line[c] = UP
        cells.append(line)
        group.append(len(cells) - 1)
    return cells


def _origin_text(cells: list[list[str]], r: int, c: int) -> str:
    while cells[r][c] == UP:
        r -= 1
    return cells[r][c]


# -- printing ---------------------------------------------------------------------


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def print_pdf(paths: Sequence[Path], out_dir: Path, profile: Path) -> list[Path]:
    """Print Word files to PDF with LibreOffice Writer (one run for all)."""
    program = soffice()
    if program is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run([program, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
                    "--outdir", str(out_dir), *map(str, paths)],
                   check=True, capture_output=True, timeout=600)
    out = [out_dir / (p.stem + ".pdf") for p in paths]
    missing = [p for p in out if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not print {missing}")
    return out


# -- Excel ---------------------------------------------------------------------------


def write_xlsx(path: Path, cells: Sequence[Sequence[str]], title_lines: Sequence[str] = ()) -> Path:
    """The matrix in a sheet as an officer lays it out in Excel: title rows,
    then the table, UP/LEFT cells merged into the cell above/left."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Phụ lục"
    width = max(len(r) for r in cells)
    for index, line in enumerate(title_lines, start=1):
        sheet.cell(row=index, column=1, value=line)
        sheet.merge_cells(start_row=index, start_column=1, end_row=index, end_column=width)
    top = len(title_lines) + (2 if title_lines else 1)
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            if text not in (UP, LEFT) and text:
                cell = sheet.cell(row=top + r, column=c + 1, value=text)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, c, bottom, right in merge_regions(cells):
        sheet.merge_cells(start_row=top + r, start_column=c + 1, end_row=top + bottom, end_column=right + 1)
    workbook.save(path)
    return path
