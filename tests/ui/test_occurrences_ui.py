"""A missed quarterly occurrence as the officer sees it: the matrix's "Hạn"
markers and tooltip, the overview's overdue list, the progress dialog's
picker, and undo bringing the missed occurrence back."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.model import RowKind
from app.ui.entry_dialog import EntryDialog
from app.ui.qt import QDate, Qt


def d(day, month, year=2023):
    return date(year, month, day)


@pytest.fixture
def quarterly(window, services):
    plan_id = services.plans.create("cchc", 2023)
    area = services.rows.find_area(plan_id, "I")
    task = services.rows.add(plan_id, RowKind.TASK, area.id, texts={
        "task": "Báo cáo CCHC quý", "timeframe": "Định kỳ trước ngày 10 của tháng cuối quý"})
    window.reload_plans(select=plan_id)
    window.open_plan.set_as_of(d(1, 7))
    return plan_id, task


def cell(window, row_id, field, role=Qt.DisplayRole):
    """A cell's text; a marker's no-break space (the cell wraps between
    markers, never inside one) reads as a space."""
    model = window.matrix.model
    text = model.index_of(row_id, model.column_of(field)).data(role)
    return text.replace("\u00a0", " ") if isinstance(text, str) else text


def overdue_items(window) -> list[str]:
    window.show_tab("overview")
    widget = window.overview.overdue
    return [widget.item(i).text() for i in range(widget.count())]


def log_done(window, monkeypatch, row_id, when, occurrence=None, seen=None):
    def fake_exec(dialog):
        dialog.task_box.setCurrentIndex(dialog.task_box.findData(row_id))
        dialog.status_box.setCurrentIndex(dialog.status_box.findData("hoan-thanh"))
        dialog.date_edit.setDate(QDate(when.year, when.month, when.day))
        if seen is not None:
            seen.extend(dialog.occurrence_box.itemText(i) for i in range(dialog.occurrence_box.count()))
        dialog.choose_occurrence(occurrence)
        return 1

    monkeypatch.setattr(EntryDialog, "exec", fake_exec)
    window.show_tab("matrix")
    window.matrix.select_row(row_id)
    window.matrix.actions["log_progress"].trigger()


def test_a_missed_quarter_shows_in_the_matrix_and_the_overview_and_undo_brings_it_back(
        window, services, quarterly, monkeypatch):
    plan_id, task = quarterly
    assert cell(window, task.id, "due") == "✗ 10/03 · ✗ 10/06 · 10/09 · 10/12"
    assert "✗\u00a010/03 · " in window.matrix.model.index_of(task.id, window.matrix.model.column_of("due")).data()
    assert cell(window, task.id, "status") == "Quá hạn"
    tooltip = cell(window, task.id, "due", Qt.ToolTipRole)
    assert "• 10/03/2023: quá hạn, chưa hoàn thành" in tooltip and "• 10/09/2023: chưa đến hạn" in tooltip
    assert overdue_items(window) == ["1. Báo cáo CCHC quý — lỡ 2 lần hạn 10/03/2023, 10/06/2023 (quá 113 ngày)"]

    # June's report, sent on time and named in the dialog's picker.
    picker: list[str] = []
    log_done(window, monkeypatch, task.id, d(5, 6), d(10, 6), picker)
    assert picker == ["Tự động: lần sớm nhất chưa hoàn thành (10/03/2023)",
                      "10/03/2023: quá hạn, chưa hoàn thành", "10/06/2023: quá hạn, chưa hoàn thành",
                      "10/09/2023: chưa đến hạn", "10/12/2023: chưa đến hạn"]
    assert services.progress.list(plan_id)[0].occurrence == d(10, 6)
    assert cell(window, task.id, "due") == "✗ 10/03 · ✓ 10/06 · 10/09 · 10/12"
    assert overdue_items(window) == ["1. Báo cáo CCHC quý — lỡ hạn 10/03/2023 (quá 113 ngày)"]

    # March's, late, with the automatic choice: nothing is missed any more.
    log_done(window, monkeypatch, task.id, d(20, 6))
    assert cell(window, task.id, "due") == "✓! 10/03 · ✓ 10/06 · 10/09 · 10/12"
    assert cell(window, task.id, "status") == "Đang thực hiện"
    assert overdue_items(window) == ["Không có nhiệm vụ quá hạn."]

    # Undo the entry: the missed occurrence is back, in both places.
    window.act_undo.trigger()
    assert cell(window, task.id, "due") == "✗ 10/03 · ✓ 10/06 · 10/09 · 10/12"
    assert cell(window, task.id, "status") == "Quá hạn"
    assert overdue_items(window) == ["1. Báo cáo CCHC quý — lỡ hạn 10/03/2023 (quá 113 ngày)"]
    window.act_redo.trigger()
    assert overdue_items(window) == ["Không có nhiệm vụ quá hạn."]


def test_the_due_soon_list_and_the_filter_follow_the_next_occurrence(window, services, quarterly):
    plan_id, task = quarterly
    window.open_plan.set_as_of(d(7, 9))
    window.show_tab("overview")
    soon = window.overview.due_soon
    assert soon.item(0).text() == "1. Báo cáo CCHC quý — hạn 10/09/2023 (còn 3 ngày)"
    from app.ui.matrix.filtering import MatrixFilter

    proxy = window.matrix.proxy
    window.matrix.set_filter(MatrixFilter(due_within=3))
    assert proxy.rowCount() > 0
    window.matrix.set_filter(MatrixFilter(due_within=2))
    assert proxy.rowCount() == 0


def test_a_sub_row_with_its_own_deadline_is_logged_and_shown_on_its_own(window, services, quarterly, monkeypatch):
    plan_id, task = quarterly
    sub = services.rows.add(plan_id, RowKind.SUBTASK, task.id, texts={"task": "Báo cáo 6 tháng",
                                                                     "timeframe": "trước 15/06/2023"})
    window.open_plan.reload()
    window.open_plan.set_as_of(d(1, 7))
    assert cell(window, sub.id, "due") == "✗ 15/06" and cell(window, sub.id, "status") == "Quá hạn"
    log_done(window, monkeypatch, sub.id, d(14, 6))
    entry = services.progress.list(plan_id)[0]
    assert entry.row_id == sub.id and entry.occurrence is None
    assert cell(window, sub.id, "due") == "✓ 15/06" and cell(window, sub.id, "status") == "Hoàn thành đúng hạn"
    # The task's own quarters are still owed; the sub-row's date is one of the task's occurrences.
    assert cell(window, task.id, "due") == "✗ 10/03 · ✗ 10/06 · ✓ 15/06 · 10/09 · 10/12"
    log_tab = window.log_tab
    log_tab.show_task(task.id)
    assert log_tab.proxy.rowCount() == 1  # the sub-row's entry is listed under its task
    assert log_tab.proxy.index(0, 1).data() == "1.1"


def test_leaving_the_due_cell_unchanged_sets_no_override(window, services, quarterly):
    plan_id, task = quarterly
    model = window.matrix.model
    index = model.index_of(task.id, model.column_of("due"))
    assert index.data(Qt.EditRole) == "10/03/2023; 10/06/2023; 10/09/2023; 10/12/2023"
    model.setData(index, index.data(Qt.EditRole))
    assert services.rows.get(task.id).due_override is None  # still a recurring rule
    assert cell(window, task.id, "due") == "✗ 10/03 · ✗ 10/06 · 10/09 · 10/12"
