"""The periodic report as a PDF, following the outline of the reference §2.2:
header, BÁO CÁO and its trích yếu, Kính gửi, the opening, I. chỉ đạo điều
hành (with the figures, their table and a chart), II. results per area,
III. assessment (with a reason line for every task late, not done or behind
a milestone), IV. the coming period (with the tasks due in it), V. proposals,
the signature kept with the closing sentence; then the annex table
"Kết quả thực hiện nhiệm vụ" on landscape pages. A part the officer left
empty is filled from the figures where they can say it, or left out: the PDF
never prints a placeholder."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from app.core.dates import short_date
from app.core.documents import appendix_caption
from app.core.figures import StatusCounts, format_percent
from app.core.model import Column
from app.core.names import body_name
from app.core.periods import period_title
from app.core.report_text import (
    area_results, causes_paragraph, figures_paragraph, following_period, latest_reasons, next_period_lines,
    reason_lines, report_title, sentence_case,
)
from app.core.status import TASK_STATUS_SHORT_LABELS, TaskStatus
from app.io.appendix_grid import progress_columns, progress_grid
from app.io.appendix_layout import printed
from app.io.pdf_chart import status_chart
from app.io.pdf_common import (
    LANDSCAPE_HEIGHT, LANDSCAPE_WIDTH, PORTRAIT_WIDTH, DocumentHeader, Rule, Styles, body_paragraphs,
    body_with_closing, build, font_command, header_block, landscape_part, make_styles, para, title_block,
)
from app.io.pdf_grid import grid_table
from app.io.safe_write import atomic_output

FIGURE_STATUSES = tuple(TaskStatus)  # the one status order
FIGURE_HEADERS = ("Lĩnh vực", "Tổng số", *(TASK_STATUS_SHORT_LABELS[s] for s in FIGURE_STATUSES), "Tỷ lệ HT")
ANNEX_COLUMNS = ("number", "task", "lead", "timeframe", "status", "result", "evidence")


def _counts_row(label: str, counts: StatusCounts) -> list[str]:
    return [label, str(counts.total)] + [str(counts[s]) for s in FIGURE_STATUSES] + [format_percent(counts.percent_done)]


def figures_table(data, s: Styles) -> Table:
    small = s.cell.clone("fig", fontSize=10, leading=12)
    small_bold = s.cell_bold.clone("fig_b", fontSize=10, leading=12, alignment=1)
    small_centre = small.clone("fig_c", alignment=1)
    rows = [[para(h, small_bold) for h in FIGURE_HEADERS]]
    for area in data.figures.areas:
        label = f"{area.label}. {sentence_case(area.title)}" if area.label else (sentence_case(area.title) or "Khác")
        values = _counts_row(label, area.counts)
        rows.append([para(values[0], small)] + [para(v, small_centre) for v in values[1:]])
    total = _counts_row("Tổng cộng", data.figures.total)
    rows.append([para(total[0], small_bold.clone("tb", alignment=0))] + [para(v, small_bold) for v in total[1:]])
    first = 45 * mm
    rest = (PORTRAIT_WIDTH - first) / (len(FIGURE_HEADERS) - 1)
    table = Table(rows, colWidths=[first] + [rest] * (len(FIGURE_HEADERS) - 1), repeatRows=1)
    table.setStyle(TableStyle([font_command(s), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]))
    return table


def _lines(lines, s: Styles) -> list:
    return [para(line, s.bullet) for line in lines]


def _lead_in(s: Styles):
    """A line that announces a list ("… và lý do:"): never left at a page's foot."""
    return s.body.clone("lead_in", keepWithNext=1)


def _text(texts: dict, key: str, s: Styles, fallback: str = "") -> list:
    """The officer's paragraphs of one part, or what the figures say, or nothing."""
    return body_paragraphs(texts.get(key, "").strip() or fallback, s)


class Outline:
    """Numbers the parts that are printed: a part left empty is left out and
    the following ones keep a gapless numbering (I, II… and 1, 2…)."""

    ROMAN = ("I", "II", "III", "IV", "V", "VI")

    def __init__(self, s: Styles):
        self.s = s
        self.sections = 0
        self.items = 0

    def section(self, title: str):
        self.sections += 1
        self.items = 0
        return para(f"{self.ROMAN[self.sections - 1]}. {title}", self.s.heading)

    def item(self, title: str):
        self.items += 1
        return para(f"{self.items}. {title}", self.s.subheading)


def report_story(data, s: Styles) -> list:
    plan, report = data.plan, data.report
    texts, suggested = report.texts, data.suggested
    header = DocumentHeader(plan.parent_body, plan.issuing_body, report.number, report.symbol, plan.place,
                            report.issue_day, report.issue_month, report.issue_year or report.year)
    story: list = header_block(header, s)
    story += title_block("BÁO CÁO", report_title(data.period, report.year), s)
    story += _addressees(report.addressees, s)
    outline = Outline(s)
    reasons = latest_reasons(data.tracking, data.entries, data.as_of)
    body: list = _text(texts, "opening", s, suggested.get("opening", ""))

    body.append(outline.section("CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"))
    body.append(outline.item("Về kế hoạch cải cách hành chính"))
    body.append(para(figures_paragraph(data.figures, plan.year, data.as_of), s.body))
    body.append(para(f"Số liệu tính từ ngày {short_date(data.window[0])} đến ngày {short_date(data.as_of)}. "
                     "HT: hoàn thành; TH: thực hiện; TK: triển khai; TX: thường xuyên.",
                     s.body.clone("note", fontSize=12, leading=14, fontName=s.fonts.italic)))
    body += [figures_table(data, s), Spacer(1, 6),
             status_chart(data.figures.areas, PORTRAIT_WIDTH, s.fonts.regular, s.fonts.italic), Spacer(1, 4)]
    direction = _text(texts, "chi_dao", s)
    if direction:
        body += [outline.item("Về tổ chức chỉ đạo, điều hành")] + direction

    body.append(outline.section("KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"))
    for title, lines in area_results(data.tracking):
        body.append(outline.item(sentence_case(title)))
        body += _lines(lines, s)

    body.append(outline.section("ĐÁNH GIÁ CHUNG"))
    body += [outline.item("Ưu điểm")] + _text(texts, "uu_diem", s, suggested.get("uu_diem", ""))
    late = reason_lines(data.tracking, reasons, data.as_of)
    shortcomings = _text(texts, "ton_tai", s, suggested.get("ton_tai", ""))
    if shortcomings or late:
        body += [outline.item("Tồn tại, hạn chế")] + shortcomings
        if late:
            body.append(para("Các nhiệm vụ chậm tiến độ, chưa thực hiện và lý do:", _lead_in(s)))
            body += _lines(late, s)
    causes = _text(texts, "nguyen_nhan", s, causes_paragraph(reasons, data.tracking, data.as_of))
    if causes:
        body += [outline.item("Nguyên nhân")] + causes

    coming = following_period(data.period, report.year)
    body.append(outline.section(f"PHƯƠNG HƯỚNG, NHIỆM VỤ {coming.title.upper()}"))
    body += _text(texts, "phuong_huong", s, suggested.get("phuong_huong", ""))
    due = next_period_lines(data.tracking, data.period, report.year)
    if due:
        body.append(para(f"Các nhiệm vụ đến hạn trong {coming.title}:", _lead_in(s)))
        body += _lines(due, s)
    proposals = _text(texts, "kien_nghi", s)
    if proposals:
        body += [outline.section("ĐỀ XUẤT, KIẾN NGHỊ")] + proposals
    body.append(para(f"Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính "
                     f"{period_title(data.period, report.year)} của {_unit_phrase(plan)}.", s.body))
    story += body_with_closing(body, report.recipients, plan.signer, s)
    story += landscape_part()
    story += annex_story(data, s)
    return story


def _unit_phrase(plan) -> str:
    return body_name(plan.issuing_body).in_sentence or "đơn vị"


def _addressees(addressees, s: Styles) -> list:
    names = [a.strip().rstrip(";.") for a in addressees if a.strip()]
    if not names:
        return []
    style = s.centred.clone("kinh_gui", spaceBefore=4, spaceAfter=8)
    if len(names) == 1:
        return [para(f"Kính gửi: {names[0]}.", style)]
    lines = [para("Kính gửi:", style)]
    for i, name in enumerate(names):
        end = "." if i == len(names) - 1 else ";"
        lines.append(para(f"- {name}{end}", s.centred.clone("kg_item", alignment=0, leftIndent=60 * mm)))
    return lines


def annex_story(data, s: Styles) -> list:
    """The annex: the plan's tasks with status and result, then the counts."""
    report, plan = data.report, data.plan
    caption = appendix_caption("Báo cáo", report.number, report.symbol, report.issue_day, report.issue_month,
                               report.issue_year or report.year, plan.issuing_body)
    story = [para("Phụ lục", s.appendix_heading),
             para(f"KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH {period_title(data.period, report.year).upper()}",
                  s.title),
             para(caption, s.caption), Rule(40 * mm, space_before=5, space_after=8)]
    by_field = {c.field: c for c in progress_columns()}
    lead = next((c for c in plan.columns if c.field == "lead"), Column("lead", "Cơ quan chủ trì", 14))
    # The plan's own header may carry its column number ("5 - Cơ quan chủ trì"): not here.
    lead = Column("lead", re.sub(r"^\s*\d+\s*[-–.)]\s*", "", lead.header) or "Cơ quan chủ trì", 14)
    columns = [by_field.get(f) or lead for f in ANNEX_COLUMNS]
    grid = progress_grid(data.tracking.rows, data.tracking.numbers, data.tracking, data.as_of, columns,
                         period=True)
    grid, columns = printed(grid, columns, plan.hide_empty_columns)
    story.append(grid_table(grid, columns, s, LANDSCAPE_WIDTH, LANDSCAPE_HEIGHT))
    total = data.figures.total
    story.append(Spacer(1, 6))
    story.append(para(
        f"Tổng số nhiệm vụ: {total.total}; đã hoàn thành: {total.done} ({format_percent(total.percent_done)}); "
        f"đang thực hiện: {total[TaskStatus.IN_PROGRESS]}; quá hạn: {total[TaskStatus.OVERDUE]}; "
        f"chưa triển khai: {total[TaskStatus.NOT_STARTED]}; thường xuyên: {total.recurring}.",
        s.cell_bold))
    return story


def write_report_pdf(data, target: Path | str, progress: Callable[[int], None] | None = None) -> Path:
    s = make_styles()
    title = f"Báo cáo {report_title(data.period, data.report.year)}"
    with atomic_output(Path(target)) as temp:
        build(temp, report_story(data, s), title, progress=progress)
    return Path(target)
