"""Rows that come without their header row — a block copied from Excel or
Word, a sheet, a text file or a Word table whose header was left out — get
their columns guessed from what the cells hold, and land field by field."""

from __future__ import annotations

import pytest

from app.core.presets import LAYOUTS
from app.io.clipboard_table import grid_to_tsv, read_pasted_source
from app.io.column_guess import guess_columns
from app.io.importers import lost_text, read_import_file
from app.io.table_reader import parse_tsv, read_table
from tests.appendices import (
    EIGHT_ACTIVITIES_WIDTHS, eight_activities, read_rows, shared_support,
)
from tests.conftest import seed_table_tsv
from tests.io.test_import_merged_cells import _word_clipboard_html
from tests.office_documents import AppendixTable, PlanDocument, write_plan_docx, write_xlsx


def _seed_rows_without_header(seed: str) -> list[list[str]]:
    rows = parse_tsv(seed_table_tsv(seed))
    return [row for row in rows if row != rows[0]]


def test_the_columns_of_the_seed_appendices_are_guessed_from_their_cells():
    from app.io.cell_text import cell_to_text

    expected = {
        "000": ("number", "task", "form", "units", "timeframe"),
        "002": ("number", "task", "lead", "support", "timeframe", "output"),
        "004": ("number", "objective", "task", "activity", "output", "lead", "support", "timeframe", "budget"),
    }
    for seed, mapping in expected.items():
        cells = [[cell_to_text(c) for c in row] for row in _seed_rows_without_header(seed)]
        assert guess_columns(cells, 2023).mapping == mapping, seed


def test_a_paste_from_word_without_its_header_lands_field_by_field():
    cells, expected = shared_support()
    pasted = read_pasted_source("ignored", _word_clipboard_html(cells[1:]), LAYOUTS["tuyen-truyen-002"].columns)
    assert pasted.columns_guessed
    assert pasted.table.mapping == ("number", "task", "lead", "support", "timeframe", "output")
    assert read_rows(pasted.rows) == expected


def test_a_paste_of_plain_text_rows_into_a_plan_of_another_layout():
    """Excel's text: TAB-separated rows; the plan's columns differ (no shift)."""
    seed_rows = _seed_rows_without_header("002")
    pasted = read_pasted_source(grid_to_tsv(seed_rows), None, LAYOUTS["cchc-004"].columns)
    assert pasted.columns_guessed
    assert pasted.table.mapping == ("number", "task", "lead", "support", "timeframe", "output")
    assert read_rows(pasted.rows) == read_rows(read_table(parse_tsv(seed_table_tsv("002"))).rows)


def test_rows_this_program_copied_paste_back_without_a_guess():
    columns = LAYOUTS["tuyen-truyen-002"].columns
    grid = _seed_rows_without_header("002")
    pasted = read_pasted_source(grid_to_tsv(grid), None, LAYOUTS["cchc-004"].columns, [c.field for c in columns])
    assert not pasted.columns_guessed
    assert read_rows(pasted.rows) == read_rows(read_table(parse_tsv(seed_table_tsv("002"))).rows)


def test_a_text_file_whose_table_has_no_header(tmp_path):
    path = tmp_path / "khong-tieu-de.txt"
    lines = ["KẾ HOẠCH", "Tuyên truyền cải cách hành chính năm 2023", ""]
    path.write_text("\n".join(lines + ["\t".join(row) for row in _seed_rows_without_header("002")]), encoding="utf-8")
    source = read_import_file(path)
    assert source.columns_guessed and lost_text(source) == []
    assert read_rows(source.rows) == read_rows(read_table(parse_tsv(seed_table_tsv("002"))).rows)


def test_a_sheet_whose_table_has_no_header(tmp_path):
    cells, expected = shared_support()
    source = read_import_file(write_xlsx(tmp_path / "khong-tieu-de.xlsx", cells[1:]))
    assert source.columns_guessed
    assert read_rows(source.rows) == expected and lost_text(source) == []


def test_a_word_table_whose_header_row_was_left_out(tmp_path):
    cells, expected = eight_activities()
    table = AppendixTable(cells[1:], widths_cm=EIGHT_ACTIVITIES_WIDTHS, header_rows=0)
    source = read_import_file(write_plan_docx(tmp_path / "khong-tieu-de.docx", PlanDocument(table=table)))
    assert source.columns_guessed
    assert source.table.mapping == ("number", "objective", "task", "activity", "output", "lead", "support",
                                    "timeframe", "budget")
    assert read_rows(source.rows) == expected and lost_text(source) == []


@pytest.mark.parametrize("rows", [
    [["a", "b"], ["c", "d"]],
    [["Số 10 đường Nha Trang", "0208 3855 123"], ["Số 18 đường Nha Trang", "0208 3855 456"]],
])
def test_rows_that_do_not_read_as_tasks_are_refused(tmp_path, rows):
    path = tmp_path / "la.txt"
    path.write_text("\n".join("\t".join(r) for r in rows), encoding="utf-8")
    source = read_import_file(path)
    assert source.table is None and "không nhận ra được các cột" in source.note


@pytest.mark.parametrize("layout", ["cchc-004", "tuyen-truyen-002", "tuyen-truyen-000"])
def test_rows_copied_without_their_number_column_do_not_shift(layout):
    """The report that started issue 15: rows from Excel with no TT column
    went one column to the right. Whatever the plan's columns, they land."""
    tsv = ("Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền của xã\tCông chức Tư pháp – Hộ tịch\t"
           "Các công chức chuyên môn\tQuý II/2025\n"
           "Cập nhật dữ liệu dân cư trên hệ thống định danh điện tử\tCông an xã\tCông chức Văn phòng – Thống kê\t"
           "Thường xuyên\n")
    pasted = read_pasted_source(tsv, None, LAYOUTS[layout].columns)
    assert pasted.columns_guessed and pasted.table.mapping == ("task", "lead", "support", "timeframe")
    assert [(r.texts["task"][:9], r.texts["lead"], r.texts["support"], r.texts["timeframe"]) for r in pasted.rows] == [
        ("Rà soát, ", "Công chức Tư pháp – Hộ tịch", "Các công chức chuyên môn", "Quý II/2025"),
        ("Cập nhật ", "Công an xã", "Công chức Văn phòng – Thống kê", "Thường xuyên")]
