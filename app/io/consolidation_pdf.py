"""The consolidated table as a PDF: A4 landscape, the appendix's title
block, the table with its two header rows repeated on every page, then the
overdue tasks of every ward; each part numbers its own pages from page 2."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from app.core.consolidation import PeriodTable
from app.core.dates import short_date
from app.io.consolidation_layout import (
    SUBTITLE, TableColumn, overdue_cells, overdue_columns, overdue_title, summary_columns, summary_rows,
    summary_title,
)
from app.io.pdf_common import LANDSCAPE_WIDTH, Rule, Styles, build, font_command, landscape_part, make_styles, para
from app.io.safe_write import atomic_output


def write_consolidation_pdf(tables: Sequence[PeriodTable], target: Path | str) -> Path:
    s = make_styles()
    story: list = []
    for index, table in enumerate(tables):
        if index:
            story += landscape_part()
        story += _title(s, summary_title(table), SUBTITLE.format(
            deadline=short_date(table.deadline), sent=sum(1 for line in table.lines if line.submitted),
            expected=len(table.lines)))
        story.append(_table(s, summary_columns(), summary_rows(table, numeric=False), bold_last=True))
        story += landscape_part()
        story += _title(s, overdue_title(table), "")
        columns = overdue_columns(len(table.overdue))
        rows = overdue_cells(table) or [["", "Không có nhiệm vụ quá hạn."] + [""] * (len(columns) - 2)]
        story.append(_table(s, columns, rows))
    title = summary_title(tables[0]) if tables else "Tổng hợp"
    target = Path(target)
    with atomic_output(target) as temp:
        build(temp, story, title[:1].upper() + title[1:], first_template="landscape")
    return target


def _title(s: Styles, title: str, subtitle: str) -> list:
    out = [para("Phụ lục", s.appendix_heading), para(title.upper(), s.title)]
    if subtitle:
        out.append(para(subtitle, s.caption))
    out.append(Rule(40 * mm, space_before=5, space_after=8))
    return out


def _table(s: Styles, columns: list[TableColumn], rows: list[list[str]], bold_last: bool = False) -> Table:
    small = s.cell.clone("cons", fontSize=10, leading=12)
    small_centre = small.clone("cons_c", alignment=1)
    bold_centre = s.cell_bold.clone("cons_b", fontSize=10, leading=12, alignment=1)
    bold_left = bold_centre.clone("cons_bl", alignment=0)
    grouped = any(c.group for c in columns)
    header = [para(c.header if not c.group else c.group, bold_centre) for c in columns]
    data = [header]
    commands = [font_command(s), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]
    if grouped:
        data.append([para(c.header, bold_centre) if c.group else "" for c in columns])
        first_group = next(i for i, c in enumerate(columns) if c.group)
        last_group = max(i for i, c in enumerate(columns) if c.group)
        commands.append(("SPAN", (first_group, 0), (last_group, 0)))
        for i, column in enumerate(columns):
            if not column.group:
                commands.append(("SPAN", (i, 0), (i, 1)))
    for index, values in enumerate(rows):
        bold = bold_last and index == len(rows) - 1
        data.append([para(str(v), (bold_centre if c.centre else bold_left) if bold else
                          (small_centre if c.centre else small)) for v, c in zip(values, columns)])
    total = sum(c.width for c in columns)
    widths = [LANDSCAPE_WIDTH * c.width / total for c in columns]
    table = Table(data, colWidths=widths, repeatRows=2 if grouped else 1)
    table.setStyle(TableStyle(commands))
    return table
