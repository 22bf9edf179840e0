"""Merged cells, as offices lay out appendices in Word and Excel, reach every
row they cover: eight sub-rows sharing one "Cơ quan phối hợp", one
"Thời gian" and one "Sản phẩm"; a task's cells spanning its eight
activities; a lead cell spread over the support column; a table Word split
at a page, with its header repeated or not; a header in two rows. Every row
is checked field by field."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from app.core.model import RowKind
from app.io.clipboard_table import read_pasted_source
from app.io.importers import lost_text, read_import_file
from app.core.presets import LAYOUTS
from tests.appendices import (
    EIGHT_ACTIVITIES_WIDTHS, SHARED_SUPPORT_WIDTHS, eight_activities, read_rows,
    shared_support,
)
from tests.office_documents import LEFT, UP, AppendixTable, PlanDocument, write_plan_docx, write_xlsx

APPENDICES = {"shared-support": (shared_support, SHARED_SUPPORT_WIDTHS),
              "eight-activities": (eight_activities, EIGHT_ACTIVITIES_WIDTHS)}


@pytest.mark.parametrize("name", APPENDICES)
def test_word_appendix_rows_get_every_merged_cell_field_by_field(word_files, name):
    _cells, expected = APPENDICES[name][0]()
    source = read_import_file(word_files[name])
    assert read_rows(source.rows) == expected
    assert lost_text(source) == []


@pytest.mark.parametrize("name", APPENDICES)
def test_excel_merged_ranges_reach_every_row_they_cover(tmp_path, name):
    cells, expected = APPENDICES[name][0]()
    path = write_xlsx(tmp_path / f"{name}.xlsx", cells, ["Phụ lục", "DANH MỤC NHIỆM VỤ NĂM 2025"])
    source = read_import_file(path)
    assert read_rows(source.rows) == expected
    assert lost_text(source) == []
    assert source.document.appendix_heading == "Phụ lục"
    assert source.document.appendix_title == "DANH MỤC NHIỆM VỤ NĂM 2025"


@pytest.mark.parametrize("repeats_header", [True, False], ids=["header-repeated", "no-header"])
def test_a_table_word_split_inside_the_shared_cells_reads_as_one(tmp_path, repeats_header):
    cells, expected = shared_support()
    split = next(i for i, row in enumerate(cells) if row[0] == "4.5")  # between sub-rows 4.4 and 4.5
    table = AppendixTable(cells, widths_cm=SHARED_SUPPORT_WIDTHS, split_at=split, split_repeats_header=repeats_header)
    path = write_plan_docx(tmp_path / "split.docx", PlanDocument(table=table, signer_name="Nguyễn Văn An"))
    source = read_import_file(path)
    assert read_rows(source.rows) == expected
    assert lost_text(source) == []


def test_a_header_in_two_rows_names_the_columns_under_its_group_cell(tmp_path):
    cells = [["TT", "Nội dung", "Cơ quan thực hiện", LEFT, "Thời gian"],
             [UP, UP, "Chủ trì", "Phối hợp", UP],
             ["1", "Rà soát thủ tục hành chính", "Công chức Tư pháp – Hộ tịch", "Các công chức chuyên môn",
              "Quý II/2025"],
             ["2", "Số hóa kết quả giải quyết thủ tục hành chính", "Bộ phận Một cửa", UP, "Năm 2025"]]
    table = AppendixTable(cells, widths_cm=(1.2, 10, 5, 5, 3), header_rows=2)
    source = read_import_file(write_plan_docx(tmp_path / "two-rows.docx", PlanDocument(table=table)))
    assert source.table.mapping == ("number", "task", "lead", "support", "timeframe")
    assert read_rows(source.rows) == [
        ("task", "1", "Rà soát thủ tục hành chính", "", "Công chức Tư pháp – Hộ tịch", "Các công chức chuyên môn",
         "Quý II/2025", "", ""),
        # one "Phối hợp" cell shared by two tasks
        ("task", "2", "Số hóa kết quả giải quyết thủ tục hành chính", "", "Bộ phận Một cửa",
         "Các công chức chuyên môn", "Năm 2025", "", ""),
    ]


def _word_clipboard_html(cells) -> str:
    """The table as Word puts it on the clipboard: rowspan/colspan."""
    def span(r, c):
        right, bottom = c, r
        while right + 1 < len(cells[r]) and cells[r][right + 1] == LEFT:
            right += 1
        while bottom + 1 < len(cells) and cells[bottom + 1][c] == UP:
            bottom += 1
        return bottom - r + 1, right - c + 1

    rows = []
    for r, row in enumerate(cells):
        out = []
        for c, text in enumerate(row):
            if text in (UP, LEFT):
                continue
            rowspan, colspan = span(r, c)
            body = "".join(f"<p class=MsoNormal>{line}</p>" for line in text.split("\n"))
            out.append(f"<td rowspan={rowspan} colspan={colspan} valign=top>{body}</td>")
        rows.append("<tr>" + "".join(out) + "</tr>")
    return "<html><body><table class=MsoTableGrid border=1>" + "".join(rows) + "</table></body></html>"


def test_a_table_pasted_from_word_keeps_its_merges():
    cells, expected = shared_support()
    pasted = read_pasted_source("ignored", _word_clipboard_html(cells), LAYOUTS["tuyen-truyen-002"].columns)
    assert not pasted.columns_guessed
    assert read_rows(pasted.rows) == expected


def test_exports_merge_the_shared_cells_of_a_task_group_again(services, word_files, tmp_path):
    source = read_import_file(word_files["eight-activities"])
    plan_id = services.imports.apply(source).plan_id
    path = services.exports.export_xlsx(plan_id, tmp_path / "pl.xlsx")
    sheet = load_workbook(path).active
    header = next(r for r in range(1, 12) if sheet.cell(r, 1).value == "TT")
    columns = {sheet.cell(header, c).value: c for c in range(1, sheet.max_column + 1)}
    first = next(r for r in range(header, sheet.max_row + 1) if sheet.cell(r, 1).value == "2")
    merged = {(m.min_row, m.min_col): (m.max_row, m.max_col) for m in sheet.merged_cells.ranges}
    for header_text in ("Cơ quan phối hợp", "Thời gian thực hiện", "Dự kiến kinh phí (nếu có)", "Nhiệm vụ"):
        column = columns[header_text]
        assert merged.get((first, column)) == (first + 7, column), header_text  # one cell over the 8 rows
    products = columns["Kết quả/ Sản phẩm"]
    assert merged.get((first, products)) == (first + 3, products)
    assert merged.get((first + 4, products)) == (first + 7, products)
    leads = columns["Cơ quan chủ trì"]
    assert merged.get((first, leads)) == (first + 1, leads)  # the two equal leads of activities 1 and 2
    assert sheet.cell(first, columns["Cơ quan phối hợp"]).value == "Các công chức chuyên môn"
    # And read back, the appendix is the same rows again.
    _cells, expected = eight_activities()
    assert read_rows(read_import_file(path).rows) == expected


def test_a_task_group_merges_nothing_across_tasks(services):
    from app.core.model import NewRow
    from app.core.tree import numbers_for
    from app.io.appendix_grid import appendix_grid

    plan_id = services.plans.create("tuyen-truyen", 2025, "tuyen-truyen-002", with_areas=False)
    same = {"lead": "Văn phòng", "support": "Các ban", "timeframe": "Năm 2025"}
    services.rows.insert(plan_id, None, None, [NewRow(RowKind.TASK, {"task": "A", **same}),
                                               NewRow(RowKind.TASK, {"task": "B", **same})])
    rows = services.rows.list(plan_id)
    grid = appendix_grid(rows, services.plans.get(plan_id).columns, numbers_for(rows))
    assert all(cell.rowspan == 1 for row in grid for cell in row.cells)


@pytest.mark.parametrize("seed", ["000", "002", "004"])
def test_no_text_of_a_seed_appendix_laid_out_in_excel_is_lost(tmp_path, seed):
    from tests.seed_documents import seed_document

    expected = seed_document(seed)
    table = expected.document.table
    titles = [expected.appendix_heading, expected.appendix_title] + ([expected.appendix_caption]
                                                                    if expected.appendix_caption else [])
    source = read_import_file(write_xlsx(tmp_path / f"{seed}.xlsx", table.cells, titles))
    assert lost_text(source) == []
    assert read_rows(source.rows) == read_rows(expected.rows)
    assert (source.document.appendix_heading, source.document.appendix_title) == (expected.appendix_heading,
                                                                                 expected.appendix_title)
