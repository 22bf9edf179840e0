"""Word export from the window: Tệp › Xuất Word (.docx)…, the report
dialog's button and Word in the appendix export dialog — each written in
the background, checked by the output guard, and holding what was asked."""

from __future__ import annotations

import docx
from docx.enum.section import WD_ORIENT

from app.ui.background import wait_for_background_work
from app.ui.export_dialog import ExportDialog
from app.ui.qt import QFileDialog, QMessageBox, Qt
from app.ui.word_export import WordExportDialog
from tests.seeds import enter_seed


def _file_menu(window):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Tệp")
    return [a.text() for a in menu.actions()]


def test_file_menu_offers_word_and_writes_the_plan_in_the_background(window, services, monkeypatch, tmp_path, qtbot):
    assert "Xuất Word (.docx)…" in _file_menu(window)
    plan_id = enter_seed(services, "004")
    window.reload_plans(select=plan_id)
    target = tmp_path / "ke-hoach.docx"
    offered = []

    def fake_exec(dialog):
        assert dialog.target.suffix == ".docx" and dialog.chosen_parts() == (True, True)
        dialog.parts[2].setChecked(True)  # "Chỉ phụ lục"
        dialog.target = target
        return 1

    monkeypatch.setattr(WordExportDialog, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: offered.append(box.text()) or 0)
    window.act_export_docx.trigger()
    assert wait_for_background_work(30000)
    qtbot.waitUntil(lambda: bool(offered), timeout=10000)
    assert offered == [f"Đã lưu kế hoạch Word:\n{target}"]
    sections = docx.Document(str(target)).sections
    assert [s.orientation for s in sections] == [WD_ORIENT.LANDSCAPE]  # the appendix alone


def test_the_word_action_waits_for_a_plan(window, services, qtbot):
    assert window.current_plan_id is None and not window.act_export_docx.isEnabled()
    plan_id = enter_seed(services, "002")
    window.reload_plans(select=plan_id)
    assert window.act_export_docx.isEnabled()


def test_a_word_file_aimed_at_the_data_file_is_refused_before_writing(window, services, messages, monkeypatch,
                                                                     tmp_path):
    plan_id = enter_seed(services, "002")
    window.reload_plans(select=plan_id)
    before = services.db.path.read_bytes()

    def fake_exec(dialog):
        dialog.target = services.db.path
        return 1

    monkeypatch.setattr(WordExportDialog, "exec", fake_exec)
    window.act_export_docx.trigger()
    assert wait_for_background_work(10000)
    assert any("chính là tệp dữ liệu đang mở" in text for _kind, text in messages)
    assert services.db.path.read_bytes() == before


def test_appendix_export_dialog_writes_word_in_the_chosen_columns(window, services, monkeypatch, tmp_path, qtbot):
    plan_id = enter_seed(services, "002")
    window.reload_plans(select=plan_id)
    target = tmp_path / "phu-luc.docx"

    def fake_exec(dialog):
        dialog.word.setChecked(True)
        assert dialog.target.suffix == ".docx" and not dialog.with_progress.isEnabled()
        dialog.target = target
        for i in range(dialog.columns.count()):
            if dialog.columns.item(i).data(Qt.UserRole) == "output":
                dialog.columns.item(i).setCheckState(Qt.Unchecked)
        return 1

    monkeypatch.setattr(ExportDialog, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    window.act_export_xlsx.trigger()
    assert wait_for_background_work(30000)
    qtbot.waitUntil(target.exists, timeout=10000)
    document = docx.Document(str(target))
    headers = [c.text for c in document.tables[-1].rows[0].cells]
    assert "Nhiệm vụ" in " ".join(headers) and not any("Sản phẩm" in h for h in headers)
    assert len(document.sections) == 1 and document.sections[0].orientation == WD_ORIENT.LANDSCAPE


def test_report_dialog_exports_the_report_to_word(qtbot, services, monkeypatch, tmp_path):
    from app.ui.report_dialog import ReportDialog

    plan_id = enter_seed(services, "004")
    report = services.reports.create(plan_id, "q1", 2023)
    dialog = ReportDialog(services, plan_id)
    qtbot.addWidget(dialog)
    dialog.reload(select=report.id)
    assert dialog.word_button.isEnabled() and dialog.word_button.text() == "Xuất Word (.docx)…"
    target = tmp_path / "bao-cao"  # typed without its suffix
    asked = {}

    def save_name(parent, title, default, file_filter):
        asked["default"], asked["filter"] = default, file_filter
        return str(target), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    dialog.word_button.click()
    assert wait_for_background_work(30000)
    written = tmp_path / "bao-cao.docx"
    qtbot.waitUntil(written.exists, timeout=10000)
    assert asked["default"].endswith(".docx") and asked["filter"] == "Word (*.docx)"
    texts = [p.text for p in docx.Document(str(written)).paragraphs]
    assert "BÁO CÁO" in texts and "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH" in texts
