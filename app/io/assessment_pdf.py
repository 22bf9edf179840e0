"""The self-assessment table as a PDF in the layout of an appendix
(Nghị định 30, Mẫu 2.1) on A4 landscape: "Phụ lục", the title in capitals,
the italic "(Kèm theo …)" line and its rule, the table with its header
repeated on every page (a group row never left alone at the foot of a page,
an explanation longer than a page continued overleaf), the total, and the
signature of the plan's signer; page numbers at the top centre from page 2.

A few dozen rows: reportlab's own Table is quick enough here (the appendix
needs its own paged table only for thousands of rows)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import LayoutError

from app.core.assessment.criteria import format_points
from app.core.dates import short_date
from app.io.assessment_xlsx import HEADERS, WEIGHTS, caption_of, table_rows, title_of
from app.io.pdf_common import LANDSCAPE_WIDTH, Rule, Styles, build, font_command, make_styles, para
from app.io.safe_write import atomic_output

PADDING = 3


def _table(data, s: Styles, split_in_row: bool) -> Table:
    """The criteria with their scores: header repeated on each page, group
    rows in bold (kept with the row that follows), the total last."""
    cell = s.cell.clone("a_cell", fontSize=11, leading=13)
    centre = cell.clone("a_centre", alignment=TA_CENTER)
    bold = cell.clone("a_bold", fontName=s.fonts.bold)
    bold_centre = bold.clone("a_bold_centre", alignment=TA_CENTER)
    header = [para(h, bold_centre) for h in HEADERS]
    rows = [header]
    commands = [
        font_command(s), ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
    ]
    for row in table_rows(data):
        texts = (row["code"], row["content"], format_points(row["max"]), format_points(row["score"]),
                 row["explanation"], row["evidence"])
        plain, middle = (bold, bold_centre) if row["group"] else (cell, centre)
        rows.append([para(t, middle if i in (0, 2, 3) else plain) for i, t in enumerate(texts)])
        if row["group"]:
            commands.append(("NOSPLIT", (0, len(rows) - 1), (-1, len(rows))))  # never alone at a page's foot
    total = ("", "TỔNG ĐIỂM", format_points(data.result.total_max), format_points(data.result.total_score), "", "")
    rows.append([para(t, bold_centre if i in (2, 3) else bold) for i, t in enumerate(total)])
    commands.append(("NOSPLIT", (0, len(rows) - 2), (-1, len(rows) - 1)))  # the total with the last criterion
    widths = [LANDSCAPE_WIDTH * w / sum(WEIGHTS) for w in WEIGHTS]
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1 if split_in_row else 0)
    table.setStyle(TableStyle(commands))
    return table


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
        _table(data, s, split_in_row),
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
