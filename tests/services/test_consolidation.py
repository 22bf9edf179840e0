"""Consolidation at the province: 30 wards' packages read, checked, counted
once, compared with each ward's own figures; broken files named and skipped."""

import json
import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest

from app.core.consolidation import ExpectedUnit
from app.core.periods import Period
from app.core.status import TaskStatus
from app.services.consolidation import open_packages
from tests.bad_inputs.conftest import run_cli
from tests.province import AS_OF, YEAR, make_wards


@pytest.fixture(scope="module")
def wards(tmp_path_factory):
    """30 wards, each with its own log and package (made once for the module)."""
    from app.services import Services

    folder = tmp_path_factory.mktemp("tinh")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CCHC_DATA_DIR", str(folder / "data"))
        services = Services.open(folder / "cac-phuong.sqlite3", folder / "data")
        try:
            made = make_wards(services, folder / "goi", 30)
        finally:
            services.close()
    return made


def _expected(wards):
    return [ExpectedUnit(w.name, w.code) for w in wards]


def test_thirty_wards_each_counted_with_its_own_figures(services, wards):
    opened = open_packages([wards[0].package.parent])
    assert (len(opened.submissions), opened.skipped) == (30, ())
    [table] = services.consolidation.consolidate(opened, _expected(wards)).tables
    assert (table.period, table.year) == (Period.Q1, YEAR)
    assert [(line.name, line.code) for line in table.lines] == [(w.name, w.code) for w in wards]
    for line, ward in zip(table.lines, wards):
        counts = line.counts
        assert ({s.value: counts[s] for s in TaskStatus}, counts.total, counts.percent_done) == \
            (ward.by_status, ward.total, ward.percent_done), ward.name
        assert line.submission.as_of == AS_OF and line.submission.plan_uuid
    assert len({tuple(sorted(w.by_status.items())) for w in wards}) > 20  # the wards really differ
    assert table.total.total == 30 * 30
    assert table.total[TaskStatus.OVERDUE] == sum(w.by_status["qua-han"] for w in wards)
    assert len(table.overdue) == table.total[TaskStatus.OVERDUE]
    assert table.missing == ()


def test_a_duplicate_package_counts_once(services, wards, tmp_path):
    copy = tmp_path / "Tải về" / "ward-000 (1).cchc"
    copy.parent.mkdir()
    shutil.copy(wards[0].package, copy)
    opened = open_packages([wards[0].package.parent, copy, wards[0].package])
    assert len(opened.submissions) == 31  # the copy is read; the same path named twice is read once
    result = services.consolidation.consolidate(opened, _expected(wards))
    [table] = result.tables
    assert len(table.lines) == 30 and table.lines[0].counts.total == 30
    assert [s.file for s in result.superseded] == [str(copy)]


def test_a_package_sent_again_replaces_the_earlier_one(tmp_path, wards):
    from app.services import Services

    services = Services.open(tmp_path / "phuong.sqlite3", tmp_path / "data")
    try:
        ward = make_wards(services, tmp_path / "lan-1", 1)[0]
        task = next(r for r in services.rows.list(ward.plan_id) if r.kind.value == "task")
        services.progress.add(task.id, date=date(2023, 3, 9), status="khong-thuc-hien", reason="Đã gộp nhiệm vụ")
        again = tmp_path / "lan-2" / "gui-lai.cchc"
        again.parent.mkdir()
        services.submissions.build(ward.plan_id, again, "q1", YEAR, AS_OF)
        own = services.reports.figures_for(ward.plan_id, "q1", YEAR, AS_OF).figures.total
        result = services.consolidation.consolidate(open_packages([ward.package, again]))
    finally:
        services.close()
    [table] = result.tables
    [line] = table.lines
    assert line.submission.file == str(again)
    assert {s.value: line.counts[s] for s in TaskStatus} == {s.value: own[s] for s in TaskStatus}
    assert [s.file for s in result.superseded] == [str(ward.package)]


def _rewrite(source: Path, target: Path, change) -> Path:
    """A copy of a package with its members changed by ``change(dict)``."""
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def _broken_files(folder: Path, good: Path) -> dict[str, str]:
    """Each kind of broken or foreign file, and the reason it must be skipped with."""
    folder.mkdir()

    def tamper(members):
        members["snapshot.json"] = members["snapshot.json"].replace(b'"qua-han"', b'"hoan-thanh-dung-han"', 1)

    def newer(members):
        manifest = json.loads(members["manifest.json"])
        manifest["format_version"] = 2
        manifest["program"]["version"] = "3.0"
        members["manifest.json"] = json.dumps(manifest).encode()

    def extra(members):
        members["tai-lieu/ghi-chu.txt"] = b"them"

    def missing(members):
        del members["tai-lieu/bao-cao.pdf"]

    _rewrite(good, folder / "sua-so-lieu.cchc", tamper)
    _rewrite(good, folder / "ban-moi.cchc", newer)
    _rewrite(good, folder / "them-tep.cchc", extra)
    _rewrite(good, folder / "thieu-tep.cchc", missing)
    data = good.read_bytes()
    (folder / "cat-cut.cchc").write_bytes(data[: len(data) // 2])
    (folder / "rong.cchc").write_bytes(b"")
    (folder / "ghi-chu.cchc").write_text("Báo cáo quý I gửi kèm", encoding="utf-8")
    with zipfile.ZipFile(folder / "phu-luc-excel.cchc", "w") as archive:  # an .xlsx renamed
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return {
        "sua-so-lieu.cchc": "nội dung «snapshot.json» không khớp mã kiểm tra SHA-256 trong bản kê (gói bị sửa hoặc "
                            "hỏng khi chép).",
        "ban-moi.cchc": "gói theo định dạng phiên bản 2 (lập bằng phiên bản 3.0), mới hơn phiên bản chương trình này "
                        "đọc được (1); hãy cập nhật chương trình.",
        "them-tep.cchc": "có tệp «tai-lieu/ghi-chu.txt» không ghi trong bản kê manifest.json (gói đã bị sửa).",
        "thieu-tep.cchc": "thiếu tệp «tai-lieu/bao-cao.pdf» ghi trong bản kê manifest.json.",
        "cat-cut.cchc": "tệp zip bị cắt cụt hoặc hỏng (có thể tải về hoặc chép chưa hết).",
        "rong.cchc": "tệp rỗng.",
        "ghi-chu.cchc": "không phải gói nộp báo cáo (không phải tệp zip).",
        "phu-luc-excel.cchc": "không phải gói nộp báo cáo của Sổ kế hoạch CCHC (tệp zip không có manifest.json).",
    }


def test_broken_and_foreign_files_are_named_and_skipped_never_fatal(services, wards, tmp_path):
    expected = _broken_files(tmp_path / "hong", wards[1].package)
    opened = open_packages([tmp_path / "hong", wards[0].package, tmp_path / "khong-co.cchc"])
    assert {Path(s.file).name: s.reason for s in opened.skipped} == {**expected,
                                                                    "khong-co.cchc": "không có tệp này."}
    [table] = services.consolidation.consolidate(opened).tables
    assert [line.name for line in table.lines] == [wards[0].name]


def test_a_damaged_member_inside_a_whole_zip_is_caught_by_its_check(wards, tmp_path):
    """A bit flipped in the compressed report: zip's own CRC (or the hash) refuses it."""
    data = bytearray(wards[2].package.read_bytes())
    with zipfile.ZipFile(wards[2].package) as archive:
        info = archive.getinfo("tai-lieu/bao-cao.pdf")
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[middle] ^= 0xFF
    (tmp_path / "hong-bit.cchc").write_bytes(bytes(data))
    [skipped] = open_packages([tmp_path / "hong-bit.cchc"]).skipped
    assert skipped.reason.startswith(("tệp «tai-lieu/bao-cao.pdf» bên trong bị hỏng",
                                      "nội dung «tai-lieu/bao-cao.pdf» không khớp mã kiểm tra SHA-256"))


def test_command_line_prints_exactly_units_and_skipped(wards, tmp_path):
    (tmp_path / "danh-sach.txt").write_text(
        "Mã;Tên đơn vị\n" + "".join(f"{w.code};{w.name}\n" for w in wards[:5]) + "99999;phường Chưa Gửi\n",
        encoding="utf-8")
    (tmp_path / "la.cchc").write_text("không phải gói", encoding="utf-8")
    result = run_cli("consolidate", str(tmp_path / "tong-hop.xlsx"), *(str(w.package) for w in wards[:6]),
                     str(tmp_path / "la.cchc"), "--json", "--expected", str(tmp_path / "danh-sach.txt"),
                     "--db", str(tmp_path / "tinh.sqlite3"))
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert set(data) == {"units", "skipped"}
    assert data["skipped"] == [{"file": str(tmp_path / "la.cchc"),
                                "reason": "không phải gói nộp báo cáo (không phải tệp zip)."}]
    assert [u["name"] for u in data["units"]] == [w.name for w in wards[:5]] + ["phường Chưa Gửi", wards[5].name]
    for unit, ward in zip(data["units"], wards[:5]):
        assert set(unit) == {"name", "code", "period", "submitted", "total", "by_status", "percent_done"}
        assert (unit["code"], unit["period"], unit["total"], unit["by_status"], unit["percent_done"]) == \
            (ward.code, {"period": "q1", "year": 2023}, ward.total, ward.by_status, ward.percent_done)
        assert unit["submitted"][:4] == str(date.today().year)
    missing = data["units"][5]
    assert (missing["code"], missing["submitted"], missing["total"], missing["percent_done"]) == \
        ("99999", None, 0, 0.0)
    assert set(missing["by_status"].values()) == {0}
    assert (tmp_path / "tong-hop.xlsx").exists()


def test_command_line_refuses_when_no_package_can_be_read(tmp_path):
    (tmp_path / "a.cchc").write_bytes(b"")
    result = run_cli("consolidate", str(tmp_path / "th.xlsx"), str(tmp_path / "a.cchc"),
                     "--db", str(tmp_path / "tinh.sqlite3"))
    assert (result.code, result.message) == (
        2, f"Lỗi: Không có gói nộp báo cáo nào đọc được. «{tmp_path / 'a.cchc'}»: tệp rỗng.")
    assert not (tmp_path / "th.xlsx").exists()


def test_expected_units_and_deadlines_are_kept_in_the_data_file(services):
    from app.core.errors import InvalidInputError

    units = [ExpectedUnit(" phường  Hồng Hải ", "22345"), ExpectedUnit("xã Lê Lợi", ""), ExpectedUnit("", "")]
    services.consolidation.set_expected_units(units)
    assert services.consolidation.expected_units() == [ExpectedUnit("phường Hồng Hải", "22345"),
                                                        ExpectedUnit("xã Lê Lợi", "")]
    with pytest.raises(InvalidInputError, match="hai lần"):
        services.consolidation.set_expected_units([ExpectedUnit("xã Lê Lợi"), ExpectedUnit("Xã Lê Lợi")])
    assert services.consolidation.deadline(Period.Q1, 2025) == date(2025, 3, 10)
    services.consolidation.set_deadline(Period.Q1, 2025, date(2025, 3, 12))
    assert services.consolidation.deadline(Period.Q1, 2025) == date(2025, 3, 12)
    assert services.consolidation.deadline(Period.H1, 2025) == date(2025, 6, 10)


def test_a_unit_list_is_read_from_text_csv_and_excel(tmp_path):
    from openpyxl import Workbook

    from app.services.consolidation import read_expected_units

    (tmp_path / "a.txt").write_text("STT\tMã\tTên đơn vị\n1\t22345\tphường Hồng Hải\n2\t22348\tphường Hà Tu\n",
                                    encoding="utf-8")
    (tmp_path / "b.csv").write_bytes("phường Hồng Hải,22345\nxã Lê Lợi\n".encode("utf-8-sig"))
    workbook = Workbook()
    workbook.active.append(["TT", "Tên đơn vị", "Mã đơn vị"])
    workbook.active.append([1, "phường Hồng Hải", 22345])
    workbook.active.append([2, "đặc khu Cô Tô", "22399"])
    workbook.save(tmp_path / "c.xlsx")
    assert read_expected_units(tmp_path / "a.txt") == [ExpectedUnit("phường Hồng Hải", "22345"),
                                                       ExpectedUnit("phường Hà Tu", "22348")]
    assert read_expected_units(tmp_path / "b.csv") == [ExpectedUnit("phường Hồng Hải", "22345"),
                                                       ExpectedUnit("xã Lê Lợi", "")]
    assert read_expected_units(tmp_path / "c.xlsx") == [ExpectedUnit("phường Hồng Hải", "22345"),
                                                        ExpectedUnit("đặc khu Cô Tô", "22399")]


def test_a_special_zone_in_the_list_is_named_in_the_titles(services, wards, tmp_path):
    """Since 2025 a province has xã, phường and đặc khu: with a đặc khu among
    the units, the consolidated tables say so in their titles."""
    from openpyxl import load_workbook

    expected = _expected(wards[:3]) + [ExpectedUnit("đặc khu Vân Đồn", "22384")]
    [table] = services.consolidation.consolidate(open_packages([w.package for w in wards[:3]]), expected).tables
    services.consolidation.export_xlsx([table], tmp_path / "th.xlsx")
    workbook = load_workbook(tmp_path / "th.xlsx")
    assert workbook["Tổng hợp"]["A2"].value == ("TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2023 "
                                                "CỦA CÁC XÃ, PHƯỜNG, ĐẶC KHU")
    assert workbook["Quá hạn"]["A2"].value == "DANH MỤC NHIỆM VỤ QUÁ HẠN QUÝ I NĂM 2023 CỦA CÁC XÃ, PHƯỜNG, ĐẶC KHU"


def test_consolidated_workbook_holds_every_unit_as_numbers_and_the_overdue_tasks(services, wards, tmp_path):
    from openpyxl import load_workbook

    expected = _expected(wards[:10]) + [ExpectedUnit("phường Chưa Gửi", "29999")]
    services.consolidation.set_deadline(Period.Q1, YEAR, date(2030, 1, 1))
    [table] = services.consolidation.consolidate(open_packages([w.package for w in wards[:10]]), expected).tables
    services.consolidation.export_xlsx([table], tmp_path / "th.xlsx")
    workbook = load_workbook(tmp_path / "th.xlsx")
    assert workbook.sheetnames == ["Tổng hợp", "Quá hạn"]
    sheet = workbook["Tổng hợp"]
    assert sheet["A1"].value == "Phụ lục"
    assert sheet["A2"].value == ("TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2023 "
                                 "CỦA CÁC XÃ, PHƯỜNG")
    assert sheet["A3"].value == "(Theo gói báo cáo các đơn vị gửi; hạn gửi 01/01/2030; đã gửi 10/11 đơn vị)"
    header = 5
    assert [sheet.cell(header, c).value for c in range(1, 7)] == [
        "TT", "Đơn vị", "Mã đơn vị", "Ngày gửi", "Tổng số nhiệm vụ", "Kết quả thực hiện (số nhiệm vụ)"]
    assert [sheet.cell(header + 1, c).value for c in range(6, 14)] == [
        "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đang thực hiện", "Quá hạn", "Chưa triển khai",
        "Thường xuyên đã triển khai", "Thường xuyên chưa triển khai", "Không thực hiện"]
    assert f"F{header}:M{header}" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.print_title_rows == f"${header}:${header + 1}"
    first = header + 2
    for offset, ward in enumerate(wards[:10]):
        row = first + offset
        values = [sheet.cell(row, c).value for c in range(1, 16)]
        assert values[:3] == [str(offset + 1), ward.name, ward.code]
        assert values[4:13] == [ward.total] + [ward.by_status[s.value] for s in (
            TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE, TaskStatus.IN_PROGRESS, TaskStatus.OVERDUE,
            TaskStatus.NOT_STARTED, TaskStatus.RECURRING_ACTIVE, TaskStatus.RECURRING_IDLE, TaskStatus.CANCELLED)]
        assert values[13] == ward.percent_done and values[14] is None
    missing = [sheet.cell(first + 10, c).value for c in range(1, 16)]
    assert missing[:3] == ["11", "phường Chưa Gửi", "29999"] and missing[14] == "Chưa gửi"
    assert set(missing[3:14]) == {None}
    total = [sheet.cell(first + 11, c).value for c in range(1, 16)]
    assert total[1] == "Tổng cộng (10 đơn vị đã gửi)" and total[4] == 300
    assert total[8] == sum(w.by_status["qua-han"] for w in wards[:10])
    overdue = workbook["Quá hạn"]
    assert overdue["A2"].value == "DANH MỤC NHIỆM VỤ QUÁ HẠN QUÝ I NĂM 2023 CỦA CÁC XÃ, PHƯỜNG"
    listed = [overdue.cell(r, 2).value for r in range(5, overdue.max_row + 1)]
    assert len(listed) == len(table.overdue) and listed[0] == table.overdue[0].unit


def test_consolidated_pdf_prints_every_unit_in_the_document_font(services, wards, tmp_path):
    if shutil.which("pdftotext") is None or shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils missing")
    [table] = services.consolidation.consolidate(open_packages([w.package for w in wards])).tables
    services.consolidation.export_pdf([table], tmp_path / "th.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "th.pdf"), "-"], capture_output=True,
                          text=True).stdout
    flat = " ".join(text.split())
    assert "TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2023" in flat
    for ward in wards:
        assert ward.name.split()[-1] in flat and ward.code in flat
    assert "DANH MỤC NHIỆM VỤ QUÁ HẠN" in flat
    fonts = subprocess.run(["pdffonts", str(tmp_path / "th.pdf")], capture_output=True, text=True).stdout
    assert "Helvetica" not in fonts and fonts.count("yes") >= 2
    info = subprocess.run(["pdfinfo", str(tmp_path / "th.pdf")], capture_output=True, text=True).stdout
    assert re.search(r"Page size: +841\.\d+ x 595\.\d+ pts \(A4\)", info)  # A4 landscape


def test_a_province_list_of_over_a_thousand_overdue_tasks_prints_each_number_on_one_line(services, wards, tmp_path):
    # 170 wards with some ten overdue tasks each: the list numbers pass 1000.
    import dataclasses

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils missing")
    [table] = services.consolidation.consolidate(open_packages([w.package for w in wards[:2]])).tables
    many = (table.overdue * (1010 // len(table.overdue) + 1))[:1010]
    services.consolidation.export_pdf([dataclasses.replace(table, overdue=tuple(many))], tmp_path / "th.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "th.pdf"), "-"], capture_output=True,
                          text=True).stdout
    numbers = [int(m.group(1)) for m in re.finditer(r"^ *(\d+) +(?:phường|xã|đặc khu) ", text, re.MULTILINE)]
    assert numbers[-len(many):] == list(range(1, len(many) + 1))


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice or poppler missing")
def test_libreoffice_prints_the_consolidated_workbook_on_a4_landscape(services, wards, tmp_path):
    [table] = services.consolidation.consolidate(open_packages([w.package for w in wards])).tables
    services.consolidation.export_xlsx([table], tmp_path / "th.xlsx")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "th.xlsx")],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "th.pdf"), "-"], capture_output=True,
                          text=True).stdout
    pages = text.split("\f")
    for ward in wards:
        assert ward.code in text
    body_pages = [p for p in pages if any(w.code in p for w in wards)]
    assert len(body_pages) >= 2
    for page in body_pages:  # the two header rows repeat on each page
        assert "Đơn vị" in page and "Ghi chú" in page and "Kết quả thực hiện (số nhiệm vụ)" in page
    info = subprocess.run(["pdfinfo", str(tmp_path / "th.pdf")], capture_output=True, text=True).stdout
    assert re.search(r"Page size: +841\.\d+ x 595\.\d+ pts \(A4\)", info)


def test_packages_of_two_periods_give_a_table_each_unless_one_is_chosen(wards, tmp_path):
    from openpyxl import load_workbook

    from app.services import Services

    services = Services.open(tmp_path / "phuong.sqlite3", tmp_path / "data")
    try:
        [ward] = make_wards(services, tmp_path / "q1", 1)
        services.submissions.build(ward.plan_id, tmp_path / "nam.cchc", "year", YEAR, date(2023, 12, 14))
    finally:
        services.close()
    both = run_cli("consolidate", str(tmp_path / "th.xlsx"), str(ward.package), str(tmp_path / "nam.cchc"),
                   "--json", "--db", str(tmp_path / "tinh.sqlite3"))
    assert both.code == 0, both.err
    assert [u["period"] for u in json.loads(both.out)["units"]] == [{"period": "year", "year": 2023},
                                                                   {"period": "q1", "year": 2023}]
    assert load_workbook(tmp_path / "th.xlsx").sheetnames == [
        "Tổng hợp năm 2023", "Quá hạn năm 2023", "Tổng hợp quý I năm 2023", "Quá hạn quý I năm 2023"]
    one = run_cli("consolidate", str(tmp_path / "q1.pdf"), str(ward.package), str(tmp_path / "nam.cchc"),
                  "--period", "q1", "--json", "--db", str(tmp_path / "tinh.sqlite3"))
    assert [u["period"] for u in json.loads(one.out)["units"]] == [{"period": "q1", "year": 2023}]
    assert (tmp_path / "q1.pdf").read_bytes()[:5] == b"%PDF-"
