"""``cchc export-docx`` and ``cchc report --format``: the parts asked for, the
format the officer named, and nothing written (nor saved) on a contradiction."""

from __future__ import annotations

import docx
import pytest
from docx.enum.section import WD_ORIENT

from tests.test_cli import cchc

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"


@pytest.fixture
def sample(tmp_path):
    db = tmp_path / "so.sqlite3"
    assert cchc("sample", "--db", db, data_dir=tmp_path / "data").stdout.strip() == "1"
    return db


def run(tmp_path, *args, check=True):
    return cchc(*args, data_dir=tmp_path / "data", check=check)


def test_export_docx_writes_the_document_and_the_appendix_or_either(sample, tmp_path):
    whole = tmp_path / "ke-hoach.docx"
    assert run(tmp_path, "export-docx", "1", whole, "--db", sample).stdout.strip() == str(whole)
    orientations = [s.orientation for s in docx.Document(str(whole)).sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]

    run(tmp_path, "export-docx", "1", tmp_path / "van-ban.docx", "--document-only", "--db", sample)
    document = docx.Document(str(tmp_path / "van-ban.docx"))
    assert [s.orientation for s in document.sections] == [WD_ORIENT.PORTRAIT]
    assert "KẾ HOẠCH" in [p.text for p in document.paragraphs] and len(document.tables) == 2  # header, signer

    run(tmp_path, "export-docx", "1", tmp_path / "phu-luc.docx", "--appendix-only", "--db", sample)
    appendix = docx.Document(str(tmp_path / "phu-luc.docx"))
    assert [s.orientation for s in appendix.sections] == [WD_ORIENT.LANDSCAPE]
    assert appendix.paragraphs[0].text == "Phụ lục" and len(appendix.tables) == 1

    both = run(tmp_path, "export-docx", "1", tmp_path / "x.docx", "--appendix-only", "--document-only", "--db",
               sample, check=False)
    assert both.returncode == 2 and both.stderr.count("\n") == 1


def test_report_is_pdf_by_default_and_word_when_asked_or_named_so(sample, tmp_path):
    pdf = tmp_path / "bc.pdf"
    run(tmp_path, "report", "1", pdf, "--period", "q1", "--db", sample)
    assert pdf.read_bytes().startswith(PDF_MAGIC)
    other = tmp_path / "bc.bin"  # an odd name keeps the old behaviour: a PDF
    run(tmp_path, "report", "1", other, "--period", "q1", "--db", sample)
    assert other.read_bytes().startswith(PDF_MAGIC)
    asked = tmp_path / "bc-word.bin"
    run(tmp_path, "report", "1", asked, "--period", "q1", "--format", "docx", "--db", sample)
    assert asked.read_bytes().startswith(ZIP_MAGIC)
    named = tmp_path / "bc.docx"
    run(tmp_path, "report", "1", named, "--period", "q1", "--db", sample)
    texts = [p.text for p in docx.Document(str(named)).paragraphs]
    assert "BÁO CÁO" in texts and "Kết quả thực hiện công tác cải cách hành chính quý I năm 2023" in texts


def test_a_format_contradicting_the_file_name_is_refused_and_no_report_is_saved(sample, tmp_path):
    result = run(tmp_path, "report", "1", tmp_path / "bc.docx", "--period", "h1", "--format", "pdf", "--db",
                 sample, check=False)
    assert result.returncode == 2
    assert result.stderr == ("Lỗi: Tệp «bc.docx» có đuôi .docx nhưng --format pdf; hãy đặt tên tệp đuôi .pdf "
                             "hoặc bỏ --format.\n")
    assert not (tmp_path / "bc.docx").exists()
    from app.services import Services

    services = Services.open(sample, tmp_path / "data")
    try:
        assert services.reports.list(1) == []
    finally:
        services.close()
