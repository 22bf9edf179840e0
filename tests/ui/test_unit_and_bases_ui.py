"""The unit, the bases library and the start date from the window: the
welcome keeps the unit typed there, the settings save the unit page, the
library and the reporting rules in one step, the plan form picks bases and
sets a mid-year start (one undo step each), copying a plan to the next year
offers the bases' years, a report records when it was sent."""

from __future__ import annotations

from datetime import date

from app.core.legal_bases import LibraryBasis
from app.core.unit import UnitProfile
from app.ui.qt import QDate, QDialog, QPushButton, Qt
from tests.ui.conftest import type_text


def test_the_welcome_keeps_the_unit_typed_there(window, services, monkeypatch):
    from app.ui.welcome import WelcomeDialog

    def answer(dialog):
        dialog.unit_form.unit_kind.setCurrentIndex(dialog.unit_form.unit_kind.findData("xã"))
        dialog.unit_form.unit_name.setFocus()
        type_text(dialog.unit_form.unit_name, "Định Hưng")
        dialog.unit_form.province_name.setText("Thanh Hóa")
        assert "XÃ ĐỊNH HƯNG" in dialog.unit_form.preview.text()
        later = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Để sau")
        later.click()  # "Để sau" keeps what was typed too
        return dialog.result()

    monkeypatch.setattr(WelcomeDialog, "exec", answer)
    window.show_welcome()
    profile = services.unit_profile.profile()
    assert (profile.unit, profile.province) == ("xã Định Hưng", "tỉnh Thanh Hóa")
    plan = services.plans.get(services.plans.create("cchc", 2026))
    assert plan.issuing_body == "ỦY BAN NHÂN DÂN\nXÃ ĐỊNH HƯNG"


def test_settings_save_the_unit_the_library_and_the_rules_together(qtbot, services, messages):
    from app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    form = dialog.unit_form
    form.unit_name.setText("Hồng Hải")
    form.province_name.setText("Quảng Ninh")
    assert form.upper_body.placeholderText() == "Ủy ban nhân dân tỉnh Quảng Ninh"
    assert form.addressees.placeholderText() == "Ủy ban nhân dân tỉnh Quảng Ninh (qua Sở Nội vụ)"
    form.addressees.setPlainText("Sở Nội vụ tỉnh Quảng Ninh")
    form.home_affairs_email.setText("snv@quangninh.gov.vn")
    bases = dialog.bases.bases()
    dialog.bases.set_bases(bases + [LibraryBasis("Căn cứ Nghị quyết số 1679/NQ-UBTVQH15 năm 2025;", True)])
    dialog.fields["report_deadline_day.q1"].setValue(8)
    dialog._save()
    assert dialog.result() == QDialog.Accepted and messages == []
    profile = services.unit_profile.profile()
    assert profile.report_addressees() == ("Sở Nội vụ tỉnh Quảng Ninh",)
    assert services.unit_profile.library()[-1] == LibraryBasis("Căn cứ Nghị quyết số 1679/NQ-UBTVQH15 năm 2025;", True)
    assert services.settings.get("report_deadline_day.q1") == 8


def test_settings_refuse_a_bad_address_and_change_nothing(qtbot, services, messages):
    from app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    dialog.unit_form.unit_name.setText("Hồng Hải")
    dialog.unit_form.home_affairs_email.setText("snv@@quangninh")
    dialog._save()
    assert messages and messages[0][0] == "warning"
    assert services.unit_profile.profile().unit_name == ""


def _plan_tab(window, services, start=None):
    services.unit_profile.save(UnitProfile(unit_kind="phường", unit_name="Hồng Hải", province_name="Quảng Ninh"))
    plan_id = services.plans.create("cchc", 2025, start=start)
    window.reload_plans(select=plan_id)
    window.show_tab("plan")
    return plan_id


def test_bases_picked_from_the_library_are_one_undo_step(window, services, monkeypatch):
    from app.ui.legal_bases import BasisPicker

    plan_id = _plan_tab(window, services)
    before = services.plans.get(plan_id).legal_bases
    assert len(before) == 3

    def pick(picker):
        assert [picker.list.item(i).checkState() == Qt.Checked for i in range(picker.list.count())] == [
            True, True, False, False, True, False]  # those the plan holds are ticked (and kept once)
        picker.list.item(2).setCheckState(Qt.Checked)
        return QDialog.Accepted

    monkeypatch.setattr(BasisPicker, "exec", pick)
    window.plan_form.pick_bases()
    after = services.plans.get(plan_id).legal_bases
    assert after == before + ("Căn cứ Quyết định số 1187/QĐ-BNV ngày 15 tháng 10 năm 2025 của Bộ Nội vụ về xác định "
                              "Chỉ số cải cách hành chính;",)
    window.act_undo.trigger()
    assert services.plans.get(plan_id).legal_bases == before


def test_a_mid_year_start_from_the_form_moves_the_matrix(window, services):
    from app.core.model import RowKind

    plan_id = _plan_tab(window, services)
    area = services.rows.find_area(plan_id, "I")
    services.rows.add(plan_id, RowKind.TASK, area.id, texts={"task": "Báo cáo CCHC",
                                                             "timeframe": "Định kỳ trước ngày 10 của tháng cuối quý"})
    window.reload_plans(select=plan_id)
    form = window.plan_form
    form.start_field.start_date.setDate(QDate(2025, 8, 1))
    form.start_field.mid_year.setChecked(True)
    assert services.plans.get(plan_id).start == date(2025, 8, 1)
    task = next(iter(window.open_plan.state.tracking.tasks.values()))
    assert [s.due for s in task.status.occurrences] == [date(2025, 9, 10), date(2025, 12, 10)]
    window.act_undo.trigger()
    assert services.plans.get(plan_id).start is None and not form.start_field.mid_year.isChecked()


def test_copy_to_next_year_offers_the_bases_years(window, services, monkeypatch):
    from app.ui.legal_bases import NextYearBases

    plan_id = _plan_tab(window, services)
    province = "Thực hiện Kế hoạch số 25/KH-UBND ngày 10/01/2025 của UBND tỉnh Quảng Ninh về cải cách hành chính năm 2025;"
    services.plans.update(plan_id, {"legal_bases": (province,)})
    offered = []
    monkeypatch.setattr(NextYearBases, "exec", lambda dialog: offered.append(dialog.list.count()) or QDialog.Accepted)
    window.copy_to_next_year()
    assert offered == [1]
    copy = services.plans.get(window.current_plan_id)
    assert copy.year == 2026 and copy.legal_bases == (
        "Thực hiện Kế hoạch số …/KH-UBND ngày … của UBND tỉnh Quảng Ninh về cải cách hành chính năm 2026;",)


def test_a_report_records_when_it_was_sent(qtbot, services, messages, monkeypatch):
    from app.ui.qt import QInputDialog
    from app.ui.report_dialog import ReportDialog

    plan_id = services.plans.create("cchc", 2025, start=date(2025, 8, 1))
    offered = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda parent, title, label, items, *a: offered.append(items)
                        or ("quý III", True))
    dialog = ReportDialog(services, plan_id)
    qtbot.addWidget(dialog)
    dialog.new_report()
    assert offered == [["quý III", "năm"]]  # a plan from 01/08: no report of the first half
    dialog.sent_on.setDate(QDate(2025, 9, 9))
    dialog.was_sent.setChecked(True)
    dialog.save()
    assert services.reports.find(plan_id, "q3", 2025).sent_on == date(2025, 9, 9)


def test_the_mail_dialog_ticks_the_so_noi_vu(qtbot, services):
    from app.ui.mail_dialog import MailDialog

    services.unit_profile.save(UnitProfile(unit_kind="phường", unit_name="Hồng Hải", province_name="Quảng Ninh",
                                           home_affairs_email="snv@quangninh.gov.vn"))
    plan_id = services.plans.create("cchc", 2025)
    dialog = MailDialog(services, plan_id)
    qtbot.addWidget(dialog)
    assert dialog.addresses() == ["Sở Nội vụ tỉnh Quảng Ninh <snv@quangninh.gov.vn>"]
    assert dialog.body.toPlainText().splitlines()[0] == "Kính gửi: Ủy ban nhân dân tỉnh Quảng Ninh (qua Sở Nội vụ)."


def test_the_welcome_names_every_kind_of_file_the_import_reads(qtbot, services):
    """The province often sends its plan as a PDF: the welcome's import choice
    names the same kinds of file as the import dialog's filter."""
    from app.ui.import_flow import FILE_FILTER
    from app.ui.welcome import WelcomeDialog
    from app.ui.qt import QtWidgets

    dialog = WelcomeDialog("/tmp/du-lieu", services=services)
    qtbot.addWidget(dialog)
    button = next(b for b in dialog.findChildren(QtWidgets.QCommandLinkButton) if b.text() == "Nhập kế hoạch của tỉnh")
    assert button.description() == ("Từ tệp Word (.docx), PDF, Excel (.xlsx) hoặc văn bản (.txt); xem trước rồi mới "
                                     "nhập, chọn giữ lại những nhiệm vụ phường, xã tham gia.")
    assert all(f"*.{kind}" in FILE_FILTER.split(";;")[0] for kind in ("docx", "pdf", "xlsx", "txt"))
