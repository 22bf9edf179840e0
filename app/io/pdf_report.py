"""The periodic report as a PDF: its blocks (app.io.report_content, shared
with the Word file) on portrait pages, the figures as a table and a bar
chart, then the annex table "Kết quả thực hiện nhiệm vụ" on landscape pages."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from app.io.document_content import PORTRAIT_WIDTH, Block, Chart, DocumentContent, FiguresTable
from app.io.pdf_chart import status_chart
from app.io.pdf_common import (
    Styles, appendix_flowables, build, document_flowables, font_command, landscape_part, make_styles, para,
)
from app.io.report_content import report_document
from app.io.safe_write import atomic_output

FIGURES_FIRST_COLUMN = 45 * mm


def figures_table(figures: FiguresTable, s: Styles) -> Table:
    rows = [[para(h, s.figure_header) for h in figures.headers]]
    for values in figures.rows:
        rows.append([para(values[0], s.figure)] + [para(v, s.figure_centre) for v in values[1:]])
    total = figures.total
    rows.append([para(total[0], s.figure_total)] + [para(v, s.figure_header) for v in total[1:]])
    count = len(figures.headers)
    rest = (PORTRAIT_WIDTH - FIGURES_FIRST_COLUMN) / (count - 1)
    table = Table(rows, colWidths=[FIGURES_FIRST_COLUMN] + [rest] * (count - 1), repeatRows=1)
    table.setStyle(TableStyle([font_command(s), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]))
    return table


def report_chart(chart: Chart, regular: str, italic: str):
    """The report's chart (app.io.pdf_chart), the width of the text, in the document's font."""
    return status_chart(chart.areas, PORTRAIT_WIDTH, regular, italic)


def _block(block: Block, s: Styles) -> list:
    """The report's blocks that are not text."""
    if isinstance(block, FiguresTable):
        return [figures_table(block, s), Spacer(1, 6)]
    if isinstance(block, Chart):
        return [report_chart(block, s.fonts.regular, s.fonts.italic), Spacer(1, 4)]
    raise TypeError(block)


def report_flowables(content: DocumentContent, s: Styles) -> list:
    story = document_flowables(content, s, lambda block: _block(block, s))
    for annex in content.appendices:
        story += landscape_part() + appendix_flowables(annex, s)
    return story


def write_report_pdf(data, target: Path | str, progress: Callable[[int], None] | None = None) -> Path:
    s = make_styles()
    content = report_document(data)
    with atomic_output(Path(target)) as temp:
        build(temp, report_flowables(content, s), content.meta_title, progress=progress)
    return Path(target)
