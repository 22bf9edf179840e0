"""The periodic report as a PDF: its blocks (app.io.report_content, shared
with the Word file) on portrait pages, the figures as a table and a bar
chart, then the annex table "Kết quả thực hiện nhiệm vụ" on landscape pages."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from app.core.figures import AreaFigures, format_percent
from app.io.document_content import PORTRAIT_WIDTH, Block, Chart, DocumentContent, FiguresTable
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


def completion_chart(areas: Sequence[AreaFigures], regular: str, italic: str) -> Drawing:
    """Horizontal bars: % of tasks done per area (reportlab graphics, our font)."""
    areas = [a for a in areas if a.counts.total]
    height = 24 + 18 * max(len(areas), 1)
    # initialFontName: otherwise the drawing starts in Helvetica (not embedded).
    drawing = Drawing(PORTRAIT_WIDTH, height + 40, initialFontName=regular, initialFontSize=10)
    chart = HorizontalBarChart()
    chart.x, chart.y = 40 * mm, 14
    chart.width, chart.height = PORTRAIT_WIDTH - 55 * mm, height
    chart.data = [[a.counts.percent_done for a in reversed(areas)] or [0]]
    chart.categoryAxis.categoryNames = [a.label or "–" for a in reversed(areas)] or ["–"]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = regular
        axis.labels.fontSize = 10
    chart.bars[0].fillColor = colors.HexColor("#2e7d32")
    chart.barLabelFormat = lambda v: format_percent(v)
    chart.barLabels.fontName = regular
    chart.barLabels.fontSize = 9
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    drawing.add(String(PORTRAIT_WIDTH / 2, height + 28, "Tỷ lệ nhiệm vụ hoàn thành theo lĩnh vực (%)",
                       fontName=italic, fontSize=11, textAnchor="middle"))
    return drawing


def _block(block: Block, s: Styles) -> list:
    """The report's blocks that are not text."""
    if isinstance(block, FiguresTable):
        return [figures_table(block, s), Spacer(1, 6)]
    if isinstance(block, Chart):
        return [completion_chart(block.areas, s.fonts.regular, s.fonts.italic), Spacer(1, 4)]
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
