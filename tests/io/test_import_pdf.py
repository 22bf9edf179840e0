"""Importing a plan that arrives as PDF: Word documents built in the tests,
printed by LibreOffice Writer (ruled tables, merged cells crossing a page,
rows broken across pages, the header repeated), read back field by field —
and PDFs that cannot be read get a clear message and write nothing."""

from __future__ import annotations

import hashlib
import json

import pdfplumber
import pytest

from app.core.errors import FileReadError
from app.io.importers import lost_text, read_import_file
from tests.appendices import eight_activities, read_rows, shared_support
from tests.seed_documents import seed_document


def test_a_printed_appendix_gives_every_row_field_by_field(printed):
    source = read_import_file(printed["shared-support"])
    assert source.kind == "pdf"
    assert read_rows(source.rows) == shared_support()[1]
    assert lost_text(source) == []


def test_cells_merged_across_a_page_reach_every_row(printed):
    path = printed["eight-activities"]
    with pdfplumber.open(path) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    first = next(i for i, text in enumerate(pages) if "lĩnh vực đất đai" in text)
    last = next(i for i, text in enumerate(pages) if "lĩnh vực kinh tế" in text)
    assert last > first, "the eight activities (and their merged cells) should run over a page break"
    source = read_import_file(path)
    assert read_rows(source.rows) == eight_activities()[1]
    assert lost_text(source) == []


@pytest.mark.parametrize("seed", ["000", "002", "004"])
def test_a_printed_seed_plan_gives_its_document_fields_and_rows(printed, seed):
    expected = seed_document(seed)
    source = read_import_file(printed[f"seed-{seed}"])
    document = source.document
    assert document.issuing_body == expected.issuing_body and document.parent_body == ""
    assert (document.number, document.symbol, document.place) == (expected.number, expected.symbol, expected.place)
    assert (document.issue_day, document.issue_month, document.issue_year) == expected.date
    assert (document.doc_type, document.title) == ("KẾ HOẠCH", expected.title)
    assert document.legal_bases == expected.bases
    assert document.sections == expected.sections
    assert document.recipients == expected.recipients
    assert document.signer == expected.signer
    assert (document.appendix_heading, document.appendix_title, document.appendix_caption) == (
        expected.appendix_heading, expected.appendix_title, expected.appendix_caption)
    assert source.plan_kind == expected.kind
    assert read_rows(source.rows) == read_rows(expected.rows)
    assert lost_text(source) == []


def test_cchc_import_reads_a_pdf_into_a_new_plan(printed, tmp_path):
    from tests.test_cli import cchc

    db = tmp_path / "db.sqlite3"
    result = cchc("import", printed["seed-002"], "--db", db)
    assert "Đã nhập 6 nhiệm vụ, 0 lĩnh vực vào kế hoạch mới số 1." in result.stdout
    shown = json.loads(cchc("show", "1", "--json", "--db", db).stdout)
    plan = shown["plan"]
    assert plan["kind"] == "tuyen-truyen" and plan["year"] == 2023
    assert plan["issuing_body"] == "ỦY BAN NHÂN DÂN\nQUẬN DƯƠNG KINH" and plan["place"] == "Dương Kinh"
    assert plan["signer"]["name"] == "Nguyễn Trí Nhân"
    assert plan["appendix_title"].endswith("quận Dương Kinh năm 2023")  # the place keeps its capitals


# -- PDFs that cannot be imported ---------------------------------------------------------


def _reportlab_pdf(path, pages: int = 1, encrypt: bool = False, image_only: bool = False):
    from PIL import Image
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), encrypt=StandardEncryption("matkhau", "chu") if encrypt else None)
    picture = path.with_suffix(".png")
    if image_only:
        Image.new("RGB", (600, 850), "white").save(picture)
    for number in range(pages):
        if image_only:
            page.drawImage(str(picture), 0, 0, 595, 842)
        else:
            page.drawString(100, 700, f"Ke hoach so 15/KH-UBND - trang {number + 1}")
        page.showPage()
    page.save()
    return path


def _bad_pdf(case: str, tmp_path, printed) -> tuple:
    if case == "encrypted":
        return _reportlab_pdf(tmp_path / "mat-khau.pdf", encrypt=True), "đặt mật khẩu"
    if case == "300 pages":
        return _reportlab_pdf(tmp_path / "dai.pdf", pages=300), "300 trang"
    if case == "scanned":
        return _reportlab_pdf(tmp_path / "ban-quet.pdf", pages=3, image_only=True), "bản quét"
    if case == "damaged":
        path = tmp_path / "hong.pdf"
        path.write_bytes(printed["seed-004"].read_bytes()[:4000])
        return path, "bị hỏng"
    if case == "not a pdf":
        path = tmp_path / "gia.pdf"
        path.write_bytes(b"PK\x03\x04 not a pdf at all")
        return path, "không phải tệp PDF"
    if case == "no table":
        return printed["no-table"], "không có bảng phụ lục"
    if case == "two tables":
        return printed["two-tables"], "hai bảng phụ lục khác nhau"
    if case == "recipients list":
        return printed["recipients-list"], "không phải bảng nhiệm vụ"
    raise AssertionError(case)


@pytest.mark.parametrize("case", ["encrypted", "300 pages", "scanned", "damaged", "not a pdf", "no table",
                                  "two tables", "recipients list"])
def test_pdfs_that_cannot_be_imported_say_why_and_write_nothing(tmp_path, printed, case):
    from tests.test_cli import cchc

    path, words = _bad_pdf(case, tmp_path, printed)
    try:
        source = read_import_file(path)
    except FileReadError as error:
        assert words in str(error)
    else:
        assert source.table is None and words in source.note
    db = tmp_path / "db.sqlite3"
    cchc("new", "--kind", "cchc", "--year", "2025", "--db", db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    result = cchc("import", path, "--db", db, check=False)
    assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("case", ["two tables", "recipients list"])
def test_the_same_word_files_are_refused_the_same_way(word_files, case):
    name = {"two tables": "two-tables", "recipients list": "recipients-list"}[case]
    words = {"two tables": "hai bảng phụ lục khác nhau", "recipients list": "không phải bảng nhiệm vụ"}[case]
    source = read_import_file(word_files[name])
    assert source.table is None and words in source.note
