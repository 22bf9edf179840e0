"""The appendix tree through the services."""

from datetime import date

import pytest

from app.core.errors import InvalidInputError
from app.core.model import NewRow, RowKind
from app.core.tree import numbers_for


def _positions_are_dense(rows):
    by_parent = {}
    for r in rows:
        by_parent.setdefault(r.parent_id, []).append(r.position)
    return all(sorted(p) == list(range(len(p))) for p in by_parent.values())


@pytest.fixture
def plan(services):
    plan_id = services.plans.create("cchc", 2025)
    area = services.rows.find_area(plan_id, "II")
    tasks = [services.rows.add(plan_id, RowKind.TASK, area.id, texts={"task": f"Nhiệm vụ {i}"}) for i in range(3)]
    services.rows.add(plan_id, RowKind.ACTIVITY, tasks[0].id, texts={"activity": "Hoạt động phụ"})
    return plan_id, area, tasks


def test_rows_come_back_in_tree_order_with_automatic_numbers(services, plan):
    plan_id, _, tasks = plan
    rows = services.rows.list(plan_id)
    numbers = numbers_for(rows)
    assert [numbers[t.id] for t in tasks] == ["1", "2", "3"]
    assert services.rows.find_by_number(plan_id, "2").id == tasks[1].id


def test_insert_in_the_middle_renumbers_and_keeps_positions_dense(services, plan):
    plan_id, area, tasks = plan
    new = services.rows.add(plan_id, RowKind.TASK, area.id, position=1, texts={"task": "Chen giua"})
    rows = services.rows.list(plan_id)
    assert numbers_for(rows)[new.id] == "2" and numbers_for(rows)[tasks[1].id] == "3"
    assert _positions_are_dense(rows)


def test_move_across_areas_and_indent(services, plan):
    plan_id, area, tasks = plan
    other = services.rows.find_area(plan_id, "I")
    undo = services.rows.move(tasks[2].id, other.id, 0)
    rows = services.rows.list(plan_id)
    assert numbers_for(rows)[tasks[2].id] == "1"
    assert _positions_are_dense(rows)
    services.rows.move(undo.row_id, undo.parent_id, undo.position, undo.kind)
    services.rows.move(tasks[1].id, tasks[0].id, 5, RowKind.ACTIVITY)  # indent under task 1
    rows = services.rows.list(plan_id)
    assert [r.kind for r in rows if r.parent_id == tasks[0].id] == [RowKind.ACTIVITY, RowKind.ACTIVITY]
    assert _positions_are_dense(rows)


def test_structure_rules_are_enforced(services, plan):
    plan_id, area, tasks = plan
    with pytest.raises(InvalidInputError):
        services.rows.add(plan_id, RowKind.ACTIVITY, area.id, texts={"activity": "x"})
    with pytest.raises(InvalidInputError):
        services.rows.move(area.id, tasks[0].id, 0)  # into its own subtree
    with pytest.raises(InvalidInputError):
        services.rows.move(tasks[0].id, tasks[1].id, 0, RowKind.ACTIVITY)  # it has an activity


def test_delete_and_restore_give_back_rows_log_and_places(services, plan):
    plan_id, area, tasks = plan
    services.progress.add(tasks[0].id, date=date(2025, 3, 1), status="dang-thuc-hien", result="Đang làm")
    before = services.rows.list(plan_id)
    snapshot = services.rows.delete([tasks[0].id, tasks[2].id])
    after = services.rows.list(plan_id)
    assert len(after) == len(before) - 3 and _positions_are_dense(after)
    assert services.progress.list(plan_id) == []
    services.rows.restore(snapshot)
    assert services.rows.list(plan_id) == before
    assert services.progress.list(plan_id)[0].result == "Đang làm"


def test_insert_a_tree_of_new_rows(services):
    plan_id = services.plans.create("tuyen-truyen", 2023)
    created = services.rows.insert(plan_id, None, None, [
        NewRow(RowKind.TASK, {"task": "A", "lead": "Phòng Nội vụ; Văn phòng HĐND và UBND"},
               children=(NewRow(RowKind.ACTIVITY, {"activity": "A1"}),)),
        NewRow(RowKind.TASK, {"task": "B"}),
    ])
    rows = services.rows.list(plan_id)
    assert [r.task or r.activity for r in rows] == ["A", "A1", "B"]
    assert created == rows
    assert services.units.names() == ["Phòng Nội vụ", "Văn phòng HĐND và UBND"]


def test_formula_like_and_long_text_are_kept_as_text_within_limits(services):
    plan_id = services.plans.create("tuyen-truyen", 2023)
    row = services.rows.add(plan_id, RowKind.TASK, texts={"task": "=SUM(A1:A2)"})
    assert services.rows.get(row.id).task == "=SUM(A1:A2)"
    with pytest.raises(InvalidInputError):
        services.rows.update(row.id, {"task": "x" * 20_001})
