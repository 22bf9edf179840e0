"""The overview tab, the reminder and the mail dialog, from the window."""

from __future__ import annotations

import email
from datetime import date
from email import policy

from app.core.model import RowKind
from app.ui.background import wait_for_background_work
from app.ui.mail_dialog import MailDialog
from app.ui.qt import QDesktopServices, QMessageBox


def _plan(services):
    plan_id = services.plans.create("cchc", 2025)
    services.plans.update(plan_id, {"issuing_body": "ỦY BAN NHÂN DÂN\nPHƯỜNG SÔNG CẦU"})
    area = services.rows.find_area(plan_id, "II")
    late = services.rows.add(plan_id, RowKind.TASK, area.id, texts={"task": "Rà soát văn bản", "timeframe": "trước 10/03/2025"})
    soon = services.rows.add(plan_id, RowKind.TASK, area.id, texts={"task": "Công khai TTHC", "timeframe": "trước 23/03/2025"})
    return plan_id, late, soon


def test_overview_is_the_first_tab_and_its_items_jump_to_the_matrix(window, services):
    plan_id, late, soon = _plan(services)
    window.reload_plans(select=plan_id)
    assert window.tabs.currentWidget() is window.overview
    window.overview.refresh(date(2025, 3, 20))
    overview = window.overview
    assert overview.figures.item(overview.figures.rowCount() - 1, 1).text() == "2"  # total tasks
    assert "quá 10 ngày" in overview.overdue.item(0).text()
    assert "còn 3 ngày" in overview.due_soon.item(0).text()
    assert overview.deadlines.item(0).text().startswith("Báo cáo quý I năm 2025")
    overview.overdue.itemActivated.emit(overview.overdue.item(0))
    assert window.tabs.currentWidget() is window.matrix
    assert window.matrix.current_row_id() == late.id


def test_a_plan_for_next_year_shows_its_first_period_not_this_years_figures(window, services):
    """A 2026 plan copied to 2027 on 01/12/2026 (seen in a newcomer's trial:
    its overview showed the 2026 year's figures and window)."""
    plan_id, _late, _soon = _plan(services)
    services.progress.add(_late.id, date=date(2025, 3, 5), status="hoan-thanh", percent=100, result="Đã rà soát")
    next_year = services.plans.copy_to_next_year(plan_id)
    window.reload_plans(select=next_year)
    window.overview.refresh(date(2025, 12, 1))
    overview = window.overview
    assert overview.heading.text() == ("Kỳ báo cáo quý I năm 2026: số liệu tính từ 15/12/2025, "
                                       "kế hoạch chưa đến kỳ thực hiện.")
    total = [overview.figures.item(overview.figures.rowCount() - 1, c).text() for c in range(3)]
    assert total[1:] == ["2", "0"]  # both tasks, none done: last year's entry is not this plan's
    assert [overview.overdue.item(i).text() for i in range(overview.overdue.count())] == ["Không có nhiệm vụ quá hạn."]


def test_start_up_reminder_once_a_day_with_a_way_to_stop(window, services, monkeypatch):
    plan_id, _late, _soon = _plan(services)
    window.reload_plans(select=plan_id)
    shown = []

    def fake_exec(box):
        shown.append(box.text())
        box.checkBox().setChecked(True)
        return QMessageBox.Ok

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    text = window.remind_if_due(date(2025, 3, 20))
    assert shown and "1 nhiệm vụ quá hạn" in text and "1 nhiệm vụ đến hạn trong 7 ngày" in text
    assert window.remind_if_due(date(2025, 3, 21)) == ""  # told to stop
    assert services.settings.get("reminders_enabled") is False


def test_mail_dialog_prepares_the_draft_and_opens_it(qtbot, services, monkeypatch, messages):
    plan_id, *_ = _plan(services)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog = MailDialog(services, plan_id)
    qtbot.addWidget(dialog)
    assert dialog.subject.text() == "UBND phường Sông Cầu gửi Kế hoạch cải cách hành chính năm 2025"
    dialog.new_address.setText("Phòng Nội vụ <pnv@tp.gov.vn>")
    dialog._add_address()
    assert dialog.addresses() == ["Phòng Nội vụ <pnv@tp.gov.vn>"]
    dialog.prepare()
    assert wait_for_background_work(30000)
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    message = email.message_from_bytes(open(opened[0], "rb").read(), policy=policy.default)
    assert message["Subject"] == dialog.subject.text()
    assert sorted(p.get_filename() for p in message.iter_attachments()) == [
        "KH-CCHC-2025-Phuong-Song-Cau.pdf", "PL-KH-CCHC-2025-Phuong-Song-Cau.xlsx"]
    assert dialog.history.topLevelItemCount() == 1


def test_mail_dialog_refuses_without_recipients(qtbot, services, messages):
    plan_id, *_ = _plan(services)
    dialog = MailDialog(services, plan_id)
    qtbot.addWidget(dialog)
    dialog.prepare()
    assert messages[-1][1] == "Chưa có người nhận." and services.mail.history() == []
