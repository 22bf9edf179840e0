"""The Word document's own fields, each to its own field: the bodies on their
lines, number, place, date, tên loại, trích yếu, căn cứ, the parts — and
where the body ends: the signer (in a borderless table beside "Nơi nhận:",
in paragraphs before or after it, or on TAB-laid lines), Nơi nhận, the
appendix's heading, title and "(Kèm theo …)" line. Never into a part."""

from __future__ import annotations

import docx
import pytest

from app.core.model import Section, Signer
from app.io.importers import lost_text, read_import_file
from tests.appendices import SHARED_SUPPORT_WIDTHS, read_rows, shared_support
from tests.office_documents import AppendixTable, PlanDocument, write_plan_docx
from tests.seed_documents import seed_document


@pytest.mark.parametrize("seed", ["000", "002", "004"])
def test_a_seed_plan_written_in_word_gives_every_document_field(word_files, seed):
    expected = seed_document(seed)
    source = read_import_file(word_files[f"seed-{seed}"])
    document = source.document
    assert document.parent_body == ""
    assert document.issuing_body == expected.issuing_body  # two lines stay two lines
    assert (document.number, document.symbol) == (expected.number, expected.symbol)
    assert document.place == expected.place
    assert (document.issue_day, document.issue_month, document.issue_year) == expected.date
    assert document.doc_type == "KẾ HOẠCH" and document.title == expected.title
    assert document.legal_bases == expected.bases
    assert [s.heading for s in document.sections] == [s.heading for s in expected.sections]
    assert document.sections == expected.sections
    assert document.recipients == expected.recipients
    assert document.signer == expected.signer
    assert document.appendix_heading == expected.appendix_heading
    assert document.appendix_title == expected.appendix_title
    assert document.appendix_caption == expected.appendix_caption
    assert source.plan_kind == expected.kind
    assert read_rows(source.rows) == read_rows(expected.rows)
    assert lost_text(source) == []


def test_the_seeds_show_the_layouts_they_were_written_with(word_files):
    # 000: signer beside Nơi nhận in a table; 002: in paragraphs after it; 004: the signer first.
    assert [seed_document(s).document.signature for s in ("000", "002", "004")] == ["table", "paragraphs",
                                                                                   "signer-first"]
    last_part = read_import_file(word_files["seed-004"]).document.sections[-1]
    assert "CHỦ TỊCH" not in last_part.text and "Luân Hoàng Anh" not in last_part.text


def _short_plan(**fields) -> PlanDocument:
    cells, _rows = shared_support()
    base = dict(
        issuing_body="ỦY BAN NHÂN DÂN\nTHÀNH PHỐ THÁI NGUYÊN", number_line="Số: 07/KH-UBND",
        place_date="Thái Nguyên, ngày 05 tháng 3 năm 2025", title_lines=["Cải cách hành chính năm 2025"],
        bases=["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
               "Căn cứ Kế hoạch số 19/KH-UBND ngày 10/01/2025 của UBND tỉnh Thái Nguyên."],
        sections=[("I. MỤC ĐÍCH, YÊU CẦU", ["Nâng cao chất lượng phục vụ người dân."]),
                  ("II. NHIỆM VỤ", ["(Chi tiết tại Phụ lục kèm theo)", "Trên đây là Kế hoạch năm 2025./."])],
        recipients=["- Sở Nội vụ;", "- Lưu: VT."], signer_lines=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        signer_name="Hoàng Thị Thu Hà", appendix_heading="PHỤ LỤC I",
        appendix_title_lines=["DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", "THÀNH PHỐ THÁI NGUYÊN NĂM 2025"],
        appendix_caption="(Kèm theo Kế hoạch số 07/KH-UBND ngày 05 tháng 3 năm 2025 của Ủy ban nhân dân "
                         "thành phố Thái Nguyên)",
        table=AppendixTable(cells, widths_cm=SHARED_SUPPORT_WIDTHS))
    base.update(fields)
    return PlanDocument(**base)


@pytest.mark.parametrize("layout", ["table", "paragraphs", "signer-first"])
def test_a_deputy_signer_never_lands_in_a_part(tmp_path, layout):
    source = read_import_file(write_plan_docx(tmp_path / f"{layout}.docx", _short_plan(signature=layout)))
    document = source.document
    assert document.signer == Signer("KT.", "CHỦ TỊCH", "", "PHÓ CHỦ TỊCH", "Hoàng Thị Thu Hà")
    assert document.recipients == ("Sở Nội vụ;", "Lưu: VT.")
    assert document.sections == (
        Section("I. MỤC ĐÍCH, YÊU CẦU", "Nâng cao chất lượng phục vụ người dân."),
        Section("II. NHIỆM VỤ", "(Chi tiết tại Phụ lục kèm theo)\nTrên đây là Kế hoạch năm 2025./."))
    assert document.legal_bases == ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
                                    "Căn cứ Kế hoạch số 19/KH-UBND ngày 10/01/2025 của UBND tỉnh Thái Nguyên.")
    assert document.appendix_heading == "PHỤ LỤC I"
    assert document.appendix_title == "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH THÀNH PHỐ THÁI NGUYÊN NĂM 2025"
    assert document.appendix_caption.startswith("(Kèm theo Kế hoạch số 07/KH-UBND")
    assert (document.issue_day, document.issue_month, document.issue_year) == (5, 3, 2025)


def test_a_department_under_its_parent_body_gives_both_bodies(tmp_path):
    plan = _short_plan(parent_body="UBND TỈNH THÁI NGUYÊN", issuing_body="SỞ NỘI VỤ",
                       number_line="Số: 112/KH-SNV", place_date="Thái Nguyên, ngày 12 tháng 02 năm 2025",
                       signer_lines=["GIÁM ĐỐC"], signer_name="Trần Văn Bình")
    document = read_import_file(write_plan_docx(tmp_path / "so.docx", plan)).document
    assert (document.parent_body, document.issuing_body) == ("UBND TỈNH THÁI NGUYÊN", "SỞ NỘI VỤ")
    assert (document.number, document.symbol) == ("112", "KH-SNV")
    assert document.signer == Signer("", "", "", "GIÁM ĐỐC", "Trần Văn Bình")


def test_tab_laid_nơi_nhận_and_signer_lines_go_apart(tmp_path):
    """Some offices type the ending as lines with TABs between the columns."""
    path = tmp_path / "tabs.docx"
    document = docx.Document()
    for line in ["ỦY BAN NHÂN DÂN", "PHƯỜNG PHAN ĐÌNH PHÙNG", "Số: 03/KH-UBND",
                 "Phan Đình Phùng, ngày 06 tháng 01 năm 2025", "KẾ HOẠCH",
                 "Tuyên truyền cải cách hành chính năm 2025", "I. MỤC ĐÍCH",
                 "Tuyên truyền sâu rộng đến người dân.", "Nơi nhận:\t\tTM. ỦY BAN NHÂN DÂN",
                 "- UBND tỉnh;\t\tCHỦ TỊCH", "- Lưu: VT.", "\t\tĐỗ Minh Quân"]:
        document.add_paragraph(line)
    document.save(str(path))
    fields = read_import_file(path).document
    assert fields.issuing_body == "ỦY BAN NHÂN DÂN\nPHƯỜNG PHAN ĐÌNH PHÙNG"
    assert fields.recipients == ("UBND tỉnh;", "Lưu: VT.")
    assert fields.signer == Signer("TM.", "ỦY BAN NHÂN DÂN", "", "CHỦ TỊCH", "Đỗ Minh Quân")
    assert fields.sections == (Section("I. MỤC ĐÍCH", "Tuyên truyền sâu rộng đến người dân."),)
    assert fields.kind == "tuyen-truyen"


def test_a_new_plan_takes_the_fields_as_written(services, tmp_path):
    source = read_import_file(write_plan_docx(tmp_path / "plan.docx", _short_plan(signature="signer-first")))
    plan = services.plans.get(services.imports.apply(source).plan_id)
    assert plan.kind == "cchc" and plan.year == 2025
    assert plan.issuing_body == "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ THÁI NGUYÊN"
    assert (plan.number, plan.symbol, plan.place) == ("07", "KH-UBND", "Thái Nguyên")
    assert plan.signer == Signer("KT.", "CHỦ TỊCH", "", "PHÓ CHỦ TỊCH", "Hoàng Thị Thu Hà")
    assert plan.appendix_heading == "PHỤ LỤC I"
    # Proper names keep their capitals: nothing is lower-cased on the way in.
    assert plan.appendix_title == "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH THÀNH PHỐ THÁI NGUYÊN NĂM 2025"
    assert [s.heading for s in plan.sections] == ["I. MỤC ĐÍCH, YÊU CẦU", "II. NHIỆM VỤ"]


@pytest.mark.parametrize("title, kind", [
    ("Tuyên truyền cải cách hành chính năm 2025", "tuyen-truyen"),
    ("Thực hiện công tác cải cách hành chính năm 2025", "cchc"),
    ("Cải cách hành chính nhà nước giai đoạn 2021 - 2030", "cchc"),
])
def test_the_kind_of_plan_comes_from_its_trích_yếu(tmp_path, title, kind):
    source = read_import_file(write_plan_docx(tmp_path / "k.docx", _short_plan(title_lines=[title])))
    assert source.document.kind == kind and source.plan_kind == kind


def test_parts_numbered_by_word_itself_are_read_with_their_numbers(tmp_path):
    """Headings typed as an automatic list (I., II.; 1., 2. under them) and
    bullets from the "List Bullet" style: Word draws the numbers."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.oxml import OxmlElement

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        num = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", str(level)), ("w:numId", "90")):
            node = OxmlElement(tag)
            node.set(qn("w:val"), value)
            num.append(node)
        paragraph._p.get_or_add_pPr().append(num)

    for line in ["ỦY BAN NHÂN DÂN", "XÃ ĐỊNH HƯNG", "Số: 01/KH-UBND", "Định Hưng, ngày 03 tháng 01 năm 2025",
                 "KẾ HOẠCH", "Cải cách hành chính năm 2025"]:
        document.add_paragraph(line)
    numbered("MỤC ĐÍCH, YÊU CẦU", 0)
    numbered("Mục đích", 1)
    document.add_paragraph("Nâng cao Chỉ số cải cách hành chính.", style="List Bullet")
    numbered("Yêu cầu", 1)
    numbered("NHIỆM VỤ", 0)
    numbered("Rà soát thủ tục hành chính", 1)
    for line in ["Nơi nhận:", "- Sở Nội vụ;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Lý Văn Sáu"]:
        document.add_paragraph(line)
    path = tmp_path / "auto.docx"
    document.save(str(path))
    fields = read_import_file(path).document
    assert fields.sections == (
        Section("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích\n- Nâng cao Chỉ số cải cách hành chính.\n2. Yêu cầu"),
        Section("II. NHIỆM VỤ", "1. Rà soát thủ tục hành chính"),
    )
    assert fields.signer == Signer("TM.", "ỦY BAN NHÂN DÂN", "", "CHỦ TỊCH", "Lý Văn Sáu")
