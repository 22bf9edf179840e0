"""A ward under the two-level government: its plan, report, appendix and
mail name the province and its Sở Nội vụ; nothing printed names a district
or an anonymous upper level ("cấp trên"). A plan issued mid-year starts on
its own day: occurrences, data windows and report periods follow it."""

from __future__ import annotations

import re
import shutil
from datetime import date
from email import policy
from email.parser import BytesParser

import pytest

from app.core.errors import InvalidInputError
from app.core.legal_bases import LibraryBasis
from app.core.model import RowKind
from app.core.text import fold, nfc
from app.core.unit import UnitProfile
from tests.io.test_pdf import pdftotext

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by .ci/run")
HONG_HAI = UnitProfile(unit_kind="phường", unit_name="Hồng Hải", province_kind="tỉnh", province_name="Quảng Ninh",
                       home_affairs_email="snv@quangninh.gov.vn")
# "quận"/"huyện"/"thị xã" as the level above, or "cấp trên", in any case.
DISTRICT = re.compile(r"(?<!\w)(quận|huyện|thị xã|cấp trên)(?!\w)")


def districts_in(text: str) -> list[str]:
    return DISTRICT.findall(" ".join(nfc(text).lower().split()))


def xlsx_text(path) -> str:
    from openpyxl import load_workbook

    book = load_workbook(path)
    return "\n".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value)


def docx_text(path) -> str:
    """Every paragraph of a Word file, in its tables too."""
    import docx

    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts += [cell.text for cell in row.cells]
    return "\n".join(texts)


@pytest.fixture
def ward(services):
    services.unit_profile.save(HONG_HAI)
    return services


def test_the_unit_is_stored_once_and_read_back(ward):
    profile = ward.unit_profile.profile()
    assert (profile.unit, profile.province, profile.home_affairs_email) == (
        "phường Hồng Hải", "tỉnh Quảng Ninh", "snv@quangninh.gov.vn")
    assert ward.settings.get("unit_name") == "phường Hồng Hải"
    # The usual upper bodies are not stored: they follow the province's name when it is corrected.
    assert ward.settings.get("upper_body") == "" and ward.settings.get("report_addressees") == []
    ward.unit_profile.save(UnitProfile(unit_kind="xã", unit_name="xã Định Hưng", province_name="Thanh Hóa",
                                       upper_body="Ủy ban nhân dân tỉnh Thanh Hóa"))
    assert ward.unit_profile.profile().unit == "xã Định Hưng"
    with pytest.raises(InvalidInputError, match="Loại đơn vị không hợp lệ"):
        ward.unit_profile.save(UnitProfile(unit_kind="quận", unit_name="1"))


def test_a_new_plan_takes_the_unit_bases_and_recipients(ward):
    plan = ward.plans.get(ward.plans.create("cchc", 2026))
    assert plan.issuing_body == "ỦY BAN NHÂN DÂN\nPHƯỜNG HỒNG HẢI"
    assert plan.place == "Hồng Hải"
    assert plan.recipients == ("UBND tỉnh Quảng Ninh (b/c);", "Sở Nội vụ tỉnh Quảng Ninh (b/c);",
                               "TT Đảng ủy, TT HĐND phường;", "CT, các PCT UBND phường;",
                               "Các ban, ngành, đoàn thể phường;", "Lưu: VT.")
    assert plan.legal_bases == (
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;",
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ ban hành Chương trình tổng thể "
        "cải cách hành chính nhà nước giai đoạn 2021 - 2030;",
        "Thực hiện Kế hoạch số …/KH-UBND ngày … của Ủy ban nhân dân tỉnh Quảng Ninh về cải cách hành chính năm 2026;",
    )
    assert "phường Hồng Hải" in plan.sections[0].text


@needs_poppler
def test_a_new_plan_prints_no_district_and_no_upper_level(ward, tmp_path):
    plan_id = ward.plans.create("cchc", 2026)
    area = next(r for r in ward.rows.list(plan_id) if r.kind is RowKind.AREA)
    ward.rows.add(plan_id, RowKind.TASK, area.id, texts={"task": "Ban hành Kế hoạch CCHC năm 2026",
                                                         "lead": "Văn phòng HĐND và UBND", "timeframe": "Quý I/2026"})
    pdf = pdftotext(ward.exports.export_plan_pdf(plan_id, tmp_path / "kh.pdf"))
    xlsx = xlsx_text(ward.exports.export_xlsx(plan_id, tmp_path / "pl.xlsx"))
    report = ward.reports.create(plan_id, "q1")
    report_pdf = pdftotext(ward.reports.export_pdf(report.id, tmp_path / "bc.pdf"))
    plan_word = docx_text(ward.exports.export_plan_docx(plan_id, tmp_path / "kh.docx"))
    report_word = docx_text(ward.reports.export_docx(report.id, tmp_path / "bc.docx"))
    for text in (pdf, xlsx, report_pdf, plan_word, report_word):
        assert districts_in(text) == []
    assert "Kính gửi: Ủy ban nhân dân tỉnh Quảng Ninh (qua Sở Nội vụ)." in report_word
    assert "Sở Nội vụ tỉnh Quảng Ninh (b/c);" in plan_word
    flat = " ".join(pdf.split())
    assert "ỦY BAN NHÂN DÂN PHƯỜNG HỒNG HẢI" in flat and "Hồng Hải, ngày tháng năm 2026" in " ".join(flat.split())
    assert "- Sở Nội vụ tỉnh Quảng Ninh (b/c);" in pdf
    assert "(Kèm theo Kế hoạch số /KH-UBND ngày tháng năm 2026 của Ủy ban nhân dân phường Hồng Hải)" in " ".join(
        xlsx.split())
    assert report.addressees == ("Ủy ban nhân dân tỉnh Quảng Ninh (qua Sở Nội vụ)",)
    assert report.recipients == ("Như trên;", "Sở Nội vụ tỉnh Quảng Ninh (để tổng hợp);",
                                 "TT Đảng ủy, TT HĐND phường;", "CT, các PCT UBND phường;", "Lưu: VT.")
    assert "Kính gửi: Ủy ban nhân dân tỉnh Quảng Ninh (qua Sở Nội vụ)." in " ".join(report_pdf.split())


def test_even_before_the_unit_is_set_nothing_names_an_upper_level(services):
    plan_id = services.plans.create("cchc", 2026)
    plan = services.plans.get(plan_id)
    report = services.reports.create(plan_id, "year")
    for text in (*plan.recipients, *report.addressees, *report.recipients, *plan.legal_bases):
        assert districts_in(text) == [], text
    assert report.addressees == ("Ủy ban nhân dân tỉnh (qua Sở Nội vụ)",)


def test_mail_goes_to_the_so_noi_vu_and_marks_the_report_sent(ward, tmp_path):
    plan_id = ward.plans.create("cchc", 2026)
    report = ward.reports.create(plan_id, "q1")
    assert ward.mail.default_recipients() == ["Sở Nội vụ tỉnh Quảng Ninh <snv@quangninh.gov.vn>"]
    draft = ward.mail.prepare(plan_id, ward.mail.default_recipients(), ["report-pdf"], report.id,
                              target=tmp_path / "thu.eml")
    message = BytesParser(policy=policy.default).parsebytes(draft.eml_path.read_bytes())
    assert message["To"] == "Sở Nội vụ tỉnh Quảng Ninh <snv@quangninh.gov.vn>"
    body = message.get_body(("plain",)).get_content()
    assert body.splitlines()[0] == "Kính gửi: Ủy ban nhân dân tỉnh Quảng Ninh (qua Sở Nội vụ)."
    assert ward.reports.get(report.id).sent_on == date.today()
    ward.reports.update(report.id, {"sent_on": date(2026, 3, 9)})  # typed by hand: kept by a later draft
    ward.mail.prepare(plan_id, ["snv@quangninh.gov.vn"], ["report-pdf"], report.id, target=tmp_path / "thu2.eml")
    assert ward.reports.get(report.id).sent_on == date(2026, 3, 9)


def test_the_bases_library_is_kept_and_picked_from(ward):
    library = ward.unit_profile.library()
    ward.unit_profile.set_library(library + (LibraryBasis("Căn cứ Nghị quyết số 1679/NQ-UBTVQH15 về sắp xếp {đơn vị};"),))
    assert ward.unit_profile.add_to_library(["Căn cứ Nghị quyết số 1679/NQ-UBTVQH15 về sắp xếp {đơn vị};",
                                             "Căn cứ Quyết định số 12/QĐ-UBND của UBND tỉnh;"]) == 1
    texts = [b.text for b in ward.unit_profile.library()]
    assert texts[-2:] == ["Căn cứ Nghị quyết số 1679/NQ-UBTVQH15 về sắp xếp {đơn vị};",
                          "Căn cứ Quyết định số 12/QĐ-UBND của UBND tỉnh;"]
    assert ward.unit_profile.filled(ward.unit_profile.library()[-2:-1], 2026) == [
        "Căn cứ Nghị quyết số 1679/NQ-UBTVQH15 về sắp xếp phường Hồng Hải;"]


def test_copy_to_next_year_offers_the_bases_years(ward):
    plan_id = ward.plans.create("cchc", 2025, start=date(2025, 8, 1))
    province = "Thực hiện Kế hoạch số 25/KH-UBND ngày 10/01/2025 của UBND tỉnh Quảng Ninh về cải cách hành chính năm 2025;"
    law = "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;"
    ward.plans.update(plan_id, {"legal_bases": (law, province)})
    offered = ward.plans.next_year_bases(plan_id)
    assert offered == [(province, "Thực hiện Kế hoạch số …/KH-UBND ngày … của UBND tỉnh Quảng Ninh về cải cách "
                                  "hành chính năm 2026;")]
    copy = ward.plans.get(ward.plans.copy_to_next_year(plan_id, [law, offered[0][1]]))
    assert copy.legal_bases == (law, offered[0][1]) and copy.year == 2026 and copy.start is None
    kept = ward.plans.get(ward.plans.copy_to_next_year(plan_id))  # declined: the bases as they were
    assert kept.legal_bases == (law, province)


# -- a plan that starts mid-year --------------------------------------------------------------


def test_start_date_is_kept_checked_and_shown(ward):
    plan_id = ward.plans.create("cchc", 2025, start=date(2025, 8, 1))
    assert ward.plans.get(plan_id).start == date(2025, 8, 1)
    with pytest.raises(InvalidInputError, match="không thuộc năm kế hoạch 2025"):
        ward.plans.update(plan_id, {"start": date(2024, 12, 1)})
    with pytest.raises(InvalidInputError, match="không thuộc năm kế hoạch 2026"):
        ward.plans.create("cchc", 2026, start=date(2025, 8, 1))
    old = ward.plans.update(plan_id, {"start": None})
    assert old == {"start": date(2025, 8, 1)} and ward.plans.get(plan_id).start is None


def test_a_mid_year_plan_owes_no_earlier_occurrence_nor_report(ward):
    plan_id = ward.plans.create("cchc", 2025, start=date(2025, 8, 1), with_areas=False)
    task = ward.rows.add(plan_id, RowKind.TASK, None, texts={
        "task": "Báo cáo CCHC định kỳ", "timeframe": "Định kỳ trước ngày 10 của tháng cuối quý"})
    tracking = ward.tracking.track(plan_id, date(2025, 12, 14))
    assert [s.due for s in tracking.tasks[task.id].status.occurrences] == [date(2025, 9, 10), date(2025, 12, 10)]
    assert [p.value for p in ward.reports.due_periods(plan_id)] == ["q3", "year"]
    with pytest.raises(InvalidInputError, match=r"Kế hoạch thực hiện từ ngày 01/08/2025: kỳ báo cáo quý I năm 2025"):
        ward.reports.create(plan_id, "q1")
    year = ward.reports.create(plan_id, "year")
    assert ward.reports.data(year.id).window == (date(2025, 8, 1), date(2025, 12, 14))
    q3 = ward.reports.create(plan_id, "q3")
    assert ward.reports.data(q3.id).window == (date(2025, 8, 1), date(2025, 9, 14))
    # Seen before it starts, the plan is judged in the period of its first day.
    assert ward.reports.period_data(plan_id, date(2025, 7, 20)).period.value == "q3"


def test_the_command_line_makes_a_mid_year_plan_and_refuses_its_first_quarter(tmp_path):
    import io
    import json

    from app.cli import run

    db = str(tmp_path / "cli.sqlite3")

    def cli(*args):
        out, err = io.StringIO(), io.StringIO()
        return run(["--db", db, *args], out, err), out.getvalue(), err.getvalue()

    assert cli("new", "--kind", "cchc", "--year", "2025", "--start", "01/08/2025") == (0, "1\n", "")
    code, out, _ = cli("show", "1", "--json", "--as-of", "2025-08-20")
    shown = json.loads(out)
    assert shown["plan"]["start"] == "2025-08-01" and shown["figures"]["period"]["window"] == ["2025-08-01", "2025-09-14"]
    assert cli("new", "--kind", "cchc", "--year", "2025", "--start", "2024-12-01") == (
        2, "", "Lỗi: Ngày bắt đầu thực hiện 01/12/2024 không thuộc năm kế hoạch 2025.\n")
    code, _, err = cli("report", "1", str(tmp_path / "q1.pdf"), "--period", "q1")
    assert code == 2 and err.startswith("Lỗi: Kế hoạch thực hiện từ ngày 01/08/2025: kỳ báo cáo quý I năm 2025")
    assert not (tmp_path / "q1.pdf").exists()


def test_no_preset_default_or_template_names_a_district_or_an_upper_level():
    """Every string the program writes into documents and mail, read from
    the source: no district above the unit, no anonymous "cấp trên". (The
    names reader in app/core/documents.py knows "quận", "huyện", "thị xã" to
    read old plans; it writes none.)"""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    anywhere = sorted((root / "app").rglob("*.py")) + sorted(
        p for p in (root / "resources").rglob("*") if p.suffix in (".json", ".txt", ".md") and "samples" not in p.parts)
    writers = [root / "app" / name for name in (
        "core/presets.py", "core/unit.py", "core/legal_bases.py", "core/report_text.py", "core/settings.py",
        "services/plans.py", "services/reports.py", "services/mail.py", "services/unit_profile.py",
        "core/assessment/criteria.py", "core/assessment/scoring.py", "io/assessment_xlsx.py", "io/assessment_pdf.py",
        "io/document_content.py", "io/report_content.py")]

    def strings(path):
        if path.suffix != ".py":
            return [path.read_text(encoding="utf-8")]
        return [node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.Constant) and isinstance(node.value, str)]

    upper = [(p.name, s) for p in anywhere for s in strings(p) if "cap tren" in fold(s)]
    assert upper == []
    district = [(p.name, s) for p in writers for s in strings(p) if districts_in(s)]
    assert district == []


def test_cchc_edit_sets_and_clears_the_start_date(tmp_path):
    import io

    from app.cli import run

    db = str(tmp_path / "cli.sqlite3")

    def cli(*args):
        out, err = io.StringIO(), io.StringIO()
        return run(["--db", db, *args], out, err), out.getvalue(), err.getvalue()

    assert cli("new", "--kind", "cchc", "--year", "2025")[0] == 0
    assert cli("edit", "1", "--set", "start=2025-07-15")[0] == 0
    from app.services import Services

    services = Services.open(db, tmp_path / "data")
    try:
        assert services.plans.get(1).start == date(2025, 7, 15)
    finally:
        services.close()
    code, _, err = cli("edit", "1", "--set", "start=2026-01-01")
    assert (code, err) == (2, "Lỗi: Ngày bắt đầu thực hiện 01/01/2026 không thuộc năm kế hoạch 2025.\n")
    code, _, err = cli("edit", "1", "--set", "start=15/07")
    assert code == 2 and err.startswith("Lỗi: start không hợp lệ: «15/07»")
    assert cli("edit", "1", "--set", "start=")[0] == 0
    services = Services.open(db, tmp_path / "data")
    try:
        assert services.plans.get(1).start is None
    finally:
        services.close()
