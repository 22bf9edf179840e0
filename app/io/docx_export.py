"""The plan and the periodic report as Word documents (.docx), for the last
edits before signing: the same blocks as the PDFs (app.io.document_content,
app.io.report_content), laid out by app.io.docx_document in the same
Nghị định 30 layout. Written to a temporary file and renamed into place."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from docx.oxml import OxmlElement

from app.io.appendix_grid import AppendixExport
from app.io.document_content import PORTRAIT_WIDTH, Block, Chart, FiguresTable
from app.io.docx_document import WordDocument, cell, fill, paragraph, row, table
from app.io.docx_styles import FIGURES_TABLE_STYLE
from app.io.safe_write import atomic_output

Progress = Callable[[int, int], None]
CHART_DPI = 200


def write_plan_docx(data: AppendixExport, target: Path | str, progress: Progress | None = None,
                    include_document: bool = True, include_appendix: bool = True) -> Path:
    """The plan document (portrait) and/or its appendix (landscape, its own page numbers)."""
    from app.io.document_content import plan_contents

    document, appendix = plan_contents(data, include_document, include_appendix)
    word = WordDocument(f"{data.plan.doc_type} {data.plan.title}".strip(), data.author)
    if document is not None:
        word.document_part(document)
    if appendix is not None:
        word.appendix_part(appendix, progress)
    with atomic_output(Path(target)) as temp:
        word.save(temp)
    return Path(target)


def write_report_docx(data, target: Path | str, progress: Progress | None = None) -> Path:
    """The report (portrait) with its table of figures and chart, then its annex (landscape)."""
    from app.io.report_content import report_document

    content = report_document(data)
    word = WordDocument(content.meta_title)
    word.document_part(content, lambda block: report_block(word, block))
    for annex in content.appendices:
        word.appendix_part(annex, progress)
    with atomic_output(Path(target)) as temp:
        word.save(temp)
    return Path(target)


def report_block(word: WordDocument, block: Block) -> list[OxmlElement]:
    if isinstance(block, FiguresTable):
        return [figures_table(block)]
    if isinstance(block, Chart):
        drawing = chart_drawing(block)
        return [word.picture(chart_png(drawing), drawing.width)]
    raise TypeError(block)


def figures_table(figures: FiguresTable) -> OxmlElement:
    """Counts per area, the header row repeated on each page, as the PDF's."""
    from app.io.pdf_report import FIGURES_FIRST_COLUMN

    count = len(figures.headers)
    rest = (PORTRAIT_WIDTH - FIGURES_FIRST_COLUMN) / (count - 1)
    widths = [FIGURES_FIRST_COLUMN] + [rest] * (count - 1)
    tbl = table(FIGURES_TABLE_STYLE, widths)

    def add(values, first_style: str, other_style: str, header: bool = False) -> None:
        tr = row(header=header, cant_split=True)
        for index, (value, width) in enumerate(zip(values, widths)):
            style = first_style if index == 0 else other_style
            tr.append(fill(cell(width, middle=True), [paragraph(style, value)]))
        tbl.append(tr)

    add(figures.headers, "CCHCFigureHeader", "CCHCFigureHeader", header=True)
    for values in figures.rows:
        add(values, "CCHCFigure", "CCHCFigureCentre")
    add(figures.total, "CCHCFigureTotal", "CCHCFigureHeader")
    return tbl


def chart_drawing(chart: Chart):
    """The PDF's chart, in the PDF's font."""
    from app.io.fonts import document_fonts
    from app.io.pdf_report import report_chart

    fonts = document_fonts()
    return report_chart(chart, fonts.regular, fonts.italic)


def chart_pdf(drawing) -> bytes:
    """The drawing alone on a page as large as what it draws: axis labels may
    hang below its box (the PDF lets them run into the space under it)."""
    from reportlab.graphics.shapes import Drawing, Group
    from reportlab.graphics import renderPDF

    x0, y0, x1, y1 = drawing.getBounds()
    below, above = max(0.0, -y0) + 1, max(0.0, y1 - drawing.height)
    whole = Drawing(drawing.width, drawing.height + below + above,
                    initialFontName=drawing.initialFontName, initialFontSize=drawing.initialFontSize)
    whole.add(Group(*drawing.contents, transform=(1, 0, 0, 1, 0, below)))
    return renderPDF.drawToString(whole)


def chart_png(drawing) -> bytes:
    """The drawing as a PNG: reportlab writes it as a one-page PDF (renderPM
    needs a Cairo binding we do not ship), PDFium rasterises it."""
    from io import BytesIO

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(chart_pdf(drawing))
    try:
        image = pdf[0].render(scale=CHART_DPI / 72).to_pil()
    finally:
        pdf.close()
    out = BytesIO()
    image.save(out, "PNG", dpi=(CHART_DPI, CHART_DPI), optimize=True)
    return out.getvalue()
