"""Export and import from the window: dialogs, background work, undo."""

from __future__ import annotations

from openpyxl import load_workbook

from app.core.model import RowKind
from app.ui.background import wait_for_background_work
from app.ui.qt import QMessageBox, Qt
from app.core.text import ascii_slug
from app.ui.export_dialog import ExportDialog
from app.ui.import_dialog import ImportDialog
from tests.seeds import enter_seed, structure


def test_export_runs_in_the_background_and_writes_the_chosen_columns(window, services, monkeypatch, tmp_path, qtbot):
    plan_id = enter_seed(services, "002")
    window.reload_plans(select=plan_id)
    target = tmp_path / "phu-luc.xlsx"

    def fake_exec(dialog):
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
    headers = [c.value for c in load_workbook(target).active[5]]
    assert "Sản phẩm" not in headers and "Nhiệm vụ" in headers


def test_import_preview_maps_columns_filters_rows_and_imports_into_a_new_plan(window, services, monkeypatch,
                                                                                tmp_path, qtbot):
    source_id = enter_seed(services, "004")
    exported = services.exports.export_xlsx(source_id, tmp_path / "pl.xlsx")
    seen = {}

    def fake_exec(dialog):
        seen["summary"] = dialog.summary.text()
        dialog.year.setValue(2024)
        first_area = dialog.rows.topLevelItem(0)
        first_area.child(0).setCheckState(0, Qt.Unchecked)  # untick task 1
        return 1

    monkeypatch.setattr(ImportDialog, "exec", fake_exec)
    window.import_file(exported)
    assert wait_for_background_work(30000)
    qtbot.waitUntil(lambda: window.plan_box.count() == 2, timeout=10000)
    assert "30 nhiệm vụ trong 7 lĩnh vực" in seen["summary"]
    new_id = window.current_plan_id
    assert new_id != source_id and services.plans.get(new_id).year == 2024
    texts = [r.task for r in services.rows.list(new_id) if r.kind is RowKind.TASK]
    assert len(texts) == 29 and not texts[0].startswith("Ban hành Kế hoạch kiểm tra")


def test_import_into_the_open_plan_can_be_undone(window, services, monkeypatch, tmp_path, qtbot):
    source_id = enter_seed(services, "004")
    exported = services.exports.export_xlsx(source_id, tmp_path / "pl.xlsx")
    target_id = services.plans.create("cchc", 2023)
    window.reload_plans(select=target_id)
    before = structure(services, target_id)

    def fake_exec(dialog):
        dialog.existing_plan.setChecked(True)
        dialog.plan_box.setCurrentIndex(dialog.plan_box.findData(target_id))
        return 1

    monkeypatch.setattr(ImportDialog, "exec", fake_exec)
    window.import_file(exported)
    assert wait_for_background_work(30000)
    qtbot.waitUntil(lambda: window.undo_group.activeStack() is not None
                    and window.undo_group.activeStack().count() == 1, timeout=10000)
    rows = services.rows.list(target_id)
    areas = [r for r in rows if r.kind is RowKind.AREA]
    assert len(areas) == 7  # the seed's areas joined the preset's areas of the same name
    window.act_undo.trigger()
    assert structure(services, target_id) == before
    window.act_redo.trigger()
    assert len([r for r in services.rows.list(target_id) if r.kind is RowKind.TASK]) == 30


def test_unreadable_file_gives_a_message_not_a_traceback(window, messages, tmp_path):
    bad = tmp_path / "cu.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    window.import_file(bad)
    assert wait_for_background_work(10000)
    from app.ui.qt import QApplication

    for _ in range(20):
        QApplication.processEvents()
    assert messages and ".xlsx" in messages[-1][1]


def test_file_names_are_safe_ascii():
    assert ascii_slug("Kế hoạch CCHC phường Sông Cầu 2023") == "Ke-hoach-CCHC-phuong-Song-Cau-2023"
