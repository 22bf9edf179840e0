"""The progress log through the services."""

from datetime import date

import pytest

from app.core.errors import InvalidInputError
from app.core.model import RowKind
from app.core.status import TaskStatus


@pytest.fixture
def task(services):
    plan_id = services.plans.create("cchc", 2025)
    area = services.rows.find_area(plan_id, "III")
    return plan_id, services.rows.add(plan_id, RowKind.TASK, area.id, texts={"task": "Công khai TTHC", "timeframe": "Quý II/2025"})


def test_logging_progress_changes_the_task_status(services, task):
    plan_id, row = task
    as_of = date(2025, 5, 1)
    assert services.tracking.track(plan_id, as_of).tasks[row.id].status.status is TaskStatus.NOT_STARTED
    services.progress.add(row.id, date=date(2025, 4, 20), status="hoan-thanh", percent=100, result="Đã niêm yết")
    assert services.tracking.track(plan_id, as_of).tasks[row.id].status.status is TaskStatus.DONE_ON_TIME


def test_entry_edit_delete_and_restore(services, task):
    plan_id, row = task
    entry = services.progress.add(row.id, date=date(2025, 4, 1), status="dang-thuc-hien", percent=30)
    old = services.progress.update(entry.id, percent=60, result="Được một nửa")
    assert old == {"percent": 30, "result": ""}
    deleted = services.progress.delete(entry.id)
    assert services.progress.list(plan_id) == []
    services.progress.restore(deleted)
    assert services.progress.get(entry.id).percent == 60


def test_bad_entries_are_refused(services, task):
    plan_id, row = task
    with pytest.raises(InvalidInputError):
        services.progress.add(row.id, date=date(2025, 4, 1), status="xong")
    with pytest.raises(InvalidInputError):
        services.progress.add(row.id, date=date(2025, 4, 1), status="hoan-thanh", percent=120)
    area = services.rows.find_area(plan_id, "I")
    with pytest.raises(InvalidInputError):
        services.progress.add(area.id, date=date(2025, 4, 1), status="hoan-thanh")


def test_attachments_are_stored_by_content_inside_the_data_folder(services, task, tmp_path):
    plan_id, row = task
    entry = services.progress.add(row.id, date=date(2025, 4, 1), status="hoan-thanh")
    source = tmp_path / "Công văn 12.pdf"
    source.write_bytes(b"%PDF-1.4 scanned")
    attachment = services.attachments.attach(entry.id, source)
    stored = services.attachments.path_of(attachment)
    assert stored.read_bytes() == source.read_bytes()
    assert services.data_dir in stored.parents
    assert services.progress.get(entry.id).attachments[0].file_name == "Công văn 12.pdf"
