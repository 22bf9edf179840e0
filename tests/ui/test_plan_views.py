"""The tabs over one plan state: each refreshes itself from the one "plan
changed" signal, every action is one undo step, and they agree on which
tasks are still open."""

from __future__ import annotations

from datetime import date, timedelta

from app.core.model import RowKind
from app.ui.background import wait_for_background_work
from app.ui.entry_dialog import EntryValues
from app.ui.matrix.filtering import MatrixFilter


def _plan(services, today):
    plan_id = services.plans.create("cchc", today.year)
    area = services.rows.find_area(plan_id, "II")
    soon = f"trước {(today + timedelta(days=6)):%d/%m/%Y}"
    cancelled = services.rows.add(plan_id, RowKind.TASK, area.id, texts={"task": "Bỏ", "timeframe": soon})
    open_task = services.rows.add(plan_id, RowKind.TASK, area.id, texts={"task": "Làm", "timeframe": soon})
    services.progress.add(cancelled.id, date=today, status="khong-thuc-hien", reason="Cấp trên đã bỏ")
    return plan_id, cancelled, open_task


def _visible_tasks(matrix):
    out, proxy = [], matrix.proxy
    for area in range(proxy.rowCount()):
        parent = proxy.index(area, 0)
        for row in range(proxy.rowCount(parent)):
            out.append(matrix.model.row_id(proxy.mapToSource(proxy.index(row, 0, parent))))
    return out


def test_the_matrix_filter_and_the_overview_agree_on_open_tasks(window, services):
    today = date.today()
    plan_id, cancelled, open_task = _plan(services, today)
    window.reload_plans(select=plan_id)
    window.matrix.set_filter(MatrixFilter(due_within=10))
    assert _visible_tasks(window.matrix) == [open_task.id]      # the cancelled one is not "due"
    window.matrix.set_filter(MatrixFilter(open_only=True))
    assert _visible_tasks(window.matrix) == [open_task.id]
    window.overview.refresh(today)
    assert [t.row.id for t in window.overview.overview.due_soon] == [open_task.id]


def test_tabs_refresh_themselves_when_the_plan_changes(window, services):
    today = date.today()
    plan_id, cancelled, open_task = _plan(services, today)
    window.reload_plans(select=plan_id)
    window.show_tab("overview")
    assert window.overview.due_soon.count() == 1
    window.log_tab.record(EntryValues(open_task.id, today, "hoan-thanh", 100, "Đã xong", "", ""))
    # No window method reloads anything: the overview (shown) and the log followed the signal.
    assert "Không có nhiệm vụ đến hạn" in window.overview.due_soon.item(0).text()
    assert window.log_tab.model.rowCount() == 2
    assert "Hoàn thành đúng hạn: 1" in window.summary_label.text()
    # The plan's title, changed in the form, shows in the switcher; undone, it goes back.
    window.plan_form.title.setPlainText("Kế hoạch mới đặt tên")
    window.plan_form.title.edited.emit()
    assert "Kế hoạch mới đặt tên" in window.plan_box.currentText()
    window.act_undo.trigger()
    assert "Kế hoạch mới đặt tên" not in window.plan_box.currentText()
    assert window.plan_form.title.toPlainText() != "Kế hoạch mới đặt tên"


def test_an_entry_whose_file_cannot_be_copied_leaves_nothing(window, services, tmp_path, messages):
    today = date.today()
    plan_id, cancelled, open_task = _plan(services, today)
    window.reload_plans(select=plan_id)
    stack = window.undo_group.activeStack()
    before = (len(services.progress.list(plan_id)), stack.count())
    values = EntryValues(open_task.id, today, "dang-thuc-hien", 50, "Đang làm", "", "",
                         new_files=[tmp_path / "bien-ban.pdf", tmp_path / "khong-co.pdf"])
    (tmp_path / "bien-ban.pdf").write_bytes(b"%PDF-1.4")
    window.log_tab._guard(lambda: window.log_tab.record(values))
    assert (len(services.progress.list(plan_id)), stack.count()) == before
    assert messages and "khong-co.pdf" in messages[-1][1]
    assert window.log_tab.model.rowCount() == 1


def test_a_drag_of_several_rows_is_one_undo_step(window, services):
    today = date.today()
    plan_id, cancelled, open_task = _plan(services, today)
    window.reload_plans(select=plan_id)
    three = services.rows.find_area(plan_id, "III")
    window.matrix.model.drop_requested.emit([cancelled.id, open_task.id], three.id, 0)
    assert [r.id for r in services.rows.list(plan_id) if r.parent_id == three.id] == [cancelled.id, open_task.id]
    assert window.undo_group.activeStack().undoText() == "Kéo thả dòng"
    window.act_undo.trigger()
    assert services.rows.get(cancelled.id).parent_id == services.rows.find_area(plan_id, "II").id
    assert services.rows.get(open_task.id).parent_id == services.rows.find_area(plan_id, "II").id


def test_the_matrix_model_stays_sound_through_every_kind_of_change(window, services, qtmodeltester, qtlog):
    """Qt's model tester watches the model (and the filter proxy) while rows
    are added, moved across areas, indented, deleted and brought back."""
    today = date.today()
    plan_id, cancelled, open_task = _plan(services, today)
    window.reload_plans(select=plan_id)
    matrix = window.matrix
    qtmodeltester.check(matrix.model)
    proxy_tester = type(qtmodeltester)(None)
    proxy_tester.check(matrix.proxy)
    matrix.select_row(open_task.id)
    matrix.actions["add_activity"].trigger()
    matrix.select_row(open_task.id)
    for key in ("move_down", "move_up", "insert_below", "move_up"):
        matrix.actions[key].trigger()
    matrix.select_row(cancelled.id)
    matrix.actions["delete_rows"].trigger()
    matrix.set_filter(MatrixFilter(text="lam"))
    for _ in range(6):
        window.act_undo.trigger()
    for _ in range(6):
        window.act_redo.trigger()
    failures = [m.message for m in qtlog.records if "FAIL" in m.message]
    assert failures == []
    assert window.undo_group.activeStack().count() == 6


def test_a_past_years_plan_is_logged_in_its_own_year(window, services, monkeypatch):
    from app.ui.entry_dialog import EntryDialog

    plan_id = services.plans.create("cchc", 2023)
    task = services.rows.add(plan_id, RowKind.TASK, services.rows.find_area(plan_id, "II").id, texts={"task": "Rà soát"})
    window.reload_plans(select=plan_id)
    shown = []
    monkeypatch.setattr(EntryDialog, "exec", lambda dialog: shown.append(dialog.date_edit.date().toPython()) or 0)
    window.log_tab.add_entry(task.id)
    assert shown == [min(date.today(), date(2023, 12, 31))]


def test_an_entry_edit_with_files_is_undone_whole(window, services, tmp_path):
    today = date.today()
    plan_id, cancelled, open_task = _plan(services, today)
    window.reload_plans(select=plan_id)
    first, second = tmp_path / "bien-ban.pdf", tmp_path / "quyet-dinh.pdf"
    first.write_bytes(b"%PDF-1.4 a")
    second.write_bytes(b"%PDF-1.4 b")
    window.log_tab.record(EntryValues(open_task.id, today, "dang-thuc-hien", 50, "Đang làm", "", "", new_files=[first]))
    assert wait_for_background_work(30000)
    entry = next(e for e in services.progress.list(plan_id) if e.row_id == open_task.id)
    from app.ui.commands import EditEntryCommand, push_command

    values = EntryValues(open_task.id, today, "hoan-thanh", 100, "Đã xong", "", "", new_files=[second],
                         removed_attachments=[entry.attachments[0].id])
    push_command(window.undo_group.activeStack(), EditEntryCommand(window.open_plan, entry.id, values))
    edited = services.progress.get(entry.id)
    assert (edited.status, [a.file_name for a in edited.attachments]) == ("hoan-thanh", ["quyet-dinh.pdf"])
    window.act_undo.trigger()
    back = services.progress.get(entry.id)
    assert (back.status, back.result, [a.file_name for a in back.attachments]) == (
        "dang-thuc-hien", "Đang làm", ["bien-ban.pdf"])
    assert window.open_plan.state.entries[-1].attachments == back.attachments  # the state followed


def test_an_entrys_files_are_copied_off_the_ui_thread_and_a_failed_copy_leaves_nothing(
        window, services, tmp_path, messages, monkeypatch):
    import threading

    today = date.today()
    plan_id, _cancelled, open_task = _plan(services, today)
    window.reload_plans(select=plan_id)
    stack = window.undo_group.activeStack()
    before = (len(services.progress.list(plan_id)), stack.count())
    scans = [tmp_path / "bien-ban.pdf", tmp_path / "quyet-dinh.pdf"]
    for scan in scans:
        scan.write_bytes(b"%PDF-1.4 " + scan.name.encode())
    store, copied_on = services.attachments, []
    real_copy = store._copy_in

    def copy_in(source):
        copied_on.append(threading.current_thread() is threading.main_thread())
        if source.name == "quyet-dinh.pdf":  # the disk fills up on the second file
            raise OSError(28, "No space left on device")
        return real_copy(source)

    monkeypatch.setattr(store, "_copy_in", copy_in)
    values = EntryValues(open_task.id, today, "dang-thuc-hien", 50, "Đang làm", "", "", new_files=scans)
    window.log_tab._guard(lambda: window.log_tab.record(values))
    assert wait_for_background_work(30000)
    assert copied_on == [False, False]                      # both copies ran on the worker thread
    assert (len(services.progress.list(plan_id)), stack.count()) == before   # no entry, no undo step
    assert messages and messages[-1][0] in ("warning", "critical")
    monkeypatch.setattr(store, "_copy_in", real_copy)
    window.log_tab.record(values)
    assert wait_for_background_work(30000)
    assert stack.undoText() == "Ghi tiến độ" and stack.count() == before[1] + 1
    added = [e for e in services.progress.list(plan_id) if e.row_id == open_task.id]
    assert [a.file_name for a in added[0].attachments] == ["bien-ban.pdf", "quyet-dinh.pdf"]
    assert [e.id for e in window.open_plan.state.entries if e.row_id == open_task.id] == [added[0].id]
