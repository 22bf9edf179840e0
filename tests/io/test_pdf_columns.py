"""The appendix PDF's columns: widths fitted to the content, so a date, a
document number or a header word is never cut inside; pages filled."""

from __future__ import annotations

import re
import shutil

import pytest

from app.core.model import RowKind
from app.io.pdf_common import TOP
from tests.io.test_pdf_long_appendix import lowest_word_per_page
from tests.io.test_xlsx_print import words_of

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by .ci/run")

TOKEN = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|\d+/[A-ZĐ]+(?:-[A-ZĐ]+)+")


def printed_words(path) -> set[str]:
    words, _sizes = words_of(path)
    return {w.text.strip(".,;:()") for w in words}


def test_dates_document_numbers_and_header_words_of_the_sample_print_whole(services, tmp_path):
    plan_id = services.imports.import_sample().plan_id
    path = services.exports.export_plan_pdf(plan_id, tmp_path / "pl.pdf", document=False)
    printed = printed_words(path)
    tokens = {t for r in services.rows.list(plan_id)
              for f in ("objective", "task", "activity", "output", "lead", "timeframe", "budget")
              for t in TOKEN.findall(getattr(r, f))}
    assert {"30/01/2023", "1180/STTTT-CNTT"} <= tokens
    broken = sorted(t for t in tokens if not any(t in w for w in printed))
    assert not broken, broken
    for column in services.plans.get(plan_id).columns:
        for word in column.header.split():
            assert word.strip("()") in printed, f"header word cut: {word}"


def test_a_typed_plan_with_a_document_number_as_its_budget(services, tmp_path):
    """The issue's case: "Kinh phí" 13 mm and "Thời gian" 17 mm cut both."""
    plan_id = services.plans.create("cchc", 2025)
    area = services.rows.find_area(plan_id, "II")
    services.rows.add(plan_id, RowKind.TASK, area.id, texts={
        "task": "Ban hành kế hoạch rà soát văn bản quy phạm pháp luật", "timeframe": "30/01/2025",
        "budget": "1180/STTTT-CNTT", "lead": "Công chức Tư pháp – Hộ tịch"})
    printed = printed_words(services.exports.export_plan_pdf(plan_id, tmp_path / "kh.pdf", document=False))
    assert "30/01/2025" in printed and "1180/STTTT-CNTT" in printed


def test_no_page_of_the_sample_appendix_is_left_a_third_empty(services, tmp_path):
    plan_id = services.imports.import_sample().plan_id
    path = services.exports.export_plan_pdf(plan_id, tmp_path / "pl.pdf", document=False)
    pages = lowest_word_per_page(path)
    assert len(pages) <= 11
    for number, (height, bottom) in enumerate(pages[:-1], start=1):
        assert bottom >= TOP + (height - 2 * TOP) * 2 / 3, f"page {number} ends at {bottom:.0f} of {height:.0f}"
