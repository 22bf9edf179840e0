"""The self-assessment PDF as the officer prints it for the January
submission: the table's header on every page, each criterion printed once,
the total, and the signature never alone on a page — however many criteria
the province's table has."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from app.core.assessment.criteria import CriterionSpec, Method
from tests.io.test_docx_export import page_count
from tests.services.test_assessment import AS_OF, log_year, reports_of_the_year


def criteria(extra: int) -> list[CriterionSpec]:
    """A province-style table: the built-in computed criteria, then ``extra``
    criteria scored by hand."""
    specs = [
        CriterionSpec("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", 4 + extra),
        CriterionSpec("1.1", "Ban hành kế hoạch CCHC năm đúng thời hạn", 1, Method.PLAN_ON_TIME, "<=0:1;0"),
        CriterionSpec("1.2", "Mức độ thực hiện kế hoạch CCHC năm", 2, Method.COMPLETION, ">=90:2;>=70:1;0"),
        CriterionSpec("1.3", "Báo cáo CCHC định kỳ đầy đủ, đúng thời hạn", 1, Method.REPORTS_ON_TIME, ">=100:1;0"),
    ]
    specs += [CriterionSpec(f"1.{4 + n}", f"Tiêu chí chấm tay số {4 + n}: thực hiện nhiệm vụ theo kế hoạch của tỉnh, "
                            f"có văn bản, báo cáo kết quả", 1) for n in range(extra)]
    return specs


@pytest.fixture
def sample(services):
    plan_id = services.imports.import_sample().plan_id
    services.plans.update(plan_id, {"number": "01", "issue_day": 5, "issue_month": 3, "issue_year": 2023})
    log_year(services, plan_id)
    reports_of_the_year(services, plan_id)
    return plan_id


def printed_pages(path: Path) -> list[str]:
    """Each page's text as laid out on paper (columns side by side)."""
    return [unicodedata.normalize("NFC", subprocess.run(
        ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(path), "-"],
        capture_output=True, text=True, check=True).stdout) for n in range(1, page_count(path) + 1)]


def table_codes(page: str) -> list[str]:
    """The codes in the table's first column, in print order."""
    firsts = (line.split()[0] for line in page.splitlines() if line.strip())
    return [word for word in firsts if re.fullmatch(r"I|1\.\d+", word)]


@pytest.mark.parametrize("extra", range(0, 12))
def test_the_signature_is_printed_with_the_total_and_the_header_on_every_page(services, sample, tmp_path, extra):
    services.assessment.replace_criteria(sample, criteria(extra))
    for code in range(4, 4 + extra):
        criterion = next(c for c in services.assessment.criteria(sample) if c.code == f"1.{code}")
        services.assessment.update(criterion.id, {"manual_score": 1, "explanation": "Đã thực hiện đầy đủ, có "
                                                  "văn bản chỉ đạo và báo cáo kết quả gửi Sở Nội vụ đúng hạn."})
    target = services.assessment.export_pdf(sample, tmp_path / "bang.pdf", AS_OF)
    pages = printed_pages(target)
    signer = services.plans.get(sample).signer.name
    for number, page in enumerate(pages, start=1):
        assert "Điểm tự" in page and "Tài liệu kiểm chứng" in page, f"page {number} has no table header"
    signed = [n for n, p in enumerate(pages, start=1) if signer in p]
    assert signed == [len(pages)]
    last = pages[-1]
    assert "TỔNG ĐIỂM" in last and last.index("TỔNG ĐIỂM") < last.index(signer)
    assert table_codes(last)[-1] == f"1.{3 + extra}"  # the last criterion came over with the total
    printed = [code for page in pages for code in table_codes(page)]
    assert printed == ["I", *[f"1.{n}" for n in range(1, 4 + extra)]]  # each once, in order
