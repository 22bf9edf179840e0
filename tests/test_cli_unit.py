"""``cchc unit``: the unit of Thiết lập › Đơn vị from the command line — a
fresh machine set up by a script makes plans, reports and mail under the
two-level settings; a bad value is refused with one line and nothing is
written."""

import json
from email import policy
from email.parser import BytesParser

import pytest

from tests.test_cli import cchc, digest


@pytest.fixture
def db(tmp_path):
    return tmp_path / "so.sqlite3"


def unit_of(db) -> dict:
    return json.loads(cchc("unit", "--json", "--db", db).stdout)


def test_a_fresh_data_file_says_the_unit_is_not_set(db):
    assert cchc("unit", "--db", db).stdout == (
        "Chưa đặt đơn vị: dùng cchc unit --set unit=\"phường …\" --set province=\"tỉnh …\" "
        "(hoặc Tệp › Thiết lập › Đơn vị).\n")
    assert unit_of(db)["unit"] == "" and unit_of(db)["printed"]["report_addressees"] == [
        "Ủy ban nhân dân tỉnh (qua Sở Nội vụ)"]


def test_the_unit_set_from_the_command_line_makes_the_plan_the_report_and_the_mail(db, tmp_path):
    result = cchc("unit", "--db", db, "--set", "unit=xã định hưng", "--set", "province=tỉnh Thanh Hóa",
                  "--set", "home_affairs_email=snv@thanhhoa.gov.vn")
    assert result.stdout.splitlines() == [
        "Đã sửa đơn vị: unit, province, home_affairs_email.",
        "Đơn vị: xã Định Hưng (Ủy ban nhân dân xã Định Hưng)",
        "Trực thuộc: Ủy ban nhân dân tỉnh Thanh Hóa",
        "Sở Nội vụ: Sở Nội vụ tỉnh Thanh Hóa <snv@thanhhoa.gov.vn>",
        "Báo cáo kính gửi: Ủy ban nhân dân tỉnh Thanh Hóa (qua Sở Nội vụ)",
        "Văn bản in: ỦY BAN NHÂN DÂN / XÃ ĐỊNH HƯNG",
        "Địa danh: Định Hưng",
    ]
    unit = unit_of(db)
    assert (unit["unit_kind"], unit["unit_name"], unit["province"]) == ("xã", "Định Hưng", "tỉnh Thanh Hóa")
    assert unit["printed"]["report_recipients"] == [
        "Như trên;", "Sở Nội vụ tỉnh Thanh Hóa (để tổng hợp);", "TT Đảng ủy, TT HĐND xã;", "CT, các PCT UBND xã;",
        "Lưu: VT."]
    assert cchc("new", "--kind", "cchc", "--year", "2026", "--db", db).stdout.strip() == "1"
    plan = json.loads(cchc("show", "1", "--json", "--db", db).stdout)["plan"]
    assert (plan["issuing_body"], plan["place"]) == ("ỦY BAN NHÂN DÂN\nXÃ ĐỊNH HƯNG", "Định Hưng")
    assert plan["recipients"][:2] == ["UBND tỉnh Thanh Hóa (b/c);", "Sở Nội vụ tỉnh Thanh Hóa (b/c);"]
    cchc("mail", "1", "--db", db, "--out", tmp_path / "thu.eml")  # no --to: the Sở Nội vụ's address
    message = BytesParser(policy=policy.default).parsebytes((tmp_path / "thu.eml").read_bytes())
    assert message["To"] == "Sở Nội vụ tỉnh Thanh Hóa <snv@thanhhoa.gov.vn>"
    assert message["Subject"] == "UBND xã Định Hưng gửi Kế hoạch cải cách hành chính năm 2026"


def test_a_name_alone_keeps_the_kind_and_an_empty_value_the_usual_text(db):
    cchc("unit", "--db", db, "--set", "unit=phường Hồng Hải", "--set", "province=Quảng Ninh",
         "--set", "addressees=Ủy ban nhân dân tỉnh Quảng Ninh\nSở Nội vụ tỉnh Quảng Ninh")
    assert unit_of(db)["printed"]["report_addressees"] == ["Ủy ban nhân dân tỉnh Quảng Ninh",
                                                           "Sở Nội vụ tỉnh Quảng Ninh"]
    cchc("unit", "--db", db, "--set", "unit=Hà Khẩu", "--set", "addressees=")
    unit = unit_of(db)
    assert (unit["unit"], unit["province"]) == ("phường Hà Khẩu", "tỉnh Quảng Ninh")
    assert unit["printed"]["report_addressees"] == ["Ủy ban nhân dân tỉnh Quảng Ninh (qua Sở Nội vụ)"]


@pytest.mark.parametrize("assignment, message", [
    ("unit=Định Hưng", "Lỗi: Cần ghi cả loại đơn vị (phường, xã, đặc khu) trước tên: «Định Hưng».\n"),
    ("home_affairs_email=snv thanh hoa", "Lỗi: Địa chỉ thư không hợp lệ: «snv thanh hoa».\n"),
    ("district=Đông Sơn", "Lỗi: Không có trường «district» (dùng: unit, province, upper_body, home_affairs_body, "
                          "home_affairs_email, place, addressees, code).\n"),
    ("code=12ab", "Lỗi: Mã đơn vị không hợp lệ: «12ab» (chỉ gồm chữ số, ví dụ 22345).\n"),
    ("unit", "Lỗi: Cần dạng TRƯỜNG=GIÁ_TRỊ: «unit».\n"),
])
def test_a_bad_value_is_refused_and_nothing_is_written(db, assignment, message):
    cchc("unit", "--db", db, "--set", "province=tỉnh Thanh Hóa")
    before = digest(db)
    result = cchc("unit", "--db", db, "--set", "place=Định Hưng", "--set", assignment, check=False)
    assert (result.returncode, result.stderr, result.stdout) == (2, message, "")
    assert digest(db) == before


def test_the_unit_code_is_set_and_shown_with_the_unit_and_goes_into_the_package(db, tmp_path):
    """The code a province's list knows the ward by (Thiết lập's report page)
    is set by the same script that sets the unit, and the package carries it."""
    import zipfile

    result = cchc("unit", "--db", db, "--set", "unit=phường Hồng Hải", "--set", "province=tỉnh Quảng Ninh",
                  "--set", "code= 06820 ")
    assert result.stdout.splitlines()[0] == "Đã sửa đơn vị: unit, province, code."
    assert result.stdout.splitlines()[-1] == "Mã đơn vị hành chính: 06820"
    assert unit_of(db)["code"] == "06820"
    cchc("new", "--kind", "cchc", "--year", "2026", "--db", db)
    cchc("package", "1", tmp_path / "goi.cchc", "--period", "q1", "--db", db)
    with zipfile.ZipFile(tmp_path / "goi.cchc") as package:
        assert json.loads(package.read("manifest.json"))["unit"] == {"name": "phường Hồng Hải", "code": "06820"}
    cchc("unit", "--db", db, "--set", "code=")
    assert unit_of(db)["code"] == "" and "Mã đơn vị" not in cchc("unit", "--db", db).stdout
