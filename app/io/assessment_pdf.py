"""The self-assessment table as a PDF in the layout of an appendix
(Nghị định 30, Mẫu 2.1) on A4 landscape: "Phụ lục", the title in capitals,
the italic "(Kèm theo …)" line and its rule, the table with its header
repeated on every page (a row never left alone at the foot of a page, a
cell longer than a page continued overleaf), the total, and the signature
of the plan's signer; page numbers at the top centre from page 2."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import LayoutError

from app.core.assessment.criteria import format_points
from app.core.dates import short_date
from app.core.model import Column, RowKind
from app.io.appendix_grid import GridCell, GridRow
from app.io.assessment_xlsx import HEADERS, WEIGHTS, caption_of, table_rows, title_of
from app.io.pdf_common import LANDSCAPE_WIDTH, Rule, Styles, build, font_command, make_styles, para
from app.io.pdf_grid import grid_table
from app.io.safe_write import atomic_output

# The grid centres the cells of "number" columns: the code and the points.
_FIELDS = ("number", "task", "number", "number", "output", "note")


def _columns() -> list[Column]:
    return [Column(field, header, weight) for field, header, weight in zip(_FIELDS, HEADERS, WEIGHTS)]


def _grid(data) -> list[GridRow]:
    grid = []
    for index, row in enumerate(table_rows(data)):
        texts = (row["code"], row["content"], format_points(row["max"]), format_points(row["score"]),
                 row["explanation"], row["evidence"])
        kind = RowKind.AREA if row["group"] else RowKind.TASK  # a group prints in bold, kept with what follows
        grid.append(GridRow(-index - 1, kind, [GridCell(t) for t in texts]))
    total = ("", "TỔNG ĐIỂM", format_points(data.result.total_max), format_points(data.result.total_score), "", "")
    grid.append(GridRow(0, RowKind.AREA, [GridCell(t) for t in total]))
    return grid


def _signature(signer, s: Styles) -> KeepTogether:
    """The plan's signer on the right half of the page."""
    right = [para(line, s.signer) for line in signer.lines()]
    right += [Spacer(1, 25 * mm), para(signer.name or " ", s.signer)]
    table = Table([["", right]], colWidths=[LANDSCAPE_WIDTH * 0.5, LANDSCAPE_WIDTH * 0.5])
    table.setStyle(TableStyle([font_command(s), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return KeepTogether([Spacer(1, 10), table])


def assessment_story(data, s: Styles, split_in_row: bool = False) -> list:
    story = [
        para("Phụ lục", s.appendix_heading),
        para(title_of(data).upper(), s.title),
        para(caption_of(data), s.caption),
        para(f"(Số liệu tính đến ngày {short_date(data.as_of)})", s.caption),
        Rule(40 * mm, space_before=5, space_after=8),
        grid_table(_grid(data), _columns(), s, LANDSCAPE_WIDTH, split_in_row),
    ]
    story.append(_signature(data.plan.signer, s))
    return story


def write_assessment_pdf(data, target: Path | str, progress: Callable[[int], None] | None = None) -> Path:
    s = make_styles()
    title = title_of(data)
    with atomic_output(Path(target)) as temp:
        try:
            build(temp, assessment_story(data, s), title, progress=progress, first_template="landscape")
        except LayoutError:
            # An explanation longer than a whole page: let that row continue overleaf.
            build(temp, assessment_story(data, s, True), title, progress=progress, first_template="landscape")
    return Path(target)
