"""The periodic report as a PDF, following the outline of the reference §2.2:
header, BÁO CÁO and its trích yếu, Kính gửi, the opening, I. chỉ đạo điều
hành (with the figures, their table and a bar chart), II. results per area,
III. assessment (with the overdue tasks), IV. next steps (with the tasks due
next period), V. proposals, the signature; then the annex table
"Kết quả thực hiện nhiệm vụ" on landscape pages."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from app.core.dates import short_date
from app.core.documents import appendix_caption
from app.core.figures import StatusCounts, format_percent
from app.core.model import Column
from app.core.periods import next_period, period_title
from app.core.report_text import (
    area_results, figures_paragraph, lines_or, next_period_lines, overdue_lines, report_title, sentence_case,
)
from app.core.status import TASK_STATUS_SHORT_LABELS, TaskStatus
from app.io.appendix_grid import progress_columns, progress_grid
from app.io.pdf_common import (
    LANDSCAPE_WIDTH, PORTRAIT_WIDTH, DocumentHeader, Rule, Styles, body_paragraphs, build, end_mark, font_command,
    header_table, landscape_part, make_styles, para, recipients_and_signature, title_block,
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


def completion_chart(data, s: Styles) -> Drawing:
    """Horizontal bars: % of tasks done per area (reportlab graphics, our font)."""
    areas = [a for a in data.figures.areas if a.counts.total]
    height = 24 + 18 * max(len(areas), 1)
    # initialFontName: otherwise the drawing starts in Helvetica (not embedded).
    drawing = Drawing(PORTRAIT_WIDTH, height + 40, initialFontName=s.fonts.regular, initialFontSize=10)
    chart = HorizontalBarChart()
    chart.x, chart.y = 40 * mm, 14
    chart.width, chart.height = PORTRAIT_WIDTH - 55 * mm, height
    chart.data = [[a.counts.percent_done for a in reversed(areas)] or [0]]
    chart.categoryAxis.categoryNames = [a.label or "–" for a in reversed(areas)] or ["–"]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = s.fonts.regular
        axis.labels.fontSize = 10
    chart.bars[0].fillColor = colors.HexColor("#2e7d32")
    chart.barLabelFormat = lambda v: format_percent(v)
    chart.barLabels.fontName = s.fonts.regular
    chart.barLabels.fontSize = 9
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    drawing.add(String(PORTRAIT_WIDTH / 2, height + 28, "Tỷ lệ nhiệm vụ hoàn thành theo lĩnh vực (%)",
                       fontName=s.fonts.italic, fontSize=11, textAnchor="middle"))
    return drawing


def _lines(lines, s: Styles) -> list:
    return [para(line, s.bullet) for line in lines]


def report_story(data, s: Styles) -> list:
    plan, report = data.plan, data.report
    texts = report.texts
    header = DocumentHeader(plan.parent_body, plan.issuing_body, report.number, report.symbol, plan.place,
                            report.issue_day, report.issue_month, report.issue_year or report.year)
    story: list = [header_table(header, s)]
    story += title_block("BÁO CÁO", report_title(data.period, report.year), s)
    story += _addressees(report.addressees, s)
    body: list = body_paragraphs(texts.get("opening", ""), s)

    body.append(para("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", s.heading))
    body.append(para("1. Về kế hoạch cải cách hành chính", s.subheading))
    body.append(para(figures_paragraph(data.figures, plan.year, data.as_of), s.body))
    body.append(para(f"Số liệu tính từ ngày {short_date(data.window[0])} đến ngày {short_date(data.as_of)}. "
                     "HT: hoàn thành; TH: thực hiện; TK: triển khai; TX: thường xuyên.",
                     s.body.clone("note", fontSize=12, leading=14, fontName=s.fonts.italic)))
    body += [figures_table(data, s), Spacer(1, 6), completion_chart(data, s), Spacer(1, 4)]
    body.append(para("2. Về tổ chức chỉ đạo, điều hành", s.subheading))
    body += body_paragraphs(texts.get("chi_dao", ""), s) or [para("(Chưa có nội dung.)", s.body)]

    body.append(para("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", s.heading))
    for index, (title, lines) in enumerate(area_results(data.tracking), start=1):
        body.append(para(f"{index}. {sentence_case(title)}", s.subheading))
        body += _lines(lines, s)

    body.append(para("III. ĐÁNH GIÁ CHUNG", s.heading))
    body.append(para("1. Ưu điểm", s.subheading))
    body += body_paragraphs(texts.get("uu_diem", ""), s)
    body.append(para("2. Tồn tại, hạn chế", s.subheading))
    body += body_paragraphs(texts.get("ton_tai", ""), s)
    overdue = overdue_lines(data.tracking)
    if overdue:
        body.append(para("Các nhiệm vụ quá hạn chưa hoàn thành và lý do:", s.body))
        body += _lines(overdue, s)
    body.append(para("3. Nguyên nhân", s.subheading))
    body += body_paragraphs(texts.get("nguyen_nhan", ""), s) or [para("(Chưa có nội dung.)", s.body)]

    following, following_year = next_period(data.period, report.year)
    body.append(para(f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {period_title(following, following_year).upper()}", s.heading))
    body += body_paragraphs(texts.get("phuong_huong", ""), s)
    body.append(para("Các nhiệm vụ đến hạn trong kỳ tới:", s.body))
    body += _lines(lines_or("- Không có nhiệm vụ nào đến hạn.",
                            next_period_lines(data.tracking, data.period, report.year, data.as_of)), s)
    body.append(para("V. ĐỀ XUẤT, KIẾN NGHỊ", s.heading))
    body += body_paragraphs(texts.get("kien_nghi", ""), s) or [para("Không.", s.body)]
    body.append(para(f"Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính "
                     f"{period_title(data.period, report.year)} của {_unit_phrase(plan)}.", s.body))
    story += end_mark(body, s)
    story.append(recipients_and_signature(report.recipients, plan.signer, s))
    story += landscape_part()
    story += annex_story(data, s)
    return story


def _unit_phrase(plan) -> str:
    from app.core.documents import body_in_sentence

    return body_in_sentence(plan.issuing_body) or "đơn vị"


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
    columns = [by_field.get(f) or Column(f, lead.header, 14) for f in ANNEX_COLUMNS]
    grid = progress_grid(data.tracking.rows, data.tracking.numbers, data.tracking, data.as_of, columns, period=True)
    story.append(grid_table(grid, columns, s, LANDSCAPE_WIDTH))
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
