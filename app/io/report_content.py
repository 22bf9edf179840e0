"""What the periodic report says, block by block (the outline of the
reference §2.2): header, BÁO CÁO and its trích yếu, Kính gửi, the opening,
I. chỉ đạo điều hành (with the figures, their table and a chart), II. results
per area, III. assessment (with the overdue tasks), IV. next steps (with the
tasks due next period), V. proposals, the signature; then the annex
"Kết quả thực hiện nhiệm vụ". The PDF and the Word writers lay out the same
blocks (app.io.document_content)."""

from __future__ import annotations

from app.core.dates import short_date
from app.core.documents import appendix_caption, body_in_sentence
from app.core.figures import StatusCounts, format_percent
from app.core.model import Column
from app.core.periods import next_period, period_title
from app.core.report_text import (
    area_results, figures_paragraph, lines_or, next_period_lines, overdue_lines, report_title, sentence_case,
)
from app.core.status import TaskStatus
from app.io.appendix_grid import progress_columns, progress_grid
from app.io.document_content import (
    AppendixPart, Block, Chart, DocumentContent, DocumentHeader, FiguresTable, Role, Text, addressee_lines,
    body_texts, closing_texts, header_texts, title_texts, with_end_mark,
)

FIGURE_HEADERS = ("Lĩnh vực", "Tổng số", "HT đúng hạn", "HT quá hạn", "Đang TH", "Quá hạn", "Chưa TK",
                  "TX đã TK", "TX chưa TK", "Không TH", "Tỷ lệ HT")
FIGURE_STATUSES = (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE, TaskStatus.IN_PROGRESS, TaskStatus.OVERDUE,
                   TaskStatus.NOT_STARTED, TaskStatus.RECURRING_ACTIVE, TaskStatus.RECURRING_IDLE,
                   TaskStatus.CANCELLED)
ANNEX_COLUMNS = ("number", "task", "lead", "timeframe", "status", "result", "evidence")
NO_CONTENT = "(Chưa có nội dung.)"


def _counts_row(label: str, counts: StatusCounts) -> tuple[str, ...]:
    return (label, str(counts.total), *(str(counts[s]) for s in FIGURE_STATUSES), format_percent(counts.percent_done))


def figures_table(data) -> FiguresTable:
    rows = []
    for area in data.figures.areas:
        label = f"{area.label}. {sentence_case(area.title)}" if area.label else (sentence_case(area.title) or "Khác")
        rows.append(_counts_row(label, area.counts))
    return FiguresTable(FIGURE_HEADERS, tuple(rows), _counts_row("Tổng cộng", data.figures.total))


def _texts(texts: dict, key: str, fallback: str | None = None) -> list[Text]:
    out = body_texts(texts.get(key, ""))
    return out or ([Text(fallback)] if fallback else [])


def _lines(lines) -> list[Text]:
    return [Text(line, Role.BULLET) for line in lines]


def report_body(data) -> list[Block]:
    plan, report = data.plan, data.report
    texts = report.texts
    body: list[Block] = _texts(texts, "opening")
    body.append(Text("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", Role.HEADING))
    body.append(Text("1. Về kế hoạch cải cách hành chính", Role.SUBHEADING))
    body.append(Text(figures_paragraph(data.figures, plan.year, data.as_of)))
    body.append(Text(f"Số liệu tính từ ngày {short_date(data.window[0])} đến ngày {short_date(data.as_of)}. "
                     "HT: hoàn thành; TH: thực hiện; TK: triển khai; TX: thường xuyên.", Role.NOTE))
    body += [figures_table(data), Chart(tuple(data.figures.areas))]
    body.append(Text("2. Về tổ chức chỉ đạo, điều hành", Role.SUBHEADING))
    body += _texts(texts, "chi_dao", NO_CONTENT)

    body.append(Text("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", Role.HEADING))
    for index, (title, lines) in enumerate(area_results(data.tracking), start=1):
        body.append(Text(f"{index}. {sentence_case(title)}", Role.SUBHEADING))
        body += _lines(lines)

    body.append(Text("III. ĐÁNH GIÁ CHUNG", Role.HEADING))
    body.append(Text("1. Ưu điểm", Role.SUBHEADING))
    body += _texts(texts, "uu_diem")
    body.append(Text("2. Tồn tại, hạn chế", Role.SUBHEADING))
    body += _texts(texts, "ton_tai")
    overdue = overdue_lines(data.tracking)
    if overdue:
        body.append(Text("Các nhiệm vụ quá hạn chưa hoàn thành và lý do:", Role.LEAD_IN))
        body += _lines(overdue)
    body.append(Text("3. Nguyên nhân", Role.SUBHEADING))
    body += _texts(texts, "nguyen_nhan", NO_CONTENT)

    following, following_year = next_period(data.period, report.year)
    body.append(Text(f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {period_title(following, following_year).upper()}", Role.HEADING))
    body += _texts(texts, "phuong_huong")
    body.append(Text("Các nhiệm vụ đến hạn trong kỳ tới:", Role.LEAD_IN))
    body += _lines(lines_or("- Không có nhiệm vụ nào đến hạn.",
                            next_period_lines(data.tracking, data.period, report.year, data.as_of)))
    body.append(Text("V. ĐỀ XUẤT, KIẾN NGHỊ", Role.HEADING))
    body += _texts(texts, "kien_nghi", "Không.")
    unit = body_in_sentence(plan.issuing_body) or "đơn vị"
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
    columns = [by_field.get(f) or Column(f, lead.header, 14) for f in ANNEX_COLUMNS]
    grid = progress_grid(data.tracking.rows, data.tracking.numbers, data.tracking, data.as_of, columns, period=True)
    total = data.figures.total
    totals = Text(
        f"Tổng số nhiệm vụ: {total.total}; đã hoàn thành: {total.done} ({format_percent(total.percent_done)}); "
        f"đang thực hiện: {total[TaskStatus.IN_PROGRESS]}; quá hạn: {total[TaskStatus.OVERDUE]}; "
        f"chưa triển khai: {total[TaskStatus.NOT_STARTED]}; thường xuyên: {total.recurring}.", Role.TOTALS)
    return AppendixPart("Phụ lục",
                        f"KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH {period_title(data.period, report.year).upper()}",
                        caption, grid, columns, (totals,))
