"""Word documents and the PDFs LibreOffice prints from them, made once per
test session for the import tests of io/ and ui/ (printing is the slow
part: one LibreOffice run for all). tests/conftest.py exposes the fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.appendices import (
    EIGHT_ACTIVITIES_WIDTHS, SHARED_SUPPORT_WIDTHS, eight_activities, shared_support,
)
from tests.office_documents import AppendixTable, PlanDocument, print_pdf, soffice, write_plan_docx

RECIPIENTS = ["- UBND thành phố;", "- Phòng Nội vụ thành phố;", "- Lưu: VT."]


def _plan(table: AppendixTable | None, **fields) -> PlanDocument:
    base = dict(signer_name="Nguyễn Văn An", recipients=RECIPIENTS,
                sections=[("I. MỤC TIÊU", ["Nâng cao chất lượng phục vụ người dân."])],
                appendix_title_lines=["DANH MỤC NHIỆM VỤ NĂM 2025"], table=table)
    base.update(fields)
    return PlanDocument(**base)


def documents() -> dict[str, PlanDocument]:
    """Every document the import tests print, by name."""
    support_cells, _ = shared_support()
    activity_cells, _ = eight_activities()
    recipients_list = AppendixTable([["STT", "Cơ quan, đơn vị nhận", "Địa chỉ", "Ghi chú"],
                                     ["1", "Sở Nội vụ tỉnh Thái Nguyên", "Số 10 đường Nha Trang", "Bản giấy"],
                                     ["2", "Văn phòng UBND tỉnh", "Số 18 đường Nha Trang", "Bản điện tử"]],
                                    widths_cm=(1.2, 9.0, 9.0, 4.0))
    other_appendix = AppendixTable([["TT", "Nội dung công việc", "Thời hạn hoàn thành"],
                                    ["1", "Tổng hợp báo cáo kết quả cải cách hành chính quý I", "Trước 10/3/2025"]],
                                   widths_cm=(1.2, 16.0, 6.0))
    docs = {
        "shared-support": _plan(AppendixTable(support_cells, widths_cm=SHARED_SUPPORT_WIDTHS)),
        "eight-activities": _plan(AppendixTable(activity_cells, widths_cm=EIGHT_ACTIVITIES_WIDTHS)),
        "no-table": _plan(None),
        "two-tables": _plan(AppendixTable(support_cells, widths_cm=SHARED_SUPPORT_WIDTHS),
                            extra_tables=[other_appendix]),
        "recipients-list": _plan(None, extra_tables=[recipients_list]),
    }
    from tests.seed_documents import seed_document  # reads the seeds through tests.conftest

    for seed in ("000", "002", "004"):
        docs[f"seed-{seed}"] = seed_document(seed).document
    return docs


@pytest.fixture(scope="session")
def word_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("word")
    return {name: write_plan_docx(folder / f"{name}.docx", doc) for name, doc in documents().items()}


@pytest.fixture(scope="session")
def printed(word_files, tmp_path_factory) -> dict[str, Path]:
    """The same documents printed to PDF by LibreOffice Writer."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: the PDF import tests print their PDFs with it "
                    "(apt install libreoffice-writer-nogui)")
    folder = tmp_path_factory.mktemp("pdf")
    pdfs = print_pdf(list(word_files.values()), folder, tmp_path_factory.mktemp("lo-profile"))
    return {path.stem: path for path in pdfs}
