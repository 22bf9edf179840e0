"""The unit, set once: every phrase documents take from it names the
province and its Sở Nội vụ, never a district or an anonymous upper level;
the library of legal bases and how a basis moves on to the next year."""

from app.core.legal_bases import BUILTIN_BASES, cites_yearly_document, fill, next_year_basis
from app.core.text import fold
from app.core.unit import UnitProfile, proper_name, split_kind, UNIT_KINDS

HONG_HAI = UnitProfile(unit_kind="phường", unit_name="hồng hải", province_kind="tỉnh", province_name="QUẢNG NINH",
                       home_affairs_email="snv@quangninh.gov.vn")
FORBIDDEN = ("cap tren", "quan ", "huyen", "thi xa")


def no_district(text: str) -> bool:
    folded = fold(text)
    return not any(word in folded for word in FORBIDDEN)


def test_the_units_names_in_every_form():
    assert HONG_HAI.unit == "phường Hồng Hải"
    assert HONG_HAI.header_lines == ("ỦY BAN NHÂN DÂN", "PHƯỜNG HỒNG HẢI")
    assert HONG_HAI.unit_body == "Ủy ban nhân dân phường Hồng Hải"
    assert HONG_HAI.unit_short == "UBND phường Hồng Hải"
    assert HONG_HAI.place_name == "Hồng Hải"
    assert HONG_HAI.upper == "Ủy ban nhân dân tỉnh Quảng Ninh"
    assert HONG_HAI.upper_short == "UBND tỉnh Quảng Ninh"
    assert HONG_HAI.home_affairs == "Sở Nội vụ tỉnh Quảng Ninh"
    assert HONG_HAI.mail_recipient() == "Sở Nội vụ tỉnh Quảng Ninh <snv@quangninh.gov.vn>"


def test_report_goes_to_the_province_through_its_so_noi_vu():
    assert HONG_HAI.report_addressees() == ("Ủy ban nhân dân tỉnh Quảng Ninh (qua Sở Nội vụ)",)
    assert HONG_HAI.report_recipients() == (
        "Như trên;", "Sở Nội vụ tỉnh Quảng Ninh (để tổng hợp);", "TT Đảng ủy, TT HĐND phường;",
        "CT, các PCT UBND phường;", "Lưu: VT.")
    assert HONG_HAI.plan_recipients() == (
        "UBND tỉnh Quảng Ninh (b/c);", "Sở Nội vụ tỉnh Quảng Ninh (b/c);", "TT Đảng ủy, TT HĐND phường;",
        "CT, các PCT UBND phường;", "Các ban, ngành, đoàn thể phường;", "Lưu: VT.")


def test_an_addressee_typed_by_the_officer_is_kept_and_not_listed_twice():
    typed = UnitProfile(unit_kind="xã", unit_name="Định Hưng", province_kind="thành phố", province_name="Hà Nội",
                        addressees=("Sở Nội vụ thành phố Hà Nội",))
    assert typed.report_addressees() == ("Sở Nội vụ thành phố Hà Nội",)
    assert typed.report_recipients() == ("Như trên;", "TT Đảng ủy, TT HĐND xã;", "CT, các PCT UBND xã;", "Lưu: VT.")
    assert typed.upper == "Ủy ban nhân dân thành phố Hà Nội"


def test_a_special_zone_and_a_unit_not_set_yet():
    zone = UnitProfile(unit_kind="đặc khu", unit_name="Côn Đảo", province_name="Thành phố Hồ Chí Minh",
                       province_kind="thành phố")
    assert zone.header_lines == ("ỦY BAN NHÂN DÂN", "ĐẶC KHU CÔN ĐẢO")
    blank = UnitProfile()
    assert not blank.configured
    assert blank.header_lines == ("ỦY BAN NHÂN DÂN",)
    assert blank.report_addressees() == ("Ủy ban nhân dân tỉnh (qua Sở Nội vụ)",)
    for profile in (HONG_HAI, zone, blank):
        for text in profile.report_addressees() + profile.report_recipients() + profile.plan_recipients():
            assert no_district(text), text


def test_names_typed_with_their_kind_word():
    assert split_kind("Phường  Sông Cầu", UNIT_KINDS) == ("phường", "Sông Cầu")
    assert split_kind("đặc khu Phú Quốc", UNIT_KINDS) == ("đặc khu", "Phú Quốc")
    assert split_kind("Sông Cầu", UNIT_KINDS) == ("", "Sông Cầu")
    assert proper_name("PHAN RANG - THÁP CHÀM") == "Phan Rang - Tháp Chàm"
    assert proper_name("Ea H'leo") == "Ea H'leo"  # typed in mixed case: the officer's choice


def test_the_built_in_library_fills_province_and_year():
    province_plan = next(b for b in BUILTIN_BASES if "{năm}" in b.text)
    assert fill(province_plan.text, HONG_HAI, 2026) == (
        "Thực hiện Kế hoạch số …/KH-UBND ngày … của Ủy ban nhân dân tỉnh Quảng Ninh về cải cách hành chính năm 2026;")
    assert any("72/2025/QH15" in b.text and b.default for b in BUILTIN_BASES)
    assert any("1187/QĐ-BNV" in b.text for b in BUILTIN_BASES)
    for basis in BUILTIN_BASES:
        assert no_district(basis.text), basis.text


def test_next_year_moves_yearly_documents_and_leaves_the_law():
    law = "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;"
    assert not cites_yearly_document(law, 2025)
    assert next_year_basis(law, 2025) is None
    province = "Thực hiện Kế hoạch số 25/KH-UBND ngày 10/01/2025 của UBND tỉnh Quảng Ninh về cải cách hành chính năm 2025;"
    assert next_year_basis(province, 2025) == (
        "Thực hiện Kế hoạch số …/KH-UBND ngày … của UBND tỉnh Quảng Ninh về cải cách hành chính năm 2026;")
    long_date = ("Thực hiện Kế hoạch số 7/KH-UBND ngày 05 tháng 01 năm 2025 của UBND tỉnh về tuyên truyền "
                 "cải cách hành chính năm 2025;")
    assert next_year_basis(long_date, 2025) == (
        "Thực hiện Kế hoạch số …/KH-UBND ngày … của UBND tỉnh về tuyên truyền cải cách hành chính năm 2026;")
    assert next_year_basis("Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ;", 2025) is None
