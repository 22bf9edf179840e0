"""The import preview as the officer meets it in the window: a paste with no
header shown first (and nothing written until it is accepted), a Word plan
with its own fields and kind, the area question, a PDF end to end."""

from __future__ import annotations

from app.core.model import RowKind
from app.ui.background import wait_for_background_work
from app.ui.import_dialog import ImportDialog
from app.ui.qt import QApplication, QMessageBox, QMimeData
from tests.appendices import read_rows, shared_support
from tests.io.test_import_merged_cells import _word_clipboard_html
from tests.seed_documents import seed_document
from tests.seeds import structure


def _plan_rows(services, plan_id):
    """The plan's rows as the appendix reads them (kind, number, texts…)."""
    return [row[:2] + (row[5],) + row[6:] for row in structure(
        services, plan_id, ("task", "activity", "lead", "support", "timeframe", "output", "budget"))]


def _copy_from_word(cells) -> None:
    """What Word puts on the clipboard when rows are copied: text and HTML."""
    mime = QMimeData()
    mime.setText("\n".join("\t".join("" if c.startswith("\x00") else c for c in row) for row in cells))
    mime.setHtml(_word_clipboard_html(cells))
    QApplication.clipboard().setMimeData(mime)


def _tuyen_truyen_plan(window, services) -> int:
    plan_id = services.plans.create("tuyen-truyen", 2025, "tuyen-truyen-002", with_areas=False)
    window.reload_plans(select=plan_id)
    window.show_tab("matrix")
    return plan_id


def test_a_headerless_paste_shows_its_guessed_columns_before_writing(window, services, monkeypatch):
    plan_id = _tuyen_truyen_plan(window, services)
    cells, expected = shared_support()
    _copy_from_word(cells[1:])  # the rows without their header row
    seen = {}

    def preview(dialog):
        seen["paste"] = dialog.paste
        seen["summary"] = dialog.summary.text()
        seen["columns"] = [dialog.mapping.item(r, 0).text() for r in range(dialog.mapping.rowCount())]
        seen["fields"] = [dialog.mapping.cellWidget(r, 1).currentData() for r in range(dialog.mapping.rowCount())]
        seen["rows_before"] = len(services.rows.list(plan_id))
        seen["shown"] = dialog.rows.topLevelItemCount()
        return 1

    monkeypatch.setattr(ImportDialog, "exec", preview)
    window.matrix.actions["paste"].trigger()
    assert seen["paste"] and seen["rows_before"] == 0  # the preview came first; nothing written yet
    assert "không có dòng tiêu đề" in seen["summary"]
    assert seen["columns"][0] == "Cột 1: «1»" and seen["columns"][1].startswith("Cột 2: «Ban hành Kế hoạch")
    assert seen["fields"] == ["number", "task", "lead", "support", "timeframe", "output"]
    assert seen["shown"] == 5
    tasks = services.rows.list(plan_id)
    assert len(tasks) == 13
    from app.core.tree import numbers_for

    numbers = numbers_for(tasks)
    got = [(r.kind.value, numbers[r.id], r.task, r.activity, r.lead, r.support, r.timeframe, r.output, r.budget)
           for r in tasks]
    assert got == expected
    window.act_undo.trigger()  # one paste, one undo step
    assert services.rows.list(plan_id) == []


def test_a_cancelled_preview_writes_nothing(window, services, monkeypatch):
    plan_id = _tuyen_truyen_plan(window, services)
    cells, _ = shared_support()
    _copy_from_word(cells[1:])
    monkeypatch.setattr(ImportDialog, "exec", lambda dialog: 0)
    window.matrix.actions["paste"].trigger()
    assert services.rows.list(plan_id) == []


def test_the_officer_corrects_a_guessed_column_in_the_preview(window, services, monkeypatch):
    plan_id = _tuyen_truyen_plan(window, services)
    cells, _ = shared_support()
    _copy_from_word(cells[1:])

    def preview(dialog):
        dialog.set_column(5, "note")  # "Sản phẩm" wanted in the note instead
        return 1

    monkeypatch.setattr(ImportDialog, "exec", preview)
    window.matrix.actions["paste"].trigger()
    first = next(r for r in services.rows.list(plan_id) if r.kind is RowKind.TASK)
    assert first.output == "" and first.note == "Kế hoạch"


def test_rows_copied_in_the_window_paste_back_without_a_preview(window, services, monkeypatch):
    plan_id = _tuyen_truyen_plan(window, services)
    cells, _ = shared_support()
    _copy_from_word(cells)  # with its header: no guess
    monkeypatch.setattr(ImportDialog, "exec", lambda dialog: (_ for _ in ()).throw(AssertionError("no preview")))
    window.matrix.actions["paste"].trigger()
    assert len(services.rows.list(plan_id)) == 13
    matrix = window.matrix
    first = next(r for r in services.rows.list(plan_id) if r.kind is RowKind.TASK)
    matrix.select_row(first.id)
    matrix.actions["copy"].trigger()
    matrix.actions["paste"].trigger()
    assert len(services.rows.list(plan_id)) == 14


def test_a_word_plan_preview_shows_its_fields_and_kind_then_creates_the_plan(window, services, monkeypatch,
                                                                               word_files, qtbot):
    expected = seed_document("002")
    seen = {}

    def preview(dialog):
        seen["kind"] = dialog.kind.currentData()
        seen["year"] = dialog.year.value()
        seen["tabs"] = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
        view = dialog.document_view
        seen["fields"] = {view.topLevelItem(i).text(0): view.topLevelItem(i).text(1)
                          for i in range(view.topLevelItemCount())}
        seen["area_shown"] = not dialog.area_box.isHidden()
        return 1

    monkeypatch.setattr(ImportDialog, "exec", preview)
    window.import_file(word_files["seed-002"])
    assert wait_for_background_work(30000)
    qtbot.waitUntil(lambda: window.plan_box.count() == 1, timeout=10000)
    assert seen["kind"] == "tuyen-truyen" and seen["year"] == 2023
    assert seen["tabs"] == ["Bảng phụ lục", "Các trường văn bản"]
    assert seen["fields"]["Cơ quan ban hành"] == "ỦY BAN NHÂN DÂN / QUẬN DƯƠNG KINH"
    assert seen["fields"]["Người ký"] == "Nguyễn Trí Nhân"
    assert seen["fields"]["Tên phụ lục"] == expected.appendix_title
    assert not seen["area_shown"]
    plan = services.plans.get(window.current_plan_id)
    assert plan.kind == "tuyen-truyen" and plan.title == expected.title
    assert plan.signer == expected.signer and plan.sections == expected.sections
    assert read_rows_of_plan(services, plan.id) == read_rows(expected.rows)


def read_rows_of_plan(services, plan_id):
    from app.core.tree import numbers_for

    rows = services.rows.list(plan_id)
    numbers = numbers_for(rows)
    return [(r.kind.value, numbers[r.id] if r.kind is not RowKind.ACTIVITY else "", r.task, r.activity, r.lead,
             r.support, r.timeframe, r.output, r.budget) for r in rows]


def test_rows_without_areas_into_a_plan_with_areas_ask_which_area(window, services, monkeypatch, word_files,
                                                                   messages, qtbot):
    target_id = services.plans.create("cchc", 2023)
    window.reload_plans(select=target_id)
    areas = services.imports.areas_of(target_id)
    chosen = next(area_id for area_id, title in areas if title.startswith("II."))
    attempts = []

    def preview(dialog):
        dialog.existing_plan.setChecked(True)
        dialog.plan_box.setCurrentIndex(dialog.plan_box.findData(target_id))
        assert not dialog.area_box.isHidden() and dialog.area_box.currentData() is None
        dialog._accept()  # no area chosen yet: refused with a message
        attempts.append(dialog.result())
        dialog.area_box.setCurrentIndex(dialog.area_box.findData(chosen))
        return 1

    monkeypatch.setattr(ImportDialog, "exec", preview)
    window.import_file(word_files["seed-002"])
    assert wait_for_background_work(30000)
    qtbot.waitUntil(lambda: window.undo_group.activeStack() is not None
                    and window.undo_group.activeStack().count() == 1, timeout=10000)
    assert attempts == [0] and any("chọn lĩnh vực" in text for _, text in messages)
    rows = services.rows.list(target_id)
    imported = [r for r in rows if r.kind is RowKind.TASK]
    assert len(imported) == 6 and all(r.parent_id == chosen for r in imported)


def test_a_pdf_imports_from_the_window(window, services, monkeypatch, printed, qtbot):
    monkeypatch.setattr(ImportDialog, "exec", lambda dialog: 1)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    window.import_file(printed["seed-004"])
    assert wait_for_background_work(60000)
    qtbot.waitUntil(lambda: window.plan_box.count() == 1, timeout=10000)
    expected = seed_document("004")
    plan = services.plans.get(window.current_plan_id)
    assert plan.kind == "cchc" and plan.issuing_body == expected.issuing_body
    assert read_rows_of_plan(services, plan.id) == read_rows(expected.rows)


def test_a_scanned_pdf_gets_a_message_in_the_window(window, messages, tmp_path):
    from tests.io.test_import_pdf import _reportlab_pdf

    window.import_file(_reportlab_pdf(tmp_path / "quet.pdf", pages=2, image_only=True))
    assert wait_for_background_work(20000)
    for _ in range(20):
        QApplication.processEvents()
    assert messages and "bản quét" in messages[-1][1] and ".docx" in messages[-1][1]
    assert not any("Traceback" in text for _, text in messages)
