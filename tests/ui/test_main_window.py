"""The main window driven as an officer would: keyboard, menus, dialogs."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.model import RowKind, Signer
from app.core.status import TaskStatus
from app.services import Services
from app.ui.dialogs import NewPlanDialog
from app.ui.entry_dialog import EntryDialog
from app.ui.matrix.view import CellEditor
from app.ui.matrix.filtering import MatrixFilter
from app.ui.qt import QApplication, Qt
from tests.conftest import seed_table_tsv
from tests.ui.conftest import press, type_text


def new_plan(window, monkeypatch, kind="cchc", year=2025, layout=None):
    def fake_exec(dialog):
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        dialog.year.setValue(year)
        if layout:
            dialog.layout_box.setCurrentIndex(dialog.layout_box.findData(layout))
        return 1

    monkeypatch.setattr(NewPlanDialog, "exec", fake_exec)
    window.act_new.trigger()
    return window.current_plan_id


def open_editor(window):
    editors = window.matrix.tree.viewport().findChildren(CellEditor)
    assert editors, "no cell editor is open"
    return editors[-1]


def type_into_new_cell(window, text):
    editor = open_editor(window)
    type_text(editor, text)
    press(editor, Qt.Key_Return)


def matrix_rows(window):
    return window.open_plan.state.ordered_rows()


def test_new_cchc_plan_from_the_preset_shows_the_seven_areas(window, monkeypatch):
    plan_id = new_plan(window, monkeypatch)
    assert window.plan_box.count() == 1 and window.current_plan_id == plan_id
    assert "2025" in window.plan_box.currentText()
    rows = matrix_rows(window)
    assert [window.open_plan.state.number(r.id) for r in rows] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert window.tabs.currentWidget() is window.plan_form


def test_document_fields_are_saved_as_typed(window, monkeypatch, services, qtbot):
    plan_id = new_plan(window, monkeypatch)
    form = window.plan_form
    type_text(form.number, "01")
    press(form.number, Qt.Key_Return)
    type_text(form.place, "Sông Cầu")
    press(form.place, Qt.Key_Return)
    form.day.setValue(5)
    form.month.setValue(3)
    form.title.setPlainText("Thực hiện công tác cải cách hành chính phường Sông Cầu năm 2025")
    form.legal_bases.setPlainText("Thực hiện Kế hoạch số 19/KH-UBND ngày 17/01/2025 của UBND thành phố;\n")
    form.signer_name.setText("Luân Hoàng Anh")
    form.signer_name.editingFinished.emit()
    # A new CCHC plan starts with the library's bases: wait for the typed ones.
    qtbot.waitUntil(lambda: len(services.plans.get(plan_id).legal_bases) == 1, timeout=3000)
    qtbot.waitUntil(lambda: "Sông Cầu" in services.plans.get(plan_id).title, timeout=3000)
    qtbot.waitUntil(lambda: services.plans.get(plan_id).issue_month == 3, timeout=3000)
    plan = services.plans.get(plan_id)
    assert plan.number == "01" and plan.place == "Sông Cầu"
    assert plan.issue_date == date(2025, 3, 5)
    assert plan.title.endswith("phường Sông Cầu năm 2025")
    assert plan.legal_bases == ("Thực hiện Kế hoạch số 19/KH-UBND ngày 17/01/2025 của UBND thành phố;",)
    assert plan.signer == Signer("TM.", "ỦY BAN NHÂN DÂN", "", "CHỦ TỊCH", "Luân Hoàng Anh")
    # The title shows in the plan switcher at once.
    assert "phường Sông Cầu" in window.plan_box.currentText()


def test_body_sections_can_be_added_edited_reordered_and_removed(window, monkeypatch, services, qtbot):
    plan_id = new_plan(window, monkeypatch)
    form = window.plan_form
    form.section_list.setCurrentRow(3)
    form.section_buttons["add"].click()
    form.section_heading.setText("V. KINH PHÍ")
    form.section_heading.editingFinished.emit()
    form.section_text.setPlainText("Từ ngân sách phường.")
    qtbot.waitUntil(lambda: services.plans.get(plan_id).sections[4].text == "Từ ngân sách phường.", timeout=3000)
    form.section_buttons["up"].click()
    assert [s.heading for s in services.plans.get(plan_id).sections][3:] == ["V. KINH PHÍ", "IV. TỔ CHỨC THỰC HIỆN"]
    form.section_buttons["remove"].click()
    assert [s.heading for s in services.plans.get(plan_id).sections][-1] == "IV. TỔ CHỨC THỰC HIỆN"
    window.act_undo.trigger()
    assert len(services.plans.get(plan_id).sections) == 5


def test_tasks_and_activities_are_entered_from_the_keyboard(window, monkeypatch, services):
    plan_id = new_plan(window, monkeypatch)
    window.show_tab("matrix")
    matrix = window.matrix
    area = services.rows.find_area(plan_id, "II")
    matrix.select_row(area.id)
    matrix.actions["add_task"].trigger()
    type_into_new_cell(window, "Rà soát văn bản quy phạm pháp luật")
    matrix.actions["add_activity"].trigger()
    type_into_new_cell(window, "Xây dựng kế hoạch rà soát")
    matrix.actions["add_activity"].trigger()
    type_into_new_cell(window, "Báo cáo kết quả")
    rows = services.rows.list(plan_id)
    task = next(r for r in rows if r.kind is RowKind.TASK)
    activities = [r.activity for r in rows if r.parent_id == task.id]
    assert task.task == "Rà soát văn bản quy phạm pháp luật" and task.parent_id == area.id
    assert activities == ["Xây dựng kế hoạch rà soát", "Báo cáo kết quả"]
    assert window.open_plan.state.number(task.id) == "1"


def test_enter_commits_and_alt_enter_starts_a_new_line_in_a_cell(window, monkeypatch, services):
    plan_id = new_plan(window, monkeypatch, kind="tuyen-truyen")
    window.show_tab("matrix")
    window.matrix.actions["add_task"].trigger()
    editor = open_editor(window)
    type_text(editor, "Dòng một")
    press(editor, Qt.Key_Return, Qt.AltModifier)
    type_text(editor, "Dòng hai")
    press(editor, Qt.Key_Return)
    assert services.rows.list(plan_id)[0].task == "Dòng một\nDòng hai"


@pytest.fixture
def plan_with_tasks(window, monkeypatch, services):
    plan_id = new_plan(window, monkeypatch)
    window.show_tab("matrix")
    area = services.rows.find_area(plan_id, "III")
    for text, timeframe in (("Công khai TTHC", "Thường xuyên"), ("Số hóa hồ sơ", "Quý II/2025"),
                            ("Rà soát TTHC", "trước 31/3/2025")):
        services.rows.add(plan_id, RowKind.TASK, area.id, texts={"task": text, "timeframe": timeframe})
    window.open_plan.reload()
    return plan_id


def _task_texts(services, plan_id):
    return [r.task for r in services.rows.list(plan_id) if r.kind is RowKind.TASK]


def test_undo_and_redo_every_kind_of_matrix_change(window, services, plan_with_tasks):
    plan_id = plan_with_tasks
    matrix = window.matrix
    undo, redo = window.act_undo.trigger, window.act_redo.trigger
    first = services.rows.find_by_number(plan_id, "1")

    # cell edit
    matrix.model.setData(matrix.model.index_of(first.id, matrix.model.column_of("lead")), "Văn phòng")
    assert services.rows.get(first.id).lead == "Văn phòng"
    undo()
    assert services.rows.get(first.id).lead == ""
    redo()
    assert services.rows.get(first.id).lead == "Văn phòng"

    # insert
    matrix.select_row(first.id)
    matrix.actions["insert_below"].trigger()
    QApplication.processEvents()
    assert len(_task_texts(services, plan_id)) == 4
    undo()
    assert _task_texts(services, plan_id) == ["Công khai TTHC", "Số hóa hồ sơ", "Rà soát TTHC"]
    redo()
    assert len(_task_texts(services, plan_id)) == 4
    undo()

    # move
    matrix.select_row(first.id)
    matrix.actions["move_down"].trigger()
    assert _task_texts(services, plan_id) == ["Số hóa hồ sơ", "Công khai TTHC", "Rà soát TTHC"]
    undo()
    assert _task_texts(services, plan_id) == ["Công khai TTHC", "Số hóa hồ sơ", "Rà soát TTHC"]
    redo()
    assert window.open_plan.state.number(first.id) == "2"
    undo()

    # indent and outdent
    second = services.rows.find_by_number(plan_id, "2")
    matrix.select_row(second.id)
    matrix.actions["indent"].trigger()
    assert services.rows.get(second.id).kind is RowKind.ACTIVITY
    assert services.rows.get(second.id).parent_id == first.id
    matrix.actions["outdent"].trigger()
    assert services.rows.get(second.id).kind is RowKind.TASK
    undo()
    assert services.rows.get(second.id).kind is RowKind.ACTIVITY
    undo()
    assert services.rows.get(second.id).parent_id == first.parent_id

    # delete (the row has progress: a confirmation is asked)
    services.progress.add(first.id, date=date(2025, 2, 1), status="dang-thuc-hien")
    window.open_plan.reload()
    matrix.select_row(first.id)
    matrix.actions["delete_rows"].trigger()
    assert _task_texts(services, plan_id) == ["Số hóa hồ sơ", "Rà soát TTHC"]
    assert services.progress.list(plan_id) == []
    undo()
    assert _task_texts(services, plan_id)[0] == "Công khai TTHC"
    assert len(services.progress.list(plan_id)) == 1
    redo()
    assert len(_task_texts(services, plan_id)) == 2
    undo()

    # paste
    matrix.select_row(first.id)
    matrix.paste_text("Tuyên truyền trên loa\nNiêm yết tại trụ sở")
    assert _task_texts(services, plan_id)[1:3] == ["Tuyên truyền trên loa", "Niêm yết tại trụ sở"]
    undo()
    assert len(_task_texts(services, plan_id)) == 3
    redo()
    assert len(_task_texts(services, plan_id)) == 5


def test_undo_reaches_plan_fields_columns_and_the_log(window, services, plan_with_tasks, monkeypatch):
    plan_id = plan_with_tasks
    form = window.plan_form
    form.number.setText("07")
    form.number.editingFinished.emit()
    assert services.plans.get(plan_id).number == "07"
    window.act_undo.trigger()
    assert services.plans.get(plan_id).number == "" and form.number.text() == ""
    window.act_redo.trigger()
    assert form.number.text() == "07"

    columns = list(services.plans.get(plan_id).columns)
    window.matrix.rows.set_columns(columns[:3])
    assert len(services.plans.get(plan_id).columns) == 3
    window.act_undo.trigger()
    assert len(services.plans.get(plan_id).columns) == len(columns)

    task = services.rows.find_by_number(plan_id, "2")
    log_for(window, monkeypatch, task.id, "hoan-thanh", date(2025, 5, 2))
    assert len(services.progress.list(plan_id)) == 1
    window.act_undo.trigger()
    assert services.progress.list(plan_id) == []
    window.act_redo.trigger()
    assert len(services.progress.list(plan_id)) == 1


def log_for(window, monkeypatch, task_id, status, when, result="Đã thực hiện"):
    def fake_exec(dialog):
        dialog.task_box.setCurrentIndex(dialog.task_box.findData(task_id))
        dialog.status_box.setCurrentIndex(dialog.status_box.findData(status))
        dialog.date_edit.setDate(when)
        dialog.result.setPlainText(result)
        return 1

    monkeypatch.setattr(EntryDialog, "exec", fake_exec)
    window.matrix.select_row(task_id)
    window.matrix.actions["log_progress"].trigger()


def test_logging_progress_changes_the_status_in_the_matrix(window, services, plan_with_tasks, monkeypatch, tmp_path):
    plan_id = plan_with_tasks
    model = window.matrix.model
    window.open_plan.set_as_of(date(2025, 5, 1))
    task = services.rows.find_by_number(plan_id, "2")
    status_column = model.column_of("status")
    cell = model.index_of(task.id, status_column)
    assert cell.data() == "Chưa triển khai"
    log_for(window, monkeypatch, task.id, "hoan-thanh", date(2025, 4, 20), "Đã số hóa 120 hồ sơ")
    assert window.open_plan.state.tracked(task.id).status.status is TaskStatus.DONE_ON_TIME
    assert model.index_of(task.id, status_column).data() == "Hoàn thành đúng hạn"
    assert "Hoàn thành đúng hạn: 1" in window.summary_label.text()
    log_table = window.log_tab.model
    assert log_table.rowCount() == 1 and log_table.index(0, 5).data() == "Đã số hóa 120 hồ sơ"


def test_attachments_are_copied_into_the_data_folder(window, services, plan_with_tasks, monkeypatch, tmp_path):
    plan_id = plan_with_tasks
    task = services.rows.find_by_number(plan_id, "1")
    scan = tmp_path / "Quyết định 15.pdf"
    scan.write_bytes(b"%PDF scanned")

    def fake_exec(dialog):
        dialog.add_files([scan])
        return 1

    monkeypatch.setattr(EntryDialog, "exec", fake_exec)
    window.log_tab.add_entry(task.id)
    from app.ui.background import wait_for_background_work

    assert wait_for_background_work(30000)  # files are copied on the worker thread
    entry = services.progress.list(plan_id)[0]
    stored = services.attachments.path_of(entry.attachments[0])
    assert stored.read_bytes() == b"%PDF scanned" and services.data_dir in stored.parents


def test_pasting_the_seed_002_table_gives_six_tasks_in_the_right_columns(window, monkeypatch, services):
    plan_id = new_plan(window, monkeypatch, kind="tuyen-truyen", year=2023, layout="tuyen-truyen-002")
    window.show_tab("matrix")
    QApplication.clipboard().setText(seed_table_tsv("002"))
    window.matrix.actions["paste"].trigger()
    tasks = [r for r in services.rows.list(plan_id) if r.kind is RowKind.TASK]
    assert len(tasks) == 6
    first, last = tasks[0], tasks[-1]
    assert first.task.startswith("Tuyên truyền về công tác cải cách hành chính")
    assert first.lead == "Phòng Văn hóa và Thông tin"
    assert first.support == "Các cơ quan, đơn vị; Ủy ban nhân dân các phường"
    assert first.timeframe == "Năm 2023" and first.output == "Tin, bài, hình ảnh"
    assert last.task == "Tuyên truyền trên mạng xã hội: Fanpage Facebook; zalo..."
    assert [window.open_plan.state.number(t.id) for t in tasks] == ["1", "2", "3", "4", "5", "6"]


def test_copied_rows_paste_back_as_the_same_rows(window, services, plan_with_tasks):
    plan_id = plan_with_tasks
    matrix = window.matrix
    first = services.rows.find_by_number(plan_id, "1")
    services.rows.update(first.id, {"lead": "Văn phòng\nTư pháp"})
    window.open_plan.reload()
    matrix.select_row(first.id)
    matrix.actions["copy"].trigger()
    mime = QApplication.clipboard().mimeData()
    assert "<table" in mime.html() and "Công khai TTHC" in mime.text()
    matrix.actions["paste"].trigger()
    tasks = [r for r in services.rows.list(plan_id) if r.kind is RowKind.TASK]
    copy = tasks[1]
    assert (copy.task, copy.lead, copy.timeframe) == ("Công khai TTHC", "Văn phòng\nTư pháp", "Thường xuyên")


def test_search_ignores_diacritics_and_filters_by_status(window, services, plan_with_tasks, qtbot):
    matrix = window.matrix
    proxy = matrix.proxy
    matrix.set_filter(MatrixFilter(text="so hoa"))
    visible = _visible_texts(matrix)
    assert "Số hóa hồ sơ" in visible and "Công khai TTHC" not in visible
    matrix.set_filter(MatrixFilter(text="cai cach thu tuc"))
    assert "III. CẢI CÁCH THỦ TỤC HÀNH CHÍNH" in _visible_texts(matrix)
    window.open_plan.set_as_of(date(2025, 5, 1))
    matrix.set_filter(MatrixFilter(statuses=frozenset({TaskStatus.OVERDUE})))
    assert _visible_texts(matrix) == ["III. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "Rà soát TTHC"]
    matrix.set_filter(MatrixFilter(due_within=60))
    assert "Số hóa hồ sơ" in _visible_texts(matrix)
    assert proxy.rowCount() >= 1


def _visible_texts(matrix):
    out = []
    proxy = matrix.proxy

    def walk(parent):
        for row in range(proxy.rowCount(parent)):
            index = proxy.index(row, 0, parent)
            rid = matrix.model.row_id(proxy.mapToSource(index))
            r = matrix.plan.state.row(rid)
            out.append(index.data() if r.kind is RowKind.AREA else r.task)
            walk(index)

    from app.ui.qt import QModelIndex
    walk(QModelIndex())
    return out


def test_editing_while_a_filter_is_on(window, services, plan_with_tasks):
    matrix = window.matrix
    matrix.set_filter(MatrixFilter(text="ra soat"))
    proxy = matrix.proxy
    area_index = proxy.index(0, 0)
    task_index = proxy.index(0, matrix.model.column_of("task"), area_index)
    assert proxy.setData(task_index, "Rà soát, đơn giản hóa TTHC")
    assert "Rà soát, đơn giản hóa TTHC" in _task_texts(services, plan_with_tasks)
    assert proxy.setData(proxy.index(0, matrix.model.column_of("task"), area_index), "Công việc khác")
    assert "Công việc khác" in _task_texts(services, plan_with_tasks)


def test_close_and_reopen_keeps_everything(window, services, plan_with_tasks, qtbot, tmp_path, monkeypatch):
    from app.ui.main_window import MainWindow

    plan_id = plan_with_tasks
    task = services.rows.find_by_number(plan_id, "1")
    log_for(window, monkeypatch, task.id, "dang-thuc-hien", date(2025, 2, 3), "Đã niêm yết")
    window.plan_form.place.setText("Sông Cầu")
    window.plan_form.place.editingFinished.emit()
    window.resize(760, 560)  # within the offscreen screen (800×600)
    QApplication.processEvents()
    size = (window.size().width(), window.size().height())
    window.close()
    db_path = services.db.path
    services.close()

    reopened = Services.open(db_path, services.data_dir)
    try:
        again = MainWindow(reopened)
        qtbot.addWidget(again)
        assert again.current_plan_id == plan_id
        assert (again.size().width(), again.size().height()) == size
        assert _task_texts(reopened, plan_id) == ["Công khai TTHC", "Số hóa hồ sơ", "Rà soát TTHC"]
        assert reopened.progress.list(plan_id)[0].result == "Đã niêm yết"
        assert again.plan_form.place.text() == "Sông Cầu"
        again.close()
    finally:
        reopened.close()


def test_item_models_pass_the_model_tester(window, services, plan_with_tasks, qtmodeltester):
    task = services.rows.find_by_number(plan_with_tasks, "1")
    services.rows.add(plan_with_tasks, RowKind.ACTIVITY, task.id, texts={"activity": "Niêm yết"})
    services.progress.add(task.id, date=date(2025, 2, 1), status="dang-thuc-hien")
    window.open_plan.reload()
    qtmodeltester.check(window.matrix.model)
    window.matrix.set_filter(MatrixFilter(text="niem yet"))
    qtmodeltester.check(window.matrix.proxy)
    qtmodeltester.check(window.log_tab.model)
    qtmodeltester.check(window.log_tab.proxy)


def test_no_traceback_from_awkward_actions(window, services, plan_with_tasks, messages, qtbot):
    plan_id = plan_with_tasks
    matrix = window.matrix
    # Delete every row, then act on an empty matrix.
    matrix.tree.selectAll()
    matrix.actions["delete_rows"].trigger()
    assert services.rows.list(plan_id) == []
    for key in ("delete_rows", "indent", "outdent", "move_up", "add_activity", "copy"):
        matrix.actions[key].trigger()
    # Garbage on the clipboard.
    QApplication.clipboard().setText("\x00\x01 ☃ <table><tr><td>")
    matrix.actions["paste"].trigger()
    QApplication.clipboard().setText("")
    matrix.actions["paste"].trigger()
    assert messages, "the refused actions said why"
    assert all(kind in ("warning", "question") for kind, _ in messages)
    assert not any("Traceback" in text or "không mong muốn" in text for _, text in messages), messages


def test_pasting_five_thousand_lines_runs_behind_a_progress_dialog(window, services, monkeypatch, qtbot):
    from app.ui.background import wait_for_background_work

    plan_id = new_plan(window, monkeypatch, kind="tuyen-truyen")
    window.show_tab("matrix")
    lines = "\n".join(f"{i}\tNhiệm vụ tuyên truyền số {i}" for i in range(1, 5001))
    window.matrix.paste_text("TT\tNhiệm vụ\n" + lines)
    assert wait_for_background_work(60000)
    qtbot.waitUntil(lambda: window.matrix.model.rowCount() == 5000, timeout=60000)
    assert len(services.rows.list(plan_id)) == 5000
    window.act_undo.trigger()
    assert services.rows.list(plan_id) == []


def test_keyboard_shortcuts_reach_the_main_actions(window):
    shortcuts = {key: action.shortcut().toString() for key, action in window.matrix.actions.items()}
    assert shortcuts["add_task"] and shortcuts["add_activity"] and shortcuts["log_progress"] == "Ctrl+L"
    assert window.act_undo.shortcut().toString() == "Ctrl+Z"
    assert "Ctrl+Y" in [s.toString() for s in window.act_redo.shortcuts()]


def test_due_dates_are_read_and_can_be_overridden(window, services, plan_with_tasks, messages):
    model = window.matrix.model
    window.open_plan.set_as_of(date(2025, 7, 10))
    task = services.rows.find_by_number(plan_with_tasks, "2")
    due_column = model.column_of("due")
    assert model.index_of(task.id, due_column).data() == "✗\u00a030/06"  # missed
    assert model.index_of(task.id, due_column).data(Qt.EditRole) == "30/06/2025"
    model.setData(model.index_of(task.id, due_column), "15/07/2025")
    assert services.rows.get(task.id).due_override == (date(2025, 7, 15),)
    assert model.index_of(task.id, due_column).data() == "15/07\n(tự đặt)"
    window.act_undo.trigger()
    assert services.rows.get(task.id).due_override is None
    assert not model.setData(model.index_of(task.id, due_column), "ngày mai")  # not a date
    assert services.rows.get(task.id).due_override is None
    assert messages[-1] == ("warning", "Ngày không hợp lệ: «ngày mai» (viết theo dạng 2025-03-10 hoặc 10/03/2025).")


def test_unit_cells_complete_names_from_the_directory(window, services, plan_with_tasks):
    services.units.add("Công chức Văn phòng – Thống kê")
    matrix = window.matrix
    task = services.rows.find_by_number(plan_with_tasks, "1")
    matrix.select_row(task.id, "lead")
    editor = open_editor(window)
    type_text(editor, "Văn phòng")
    completer = editor.completer
    assert completer is not None and completer.completionCount() == 1
    assert completer.currentCompletion() == "Công chức Văn phòng – Thống kê"


def test_columns_dialog_chooses_orders_and_renames(window, services, plan_with_tasks, monkeypatch):
    from app.ui.dialogs import ColumnsDialog

    def fake_exec(dialog):
        dialog.preset.setCurrentIndex(dialog.preset.findData("tuyen-truyen-002"))
        dialog._apply_preset()
        dialog.table.item(1, 2).setText("Nội dung nhiệm vụ")
        dialog.table.selectRow(1)
        dialog._move(1)
        return 1

    monkeypatch.setattr(ColumnsDialog, "exec", fake_exec)
    window.act_columns.trigger()
    columns = services.plans.get(plan_with_tasks).columns
    assert [c.field for c in columns] == ["number", "lead", "task", "support", "timeframe", "output"]
    assert columns[2].header == "Nội dung nhiệm vụ"
    assert window.matrix.model.columns[2].header == "Nội dung nhiệm vụ"
