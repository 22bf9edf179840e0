"""The self-assessment table as an .xlsx workbook, laid out like the
appendix export (Nghị định 30): A4 landscape, margins 20/20/30/15 mm,
Times New Roman, the title block ("Phụ lục", the title in capitals, the
italic "(Kèm theo …)" line and its rule), the header row repeated on every
page, group rows in bold, page numbers from page 2.

Sheet "Tự đánh giá" has the province's columns: Mã, Nội dung, Điểm tối đa,
Điểm tự đánh giá, Giải trình, Tài liệu kiểm chứng. Sheet "Tiêu chí" keeps
the full definitions (how each is computed, its scale, its deadline), so
the workbook can be read back as a criteria table. Texts are written as
text, never as formulas; points as numbers (the province adds them up).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.core.assessment.criteria import format_points
from app.core.assessment.evidence import evidence_line
from app.core.dates import short_date
from app.core.documents import appendix_caption
from app.io.fonts import wrapped_lines
from app.io.safe_write import atomic_output
from app.io.xlsx_export import BORDER, FONT_NAME, MARGINS_MM, MM_PER_INCH, AutoHeightRow, rule_under_caption
from app.io.xlsx_layout import LIBRE_PADDING, MAX_ROW_PT, PAGE_WIDTH_PT, libre_height

FONT = FONT_NAME
SIZE = 12
PADDING_PT = 4

HEADERS = ("Mã", "Nội dung", "Điểm tối đa", "Điểm tự đánh giá", "Giải trình", "Tài liệu kiểm chứng")
WEIGHTS = (7, 34, 8, 9, 30, 24)
DEFINITION_HEADERS = ("Mã", "Nội dung", "Điểm tối đa", "Cách tính", "Thang điểm", "Hạn")
DEFINITION_WEIGHTS = (7, 48, 8, 20, 15, 10)


def title_of(data) -> str:
    return f"Bảng tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {data.plan.year}"


def caption_of(data) -> str:
    """"(Kèm theo Báo cáo số      /BC-UBND ngày … của Ủy ban nhân dân phường …)"."""
    return appendix_caption("Báo cáo", "", "BC-UBND", None, None, None, data.plan.issuing_body)


def evidence_text(items) -> str:
    return "\n".join(f"- {evidence_line(item)}" for item in items)


def table_rows(data) -> list[dict]:
    """The table's rows as both outputs print them."""
    rows = []
    for result in data.result.results:
        c = result.criterion
        rows.append({
            "code": c.code, "content": c.content, "max": c.max_points, "score": result.score,
            "explanation": "" if result.is_group else result.explanation,
            "evidence": "" if result.is_group else evidence_text(data.evidence.get(c.id, ())),
            "group": result.is_group, "level": result.level,
        })
    return rows


def write_assessment_xlsx(data, target: Path | str) -> Path:
    workbook = _new_workbook()
    sheet = workbook.active
    sheet.title = "Tự đánh giá"
    _fill_table(sheet, data)
    _fill_definitions(workbook.create_sheet("Tiêu chí"), data)
    props = workbook.properties
    props.title = title_of(data)
    props.subject = data.plan.title
    props.creator = "Sổ kế hoạch CCHC"
    props.keywords = "CCHC; chỉ số cải cách hành chính; tự đánh giá"
    target = Path(target)
    with atomic_output(target) as temp:
        workbook.save(temp)
    return target


def _new_workbook() -> Workbook:
    """A workbook whose default font is Times New Roman 12 (as the appendix's)."""
    from openpyxl.utils.indexed_list import IndexedList

    workbook = Workbook()
    default = Font(name=FONT, size=SIZE)
    workbook._fonts = IndexedList([default])
    workbook._named_styles["Normal"].font = default
    return workbook


def _widths(weights: Sequence[float]) -> list[float]:
    """Column widths in points filling the printable width."""
    total = sum(weights)
    return [PAGE_WIDTH_PT * w / total for w in weights]


def _chars(points: float) -> float:
    return round(points / 6.0, 2)  # a character unit: one digit of Times New Roman 12 (8 px)


def _cell(sheet: Worksheet, row: int, column: int, value, bold=False, italic=False, align="left", border=True,
          size=SIZE, number=False, header=False):
    cell = sheet.cell(row=row, column=column)
    if number and value is not None:
        cell.value = value
        cell.number_format = "General"  # 6 and 0,75 (in the reader's own decimal sign)
    elif value not in (None, ""):
        cell.value = str(value)
        cell.data_type = "s"  # text, even "=SUM(A1)"
        cell.number_format = "@"
    cell.font = Font(name=FONT, size=size, bold=bold, italic=italic)
    cell.alignment = Alignment(wrap_text=True, vertical="center" if header else "top", horizontal=align)
    if border:
        cell.border = BORDER
    return cell


def _height(texts: Sequence[tuple[str, float, bool]]) -> float:
    """The row as LibreOffice prints it (app/io/xlsx_layout.py); Excel fits its own."""
    lines = max(wrapped_lines(text, width - LIBRE_PADDING, bold) if text else 1 for text, width, bold in texts)
    return min(MAX_ROW_PT, libre_height(lines))


def _set_height(sheet: Worksheet, row: int, height: float) -> None:
    sheet.row_dimensions[row] = AutoHeightRow(sheet, index=row, ht=height)


def _title_block(sheet: Worksheet, lines: Sequence[tuple[str, bool, bool, int]], widths: Sequence[float]) -> int:
    """Centred lines merged across the table; the short rule centred under
    them (as the appendix draws it). Returns the row of the table's header."""
    columns = len(widths)
    width = PAGE_WIDTH_PT
    row = 1
    for text, bold, italic, size in lines:
        _cell(sheet, row, 1, text, bold=bold, italic=italic, align="center", border=False, size=size, header=True)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
        count = wrapped_lines(text, width * 0.9, bold, size)
        sheet.row_dimensions[row].height = count * size * 1.35 + PADDING_PT
        row += 1
    rule_under_caption(sheet, row, widths)
    return row + 1


def _fill_table(sheet: Worksheet, data) -> None:
    widths = _widths(WEIGHTS)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _chars(width)
    header = _title_block(sheet, [
        ("Phụ lục", True, False, 14),
        (title_of(data).upper(), True, False, 13),
        (caption_of(data), False, True, 13),
        (f"(Số liệu tính đến ngày {short_date(data.as_of)})", False, True, 13),
    ], widths)
    for column, text in enumerate(HEADERS, start=1):
        _cell(sheet, header, column, text, bold=True, align="center", header=True)
    _set_height(sheet, header, _height([(h, w, True) for h, w in zip(HEADERS, widths)]))
    row = header + 1
    for item in table_rows(data):
        bold = item["group"]
        values = (item["code"], item["content"], item["max"], item["score"], item["explanation"], item["evidence"])
        for column, value in enumerate(values, start=1):
            is_number = column in (3, 4)
            _cell(sheet, row, column, value, bold=bold, align="center" if column in (1, 3, 4) else "left",
                  number=is_number)
        _set_height(sheet, row, _height(
            [(format_points(v) if isinstance(v, float) else str(v or ""), w, bold) for v, w in zip(values, widths)]))
        row += 1
    _cell(sheet, row, 1, "", bold=True)
    _cell(sheet, row, 2, "TỔNG ĐIỂM", bold=True)
    _cell(sheet, row, 3, data.result.total_max, bold=True, align="center", number=True)
    _cell(sheet, row, 4, data.result.total_score, bold=True, align="center", number=True)
    _cell(sheet, row, 5, "", bold=True)
    _cell(sheet, row, 6, "", bold=True)
    _set_height(sheet, row, _height([("TỔNG ĐIỂM", widths[1], True)]))
    _page_setup(sheet, header)


def _fill_definitions(sheet: Worksheet, data) -> None:
    from app.core.assessment.criteria import Method

    widths = _widths(DEFINITION_WEIGHTS)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _chars(width)
    header = _title_block(sheet, [(f"TIÊU CHÍ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {data.plan.year}", True, False, 13),
                                  ("(Cách tính: ban-hanh-ke-hoach-dung-han, ty-le-hoan-thanh, bao-cao-dung-han; "
                                   "để trống: chấm tay)", False, True, 12)], widths)
    for column, text in enumerate(DEFINITION_HEADERS, start=1):
        _cell(sheet, header, column, text, bold=True, align="center", header=True)
    _set_height(sheet, header, _height([(h, w, True) for h, w in zip(DEFINITION_HEADERS, widths)]))
    row = header + 1
    for criterion in data.criteria:
        values = (criterion.code, criterion.content, criterion.max_points,
                  criterion.method.value if criterion.method is not Method.MANUAL else "", criterion.scale,
                  short_date(criterion.deadline))
        for column, value in enumerate(values, start=1):
            _cell(sheet, row, column, value, align="center" if column in (1, 3, 6) else "left", number=column == 3)
        _set_height(sheet, row, _height(
            [(format_points(v) if isinstance(v, float) else str(v or ""), w, False) for v, w in zip(values, widths)]))
        row += 1
    _page_setup(sheet, header)


def _page_setup(sheet: Worksheet, header_row: int) -> None:
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    setup.firstPageNumber = 1
    setup.useFirstPageNumber = True
    margins = sheet.page_margins
    margins.top = MARGINS_MM["top"] / MM_PER_INCH
    margins.bottom = MARGINS_MM["bottom"] / MM_PER_INCH
    margins.left = MARGINS_MM["left"] / MM_PER_INCH
    margins.right = MARGINS_MM["right"] / MM_PER_INCH
    margins.header = 8 / MM_PER_INCH
    margins.footer = 8 / MM_PER_INCH
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.HeaderFooter.differentFirst = True  # page numbers at the top centre from page 2 (Nghị định 30)
    sheet.oddHeader.center.text = "&P"
    sheet.oddHeader.center.font = f"{FONT},Regular"
    sheet.oddHeader.center.size = 13
