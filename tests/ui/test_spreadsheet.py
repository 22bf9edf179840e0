"""The matrix edits like a spreadsheet, driven from the keyboard: type over a
cell, Enter down, Tab across, F2, Esc, Delete, Ctrl+D, Ctrl+C/Ctrl+V — each
change one undo step with the right words."""

from __future__ import annotations

import pytest

from app.core.model import NewRow, RowKind
from app.ui.matrix.view import CellEditor
from app.ui.qt import QApplication, QFontMetrics, QItemSelectionModel, QRect, Qt
from tests.ui.conftest import press, type_text


@pytest.fixture
def sheet(window, services):
    """A CCHC plan with three tasks in area II (the second with an activity)
    and one in area III, open on the matrix tab with the table focused."""
    plan_id = services.plans.create("cchc", 2025)
    two, three = services.rows.find_area(plan_id, "II"), services.rows.find_area(plan_id, "III")
    services.rows.insert(plan_id, two.id, None, [
        NewRow(RowKind.TASK, {"task": "Rà soát văn bản", "lead": "Tư pháp", "timeframe": "Quý II/2025"}),
        NewRow(RowKind.TASK, {"task": "Kiểm tra", "lead": "", "timeframe": "Quý III/2025"},
               children=(NewRow(RowKind.ACTIVITY, {"activity": "Lập đoàn kiểm tra"}),)),
        NewRow(RowKind.TASK, {"task": "Tự kiểm tra", "lead": "", "timeframe": "Quý IV/2025"}),
    ])
    services.rows.add(plan_id, RowKind.TASK, three.id, texts={"task": "Công khai TTHC"})
    window.reload_plans(select=plan_id)
    window.show_tab("matrix")
    window.matrix.tree.setFocus()
    QApplication.processEvents()
    return window


def cell(window, number, field: str):
    """The view's index of a row (by its printed number, or its id) in a column."""
    state, matrix = window.open_plan.state, window.matrix
    row_id = number if isinstance(number, int) else \
        next(r.id for r in state.ordered_rows() if state.number(r.id) == number)
    return matrix.proxy.mapFromSource(matrix.model.index_of(row_id, matrix.model.column_of(field)))


def go(window, number: str, field: str) -> None:
    window.matrix.tree.set_current(cell(window, number, field))


def where(window) -> tuple[str, str]:
    """(row number, field) of the current cell."""
    matrix = window.matrix
    index = matrix.proxy.mapToSource(matrix.tree.currentIndex())
    return window.open_plan.state.number(index.internalId()), matrix.model.field_at(index.column())


def texts(services, window, field: str) -> list[str]:
    return [getattr(r, field) for r in services.rows.list(window.current_plan_id) if r.kind is RowKind.TASK]


def keyboard(start, text: str) -> None:
    """Type as a keyboard does: each key goes to whatever has the focus then
    (the first key on a cell opens its editor, the next ones go into it)."""
    type_text(start, text[0])
    for char in text[1:]:
        type_text(QApplication.focusWidget(), char)


def editor(window) -> CellEditor:
    editors = window.matrix.tree.viewport().findChildren(CellEditor)
    assert editors and editors[-1].isVisible(), "no cell editor is open"
    return editors[-1]


def undo_text(window) -> str:
    return window.undo_group.activeStack().undoText()


def test_typing_replaces_the_cell_and_enter_commits_and_goes_down(sheet, services):
    go(sheet, "1", "lead")
    keyboard(sheet.matrix.tree, "Văn phòng – Thống kê")  # the first key opens an empty editor
    press(editor(sheet), Qt.Key_Return)
    assert texts(services, sheet, "lead") == ["Văn phòng – Thống kê", "", "", ""]
    assert undo_text(sheet) == "Sửa ô"
    assert where(sheet) == ("2", "lead")              # down one row, same column
    press(sheet.matrix.tree, Qt.Key_Return)           # Enter without editing: down again,
    assert where(sheet) == ("", "lead")               # to task 2's activity line (it has its own lead)
    sheet.act_undo.trigger()
    assert texts(services, sheet, "lead")[0] == "Tư pháp"


def test_enter_goes_down_past_cells_that_cannot_be_edited(sheet):
    go(sheet, "1", "task")
    press(sheet.matrix.tree, Qt.Key_Return)
    assert where(sheet) == ("2", "task")
    press(sheet.matrix.tree, Qt.Key_Return)           # the activity line has no task cell of its own
    assert where(sheet) == ("3", "task")
    press(sheet.matrix.tree, Qt.Key_Return)           # area III's title row is skipped as well
    assert where(sheet) == ("4", "task")
    press(sheet.matrix.tree, Qt.Key_Return, Qt.ShiftModifier)
    assert where(sheet) == ("3", "task")


def test_tab_goes_across_wraps_to_the_next_row_and_never_leaves_the_table(sheet, services):
    matrix = sheet.matrix
    columns = [c.field for c in matrix.model.columns]
    last_editable = [f for f in columns if f != "status"][-1]
    go(sheet, "1", "task")
    press(matrix.tree, Qt.Key_Tab)
    assert where(sheet) == ("1", columns[columns.index("task") + 1])
    go(sheet, "1", last_editable)
    press(matrix.tree, Qt.Key_Tab)                    # "Tình trạng" is computed: skipped, next row
    assert where(sheet)[0] == "2" and where(sheet)[1] == columns[0]
    press(matrix.tree, Qt.Key_Backtab)
    assert where(sheet) == ("1", last_editable)
    # While editing: Tab commits, moves right, and the focus stays in the table.
    go(sheet, "4", "task")
    keyboard(matrix.tree, "Công khai thủ tục")
    press(editor(sheet), Qt.Key_Tab)
    assert texts(services, sheet, "task")[3] == "Công khai thủ tục"
    assert where(sheet) == ("4", columns[columns.index("task") + 1])
    for _ in range(len(columns) * 3):                 # far past the last cell of the table
        press(matrix.tree, Qt.Key_Tab)
    assert QApplication.focusWidget() is matrix.tree and sheet.plan_box.hasFocus() is False
    assert where(sheet)[0] == "VII"                   # the table's last cell: the last area's title


def test_f2_edits_the_text_as_it_is_and_esc_cancels(sheet, services):
    go(sheet, "1", "task")
    press(sheet.matrix.tree, Qt.Key_F2)
    assert editor(sheet).toPlainText() == "Rà soát văn bản"
    type_text(editor(sheet), " QPPL")
    press(editor(sheet), Qt.Key_Return)
    assert texts(services, sheet, "task")[0] == "Rà soát văn bản QPPL"
    count = sheet.undo_group.activeStack().count()
    go(sheet, "2", "task")
    keyboard(sheet.matrix.tree, "Bỏ đi")
    press(editor(sheet), Qt.Key_Escape)
    assert texts(services, sheet, "task")[1] == "Kiểm tra"
    assert sheet.undo_group.activeStack().count() == count   # nothing to undo for a cancelled edit
    assert not sheet.matrix.tree.viewport().findChildren(CellEditor) or not editor_open(sheet)


def editor_open(window) -> bool:
    return any(e.isVisible() for e in window.matrix.tree.viewport().findChildren(CellEditor))


def select(window, cells) -> None:
    selection = window.matrix.tree.selectionModel()
    selection.clearSelection()
    for number, field in cells:
        selection.select(cell(window, number, field), QItemSelectionModel.Select)
    selection.setCurrentIndex(cell(window, *cells[0]), QItemSelectionModel.NoUpdate)


def test_delete_clears_the_selected_cells_in_one_undo_step(sheet, services, qtbot):
    select(sheet, [("1", "task"), ("1", "lead"), ("2", "task"), ("2", "lead")])
    qtbot.keyClick(sheet.matrix.tree, Qt.Key_Delete)
    assert texts(services, sheet, "task") == ["", "", "Tự kiểm tra", "Công khai TTHC"]
    assert texts(services, sheet, "lead") == ["", "", "", ""]
    assert len([r for r in services.rows.list(sheet.current_plan_id) if r.kind is RowKind.TASK]) == 4  # rows stay
    assert undo_text(sheet) == "Xóa nội dung 4 ô"
    sheet.act_undo.trigger()
    assert texts(services, sheet, "task")[:2] == ["Rà soát văn bản", "Kiểm tra"]
    assert texts(services, sheet, "lead")[0] == "Tư pháp"


def test_ctrl_d_fills_down_in_one_undo_step(sheet, services, qtbot):
    go(sheet, "1", "lead")
    for _ in range(3):  # Shift+Down: task 2, its activity line, task 3
        qtbot.keyClick(sheet.matrix.tree, Qt.Key_Down, Qt.ShiftModifier)
    qtbot.keyClick(sheet.matrix.tree, Qt.Key_D, Qt.ControlModifier)
    assert texts(services, sheet, "lead") == ["Tư pháp", "Tư pháp", "Tư pháp", ""]
    activity = next(r for r in services.rows.list(sheet.current_plan_id) if r.kind is RowKind.ACTIVITY)
    assert activity.lead == "Tư pháp"   # the activity line between them is in the selection
    assert undo_text(sheet) == "Điền xuống"
    sheet.act_undo.trigger()
    assert texts(services, sheet, "lead") == ["Tư pháp", "", "", ""]
    # One cell chosen: the cell above comes down into it.
    select(sheet, [("2", "timeframe")])
    qtbot.keyClick(sheet.matrix.tree, Qt.Key_D, Qt.ControlModifier)
    assert texts(services, sheet, "timeframe")[:2] == ["Quý II/2025", "Quý II/2025"]


def test_copy_and_paste_a_block_of_cells(sheet, services, qtbot):
    columns = [c.field for c in sheet.matrix.model.columns]
    assert columns.index("support") == columns.index("lead") + 1  # a block of two columns side by side
    services.rows.update(services.rows.find_by_number(sheet.current_plan_id, "2").id, {"support": "Văn phòng"})
    sheet.open_plan.reload()
    select(sheet, [("1", "lead"), ("1", "support"), ("2", "lead"), ("2", "support")])
    qtbot.keyClick(sheet.matrix.tree, Qt.Key_C, Qt.ControlModifier)
    assert QApplication.clipboard().text() == "Tư pháp\t\r\n\tVăn phòng\r\n"
    select(sheet, [("3", "lead")])
    # Two lines from task 3 on: task 3, then (past area III's title row) task 4.
    qtbot.keyClick(sheet.matrix.tree, Qt.Key_V, Qt.ControlModifier)
    assert texts(services, sheet, "lead") == ["Tư pháp", "", "Tư pháp", ""]
    assert texts(services, sheet, "support") == ["", "Văn phòng", "", "Văn phòng"]
    assert undo_text(sheet) == "Dán 4 ô"
    sheet.act_undo.trigger()
    assert texts(services, sheet, "lead")[2:] == ["", ""] and texts(services, sheet, "support")[2:] == ["", ""]
    # A block taller than what is left below is refused whole, with the way to add rows.
    QApplication.clipboard().setText("a\nb\nc\nd\ne\n")
    select(sheet, [("4", "task")])
    qtbot.keyClick(sheet.matrix.tree, Qt.Key_V, Qt.ControlModifier)
    assert texts(services, sheet, "task")[3] == "Công khai TTHC"
    # One value pasted over a selection fills it.
    QApplication.clipboard().setText("Văn phòng – Thống kê")
    select(sheet, [("1", "output"), ("3", "output")])
    qtbot.keyClick(sheet.matrix.tree, Qt.Key_V, Qt.ControlModifier)
    assert texts(services, sheet, "output")[:3] == ["Văn phòng – Thống kê", "", "Văn phòng – Thống kê"]
    assert undo_text(sheet) == "Dán 2 ô"


def test_pasting_ten_rows_is_one_step_named_for_ten(sheet, services):
    lines = "\n".join(f"Nhiệm vụ dán số {i}" for i in range(1, 11))
    QApplication.clipboard().setText(lines)
    go(sheet, "4", "task")
    sheet.matrix.actions["paste_rows"].trigger()
    assert len(texts(services, sheet, "task")) == 14
    assert undo_text(sheet) == "Dán 10 dòng"
    sheet.act_undo.trigger()
    assert len(texts(services, sheet, "task")) == 4


def test_move_down_from_the_last_task_of_an_area_enters_the_next_one(sheet, services, qtbot):
    go(sheet, "3", "task")
    qtbot.keyClick(sheet.matrix.tree, Qt.Key_Down, Qt.AltModifier | Qt.ShiftModifier)  # "Chuyển xuống"
    rows = services.rows.list(sheet.current_plan_id)
    area_three = services.rows.find_area(sheet.current_plan_id, "III")
    moved = next(r for r in rows if r.task == "Tự kiểm tra")
    assert moved.parent_id == area_three.id and moved.position == 0
    assert undo_text(sheet) == "Chuyển sang lĩnh vực khác"
    assert where(sheet)[0] == "3"  # the moved row stays chosen
    sheet.act_undo.trigger()
    assert next(r for r in services.rows.list(sheet.current_plan_id) if r.task == "Tự kiểm tra").parent_id != area_three.id


def test_numbers_and_headers_are_never_cut(sheet, services):
    task = services.rows.find_by_number(sheet.current_plan_id, "1")
    for _ in range(10):
        services.rows.add(sheet.current_plan_id, RowKind.SUBTASK, task.id, texts={"task": "Nhiệm vụ con"})
    sheet.open_plan.reload()
    matrix = sheet.matrix
    tree, header = matrix.tree, matrix.tree.header()
    number_column = matrix.model.column_of("number")
    assert tree.columnWidth(number_column) >= QFontMetrics(tree.font()).horizontalAdvance("12.10") + 8
    metrics = QFontMetrics(header.font())
    for column, spec in enumerate(matrix.model.columns):  # each title whole on its two lines
        room = QRect(0, 0, header.sectionSize(column) - 8, 1000)
        drawn = metrics.boundingRect(room, int(Qt.AlignCenter | Qt.TextWordWrap), spec.header)
        assert drawn.width() <= room.width() and drawn.height() <= 2 * metrics.lineSpacing(), spec.header
    # The window is filled (room is kept for the scroll bar a longer plan shows).
    room = tree.viewport().width() - tree.verticalScrollBar().sizeHint().width()
    assert room - 2 <= sum(header.sectionSize(c) for c in range(header.count())) <= tree.viewport().width()


def test_an_input_method_typing_vietnamese_opens_the_cell_too(sheet, services):
    """Telex/VNI keyboards on Windows and IBus on Linux hand over composed
    text as input method events, not key presses."""
    from app.ui.qt import QInputMethodEvent

    go(sheet, "2", "lead")
    event = QInputMethodEvent()
    event.setCommitString("Ủy ban nhân dân")
    QApplication.sendEvent(sheet.matrix.tree, event)
    assert editor(sheet).toPlainText() == "Ủy ban nhân dân"
    press(editor(sheet), Qt.Key_Return)
    assert texts(services, sheet, "lead")[1] == "Ủy ban nhân dân"
    # IBus and its like first show the word being composed, then commit it.
    go(sheet, "3", "lead")
    QApplication.sendEvent(sheet.matrix.tree, QInputMethodEvent("Vă", []))
    commit = QInputMethodEvent()
    commit.setCommitString("Văn phòng")
    QApplication.sendEvent(QApplication.focusWidget() or sheet.matrix.tree, commit)
    assert editor(sheet).toPlainText() == "Văn phòng"
    press(editor(sheet), Qt.Key_Return)
    assert texts(services, sheet, "lead")[2] == "Văn phòng"


def test_a_table_pasted_on_an_area_title_becomes_its_rows(sheet, services, qtbot):
    area = services.rows.find_area(sheet.current_plan_id, "III")
    QApplication.clipboard().setText("Niêm yết TTHC\r\nSố hóa hồ sơ\r\n")
    select(sheet, [("III", "number")])
    qtbot.keyClick(sheet.matrix.tree, Qt.Key_V, Qt.ControlModifier)
    assert services.rows.get(area.id).task == "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"  # the title stays
    rows = [r for r in services.rows.list(sheet.current_plan_id) if r.parent_id == area.id]
    assert [r.task for r in rows][-2:] == ["Niêm yết TTHC", "Số hóa hồ sơ"]
    assert undo_text(sheet) == "Dán 2 dòng"
    # Fill down from an area's title row: the title has no lead to give, the first task's goes down.
    services.rows.update(services.rows.find_by_number(sheet.current_plan_id, "4").id, {"lead": "Bộ phận một cửa"})
    sheet.open_plan.reload()
    pasted = rows[-2].id  # (plain lines come in without a printed number)
    select(sheet, [("III", "lead"), ("4", "lead"), (pasted, "lead")])
    qtbot.keyClick(sheet.matrix.tree, Qt.Key_D, Qt.ControlModifier)
    assert texts(services, sheet, "lead")[3:] == ["Bộ phận một cửa", "Bộ phận một cửa", ""]


def test_alt_enter_starts_a_new_line_inside_the_cell(sheet, services):
    go(sheet, "1", "output")
    keyboard(sheet.matrix.tree, "Kế hoạch")
    press(editor(sheet), Qt.Key_Return, Qt.AltModifier)   # a line break, the editor stays open
    assert editor_open(sheet)
    type_text(editor(sheet), "Báo cáo")
    press(editor(sheet), Qt.Key_Return)
    assert texts(services, sheet, "output")[0] == "Kế hoạch\nBáo cáo"
    assert where(sheet) == ("2", "output") and undo_text(sheet) == "Sửa ô"


def test_a_long_cell_stops_at_whole_lines_ending_in_an_ellipsis_and_keeps_its_text(sheet, services):
    from app.ui.matrix.view import ELLIPSIS, MAX_LINES, PADDING_X, PADDING_Y, wrap_lines

    long_text = " ".join(f"Kết quả số {n} được tổng hợp và báo cáo đầy đủ." for n in range(1, 40))
    task = services.rows.find_by_number(sheet.current_plan_id, "1")
    services.rows.update_cells({task.id: {"output": long_text}})
    sheet.open_plan.reload()
    QApplication.processEvents()
    tree, index = sheet.matrix.tree, cell(sheet, "1", "output")
    rect, spacing = tree.visualRect(index), QFontMetrics(tree.font()).lineSpacing()
    assert rect.height() == MAX_LINES * spacing + 2 * PADDING_Y        # capped, and whole lines only
    lines, cut = wrap_lines(long_text, tree.font(), rect.width() - 2 * PADDING_X, MAX_LINES)
    assert cut and len(lines) == MAX_LINES and lines[-1].endswith(ELLIPSIS)
    assert index.data(Qt.ToolTipRole) == long_text                     # the whole text in the tooltip
    go(sheet, "1", "output")
    press(tree, Qt.Key_F2)
    assert editor(sheet).toPlainText() == long_text                    # and in the editor


def test_a_column_narrowed_by_hand_makes_the_header_taller_never_cuts_a_title(sheet):
    matrix = sheet.matrix
    header = matrix.tree.header()
    budget = matrix.model.column_of("budget")
    title = matrix.model.columns[budget].header
    header.resizeSection(budget, QFontMetrics(header.font()).horizontalAdvance("kinh phí") + 12)
    QApplication.processEvents()
    metrics = QFontMetrics(header.font())
    drawn = metrics.boundingRect(QRect(0, 0, header.sectionSize(budget) - 8, 1000),
                                 int(Qt.AlignCenter | Qt.TextWordWrap), title)
    assert drawn.height() > 2 * metrics.lineSpacing()                  # the title needs more than two lines,
    assert header.height() >= drawn.height() + 4                       # and the header grew to show them
    assert matrix.auto_fit is False                                    # the officer's width is kept
