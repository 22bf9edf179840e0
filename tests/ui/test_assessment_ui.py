"""The January submission from the window: open the self-assessment from
the Báo cáo menu, score by hand with an explanation, link suggested tasks,
import the province's table, record when reports were sent, and export the
table, its PDF and the evidence folder — every edit saved and undoable."""

from __future__ import annotations

import zipfile
from datetime import date

import pytest

from app.ui.background import wait_for_background_work
from app.ui.qt import QApplication, QCheckBox, QDate, QDateEdit, QDialog, QFileDialog, QPushButton
from tests.io.test_criteria_xlsx import province_table
from tests.services.test_assessment import log_year, reports_of_the_year
from tests.ui.conftest import type_text


@pytest.fixture
def screen(qtbot, services, messages):
    from app.ui.assessment.dialog import AssessmentDialog

    plan_id = services.imports.import_sample().plan_id
    services.plans.update(plan_id, {"number": "01", "issue_day": 5, "issue_month": 3, "issue_year": 2023})
    log_year(services, plan_id)
    reports_of_the_year(services, plan_id)
    dialog = AssessmentDialog(services, plan_id)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 740)
    dialog.show()
    dialog.as_of.setDate(QDate(2023, 12, 14))
    return dialog


def select(screen, code: str) -> None:
    row = next(r for r in range(screen.tree.rowCount()) if screen.tree.item(r, 0).text() == code)
    screen.tree.selectRow(row)


def cell(screen, code: str, column: int) -> str:
    row = next(r for r in range(screen.tree.rowCount()) if screen.tree.item(r, 0).text() == code)
    return screen.tree.item(row, column).text()


def test_it_opens_from_the_report_menu_on_the_first_criterion_to_do(window, services, monkeypatch):
    from app.ui.assessment.dialog import AssessmentDialog

    plan_id = services.imports.import_sample().plan_id
    window.reload_plans(select=plan_id)
    opened = []
    monkeypatch.setattr(AssessmentDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    report_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Báo cáo")
    assert window.act_assessment in report_menu.actions()
    window.act_assessment.trigger()
    dialog = opened[0]
    assert dialog.windowTitle() == "Tự đánh giá, chấm điểm Chỉ số CCHC năm 2023"
    assert [dialog.tree.item(r, 0).text() for r in range(dialog.tree.rowCount())] == [
        "1", "1.1", "1.2", "1.3", "1.4", "1.5"]
    assert dialog.panel.result.criterion.code == "1.4"  # the first still to be scored


def test_computed_scores_show_what_they_are_computed_from(screen):
    select(screen, "1.2")
    assert screen.panel.computed.text().startswith("Hoàn thành 3/30 nhiệm vụ của kế hoạch (10%) tính đến ngày 14/12/2023.")
    assert not screen.panel.score.isEnabled() and screen.panel.by_hand.isVisible()
    assert screen.total.text() == "Tổng điểm tự đánh giá: 0/6 — còn 2 tiêu chí chưa xong"


def test_a_score_by_hand_and_its_explanation_are_saved_and_undone(screen, services, qtbot):
    select(screen, "1.4")
    panel = screen.panel
    assert panel.score.text() == "chưa chấm"
    panel.score.setValue(0.75)
    panel.score.editingFinished.emit()
    panel.explanation.setFocus()
    type_text(panel.explanation, "Đã kiểm tra 2 bộ phận.")
    panel.explanation.clearFocus()
    qtbot.waitUntil(lambda: services.assessment.criteria(screen.plan_id)[4].explanation == "Đã kiểm tra 2 bộ phận.")
    assert services.assessment.criteria(screen.plan_id)[4].manual_score == 0.75
    assert cell(screen, "1.4", 3) == "0,75" and cell(screen, "1.4", 4) == ""
    assert cell(screen, "1", 3) == "0,75"  # the group adds up its parts
    screen.stack.undo()
    screen.stack.undo()
    criterion = services.assessment.criteria(screen.plan_id)[4]
    assert (criterion.manual_score, criterion.explanation) == (None, "")
    assert cell(screen, "1.4", 4) == "chưa chấm điểm"


def test_a_score_above_the_maximum_is_refused(screen, services, messages):
    select(screen, "1.4")
    screen.panel.score.setMaximum(5)
    screen.panel.score.setValue(3)
    screen.panel.score.editingFinished.emit()
    assert messages and "phải từ 0 đến 1" in messages[-1][1]
    assert services.assessment.criteria(screen.plan_id)[4].manual_score is None
    assert screen.stack.count() == 0


def test_suggested_tasks_are_linked_and_become_evidence(screen, services):
    select(screen, "1.4")
    panel = screen.panel
    first = panel.suggested.item(0)
    assert first.text().startswith("Nhiệm vụ 1: Ban hành Kế hoạch kiểm tra") and "có từ: kiểm tra" in first.text()
    first.setSelected(True)
    panel.findChild(QPushButton, "link-suggested").click()
    links = services.assessment.links(screen.plan_id)
    assert [(l.row_id is not None) for l in links[panel.result.criterion.id]] == [True]
    assert panel.linked.count() == 1 and panel.linked.item(0).text().startswith("Nhiệm vụ 1: Ban hành Kế hoạch kiểm tra")
    screen.stack.undo()
    assert services.assessment.links(screen.plan_id) == {}


def test_the_provinces_table_is_imported_and_the_import_undone(screen, services, monkeypatch, tmp_path, messages):
    table = province_table(tmp_path / "tieu-chi.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(table), ""))
    screen.import_criteria()
    assert [screen.tree.item(r, 0).text() for r in range(screen.tree.rowCount())] == [
        "I", "1", "1.1", "1.2", "1.3", "2", "II", "3"]
    assert messages[-1] == ("information", "Đã nhập 8 tiêu chí từ «tieu-chi.xlsx».")
    screen.stack.undo()
    assert [c.code for c in services.assessment.criteria(screen.plan_id)] == ["1", "1.1", "1.2", "1.3", "1.4", "1.5"]


def test_a_bad_table_changes_nothing(screen, services, monkeypatch, tmp_path, messages):
    from tests.io.test_criteria_xlsx import ROWS

    table = province_table(tmp_path / "bad.xlsx", [ROWS[2], ROWS[2]])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(table), ""))
    screen.import_criteria()
    assert messages == [("warning", "Dòng 9: mã «1.1» trùng với dòng 8.")]
    assert [c.code for c in services.assessment.criteria(screen.plan_id)] == ["1", "1.1", "1.2", "1.3", "1.4", "1.5"]


def test_report_sent_dates_are_typed_from_the_screen(screen, services, monkeypatch):
    from app.ui.assessment.reports_sent import ReportsSentDialog

    def type_date(dialog):
        holder = dialog.table.cellWidget(2, 2)  # the year report
        holder.findChild(QDateEdit).setDate(QDate(2023, 12, 8))
        holder.findChild(QCheckBox).setChecked(True)
        return QDialog.Accepted

    monkeypatch.setattr(ReportsSentDialog, "exec", type_date)
    select(screen, "1.3")
    screen.panel.reports_button.click()
    assert services.reports.find(screen.plan_id, "year", 2023).sent_on == date(2023, 12, 8)
    assert "Báo cáo năm 2023 (chưa có số, ngày): gửi ngày 08/12/2023" in screen.panel.computed.text()
    screen.stack.undo()
    assert services.reports.find(screen.plan_id, "year", 2023).sent_on is None


def test_the_three_outputs_from_the_screen(screen, services, monkeypatch, tmp_path):
    import app.ui.export_dialog as transfer
    from app.ui import save_target

    done = []
    monkeypatch.setattr(transfer, "offer_to_open", lambda parent, path, what: done.append(path))
    names = iter([tmp_path / "bang.xlsx", tmp_path / "bang.pdf", tmp_path / "minh-chung.zip"])
    monkeypatch.setattr(save_target.QFileDialog, "getSaveFileName", lambda *a, **k: (str(next(names)), ""))
    screen.export_xlsx()
    screen.export_pdf()
    screen.export_zip()
    assert wait_for_background_work(60000)
    for _ in range(50):
        QApplication.processEvents()
        if len(done) == 3:
            break
    assert sorted(p.name for p in done) == ["bang.pdf", "bang.xlsx", "minh-chung.zip"]
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "bang.xlsx")["Tự đánh giá"]
    header = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Mã")
    assert header == ("Mã", "Nội dung", "Điểm tối đa", "Điểm tự đánh giá", "Giải trình", "Tài liệu kiểm chứng")
    with zipfile.ZipFile(tmp_path / "minh-chung.zip") as archive:
        assert "1.1/01-KH-UBND.pdf" in archive.namelist()
    assert (tmp_path / "bang.pdf").read_bytes().startswith(b"%PDF")
