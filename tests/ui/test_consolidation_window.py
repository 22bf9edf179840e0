"""Tổng hợp from the window: open packages (files, folders, dropped), see the
table, follow up who has not sent, drill into a ward; the ward's side: the
package from "Gửi lên tỉnh"."""

from __future__ import annotations

import email
import json
import zipfile
from datetime import date
from email import policy
from pathlib import Path

import pytest

from app.core.consolidation import ExpectedUnit
from app.core.periods import Period
from app.core.status import TaskStatus
from app.ui.background import wait_for_background_work
from app.ui.consolidation.model import NOTE_COLUMN, PERCENT_COLUMN, UnitsModel
from app.ui.consolidation.window import ConsolidationWindow
from app.ui.qt import QDesktopServices, QMimeData, QPoint, Qt, QUrl
from tests.province import AS_OF, YEAR, make_wards


@pytest.fixture(scope="module")
def ward_packages(tmp_path_factory):
    from app.services import Services

    folder = tmp_path_factory.mktemp("goi-ui")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CCHC_DATA_DIR", str(folder / "data"))
        services = Services.open(folder / "phuong.sqlite3", folder / "data")
        try:
            wards = make_wards(services, folder / "goi", 6, seed=5)
        finally:
            services.close()
    return wards


@pytest.fixture
def consolidation(qtbot, services, messages):
    window = ConsolidationWindow(services)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def _open(window, paths):
    window.open_paths([str(p) for p in paths])
    assert wait_for_background_work(60000)


def _cell(window, row, column):
    return window.units_model.index(row, column).data()


def test_the_menu_opens_the_consolidation_window(window):
    from app.ui.consolidation import window as module

    report_menu = [a for a in window.menuBar().actions() if a.text() == "&Báo cáo"][0].menu()
    assert [a.text() for a in report_menu.actions()] == [
        "Báo cáo định kỳ…", "Tự đánh giá Chỉ số CCHC…", "Tổng hợp báo cáo các đơn vị…"]
    action = report_menu.actions()[2]
    action.trigger()
    opened = [w for w in module._OPEN_WINDOWS if w.isVisible()]
    assert len(opened) == 1 and opened[0].windowTitle().startswith("Tổng hợp báo cáo các đơn vị")
    action.trigger()  # a second time: the same window, raised
    assert len([w for w in module._OPEN_WINDOWS if w.isVisible()]) == 1
    opened[0].close()


def test_before_any_package_the_lists_are_named_and_no_deadline_is_shown(consolidation):
    """The three lists under the table carry their names from the start (not
    three blank tabs), and the deadline box shows no made-up day."""
    assert [consolidation.tabs.tabText(i) for i in range(3)] == [
        "Chưa gửi (0), gửi muộn (0)", "Nhiệm vụ quá hạn (0)", "Tệp bỏ qua (0)"]
    assert not consolidation.deadline.isEnabled()
    assert consolidation.deadline.text().strip() in ("", "—")


def test_opening_a_folder_shows_every_unit_with_its_figures(consolidation, services, ward_packages, qtmodeltester):
    services.consolidation.set_deadline(Period.Q1, YEAR, date.today())
    _open(consolidation, [ward_packages[0].package.parent])
    assert consolidation.period_box.currentText() == "Quý I năm 2023"
    assert consolidation.units_model.rowCount() == 6
    for row, ward in enumerate(sorted(ward_packages, key=lambda w: w.code)):
        assert _cell(consolidation, row, 1) == ward.name and _cell(consolidation, row, 2) == ward.code
        assert _cell(consolidation, row, 4) == str(ward.total)
        assert _cell(consolidation, row, 8) == str(ward.by_status["qua-han"])
        assert _cell(consolidation, row, PERCENT_COLUMN) == f"{ward.percent_done:.1f}".rstrip("0").rstrip(".") \
            .replace(".", ",") + "%"
        assert _cell(consolidation, row, NOTE_COLUMN) == ""
    overdue = sum(w.by_status["qua-han"] for w in ward_packages)
    assert f"quá hạn {overdue}" in consolidation.summary.text()
    assert consolidation.tabs.tabText(1) == f"Nhiệm vụ quá hạn ({overdue})"
    assert consolidation.overdue_model.rowCount() == overdue
    assert consolidation.act_xlsx.isEnabled()
    qtmodeltester.check(consolidation.units_model)
    qtmodeltester.check(consolidation.overdue_model)


def test_broken_files_and_units_not_submitted_are_listed(consolidation, services, ward_packages, tmp_path):
    services.consolidation.set_expected_units(
        [ExpectedUnit(w.name, w.code) for w in ward_packages[:3]] + [ExpectedUnit("xã Quên Nộp", "29999")])
    services.consolidation.set_deadline(Period.Q1, YEAR, date(2023, 3, 10))  # every package was made after it
    (tmp_path / "hong.cchc").write_bytes(ward_packages[0].package.read_bytes()[:500])
    _open(consolidation, [w.package for w in ward_packages[:3]] + [tmp_path / "hong.cchc"])
    assert [_cell(consolidation, r, 1) for r in range(4)] == [w.name for w in ward_packages[:3]] + ["xã Quên Nộp"]
    assert _cell(consolidation, 3, NOTE_COLUMN) == "Chưa gửi" and _cell(consolidation, 3, 4) == ""
    assert _cell(consolidation, 0, NOTE_COLUMN) == "Gửi muộn"
    assert consolidation.tabs.tabText(0) == "Chưa gửi (1), gửi muộn (3)"
    assert consolidation.missing_model.rows[0] == ("xã Quên Nộp", "29999", "Chưa gửi")
    assert consolidation.missing_model.rows[1][2].startswith("Gửi muộn: ")
    assert consolidation.skipped_model.rows == [
        (str(tmp_path / "hong.cchc"), "tệp zip bị cắt cụt hoặc hỏng (có thể tải về hoặc chép chưa hết).")]
    assert consolidation.tabs.tabText(2) == "Tệp bỏ qua (1)"
    assert consolidation.statusBar().currentMessage() == "Đã đọc 3 gói từ 4 nơi, tính 3; 1 tệp hỏng hoặc không phải gói."


def test_files_dropped_on_the_window_are_added_and_a_copy_counts_once(consolidation, ward_packages, tmp_path, qtbot):
    from app.ui.qt import QDragEnterEvent, QDropEvent

    copy = tmp_path / "ban-sao.cchc"
    copy.write_bytes(ward_packages[1].package.read_bytes())
    _open(consolidation, [ward_packages[0].package])
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(ward_packages[1].package)), QUrl.fromLocalFile(str(copy))])
    enter = QDragEnterEvent(QPoint(200, 200), Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    consolidation.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPoint(200, 200).toPointF(), Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    consolidation.dropEvent(drop)
    assert wait_for_background_work(60000)
    assert consolidation.units_model.rowCount() == 2
    assert consolidation.skipped_model.rows[0][0] == str(copy)
    assert "cùng một gói" in consolidation.skipped_model.rows[0][1]
    assert consolidation.statusBar().currentMessage() == \
        "Đã đọc 3 gói từ 3 nơi, tính 2, bỏ 1 gói trùng hoặc đã có bản gửi lại mới hơn."


def test_double_click_drills_into_the_wards_rows(consolidation, ward_packages, qtbot, monkeypatch, tmp_path):
    _open(consolidation, [ward_packages[2].package])
    view = consolidation.units_view
    view.doubleClicked.emit(view.model().index(0, 1))
    from app.ui.consolidation.drilldown import WardDialog

    dialog = consolidation.findChild(WardDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == f"Chi tiết: {ward_packages[2].name}"
    model = dialog.model
    assert model.rowCount() == 45  # seed 004: every row, areas and activities included
    assert (model.index(0, 0).data(), model.index(0, 1).data()) == ("I", "CẢI CÁCH THỂ CHẾ")
    task_statuses = [model.index(r, 4).data() for r in range(model.rowCount()) if model.rows[r].kind == "task"]
    assert len(task_statuses) == 30
    assert task_statuses.count("Quá hạn") == ward_packages[2].by_status["qua-han"]
    dialog.overdue_only.setChecked(True)
    assert dialog.proxy.rowCount() == ward_packages[2].by_status["qua-han"]
    first = dialog.proxy.index(0, 5).data()
    assert first and all(len(part) == 10 for part in first.split("; "))  # the due dates missed, dd/mm/yyyy
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    report = dialog.open_document("tai-lieu/bao-cao.pdf")
    assert opened == [str(report)] and report.read_bytes()[:5] == b"%PDF-"
    dialog.close()


def test_an_overdue_task_opens_its_ward_filtered_to_overdue_work(consolidation, ward_packages):
    _open(consolidation, [ward_packages[3].package])
    view = consolidation.overdue_view
    view.doubleClicked.emit(view.model().index(0, 2))
    from app.ui.consolidation.drilldown import WardDialog

    dialog = consolidation.findChild(WardDialog)
    assert dialog.overdue_only.isChecked()
    assert dialog.proxy.rowCount() == ward_packages[3].by_status["qua-han"]
    dialog.close()


def test_changing_the_deadline_marks_late_packages(consolidation, services, ward_packages):
    services.consolidation.set_deadline(Period.Q1, YEAR, date.today())
    _open(consolidation, [ward_packages[0].package])
    assert _cell(consolidation, 0, NOTE_COLUMN) == ""
    from app.ui.qt import QDate

    consolidation.deadline.setDate(QDate(2023, 3, 10))
    consolidation.deadline.editingFinished.emit()
    assert _cell(consolidation, 0, NOTE_COLUMN) == "Gửi muộn"
    assert services.consolidation.deadline(Period.Q1, YEAR) == date(2023, 3, 10)


def test_exports_go_through_the_save_dialog_and_its_guard(consolidation, services, ward_packages, tmp_path,
                                                          monkeypatch, messages):
    from openpyxl import load_workbook

    from app.ui.qt import QFileDialog

    _open(consolidation, [w.package for w in ward_packages])
    target = tmp_path / "tong-hop"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Excel (*.xlsx)"))
    consolidation.act_xlsx.trigger()
    assert wait_for_background_work(60000)
    sheet = load_workbook(tmp_path / "tong-hop.xlsx")["Tổng hợp"]
    assert [sheet.cell(7 + i, 2).value for i in range(6)] == [w.name for w in sorted(ward_packages, key=lambda w: w.code)]
    managed = services.data_dir / "backups" / "tong-hop.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(managed), "PDF (*.pdf)"))
    consolidation.act_pdf.trigger()
    assert messages[-1] == ("warning", f"«{managed}» nằm trong thư mục sao lưu «{managed.parent}» do chương trình "
                                       "tự quản lý. Hãy lưu vào thư mục khác.")
    assert not managed.exists()


def test_the_expected_units_dialog_loads_a_file_and_saves_the_list(qtbot, services, messages, tmp_path):
    from app.ui.consolidation.units_dialog import ExpectedUnitsDialog

    (tmp_path / "ds.csv").write_text("Mã;Tên đơn vị\n22345;phường Hồng Hải\n22348;phường Hà Tu\n", encoding="utf-8")
    dialog = ExpectedUnitsDialog(services)
    qtbot.addWidget(dialog)
    dialog.load_file(str(tmp_path / "ds.csv"))
    assert dialog.units() == [ExpectedUnit("phường Hồng Hải", "22345"), ExpectedUnit("phường Hà Tu", "22348")]
    assert dialog.count.text() == "2 đơn vị"
    dialog._save()
    assert services.consolidation.expected_units() == dialog.units()
    dialog = ExpectedUnitsDialog(services)
    qtbot.addWidget(dialog)
    dialog.table.item(1, 1).setText("2234A")
    dialog._save()
    assert messages[-1][1] == "Mã đơn vị không hợp lệ: «2234A» (chỉ gồm chữ số, ví dụ 22345)."
    assert services.consolidation.expected_units()[1].code == "22348"


# -- the ward's side: Gửi lên tỉnh --------------------------------------------------------------------------


def _ward_plan(services):
    from tests.seeds import enter_seed

    plan_id = enter_seed(services, "004", YEAR)
    services.plans.update(plan_id, {"issuing_body": "ỦY BAN NHÂN DÂN\nPHƯỜNG SÔNG CẦU"})
    report = services.reports.create(plan_id, "q1", YEAR, AS_OF)
    return plan_id, report


def test_mail_dialog_sends_the_package_with_the_report(qtbot, services, monkeypatch, messages):
    from app.ui.mail_dialog import MailDialog

    plan_id, report = _ward_plan(services)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog = MailDialog(services, plan_id)
    qtbot.addWidget(dialog)
    assert not dialog.include["package"].isChecked()
    assert dialog.package.unit_name.text() == "phường Sông Cầu"
    dialog.report.setCurrentIndex(dialog.report.findData(report.id))
    assert dialog.include["package"].isChecked() and dialog.include["report-pdf"].isChecked()
    assert dialog.package.period.text() == ("quý I năm 2023 — số liệu đến ngày 10/03/2023 "
                                           "(kỳ số liệu 15/12/2022–14/03/2023)")
    dialog.package.unit_code.setText("01834")
    dialog.new_address.setText("Sở Nội vụ <snv@tinh.gov.vn>")
    dialog._add_address()
    assert "BC-CCHC-Quy-I-2023-Phuong-Song-Cau.cchc" in dialog.body.toPlainText()
    dialog.prepare()
    assert wait_for_background_work(60000)
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    message = email.message_from_bytes(open(opened[0], "rb").read(), policy=policy.default)
    parts = {p.get_filename(): p.get_content() for p in message.iter_attachments()}
    assert sorted(parts) == ["BC-CCHC-Quy-I-2023-Phuong-Song-Cau.cchc", "BC-CCHC-Quy-I-2023-Phuong-Song-Cau.pdf",
                             "KH-CCHC-2023-Phuong-Song-Cau.pdf", "PL-KH-CCHC-2023-Phuong-Song-Cau.xlsx"]
    package = Path(opened[0]).with_suffix("") / "BC-CCHC-Quy-I-2023-Phuong-Song-Cau.cchc"
    with zipfile.ZipFile(package) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["unit"] == {"name": "phường Sông Cầu", "code": "01834"}
    assert manifest["period"]["report_id"] == report.id and manifest["period"]["as_of"] == "2023-03-10"
    assert services.settings.get("unit_code") == "01834"  # kept for next time


def test_mail_dialog_saves_the_package_alone(qtbot, services, monkeypatch, messages, tmp_path):
    from app.io.submission_package import read_package
    from app.ui.mail_dialog import MailDialog
    from app.ui.qt import QFileDialog

    plan_id, report = _ward_plan(services)
    dialog = MailDialog(services, plan_id)
    qtbot.addWidget(dialog)
    dialog.report.setCurrentIndex(dialog.report.findData(report.id))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "goi"), ""))
    dialog.package.save_button.click()
    assert wait_for_background_work(60000)
    package = read_package(tmp_path / "goi.cchc")
    assert package.manifest["unit"]["name"] == "phường Sông Cầu"
    assert package.snapshot["figures"]["period"]["period"] == "q1"
    assert messages[-1][0] == "information" and str(tmp_path / "goi.cchc") in messages[-1][1]
    dialog.package.unit_code.setText("18A")
    dialog.package.save_button.click()
    assert messages[-1] == ("warning", "Mã đơn vị không hợp lệ: «18A» (chỉ gồm chữ số, ví dụ 22345).")


def test_the_unit_code_is_set_in_thiet_lap_too(qtbot, services, messages):
    from app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    dialog.fields["unit_code"].setText("01834")
    dialog._save()
    assert services.settings.get("unit_code") == "01834"
    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    assert dialog.fields["unit_code"].text() == "01834"
    dialog.fields["unit_code"].setText("mã 18")
    dialog._save()
    assert messages[-1][1] == "Mã đơn vị không hợp lệ: «mã 18» (chỉ gồm chữ số, ví dụ 22345)."
    assert services.settings.get("unit_code") == "01834"
