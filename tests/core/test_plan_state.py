"""The plan state without a database: the tree, its numbering, where rows go
and where moves take them, and how a service's changes are folded in."""

from dataclasses import replace
from datetime import date

import pytest

from app.core.errors import InvalidInputError
from app.core.model import Column, NewRow, PlanDoc, ProgressEntry, RowData, RowKind
from app.core.placement import Move, Place, check_move, check_parent, kind_under
from app.core.plan_state import PlanChanges, PlanState
from app.core.status import TaskStatus
from app.core.tree import RowTree

A, T, ACT, SUB = RowKind.AREA, RowKind.TASK, RowKind.ACTIVITY, RowKind.SUBTASK


def row(id, parent, position, kind, **texts):
    return RowData(id, 1, parent, position, kind, **texts)


def sample_rows():
    """I (tasks 1, 2 with activity), II (task 3 with sub-rows 3.1, 3.2), III (empty)."""
    return [
        row(1, None, 0, A, task="CÔNG TÁC CHỈ ĐẠO"),
        row(2, 1, 0, T, task="Ban hành kế hoạch", timeframe="Quý I/2025"),
        row(3, 1, 1, T, task="Kiểm tra CCHC", timeframe="Quý IV/2025"),
        row(4, 3, 0, ACT, activity="Xây dựng kế hoạch kiểm tra"),
        row(5, None, 1, A, task="CẢI CÁCH THỂ CHẾ"),
        row(6, 5, 0, T, task="Rà soát văn bản", timeframe="Thường xuyên"),
        row(7, 6, 0, SUB, task="Rà soát đợt 1"),
        row(8, 6, 1, SUB, task="Rà soát đợt 2"),
        row(9, None, 2, A, task="CẢI CÁCH TTHC"),
    ]


PLAN = PlanDoc(1, "cchc", 2025, columns=(Column("number", "TT"), Column("task", "Nhiệm vụ"),
                                          Column("activity", "Hoạt động")))


def state(rows=None, entries=()):
    return PlanState(PLAN, rows or sample_rows(), entries, as_of=date(2025, 5, 1))


def apply_move(s: PlanState, move: Move) -> None:
    """What the services do with a move, on the in-memory rows."""
    tree = s.tree
    rows = {r.id: r for r in tree.preorder()}
    moving = rows[move.row_id]
    old = [i for i in tree.children(moving.parent_id) if i != moving.id]
    new = old if move.parent_id == moving.parent_id else [i for i in tree.children(move.parent_id)]
    new.insert(min(move.position, len(new)), moving.id)
    changed = [replace(rows[i], position=p) for p, i in enumerate(old)]
    changed += [replace(rows[i], parent_id=move.parent_id, position=p,
                        kind=(move.kind or rows[i].kind) if i == moving.id else rows[i].kind)
                for p, i in enumerate(new)]
    s.apply(PlanChanges(rows=tuple(changed)))


def labels(s: PlanState):
    return [(s.number(r.id), r.task or r.activity) for r in s.ordered_rows()]


# -- the tree ---------------------------------------------------------------------


def test_tree_answers_every_question_from_one_index():
    tree = RowTree(reversed(sample_rows()))  # any input order
    assert [r.id for r in tree.preorder()] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert tree.children(None) == [1, 5, 9] and tree.children(6) == [7, 8]
    assert tree.ancestors(4) == [3, 1] and tree.ancestors(1) == []
    assert tree.descendants(1) == [2, 3, 4] and tree.subtree(6) == [6, 7, 8]
    assert (tree.task_of(4), tree.task_of(3), tree.task_of(1)) == (3, 3, None)
    assert (tree.area_of(8), tree.area_of(5), tree.area_of(7)) == (5, 5, 5)
    assert tree.is_ancestor(1, 4) and not tree.is_ancestor(4, 1)
    assert tree.top_most([4, 8, 3, 6]) == [3, 6]  # 4 is inside 3, 8 inside 6
    assert tree.index_in_parent(8) == 1 and tree.kind_of(None) is None


def test_numbering_counts_tasks_across_areas_and_sub_rows_under_their_task():
    s = state()
    assert labels(s) == [
        ("I", "CÔNG TÁC CHỈ ĐẠO"), ("1", "Ban hành kế hoạch"), ("2", "Kiểm tra CCHC"),
        ("", "Xây dựng kế hoạch kiểm tra"), ("II", "CẢI CÁCH THỂ CHẾ"), ("3", "Rà soát văn bản"),
        ("3.1", "Rà soát đợt 1"), ("3.2", "Rà soát đợt 2"), ("III", "CẢI CÁCH TTHC"),
    ]


# -- placement ------------------------------------------------------------------------


def test_new_rows_go_where_the_officer_expects():
    s = state()
    assert s.place_for_task(None) == Place(9, None)          # nothing chosen: the last area
    assert s.place_for_task(5) == Place(5, None)             # an area: at its end
    assert s.place_for_task(4) == Place(1, 2)                # an activity: after its task
    assert s.place_for_area(7) == Place(None, 2)             # after the current area
    assert s.place_for_child(7, SUB) == Place(6, 1)          # after the current sub-row
    assert s.place_for_child(2, ACT) == Place(2, None)
    place, new = s.place_next_to(5, below=False)
    assert place == Place(None, 1) and new.kind is A and new.texts["task"] == "LĨNH VỰC MỚI"
    with pytest.raises(InvalidInputError):
        s.place_for_child(1, ACT)                           # an area has no task to hold it


def test_what_may_stand_under_what_is_one_set_of_rules():
    check_parent(T, A)
    check_parent(T, None)
    for kind, parent in ((A, A), (ACT, A), (SUB, None), (T, T)):
        with pytest.raises(InvalidInputError):
            check_parent(kind, parent)
    tree = RowTree(sample_rows())
    with pytest.raises(InvalidInputError, match="bên trong chính nó"):
        check_move(tree, Move(1, 3, 0, T))
    with pytest.raises(InvalidInputError, match="còn hoạt động"):
        check_move(tree, Move(3, 2, 0, ACT))               # task 2 has an activity under it
    assert kind_under(T, T) is ACT and kind_under(ACT, A) is T and kind_under(SUB, T) is None


def test_indent_and_outdent():
    s = state()
    with pytest.raises(InvalidInputError):
        s.indent(3)  # its own activity could not stay under an activity
    with pytest.raises(InvalidInputError, match="phía trên"):
        s.indent(2)  # the first task of its area
    assert s.outdent(4) == Move(4, 1, 2, T)
    apply_move(s, s.outdent(4))
    assert labels(s)[3] == ("3", "Xây dựng kế hoạch kiểm tra") and s.row(4).kind is T
    move = s.indent(4)
    assert move == Move(4, 3, 0, ACT)
    apply_move(s, move)
    assert s.row(4).parent_id == 3 and s.number(6) == "3"


def test_indent_makes_numbered_sub_rows_when_the_plan_has_no_activity_column():
    s = state()
    s.plan = replace(PLAN, columns=(Column("number", "TT"), Column("task", "Nội dung")))
    apply_move(s, s.outdent(4))
    assert s.indent(4).kind is SUB


def test_moving_down_past_the_last_task_of_an_area_enters_the_next_area():
    s = state()
    assert s.move_step(2, 1) == Move(2, 1, 1)               # within its area
    move = s.move_step(3, 1)                                 # the last task of area I
    assert move == Move(3, 5, 0)
    apply_move(s, move)
    assert [n for n, _ in labels(s)][:7] == ["I", "1", "II", "2", "", "3", "3.1"]
    assert s.tree.children(5) == [3, 6] and s.tree.children(3) == [4]  # its activity came along
    move = s.move_step(3, -1)                                # and back up: the end of area I
    assert move == Move(3, 1, 1)
    apply_move(s, move)
    assert s.tree.children(1) == [2, 3]


def test_moves_stop_at_the_ends_and_cross_into_empty_areas():
    s = state()
    with pytest.raises(InvalidInputError, match="đầu"):
        s.move_step(1, -1)
    with pytest.raises(InvalidInputError, match="đầu"):
        s.move_step(2, -1)                                   # the first task of the first area
    apply_move(s, s.move_step(6, 1))                         # II's only task into empty III
    assert s.tree.children(9) == [6] and s.number(6) == "3"
    with pytest.raises(InvalidInputError, match="cuối"):
        s.move_step(6, 1)


def test_an_activity_moves_on_into_the_neighbouring_task():
    s = state()
    move = s.move_step(4, 1)                                 # the only activity of task 2
    assert move == Move(4, 6, 0)                             # → first child of task 3 (in area II)
    move = s.move_step(4, -1)
    assert move == Move(4, 2, 0)


def test_move_to_area():
    s = state()
    assert s.move_to_area(2, 9) == Move(2, 9, 0)
    with pytest.raises(InvalidInputError):
        s.move_to_area(4, 9)                                 # an activity
    with pytest.raises(InvalidInputError):
        s.move_to_area(2, 1)                                 # already there


def test_a_drop_of_several_rows_lands_them_together_in_order():
    s = state()
    moves = s.drop([6, 2, 7], 9, 0)                         # 7 is inside 6: it comes along
    assert [m.row_id for m in moves] == [2, 6]
    for move in moves:
        apply_move(s, move)
    assert s.tree.children(9) == [2, 6]
    # Within one parent: the rows land before the row that was at the drop point.
    s = state()
    apply_move(s, Move(4, 1, 2, T))                          # area I: 2, 3, 4
    for move in s.drop([2], 1, 2):
        apply_move(s, move)
    assert s.tree.children(1) == [3, 2, 4]
    # Dragged under a task, a task becomes an activity.
    assert state().drop([6], 2, 0)[0].kind is ACT


def test_paste_goes_after_the_current_task_and_areas_join_their_namesake():
    s = state()
    rows = [NewRow(T, {"task": "Mới 1"}),
            NewRow(A, {"task": "Cải cách thể chế"}, children=(NewRow(T, {"task": "Mới 2"}),)),
            NewRow(A, {"task": "XÂY DỰNG CHÍNH QUYỀN SỐ"})]
    batches = s.paste_batches(rows, 2)
    assert [(parent, position, [r.texts["task"] for r in new]) for parent, position, new in batches] == [
        (1, 1, ["Mới 1"]), (5, None, ["Mới 2"]), (None, None, ["XÂY DỰNG CHÍNH QUYỀN SỐ"])]


# -- folding in what the services wrote ---------------------------------------------


def test_applying_changes_renumbers_and_retracks_only_when_needed():
    s = state(entries=[ProgressEntry(1, 2, date(2025, 3, 1), "hoan-thanh")])
    assert s.tracked(2).status.status is TaskStatus.DONE_ON_TIME
    assert s.tracked(4).row.id == 3                           # an activity: its task's tracking
    update = s.apply(PlanChanges(rows=(replace(s.row(3), lead="Văn phòng"),)))
    assert update.row_ids == {3} and not (update.structure or update.numbers or update.tracking)
    update = s.apply(PlanChanges(rows=(replace(s.row(3), timeframe="trước 31/3/2025"),)))
    assert update.tracking and not update.structure
    assert s.tracked(3).status.status is TaskStatus.OVERDUE
    update = s.apply(PlanChanges(rows=(replace(s.row(2), number_override="5"),)))
    assert update.numbers and s.number(3) == "6"
    update = s.apply(PlanChanges(removed_rows=(3, 4), rows=()))
    assert update.structure and not s.has_row(4) and s.number(6) == "6"
    update = s.apply(PlanChanges(entries=(ProgressEntry(2, 6, date(2025, 4, 1), "khong-thuc-hien"),)))
    assert update.entries and s.tracked(6).status.status is TaskStatus.CANCELLED
    assert [e.id for e in s.entries] == [1, 2]
    update = s.apply(PlanChanges(removed_entries=(1,)))
    assert [e.id for e in s.entries] == [2] and s.tracked(2).status.status is not TaskStatus.DONE_ON_TIME


def test_state_settings_are_given_not_read():
    from app.core.periods import Period, WindowRule

    s = PlanState(PLAN, sample_rows(), [], as_of=date(2025, 5, 1), rule=WindowRule(20, 10),
                  report_days={Period.H1: 5})
    overview = s.overview(date(2025, 6, 3))
    assert overview.window == (date(2024, 12, 20), date(2025, 6, 10))
    assert overview.deadlines[0].due == date(2025, 6, 5)
    assert s.summary().total == 3 and s.task_label(6) == "3. Rà soát văn bản"
    assert s.search_text(7).split("\n")[:3] == ["3.1", "", "ra soat dot 1"]


def test_a_new_start_date_moves_the_occurrences_of_a_mid_year_plan():
    rows = sample_rows()
    rows[1] = replace(rows[1], timeframe="Hằng quý")               # task 1: every quarter
    s = state(rows)
    before = [o.due for o in s.tracking.row_status(2).occurrences]
    update = s.apply(PlanChanges(plan=replace(s.plan, start=date(2025, 7, 1))))
    after = [o.due for o in s.tracking.row_status(2).occurrences]
    assert update.document and update.tracking and not update.structure
    assert min(before) < date(2025, 7, 1) <= min(after)                # nothing due before the plan starts
    assert not s.apply(PlanChanges(plan=replace(s.plan, title="Kế hoạch khác"))).tracking
