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


# -- whole actions: one call, one transaction, what changed comes back -----------


def _fail_when(services, condition, events=("INSERT", "UPDATE", "DELETE")):
    """Make the data store refuse one write midway through an action, as a
    full disk or a crash would: a trigger aborts the statement (SQLite and
    PostgreSQL alike)."""
    engine = services.db.engine
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            for event in events:
                when = condition.replace("NEW.", "OLD.") if event == "DELETE" else condition
                connection.exec_driver_sql(
                    f"CREATE TRIGGER fail_{event.lower()} BEFORE {event} ON appendix_rows WHEN {when} "
                    f"BEGIN SELECT RAISE(ABORT, '{MIDWAY}'); END")
        else:
            connection.exec_driver_sql(
                "CREATE FUNCTION fail_midway() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN RAISE EXCEPTION '{MIDWAY}'; END $$")
            for event in events:
                when = condition.replace("NEW.", "OLD.") if event == "DELETE" else condition
                connection.exec_driver_sql(
                    f"CREATE TRIGGER fail_{event.lower()} BEFORE {event} ON appendix_rows FOR EACH ROW "
                    f"WHEN ({when}) EXECUTE FUNCTION fail_midway()")


MIDWAY = "ổ đĩa đầy"


def _failed_midway(excinfo) -> bool:
    """The action failed at the injected write (not before it)."""
    error, seen = excinfo.value, []
    while error is not None:
        seen.append(str(error))
        error = error.__cause__ or error.__context__
    return any(MIDWAY in text for text in seen)


def _stored(services, plan_id):
    return [(r.id, r.parent_id, r.position, r.kind, r.task, r.lead) for r in services.rows.list(plan_id)]


def test_a_drag_of_several_rows_is_one_transaction(services, plan):
    from app.core.placement import Move

    plan_id, area, tasks = plan
    other = services.rows.find_area(plan_id, "I")
    before = _stored(services, plan_id)
    moved = services.rows.move_rows([Move(tasks[2].id, other.id, 0), Move(tasks[1].id, other.id, 1)])
    rows = services.rows.list(plan_id)
    assert [r.id for r in rows if r.parent_id == other.id] == [tasks[2].id, tasks[1].id]
    assert _positions_are_dense(rows)
    # What changed comes back: both rows and the siblings whose place moved.
    changed = {r.id: r for r in moved.changes.rows}
    assert changed[tasks[2].id].parent_id == other.id and changed[tasks[0].id].position == 0
    services.rows.move_rows(moved.undo)
    assert _stored(services, plan_id) == before
    # A failure at the second move leaves the first one undone too.
    _fail_when(services, f"NEW.id = {tasks[1].id} AND NEW.parent_id = {other.id}", events=("UPDATE",))
    with pytest.raises(Exception) as failed:
        services.rows.move_rows([Move(tasks[2].id, other.id, 0), Move(tasks[1].id, other.id, 1)])
    assert _failed_midway(failed) and _stored(services, plan_id) == before


def test_a_paste_is_one_transaction(services, plan):
    plan_id, area, tasks = plan
    before = _stored(services, plan_id)
    other = services.rows.find_area(plan_id, "III")
    batches = [(area.id, 1, [NewRow(RowKind.TASK, {"task": "Dán 1"})]),
               (other.id, None, [NewRow(RowKind.TASK, {"task": "Dán 2"}), NewRow(RowKind.TASK, {"task": "Hỏng"})])]
    _fail_when(services, "NEW.task = 'Hỏng'", events=("INSERT",))
    with pytest.raises(Exception) as failed:
        services.rows.insert_batches(plan_id, batches)
    assert _failed_midway(failed) and _stored(services, plan_id) == before
    # A kind that may not stand there is refused before anything is written.
    with pytest.raises(InvalidInputError):
        services.rows.insert_batches(plan_id, [(area.id, None, [NewRow(RowKind.TASK, {"task": "Được"})]),
                                               (other.id, None, [NewRow(RowKind.ACTIVITY, {"activity": "x"})])])
    assert _stored(services, plan_id) == before


def test_a_paste_returns_the_new_rows_and_the_siblings_it_pushed_down(services, plan):
    plan_id, area, tasks = plan
    inserted = services.rows.insert_batches(plan_id, [(area.id, 1, [
        NewRow(RowKind.TASK, {"task": "Mới"}, children=(NewRow(RowKind.ACTIVITY, {"activity": "Con"}),))])])
    new_task, new_activity = inserted.created[0]
    assert inserted.top_ids == [new_task.id] and new_activity.parent_id == new_task.id
    changed = {r.id: r for r in inserted.changes.rows}
    assert set(changed) == {new_task.id, new_activity.id, *(t.id for t in tasks)}
    assert [changed[t.id].position for t in tasks] == [0, 2, 3]


def test_a_delete_with_its_subtree_is_one_transaction(services, plan):
    plan_id, area, tasks = plan
    services.progress.add(tasks[0].id, date=date(2025, 3, 1), status="dang-thuc-hien")
    before = _stored(services, plan_id)
    _fail_when(services, f"NEW.id = {tasks[2].id}", events=("DELETE",))
    with pytest.raises(Exception) as failed:
        services.rows.delete([tasks[0].id, tasks[2].id])
    assert _failed_midway(failed)
    assert _stored(services, plan_id) == before and len(services.progress.list(plan_id)) == 1


def test_a_delete_says_what_went_and_the_restore_what_came_back(services, plan):
    plan_id, area, tasks = plan
    entry = services.progress.add(tasks[0].id, date=date(2025, 3, 1), status="dang-thuc-hien")
    activity = next(r for r in services.rows.list(plan_id) if r.parent_id == tasks[0].id)
    deleted = services.rows.delete([activity.id, tasks[0].id])   # the activity is inside the task
    assert deleted.root_ids == (tasks[0].id,)
    assert set(deleted.changes.removed_rows) == {tasks[0].id, activity.id}
    assert deleted.changes.removed_entries == (entry.id,)
    assert {r.id: r.position for r in deleted.changes.rows} == {tasks[1].id: 0, tasks[2].id: 1}
    back = services.rows.restore(deleted)
    assert {r.id for r in back.rows} == {t.id for t in tasks} | {activity.id}
    assert [e.id for e in back.entries] == [entry.id]


def test_many_cells_are_edited_in_one_transaction(services, plan):
    plan_id, area, tasks = plan
    before = _stored(services, plan_id)
    edited = services.rows.update_cells({tasks[0].id: {"lead": "Văn phòng"}, tasks[1].id: {"lead": "Tư pháp"}})
    assert [r.lead for r in edited.changes.rows] == ["Văn phòng", "Tư pháp"]
    assert edited.before == {tasks[0].id: {"lead": ""}, tasks[1].id: {"lead": ""}}
    services.rows.update_cells(edited.before)
    assert _stored(services, plan_id) == before
    _fail_when(services, f"NEW.id = {tasks[1].id}", events=("UPDATE",))
    with pytest.raises(Exception) as failed:
        services.rows.update_cells({tasks[0].id: {"lead": "Văn phòng"}, tasks[1].id: {"lead": "Tư pháp"}})
    assert _failed_midway(failed) and _stored(services, plan_id) == before
