"""What the periodic report says, block by block, following the outline of
the reference §2.2: header, BÁO CÁO and its trích yếu, Kính gửi, the
opening, I. chỉ đạo điều hành (with the figures, their table and a chart),
II. results per area, III. assessment (with a reason line for every task
late, not done or behind a milestone), IV. the coming period (with the
tasks due in it), V. proposals, the signature kept with the closing
sentence; then the annex "Kết quả thực hiện nhiệm vụ". A part the officer
left empty is filled from the figures where they can say it, or left out:
the report never prints a placeholder. The PDF and the Word writers lay out
the same blocks (app.io.document_content)."""

from __future__ import annotations

import re

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
from app.io.document_content import (
    AppendixPart, Block, Chart, DocumentContent, DocumentHeader, FiguresTable, Role, Text, addressee_lines,
    body_texts, closing_texts, header_texts, title_texts, with_end_mark,
)

FIGURE_STATUSES = tuple(TaskStatus)  # the one status order
FIGURE_HEADERS = ("Lĩnh vực", "Tổng số", *(TASK_STATUS_SHORT_LABELS[s] for s in FIGURE_STATUSES), "Tỷ lệ HT")
ANNEX_COLUMNS = ("number", "task", "lead", "timeframe", "status", "result", "evidence")


def _counts_row(label: str, counts: StatusCounts) -> tuple[str, ...]:
    return (label, str(counts.total), *(str(counts[s]) for s in FIGURE_STATUSES), format_percent(counts.percent_done))


def figures_table(data) -> FiguresTable:
    rows = []
    for area in data.figures.areas:
        label = f"{area.label}. {sentence_case(area.title)}" if area.label else (sentence_case(area.title) or "Khác")
        rows.append(_counts_row(label, area.counts))
    return FiguresTable(FIGURE_HEADERS, tuple(rows), _counts_row("Tổng cộng", data.figures.total))


def _text(texts: dict, key: str, fallback: str = "") -> list[Text]:
    """The officer's paragraphs of one part, or what the figures say, or nothing."""
    return body_texts(texts.get(key, "").strip() or fallback)


def _lines(lines) -> list[Text]:
    return [Text(line, Role.BULLET) for line in lines]


class Outline:
    """Numbers the parts that are printed: a part left empty is left out and
    the following ones keep a gapless numbering (I, II… and 1, 2…)."""

    ROMAN = ("I", "II", "III", "IV", "V", "VI")

    def __init__(self):
        self.sections = 0
        self.items = 0

    def section(self, title: str) -> Text:
        self.sections += 1
        self.items = 0
        return Text(f"{self.ROMAN[self.sections - 1]}. {title}", Role.HEADING)

    def item(self, title: str) -> Text:
        self.items += 1
        return Text(f"{self.items}. {title}", Role.SUBHEADING)


def report_body(data) -> list[Block]:
    plan, report = data.plan, data.report
    texts, suggested = report.texts, data.suggested
    outline = Outline()
    reasons = latest_reasons(data.tracking, data.entries, data.as_of)
    body: list[Block] = _text(texts, "opening", suggested.get("opening", ""))

    body.append(outline.section("CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"))
    body.append(outline.item("Về kế hoạch cải cách hành chính"))
    body.append(Text(figures_paragraph(data.figures, plan.year, data.as_of)))
    body.append(Text(f"Số liệu tính từ ngày {short_date(data.window[0])} đến ngày {short_date(data.as_of)}. "
                     "HT: hoàn thành; TH: thực hiện; TK: triển khai; TX: thường xuyên.", Role.NOTE))
    body += [figures_table(data), Chart(tuple(data.figures.areas))]
    direction = _text(texts, "chi_dao")
    if direction:
        body += [outline.item("Về tổ chức chỉ đạo, điều hành")] + direction

    body.append(outline.section("KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"))
    for title, lines in area_results(data.tracking):
        body.append(outline.item(sentence_case(title)))
        body += _lines(lines)

    body.append(outline.section("ĐÁNH GIÁ CHUNG"))
    body += [outline.item("Ưu điểm")] + _text(texts, "uu_diem", suggested.get("uu_diem", ""))
    late = reason_lines(data.tracking, reasons, data.as_of)
    shortcomings = _text(texts, "ton_tai", suggested.get("ton_tai", ""))
    if shortcomings or late:
        body += [outline.item("Tồn tại, hạn chế")] + shortcomings
        if late:
            body.append(Text("Các nhiệm vụ chậm tiến độ, chưa thực hiện và lý do:", Role.LEAD_IN))
            body += _lines(late)
    causes = _text(texts, "nguyen_nhan", causes_paragraph(reasons, data.tracking, data.as_of))
    if causes:
        body += [outline.item("Nguyên nhân")] + causes

    coming = following_period(data.period, report.year)
    body.append(outline.section(f"PHƯƠNG HƯỚNG, NHIỆM VỤ {coming.title.upper()}"))
    body += _text(texts, "phuong_huong", suggested.get("phuong_huong", ""))
    due = next_period_lines(data.tracking, data.period, report.year)
    if due:
        body.append(Text(f"Các nhiệm vụ đến hạn trong {coming.title}:", Role.LEAD_IN))
        body += _lines(due)
    proposals = _text(texts, "kien_nghi")
    if proposals:
        body += [outline.section("ĐỀ XUẤT, KIẾN NGHỊ")] + proposals
    unit = body_name(plan.issuing_body).in_sentence or "đơn vị"
    body.append(Text(f"Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính "
                     f"{period_title(data.period, report.year)} của {unit}."))
    return with_end_mark(body)


def report_document(data) -> DocumentContent:
    plan, report = data.plan, data.report
    header = DocumentHeader(plan.parent_body, plan.issuing_body, report.number, report.symbol, plan.place,
                            report.issue_day, report.issue_month, report.issue_year or report.year)
    title = report_title(data.period, report.year)
    return DocumentContent(header_texts(header), title_texts("BÁO CÁO", title), tuple(report_body(data)),
                           closing_texts(report.recipients, plan.signer), addressee_lines(report.addressees),
                           (report_annex(data),), meta_title=f"Báo cáo {title}")


def report_annex(data) -> AppendixPart:
    """The annex: the plan's tasks with status and result, then the counts."""
    report, plan = data.report, data.plan
    caption = appendix_caption("Báo cáo", report.number, report.symbol, report.issue_day, report.issue_month,
                               report.issue_year or report.year, plan.issuing_body)
    by_field = {c.field: c for c in progress_columns()}
    lead = next((c for c in plan.columns if c.field == "lead"), Column("lead", "Cơ quan chủ trì", 14))
    # The plan's own header may carry its column number ("5 - Cơ quan chủ trì"): not here.
    lead = Column("lead", re.sub(r"^\s*\d+\s*[-–.)]\s*", "", lead.header) or "Cơ quan chủ trì", 14)
    columns = [by_field.get(f) or lead for f in ANNEX_COLUMNS]
    grid = progress_grid(data.tracking.rows, data.tracking.numbers, data.tracking, data.as_of, columns,
                         period=True)
    grid, columns = printed(grid, columns, plan.hide_empty_columns)
    total = data.figures.total
    totals = Text(
        f"Tổng số nhiệm vụ: {total.total}; đã hoàn thành: {total.done} ({format_percent(total.percent_done)}); "
        f"đang thực hiện: {total[TaskStatus.IN_PROGRESS]}; quá hạn: {total[TaskStatus.OVERDUE]}; "
        f"chưa triển khai: {total[TaskStatus.NOT_STARTED]}; thường xuyên: {total.recurring}.", Role.TOTALS)
    return AppendixPart("Phụ lục",
                        f"KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH {period_title(data.period, report.year).upper()}",
                        caption, grid, columns, (totals,))
