"""Names of bodies: one rule gives the header, running-text and short forms
of the issuing body however the clerk typed it."""

from __future__ import annotations

import pytest

from app.core.file_names import document_file_name
from app.core.names import agency_case, body_name

CASES = [
    # typed                                   header lines                                   running text                                         short
    ("UBND PHƯỜNG HỒNG HẢI", ["ỦY BAN NHÂN DÂN", "PHƯỜNG HỒNG HẢI"], "Ủy ban nhân dân phường Hồng Hải", "UBND phường Hồng Hải"),
    ("ỦY BAN NHÂN DÂN\nPHƯỜNG SÔNG CẦU", ["ỦY BAN NHÂN DÂN", "PHƯỜNG SÔNG CẦU"], "Ủy ban nhân dân phường Sông Cầu", "UBND phường Sông Cầu"),
    ("Ủy ban nhân dân phường Hồng Hải", ["ỦY BAN NHÂN DÂN", "PHƯỜNG HỒNG HẢI"], "Ủy ban nhân dân phường Hồng Hải", "UBND phường Hồng Hải"),
    ("ubnd phường hồng hải", ["ỦY BAN NHÂN DÂN", "PHƯỜNG HỒNG HẢI"], "Ủy ban nhân dân phường Hồng Hải", "UBND phường Hồng Hải"),
    ("  Uỷ ban nhân dân  \n  xã   định hưng ", ["ỦY BAN NHÂN DÂN", "XÃ ĐỊNH HƯNG"], "Ủy ban nhân dân xã Định Hưng", "UBND xã Định Hưng"),
    ("HĐND XÃ ĐỊNH HƯNG", ["HỘI ĐỒNG NHÂN DÂN", "XÃ ĐỊNH HƯNG"], "Hội đồng nhân dân xã Định Hưng", "HĐND xã Định Hưng"),
    ("UBND THÀNH PHỐ PHAN RANG - THÁP CHÀM", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ PHAN RANG - THÁP CHÀM"],
     "Ủy ban nhân dân thành phố Phan Rang - Tháp Chàm", "UBND thành phố Phan Rang - Tháp Chàm"),
    ("ỦY BAN NHÂN DÂN\nĐẶC KHU PHÚ QUỐC", ["ỦY BAN NHÂN DÂN", "ĐẶC KHU PHÚ QUỐC"], "Ủy ban nhân dân đặc khu Phú Quốc", "UBND đặc khu Phú Quốc"),
    ("UBND THỊ TRẤN NƯỚC HAI", ["ỦY BAN NHÂN DÂN", "THỊ TRẤN NƯỚC HAI"], "Ủy ban nhân dân thị trấn Nước Hai", "UBND thị trấn Nước Hai"),
    ("UBND TỈNH BẮC KẠN", ["ỦY BAN NHÂN DÂN", "TỈNH BẮC KẠN"], "Ủy ban nhân dân tỉnh Bắc Kạn", "UBND tỉnh Bắc Kạn"),
    ("UBND XÃ EA H'LEO", ["ỦY BAN NHÂN DÂN", "XÃ EA H'LEO"], "Ủy ban nhân dân xã Ea H'leo", "UBND xã Ea H'leo"),
    # A number as the proper name: the common noun takes the capital (Phụ lục II).
    ("UBND PHƯỜNG 15, QUẬN 10", ["ỦY BAN NHÂN DÂN", "PHƯỜNG 15, QUẬN 10"], "Ủy ban nhân dân Phường 15, Quận 10", "UBND Phường 15, Quận 10"),
    ("UBND TP HẠ LONG", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HẠ LONG"], "Ủy ban nhân dân thành phố Hạ Long", "UBND thành phố Hạ Long"),
    ("ỦY BAN NHÂN DÂN", ["ỦY BAN NHÂN DÂN"], "Ủy ban nhân dân", "UBND"),
    # An agency keeps its typed lines in the header; its function takes a capital.
    ("PHÒNG NỘI VỤ", ["PHÒNG NỘI VỤ"], "Phòng Nội vụ", "Phòng Nội vụ"),
    ("Sở Nội vụ tỉnh Quảng Ninh", ["SỞ NỘI VỤ TỈNH QUẢNG NINH"], "Sở Nội vụ tỉnh Quảng Ninh", "Sở Nội vụ tỉnh Quảng Ninh"),
]


@pytest.mark.parametrize("typed, header, sentence, short", CASES)
def test_every_form_of_a_body_from_what_was_typed(typed, header, sentence, short):
    name = body_name(typed)
    assert name.header_lines == header
    assert name.in_sentence == sentence
    assert name.short == short


def test_line_breaks_typed_after_the_organ_are_kept_in_the_header():
    name = body_name("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ PHAN RANG -\nTHÁP CHÀM")
    assert name.header_lines == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ PHAN RANG -", "THÁP CHÀM"]
    assert name.in_sentence == "Ủy ban nhân dân thành phố Phan Rang - Tháp Chàm"


def test_nothing_typed_gives_empty_forms():
    name = body_name("  \n ")
    assert not name and name.header_lines == [] and name.in_sentence == "" and name.short == ""


def test_agency_names_keep_abbreviations_and_lower_case_after_the_function():
    assert agency_case("VĂN PHÒNG HĐND VÀ UBND") == "Văn phòng HĐND và UBND"
    assert agency_case("BAN CHỈ ĐẠO CCHC") == "Ban Chỉ đạo CCHC"
    assert agency_case("Trung tâm Phục vụ hành chính công") == "Trung tâm Phục vụ hành chính công"  # typed: kept


@pytest.mark.parametrize("typed", ["UBND PHƯỜNG HỒNG HẢI", "ỦY BAN NHÂN DÂN\nPHƯỜNG HỒNG HẢI", "ubnd phường hồng hải"])
def test_file_names_name_the_unit_however_it_was_typed(typed):
    assert document_file_name("xlsx", "cchc", 2025, typed) == "PL-KH-CCHC-2025-Phuong-Hong-Hai.xlsx"
    assert document_file_name("plan-pdf", "tuyen-truyen", 2025, typed) == "KH-TT-CCHC-2025-Phuong-Hong-Hai.pdf"
    assert document_file_name("report-pdf", "cchc", 2025, typed, "q1") == "BC-CCHC-Quy-I-2025-Phuong-Hong-Hai.pdf"
    assert document_file_name("report-pdf", "cchc", 2025, typed, "h1", keep_vietnamese=True) == \
        "BC-CCHC-6-tháng-2025-Phường-Hồng-Hải.pdf"
    assert document_file_name("xlsx", "cchc", 2025, "") == "PL-KH-CCHC-2025-don-vi.xlsx"
