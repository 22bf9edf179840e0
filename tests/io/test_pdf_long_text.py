"""Any text the app accepts prints (issue 14): a cell, a result or a field of
20,000 characters continues across pages under the repeated header instead of
ending in reportlab's LayoutError, and no word of it is lost."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from app.core.model import NewRow, RowKind, Section, Signer
from app.io.pdf_common import BOTTOM
from app.services.rows import MAX_TEXT
from tests.io.test_pdf_long_appendix import lowest_word_per_page, pages_of

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by .ci/run")


def long_text(marker: str, size: int = MAX_TEXT) -> str:
    """Numbered words ("Cụm0001mark") up to ``size`` characters, so every
    word can be found in the PDF, in order."""
    words, number = [], 0
    while sum(len(w) + 1 for w in words) < size - 40:
        number += 1
        words.append(f"Cụm{number:04d}{marker} rà soát thủ tục")
    return " ".join(words)[:size]


def numbered(text: str, marker: str) -> list[int]:
    """The numbers of the marked words (the header prints its fields in capitals)."""
    return [int(n) for n in re.findall(rf"Cụm(\d{{4}}){marker}", text, re.IGNORECASE)]


def assert_whole(pdf_text: str, marker: str, source: str) -> None:
    assert numbered(" ".join(pdf_text.split()), marker) == numbered(source, marker)


def assert_inside_margins(path) -> None:
    for number, (height, lowest) in enumerate(lowest_word_per_page(path), start=1):
        assert lowest <= height - BOTTOM + 1, f"page {number}: text below the margin"


def test_plan_pdf_prints_a_first_task_of_an_area_of_20000_characters(services, tmp_path):
    plan_id = services.plans.create("cchc", 2025, with_areas=False)
    giant = long_text("a")
    services.rows.insert(plan_id, None, None, [
        NewRow(RowKind.AREA, {"task": "CẢI CÁCH THỂ CHẾ"}, children=(
            NewRow(RowKind.TASK, {"task": giant, "lead": "Công chức Tư pháp", "timeframe": "Quý II/2025"}, children=(
                NewRow(RowKind.ACTIVITY, {"activity": "Xây dựng kế hoạch", "timeframe": "30/01/2025"}),)),
            NewRow(RowKind.TASK, {"task": "Nhiệm vụ sau", "timeframe": "Quý III/2025"}),
        )),
    ])
    path = services.exports.export_plan_pdf(plan_id, tmp_path / "kh.pdf")
    pages = pages_of(path)
    text = "".join(pages)
    assert_whole(text, "a", giant)
    assert "Xây dựng kế hoạch" in text and "Nhiệm vụ sau" in text
    appendix = [p for p in pages if "Cụm" in p]
    assert len(appendix) >= 10
    for page in appendix[1:]:  # continued under the repeated header
        assert re.search(r"TT\s", page) and "Nhiệm vụ" in page
    assert_inside_margins(path)


def test_every_document_field_of_20000_characters_prints(services, tmp_path):
    plan_id = services.plans.create("cchc", 2025)
    fields = {name: long_text(marker) for name, marker in
              (("title", "t"), ("issuing_body", "b"), ("parent_body", "p"), ("appendix_title", "x"))}
    services.plans.update(plan_id, {
        **fields,
        "legal_bases": (long_text("l"),),
        "sections": (Section("I. MỤC TIÊU", long_text("s")),),
        "recipients": (long_text("r"),),
        "signer": Signer("TM.", "ỦY BAN NHÂN DÂN", "", "CHỦ TỊCH", long_text("n", 2000)),
    })
    area = services.rows.list(plan_id)[0]
    services.rows.add(plan_id, RowKind.TASK, area.id, texts={"task": long_text("c"), "output": long_text("o")})
    path = services.exports.export_plan_pdf(plan_id, tmp_path / "kh.pdf")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for marker, source in (("t", fields["title"]), ("l", long_text("l")), ("s", long_text("s")),
                           ("r", long_text("r")), ("c", long_text("c")), ("o", long_text("o")),
                           ("x", fields["appendix_title"])):
        assert numbered(flat, marker) == numbered(source, marker), marker
    for marker in "bp":  # the header's fields, in capitals (the body's name again in the "Kèm theo" line)
        expected = numbered(long_text(marker), marker)
        assert numbered(flat, marker)[:len(expected)] == expected, marker
    assert_inside_margins(path)


def test_report_pdf_prints_a_result_of_20000_characters_and_keeps_no_record_when_it_cannot(services, tmp_path):
    plan_id = services.plans.create("cchc", 2023, with_areas=False)
    task = services.rows.add(plan_id, RowKind.TASK, texts={"task": "Công khai TTHC", "timeframe": "Quý I/2023"})
    result, reason = long_text("k"), long_text("y")
    services.progress.add(task.id, date=date(2023, 2, 1), status="dang-thuc-hien", result=result, reason=reason)
    report = services.reports.create(plan_id, "q1")
    services.reports.update(report.id, {"texts": {**report.texts, "kien_nghi": long_text("v")}})
    path = services.reports.export_pdf(report.id, tmp_path / "bc.pdf")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert_whole(text.split("Phụ lục")[-1], "k", result)  # the annex holds the whole result
    assert numbered(" ".join(text.split()), "v") == numbered(long_text("v"), "v")
    assert_inside_margins(path)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by .ci/run")
def test_excel_carries_a_cell_of_20000_characters_over_rows_no_taller_than_excel_allows(services, tmp_path):
    from openpyxl import load_workbook

    from tests.io.test_xlsx_print import libreoffice_pdf

    plan_id = services.plans.create("cchc", 2025, with_areas=False)
    giant = long_text("e")
    services.rows.insert(plan_id, None, None, [
        NewRow(RowKind.AREA, {"task": "CẢI CÁCH THỂ CHẾ"}, children=(
            NewRow(RowKind.TASK, {"task": giant, "lead": "Công chức Tư pháp"}, children=(
                NewRow(RowKind.ACTIVITY, {"activity": "Xây dựng kế hoạch"}),)),
            NewRow(RowKind.TASK, {"task": "Nhiệm vụ sau"}),
        )),
    ])
    path = services.exports.export_xlsx(plan_id, tmp_path / "pl.xlsx")
    sheet = load_workbook(path)["Phụ lục"]
    heights = [sheet.row_dimensions[r].height for r in range(5, sheet.max_row + 1)]
    assert max(heights) <= 409 and len(heights) > 10  # carried on over many rows
    column = [sheet.cell(row=r, column=3).value or "" for r in range(5, sheet.max_row + 1)]
    assert numbered(" ".join(" ".join(column).split()), "e") == numbered(giant, "e")
    pdf = libreoffice_pdf(path, tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert_whole(text, "e", giant)
    assert "Xây dựng kế hoạch" in text and "Nhiệm vụ sau" in text
