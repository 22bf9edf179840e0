"""The plan as a PDF: the document on A4 portrait, then its appendix on A4
landscape with its own page numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle
from reportlab.platypus.doctemplate import LayoutError

from app.core.documents import appendix_caption
from app.core.model import Column
from app.io.appendix_grid import GridRow, appendix_grid
from app.io.pdf_common import (
    LANDSCAPE_WIDTH, DocumentHeader, Rule, Styles, body_paragraphs, build, end_mark, font_command, header_table,
    landscape_part,
    make_styles, para, recipients_and_signature, title_block,
)
from app.io.safe_write import atomic_output
from app.io.appendix_grid import AppendixExport, export_columns

Progress = Callable[[int], None]


def header_of(plan) -> DocumentHeader:
    return DocumentHeader(plan.parent_body, plan.issuing_body, plan.number, plan.symbol, plan.place,
                          plan.issue_day, plan.issue_month, plan.issue_year or plan.year)


def document_story(data: AppendixExport, s: Styles) -> list:
    plan = data.plan
    story: list = [header_table(header_of(plan), s)]
    story += title_block(plan.doc_type or "KẾ HOẠCH", plan.title, s)
    body: list = []
    for basis in plan.legal_bases:
        body.append(para(basis, s.body))
    for section in plan.sections:
        if section.heading.strip():
            body.append(para(section.heading, s.heading))
        body += body_paragraphs(section.text, s)
    story += end_mark(body, s)
    story.append(recipients_and_signature(plan.recipients, plan.signer, s))
    return story


def appendix_story(data: AppendixExport, columns: Sequence[Column], s: Styles, split_in_row: bool = False) -> list:
    plan = data.plan
    caption = appendix_caption("Kế hoạch" if plan.doc_type.upper() == "KẾ HOẠCH" else plan.doc_type,
                               plan.number, plan.symbol, plan.issue_day, plan.issue_month,
                               plan.issue_year or plan.year, plan.issuing_body)
    story: list = [para(plan.appendix_heading or "Phụ lục", s.appendix_heading)]
    if plan.appendix_title:
        story.append(para(plan.appendix_title.upper(), s.title))
    story += [para(caption, s.caption), Rule(40 * mm, space_before=5, space_after=8)]
    grid = appendix_grid(data.rows, columns, data.numbers, data.tracking)
    story.append(grid_table(grid, columns, s, LANDSCAPE_WIDTH, split_in_row))
    return story


def grid_table(grid: list[GridRow], columns: Sequence[Column], s: Styles, width: float,
               split_in_row: bool = False) -> Table:
    """A bordered table: header repeated on each page, spans as in the grid."""
    weights = [max(c.width, 1.0) for c in columns]
    widths = [width * w / sum(weights) for w in weights]
    data: list[list] = [[para(c.header, s.cell_bold) for c in columns]]
    commands = [
        font_command(s),
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    header_centre = s.cell_bold.clone("header_centre", alignment=1)
    data[0] = [Paragraph(p.text, header_centre) for p in data[0]]
    for r, row in enumerate(grid, start=1):
        cells: list = []
        for c, cell in enumerate(row.cells):
            if cell.covered:
                cells.append(None)
                continue
            centred = columns[c].field in ("number", "due")
            style = s.cell_bold if row.is_area else (s.cell_centre if centred else s.cell)
            cells.append(para(cell.text, style))
            if cell.colspan > 1 or cell.rowspan > 1:
                commands.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
        if row.is_area and r < len(grid):
            commands.append(("NOSPLIT", (0, r), (-1, r + 1)))  # an area title never ends a page
        data.append(cells)
    # Rows are kept whole; only a row taller than a page may be cut (retry).
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1 if split_in_row else 0)
    table.setStyle(TableStyle(commands))
    return table


def write_plan_pdf(data: AppendixExport, target: Path | str, progress: Progress | None = None,
                   include_document: bool = True, include_appendix: bool = True) -> Path:
    """The plan document and/or its appendix as one PDF (atomic write)."""
    s = make_styles()
    columns = list(data.columns) if data.columns is not None else export_columns(data.plan)

    def story(split_in_row: bool) -> list:
        out: list = []
        if include_document:
            out += document_story(data, s)
        if include_appendix:
            if out:
                out += landscape_part()
            out += appendix_story(data, columns, s, split_in_row)
        return out

    title = f"{data.plan.doc_type} {data.plan.title}".strip()
    first = "portrait" if include_document else "landscape"
    with atomic_output(Path(target)) as temp:
        try:
            build(temp, story(False), title, progress=progress, first_template=first)
        except LayoutError:
            # A cell longer than a whole page: let that row continue overleaf.
            build(temp, story(True), title, progress=progress, first_template=first)
    return Path(target)
