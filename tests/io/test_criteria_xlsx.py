"""The province's criteria table (.xlsx) as offices make it: a title block,
a header merged over two rows, a row of column numbers, group rows, a
criterion broken over two rows, the header repeated after a page break, a
total row. Read field by field, round-tripped through our own workbook, and
refused with the row named when it cannot be used."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.cli import run
from app.core.assessment.criteria import CriterionSpec, Method
from app.core.errors import InvalidInputError
from app.io.criteria_xlsx import read_criteria

HEADER = ("STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", "Cách tính", "Thang điểm", "Hạn", "Ghi chú")
ROWS = [
    ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", 6, "", "", "", ""),
    ("1", "Kế hoạch cải cách hành chính năm", 3, "", "", "", ""),
    ("1.1", "Ban hành kế hoạch CCHC năm đúng thời hạn", 1, "ban-hanh-ke-hoach-dung-han", "<=0:1;<=15:0,5;0",
     "31/01/2025", "Theo QĐ 5666"),
    ("1.2", "Mức độ thực hiện kế hoạch CCHC năm", "2", "ty-le-hoan-thanh", ">=100:2;>=80:1;0", "", ""),
    ("1.3", "Thực hiện chế độ báo cáo CCHC định kỳ (quý, 6 tháng,", "0,5", "bao-cao-dung-han", ">=100:0,5;0", "", ""),
    ("", "9 tháng, năm) đầy đủ, đúng thời hạn", "", "", "", "", ""),   # the same criterion, broken over two rows
    ("PAGE", ),                                                          # the header again, after a page break
    ("2", "Kiểm tra công tác cải cách hành chính", 1.5, "", "", "", ""),
    ("II", "CẢI CÁCH THỂ CHẾ", 2, "", "", "", ""),
    ("3", "Tổ chức thực hiện văn bản quy phạm pháp luật", "2 điểm", "", "", "", ""),
    ("", "TỔNG CỘNG", 8, "", "", "", ""),
]
EXPECTED = [
    CriterionSpec("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", 6),
    CriterionSpec("1", "Kế hoạch cải cách hành chính năm", 3),
    CriterionSpec("1.1", "Ban hành kế hoạch CCHC năm đúng thời hạn", 1, Method.PLAN_ON_TIME, "<=0:1;<=15:0,5;0",
                  date(2025, 1, 31)),
    CriterionSpec("1.2", "Mức độ thực hiện kế hoạch CCHC năm", 2, Method.COMPLETION, ">=100:2;>=80:1;0"),
    CriterionSpec("1.3", "Thực hiện chế độ báo cáo CCHC định kỳ (quý, 6 tháng, 9 tháng, năm) đầy đủ, đúng thời hạn",
                  0.5, Method.REPORTS_ON_TIME, ">=100:0,5;0"),
    CriterionSpec("2", "Kiểm tra công tác cải cách hành chính", 1.5),
    CriterionSpec("II", "CẢI CÁCH THỂ CHẾ", 2),
    CriterionSpec("3", "Tổ chức thực hiện văn bản quy phạm pháp luật", 2),
]


def province_table(path: Path, rows=ROWS, header=HEADER) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    sheet["A1"] = "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH"
    sheet["A2"] = "BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA UBND CÁC XÃ, PHƯỜNG, ĐẶC KHU NĂM 2025"
    sheet.merge_cells("A2:G2")
    sheet["A3"] = "(Kèm theo Quyết định số 5666/QĐ-UBND ngày 20/10/2025 của UBND tỉnh)"
    sheet.merge_cells("A3:G3")
    for column, text in enumerate(header, start=1):  # merged down over rows 5–6, as Word-made tables are
        sheet.cell(row=5, column=column, value=text)
        sheet.merge_cells(start_row=5, start_column=column, end_row=6, end_column=column)
    for column in range(1, len(header) + 1):
        sheet.cell(row=7, column=column, value=f"({column})")
    line = 8
    for row in rows:
        values = header if row == ("PAGE",) else row
        for column, value in enumerate(values, start=1):
            sheet.cell(row=line, column=column, value=value if value != "" else None)
        line += 1
    book.save(path)
    return path


def test_a_province_table_is_read_field_by_field(tmp_path):
    reading = read_criteria(province_table(tmp_path / "tieu-chi.xlsx"))
    assert list(reading.specs) == EXPECTED
    assert reading.rows == (8, 9, 10, 11, 12, 15, 16, 17)  # Excel rows, for messages
    assert reading.sheet == "Phụ lục"


@pytest.mark.parametrize("code_header", ["STT/Mã", "TT / Mã số", "Mã tiêu chí"])
def test_a_first_column_headed_with_two_names_is_the_code(tmp_path, code_header):
    header = (code_header, *HEADER[1:])
    reading = read_criteria(province_table(tmp_path / "tieu-chi.xlsx", header=header))
    assert list(reading.specs) == EXPECTED


def test_the_table_round_trips_through_the_self_assessment_workbook(services, tmp_path):
    plan_id = services.plans.create("cchc", 2025)
    reading = read_criteria(province_table(tmp_path / "tieu-chi.xlsx"))
    services.assessment.replace_criteria(plan_id, reading.specs)
    exported = services.assessment.export_xlsx(plan_id, tmp_path / "tu-danh-gia.xlsx", date(2025, 12, 14))
    again = read_criteria(exported)
    assert again.sheet == "Tiêu chí" and list(again.specs) == EXPECTED
    # The province's own sheet alone (its columns only) reads back too.
    from openpyxl import load_workbook

    book = load_workbook(exported)
    del book["Tiêu chí"]
    book.save(tmp_path / "chi-bang.xlsx")
    plain = read_criteria(tmp_path / "chi-bang.xlsx")
    assert [(s.code, s.content, s.max_points) for s in plain.specs] == [
        (s.code, s.content, s.max_points) for s in EXPECTED]


def bad(rows_or_header, tmp_path, header=HEADER):
    return province_table(tmp_path / "bad.xlsx", rows_or_header, header)


@pytest.mark.parametrize("rows, header, message", [
    (ROWS, ("STT", "Nội dung", "Cách tính", "Thang điểm"),
     "Bảng tiêu chí (trang «Phụ lục», hàng tiêu đề ở dòng 5) thiếu cột «Điểm tối đa»."),
    ([ROWS[2], ("1.1", "Lại là 1.1", 1, "", "", "", "")], HEADER, "Dòng 9: mã «1.1» trùng với dòng 8."),
    ([("1.1", "Ban hành KH", 1, "ban-hanh-ke-hoach-dung-han", "<=0:2;0", "", "")], HEADER,
     "Dòng 8 (mã 1.1): thang điểm cho tới 2 điểm, lớn hơn điểm tối đa 1."),
    ([ROWS[1], ("1.2", "Hoàn thành", 2, "ty-le-hoan-thanh", ">=chín mươi:2;0", "", "")], HEADER,
     "Dòng 9 (mã 1.2): thang điểm «>=chín mươi:2;0»: không đọc được «>=chín mươi:2»"),
    ([("1.2", "Hoàn thành", "hai", "", "", "", "")], HEADER, "Dòng 8 (mã 1.2): điểm tối đa «hai» không phải là số."),
    ([("1.2", "Hoàn thành", 2, "tu-dong", "", "", "")], HEADER, "Dòng 8 (mã 1.2): Cách tính «tu-dong» không hợp lệ"),
    ([("1.1", "Ban hành KH", 1, "ban-hanh-ke-hoach-dung-han", "", "32/01/2025", "")], HEADER,
     "Dòng 8 (mã 1.1): hạn «32/01/2025» không phải là ngày"),
])
def test_a_bad_table_is_refused_naming_the_row(tmp_path, rows, header, message):
    with pytest.raises(InvalidInputError) as error:
        read_criteria(bad(rows, tmp_path, header))
    assert str(error.value).startswith(message)


def test_a_file_without_a_table_says_what_it_looks_for(tmp_path):
    book = Workbook()
    book.active["A1"] = "Danh sách cán bộ"
    book.save(tmp_path / "khac.xlsx")
    with pytest.raises(InvalidInputError, match="cần một hàng tiêu đề có các cột «Mã», «Nội dung», «Điểm tối đa»"):
        read_criteria(tmp_path / "khac.xlsx")


def cli(*args):
    out, err = io.StringIO(), io.StringIO()
    return run(list(args), out, err), out.getvalue(), err.getvalue()


def test_command_line_writes_nothing_for_a_bad_table(services, tmp_path):
    plan_id = services.plans.create("cchc", 2025)
    before = services.assessment.ensure_criteria(plan_id)
    db = str(services.db.path)
    services.close()
    broken = bad([ROWS[2], ROWS[2]], tmp_path)
    code, out, err = cli("--db", db, "self-assess", str(plan_id), str(tmp_path / "bang.xlsx"), "--criteria",
                         str(broken), "--evidence-zip", str(tmp_path / "mc.zip"))
    assert (code, out) == (2, "")
    assert err == "Lỗi: Dòng 9: mã «1.1» trùng với dòng 8.\n"
    assert not (tmp_path / "bang.xlsx").exists() and not (tmp_path / "mc.zip").exists()
    from app.services import Services

    reopened = Services.open(db, tmp_path / "data")
    try:
        assert reopened.assessment.criteria(plan_id) == before
    finally:
        reopened.close()


def test_command_line_imports_the_table_and_writes_the_three_outputs(services, tmp_path):
    plan_id = services.plans.create("cchc", 2025)
    db = str(services.db.path)
    services.close()
    code, out, err = cli("--db", db, "self-assess", str(plan_id), str(tmp_path / "bang.xlsx"), "--criteria",
                         str(province_table(tmp_path / "tc.xlsx")), "--as-of", "14/12/2025",
                         "--pdf", str(tmp_path / "bang.pdf"), "--evidence-zip", str(tmp_path / "mc.zip"))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Đã nhập 8 tiêu chí từ «tc.xlsx»."
    assert lines[1] == "Tổng điểm tự đánh giá: 0/8 (số liệu đến ngày 14/12/2025)."
    assert lines[2:4] == ["Còn thiếu: tiêu chí 2 — chưa chấm điểm.", "Còn thiếu: tiêu chí 3 — chưa chấm điểm."]
    assert lines[4:] == [str(tmp_path / n) for n in ("bang.xlsx", "bang.pdf", "mc.zip")]
    code, _, err = cli("--db", db, "self-assess", str(plan_id), str(tmp_path / "bang.pdf"))
    assert (code, err) == (2, f"Lỗi: Bảng tự đánh giá phải có đuôi .xlsx: «{tmp_path / 'bang.pdf'}».\n")
    code, _, err = cli("--db", db, "self-assess", str(plan_id), db + ".xlsx", "--evidence-zip", db)
    assert code == 2 and "Hồ sơ minh chứng phải có đuôi .zip" in err


def test_a_total_merged_over_the_code_column_and_a_note_under_the_table_are_not_criteria(tmp_path):
    """Offices merge "Tổng cộng" over the STT and content cells (the text sits
    in the code column) and put a "Ghi chú: …" line merged across the table
    under it: neither is a criterion, and neither may refuse the table."""
    path = province_table(tmp_path / "tieu-chi.xlsx", rows=ROWS[:-1])
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.active
    last = sheet.max_row
    sheet.cell(row=last + 1, column=1, value="Tổng cộng")
    sheet.merge_cells(start_row=last + 1, start_column=1, end_row=last + 1, end_column=2)
    sheet.cell(row=last + 1, column=3, value=8)
    sheet.cell(row=last + 3, column=1, value="Ghi chú: điểm tự đánh giá làm tròn đến 0,5 điểm.")
    sheet.merge_cells(start_row=last + 3, start_column=1, end_row=last + 3, end_column=7)
    book.save(path)
    reading = read_criteria(path)
    assert list(reading.specs) == EXPECTED
    assert reading.rows == (8, 9, 10, 11, 12, 15, 16, 17)


def test_a_code_alone_on_its_row_is_still_refused(tmp_path):
    with pytest.raises(InvalidInputError) as error:
        read_criteria(bad([ROWS[2], ("1.4", "", "", "", "", "", "")], tmp_path))
    assert str(error.value) == "Dòng 9: tiêu chí «1.4» chưa có nội dung."
