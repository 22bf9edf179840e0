"""A data file from the first released schema opens, upgrades and keeps its data."""

import shutil
import sqlite3

from app.models.database import SCHEMA_HEAD
from app.services import Services
from tests.conftest import FIXTURES


def test_first_release_file_upgrades_and_keeps_its_plans_rows_log_and_reports(tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "schema-0001.sqlite3", path)
    services = Services.open(path, tmp_path / "data")
    try:
        plans = services.plans.list()
        assert len(plans) == 1 and plans[0].task_count == 30
        plan = services.plans.get(plans[0].id)
        assert plan.number == "01" and plan.place == "Sông Cầu" and plan.issue_day == 5
        assert plan.hide_empty_columns is False  # schema 0004: every column printed, as before
        entries = services.progress.list(plan.id)
        assert [e.result for e in entries] == ["Ban hành KH 05/KH-UBND", "Niêm yết 45 TTHC"]
        assert [e.occurrence for e in entries] == [None, None]  # schema 0003: the earliest open one
        assert services.reports.find(plan.id, "q1", 2023) is not None
        assert services.settings.get("unit_name") == "phường Sông Cầu"
        assert services.contacts.list() == []  # the new table of schema 0002
    finally:
        services.close()
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == SCHEMA_HEAD
    assert connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    connection.close()
