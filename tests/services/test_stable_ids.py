"""Plans and rows carry a stable id (UUID): kept when edited, moved, deleted
and undone, and — for the rows — when the plan is copied to next year."""

import shutil
import sqlite3
import uuid
from datetime import date

import pytest

from app.core.errors import InvalidInputError
from app.core.model import RowKind
from tests.conftest import FIXTURES
from tests.seeds import enter_seed, tasks_of


def _is_uuid(text: str) -> bool:
    return str(uuid.UUID(text)) == text


def test_a_new_plan_and_its_rows_get_distinct_ids(services):
    plan_id = enter_seed(services, "004")
    plan = services.plans.get(plan_id)
    rows = services.rows.list(plan_id)
    assert _is_uuid(plan.uuid)
    assert all(_is_uuid(r.uuid) for r in rows)
    assert len({r.uuid for r in rows}) == len(rows) == 45  # seed 004: 7 areas, 30 tasks, 8 activities
    other = services.plans.create("cchc", 2023)
    assert services.plans.get(other).uuid != plan.uuid


def test_copy_to_next_year_keeps_each_rows_id_and_gives_the_plan_a_new_one(services):
    plan_id = enter_seed(services, "004")
    source = services.rows.list(plan_id)
    copy_id = services.plans.copy_to_next_year(plan_id)
    copied = services.rows.list(copy_id)
    assert services.plans.get(copy_id).uuid != services.plans.get(plan_id).uuid
    # The same task, its year moved on: "năm 2023" → "năm 2024", the id the same.
    assert (copied[1].uuid, copied[1].task) == (source[1].uuid, source[1].task.replace("năm 2023", "năm 2024"))
    assert [(r.uuid, r.kind) for r in copied] == [(s.uuid, s.kind) for s in source]
    # A second copy (of the copy) still carries the same task ids: three years, one task.
    third = services.rows.list(services.plans.copy_to_next_year(copy_id))
    assert [r.uuid for r in third] == [s.uuid for s in source]


def test_edit_move_delete_and_undo_keep_the_id(services):
    plan_id = enter_seed(services, "004")
    task = tasks_of(services, plan_id)[4]
    services.rows.update(task.id, {"task": "Rà soát TTHC (sửa)"})
    assert services.rows.get(task.id).uuid == task.uuid
    first_area = next(r for r in services.rows.list(plan_id) if r.kind is RowKind.AREA)
    services.rows.move(task.id, first_area.id, 0)
    assert services.rows.get(task.id).uuid == task.uuid
    deleted = services.rows.delete([task.id])
    services.rows.restore(deleted)
    assert services.rows.get(task.id).uuid == task.uuid
    plan = services.plans.get(plan_id)
    services.plans.update(plan_id, {"title": "Kế hoạch CCHC (sửa)"})
    assert services.plans.get(plan_id).uuid == plan.uuid


def test_a_pasted_copy_of_a_task_is_a_new_task_with_its_own_id(services):
    from app.core.model import NewRow

    plan_id = enter_seed(services, "004")
    task = tasks_of(services, plan_id)[0]
    [pasted] = services.rows.insert(plan_id, task.parent_id, None, [NewRow(RowKind.TASK, {"task": task.task})])
    assert pasted.uuid != task.uuid and _is_uuid(pasted.uuid)


def test_the_id_is_not_an_editable_field(services):
    plan_id = services.plans.create("cchc", 2025)
    with pytest.raises(InvalidInputError, match="uuid"):
        services.plans.update(plan_id, {"uuid": str(uuid.uuid4())})


def test_show_json_names_the_ids(services):
    from app.io.plan_json import plan_to_json

    plan_id = enter_seed(services, "004")
    data = plan_to_json(services.plans.get(plan_id), services.tracking.track(plan_id, date(2023, 3, 1)),
                        services.progress.list(plan_id), date(2023, 3, 1))
    assert data["plan"]["uuid"] == services.plans.get(plan_id).uuid
    assert [r["uuid"] for r in data["rows"]] == [r.uuid for r in services.rows.list(plan_id)]


def test_an_old_file_upgrades_every_plan_and_row_to_its_own_id_and_keeps_the_log(tmp_path):
    from app.services import Services

    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "schema-0001.sqlite3", path)
    services = Services.open(path, tmp_path / "data")
    try:
        [summary] = services.plans.list()
        rows = services.rows.list(summary.id)
        assert len(rows) > 30 and all(_is_uuid(r.uuid) for r in rows) and len({r.uuid for r in rows}) == len(rows)
        assert _is_uuid(services.plans.get(summary.id).uuid)
        assert len(services.progress.list(summary.id)) == 2  # nothing cascaded away while the columns were added
    finally:
        services.close()
    connection = sqlite3.connect(path)
    try:
        indexes = {r[1]: r[2] for r in connection.execute("PRAGMA index_list('appendix_rows')")}
        assert indexes["ix_rows_plan_uuid"] == 1  # unique
        with pytest.raises(sqlite3.IntegrityError):
            plan_id, row_uuid = connection.execute("SELECT plan_id, uuid FROM appendix_rows LIMIT 1").fetchone()
            connection.execute("INSERT INTO appendix_rows (plan_id, position, kind, uuid, objective, task, activity, "
                               "form, output, lead, support, timeframe, budget, note) "
                               "VALUES (?, 99, 'task', ?, '', '', '', '', '', '', '', '', '', '')",
                               (plan_id, row_uuid))
    finally:
        connection.close()


def test_the_same_old_file_upgraded_twice_gets_the_same_ids(tmp_path):
    """A backup restored, a copy moved onto a server: the ids of what
    existed before stable ids are made from it, not drawn at random."""
    from app.services import Services

    ids = []
    for name in ("mot.sqlite3", "hai.sqlite3"):
        shutil.copy(FIXTURES / "schema-0001.sqlite3", tmp_path / name)
        services = Services.open(tmp_path / name, tmp_path / f"data-{name}")
        try:
            [summary] = services.plans.list()
            ids.append((services.plans.get(summary.id).uuid, [r.uuid for r in services.rows.list(summary.id)]))
        finally:
            services.close()
    assert ids[0] == ids[1]
    assert len(set(ids[0][1])) == len(ids[0][1])
