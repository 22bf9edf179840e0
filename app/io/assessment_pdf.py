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
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import LayoutError

from app.core.assessment.criteria import format_points
from app.core.dates import short_date
from app.io.assessment_xlsx import HEADERS, WEIGHTS, caption_of, table_rows, title_of
from app.io.pdf_common import LANDSCAPE_WIDTH, Rule, Styles, build, font_command, make_styles, para
from app.io.safe_write import atomic_output

PADDING = 3


def _rows(data, s: Styles) -> tuple[list, list[tuple[list, str]]]:
    """The header cells and the body rows, each with its kind: "group"
    (bold, kept with the row that follows), "criterion" or "total"."""
    cell = s.cell.clone("a_cell", fontSize=11, leading=13)
    centre = cell.clone("a_centre", alignment=TA_CENTER)
    bold = cell.clone("a_bold", fontName=s.fonts.bold)
    bold_centre = bold.clone("a_bold_centre", alignment=TA_CENTER)
    header = [para(h, bold_centre) for h in HEADERS]
    body: list[tuple[list, str]] = []
    for row in table_rows(data):
        texts = (row["code"], row["content"], format_points(row["max"]), format_points(row["score"]),
                 row["explanation"], row["evidence"])
        plain, middle = (bold, bold_centre) if row["group"] else (cell, centre)
        body.append(([para(t, middle if i in (0, 2, 3) else plain) for i, t in enumerate(texts)],
                     "group" if row["group"] else "criterion"))
    total = ("", "TỔNG ĐIỂM", format_points(data.result.total_max), format_points(data.result.total_score), "", "")
    body.append(([para(t, bold_centre if i in (2, 3) else bold) for i, t in enumerate(total)], "total"))
    return header, body


def _table(header: list, body: list[tuple[list, str]], s: Styles, split_in_row: bool) -> Table:
    """Header repeated on each page, a group row never alone at a page's
    foot, the total never without the last criterion."""
    commands = [
        font_command(s), ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
    ]
    for index, (_cells, kind) in enumerate(body, start=1):
        if kind == "group" and index < len(body):
            commands.append(("NOSPLIT", (0, index), (-1, index + 1)))
        elif kind == "total" and index > 1:
            commands.append(("NOSPLIT", (0, index - 1), (-1, index)))
    widths = [LANDSCAPE_WIDTH * w / sum(WEIGHTS) for w in WEIGHTS]
    table = Table([header] + [cells for cells, _kind in body], colWidths=widths, repeatRows=1,
                  splitInRow=1 if split_in_row else 0)
    table.setStyle(TableStyle(commands))
    return table


def _tail_start(body: list[tuple[list, str]]) -> int:
    """Where the rows printed with the signature start: the last criterion
    (with the group rows just above it) and the total."""
    start = max(len(body) - 2, 0)
    while start > 0 and body[start - 1][1] == "group":
        start -= 1
    return start


class PageMark(Flowable):
    """Takes no room; remembers the page it is printed on."""

    def __init__(self):
        super().__init__()
        self.page = 0

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.page = self.canv.getPageNumber()


def _signature(signer, s: Styles) -> list:
    """The plan's signer on the right half of the page."""
    right = [para(line, s.signer) for line in signer.lines()]
    right += [Spacer(1, 25 * mm), para(signer.name or " ", s.signer)]
    table = Table([["", right]], colWidths=[LANDSCAPE_WIDTH * 0.5, LANDSCAPE_WIDTH * 0.5])
    table.setStyle(TableStyle([font_command(s), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [Spacer(1, 10), table]


class Marks:
    """Where the table ended and where the signature landed."""

    def __init__(self):
        self.table_end, self.signature = PageMark(), PageMark()

    @property
    def signature_alone(self) -> bool:
        return self.signature.page > self.table_end.page


def assessment_story(data, s: Styles, split_in_row: bool = False, tail_with_signature: bool = False,
                     marks: Marks | None = None) -> list:
    """The appendix's pages. ``tail_with_signature``: the last criterion and
    the total are printed on the signature's page (under a repeated header),
    so the signature never stands alone on a page."""
    marks = marks or Marks()
    story = [
        para("Phụ lục", s.appendix_heading),
        para(title_of(data).upper(), s.title),
        para(caption_of(data), s.caption),
        para(f"(Số liệu tính đến ngày {short_date(data.as_of)})", s.caption),
        Rule(40 * mm, space_before=5, space_after=8),
    ]
    header, body = _rows(data, s)
    cut = _tail_start(body) if tail_with_signature else len(body)
    if cut > 0:
        story.append(_table(header, body[:cut], s, split_in_row))
    story.append(marks.table_end)
    tail = [_table(header, body[cut:], s, split_in_row)] if cut < len(body) else []
    story.append(KeepTogether(tail + [marks.signature] + _signature(data.plan.signer, s)))
    return story


def write_assessment_pdf(data, target: Path | str, progress: Callable[[int], None] | None = None) -> Path:
    s = make_styles()
    title = title_of(data)
    with atomic_output(Path(target)) as temp:
        split_in_row = False
        marks = Marks()
        try:
            build(temp, assessment_story(data, s, marks=marks), title, progress=progress,
                  first_template="landscape")
        except LayoutError:
            # An explanation longer than a whole page: let that row continue overleaf.
            split_in_row = True
            build(temp, assessment_story(data, s, True, marks=marks), title, progress=progress,
                  first_template="landscape")
        if marks.signature_alone:
            # The signature did not fit under the table: the last criterion
            # and the total go over with it.
            build(temp, assessment_story(data, s, split_in_row, tail_with_signature=True), title,
                  progress=progress, first_template="landscape")
    return Path(target)
