"""The data on a real PostgreSQL server: migrations, locks, who has a plan
open, backups without pg_dump, moving a file onto a server, messages."""

import json
import shutil
import sqlite3
import threading
import time
from datetime import date

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.core.errors import DataFileError, UserError
from app.models.database import KNOWN_REVISIONS, SCHEMA_HEAD, Database
from app.models.postgres import Holder, application_name, holder_from, this_program
from app.services import Services
from app.services.store import PlanBusyError
from tests.conftest import FIXTURES

pytestmark = pytest.mark.postgres


def _engine(url):
    return create_engine(make_url(url).set(drivername="postgresql+psycopg"))


def _fill(services):
    plan_id = services.plans.create("cchc", 2025)
    area = next(r for r in services.rows.list(plan_id) if r.task == "CẢI CÁCH THỂ CHẾ")
    task = services.rows.add(plan_id, __import__("app.core.model", fromlist=["RowKind"]).RowKind.TASK, area.id,
                             texts={"task": "Rà soát văn bản QPPL", "timeframe": "Quý II/2025",
                                    "lead": "Công chức Tư pháp – Hộ tịch"})
    services.progress.add(task.id, date=date(2025, 3, 10), status="hoan-thanh", percent=100, result="Đã ban hành")
    return plan_id, task


def test_migrations_up_to_head_build_exactly_the_models_schema(pg_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from app.models.schema import Base

    db = Database.open(pg_url)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        types = dict(conn.execute(text(
            "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public'")).all())
        sequences = dict(conn.execute(text(
            "SELECT sequence_name, data_type FROM information_schema.sequences")).all())
    db.close()
    assert diff == []
    assert revision == SCHEMA_HEAD
    assert types["plans.number"] == "text" and types["plans.legal_bases"] == "json"
    assert types["plans.is_sample"] == "boolean" and types["progress_entries.date"] == "date"
    # Ids as wide as SQLite's: every id, every column pointing to one, every sequence.
    assert {name for name, kind in types.items() if name.endswith((".id", "_id")) and kind != "bigint"} == set()
    assert types["plans.uuid"] == types["appendix_rows.uuid"] == "character varying"  # not an id: a UUID's text
    # Eight tables of 0001–0002, and the criteria and their links (0006).
    assert set(sequences.values()) == {"bigint"} and len(sequences) == 10


def test_every_migration_runs_on_postgresql_with_data_in_it(pg_url, tmp_path):
    """A server left at the first schema, with a plan in it, is upgraded
    step by step when a newer program opens it, after a backup."""
    from alembic import command
    from alembic.config import Config

    from app.models.database import MIGRATIONS_DIR

    engine = _engine(pg_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, KNOWN_REVISIONS[0])
        conn.execute(text("INSERT INTO plans (kind, year, is_sample, number, symbol, parent_body, issuing_body, "
                          "place, doc_type, title, legal_bases, sections, recipients, signer_authority, "
                          "signer_authority_of, signer_deputy_line, signer_title, signer_name, appendix_heading, "
                          "appendix_title, columns) VALUES ('cchc', 2024, false, '05', 'KH-UBND', '', '', "
                          "'Sông Cầu', 'KẾ HOẠCH', 'Cũ', '[]', '[]', '[]', '', '', '', '', '', 'Phụ lục', '', '[]')"))
    engine.dispose()
    services = Services.open(pg_url, tmp_path / "data")
    try:
        plans = services.plans.list()
        assert [(p.year, p.number, p.title) for p in plans] == [(2024, "05", "Cũ")]
        services.plans.update(plans[0].id, {"number": "0123456789" * 5})  # 50 characters: TEXT since 0005
        assert services.plans.get(plans[0].id).number == "0123456789" * 5
        backups = services.backups.list()
        assert [b.reason for b in backups] == ["nang-cap"] and backups[0].path.suffix == ".zip"
        assert backups[0].plans == 1
    finally:
        services.close()


def test_the_first_release_file_moves_onto_a_server_and_reads_the_same(pg_migrated_url, tmp_path):
    """An office's existing file restored into its new server: the old
    schema is upgraded on the way, every plan, row and entry arrives."""
    old = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "schema-0001.sqlite3", old)
    on_file = Services.open(old, tmp_path / "data-file")
    try:
        plan_id = on_file.plans.list()[0].id
        expected = (on_file.plans.get(plan_id), on_file.rows.list(plan_id), on_file.progress.list(plan_id))
        expected_reports = on_file.reports.find(plan_id, "q1", 2023)
    finally:
        on_file.close()
    server = Services.open(pg_migrated_url, tmp_path / "data")
    try:
        server.restore(FIXTURES / "schema-0001.sqlite3")
        assert (server.plans.get(plan_id), server.rows.list(plan_id), server.progress.list(plan_id)) == expected
        assert server.reports.find(plan_id, "q1", 2023) == expected_reports
        assert server.settings.get("unit_name") == "phường Sông Cầu"
        new_id = server.plans.create("cchc", 2026)  # the id sequences were moved past the restored ids
        assert new_id == plan_id + 1
    finally:
        server.close()


def test_a_package_of_everything_backs_up_and_restores_a_server_and_a_file(pg_migrated_url, tmp_path):
    server = Services.open(pg_migrated_url, tmp_path / "data")
    try:
        plan_id, task = _fill(server)
        package = tmp_path / "toan-bo.zip"
        server.backups.export_to(package)
        expected = (server.plans.get(plan_id), server.rows.list(plan_id), server.progress.list(plan_id))
        server.rows.delete([task.id])
        server.plans.create("tuyen-truyen", 2025)
        server.restore(package)
        assert (server.plans.get(plan_id), server.rows.list(plan_id), server.progress.list(plan_id)) == expected
        assert [p.id for p in server.plans.list()] == [plan_id]
        assert [b.reason for b in server.backups.list()] == ["khoi-phuc"]
    finally:
        server.close()
    # The same package makes a SQLite file hold the same data.
    on_file = Services.open(tmp_path / "tu-goi.sqlite3", tmp_path / "data-file")
    try:
        on_file.restore(package)
        assert (on_file.plans.get(plan_id), on_file.rows.list(plan_id), on_file.progress.list(plan_id)) == expected
    finally:
        on_file.close()
    manifest = json.loads(__import__("zipfile").ZipFile(package).read("manifest.json"))
    assert manifest["format"] == "so-ke-hoach-cchc/toan-bo-du-lieu" and manifest["schema_revision"] == SCHEMA_HEAD
    assert manifest["tables"]["appendix_rows"]["rows"] == 8 and manifest["tables"]["progress_entries"]["rows"] == 1


def test_a_broken_package_is_refused_and_the_server_keeps_its_data(pg_migrated_url, tmp_path):
    import zipfile

    server = Services.open(pg_migrated_url, tmp_path / "data")
    try:
        plan_id, _task = _fill(server)
        good = tmp_path / "goi.zip"
        server.backups.export_to(good)
        broken = tmp_path / "hong.zip"
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
            for item in source.infolist():
                data = source.read(item)
                if item.filename == "tables/appendix_rows.json":
                    data = data.replace("Rà soát".encode(), "Ra soat".encode())
                target.writestr(item, data)
        before = server.rows.list(plan_id)
        with pytest.raises(UserError, match="không khớp mã kiểm tra"):
            server.restore(broken)
        assert server.rows.list(plan_id) == before
        assert server.backups.list() == []  # refused before anything, not even a backup
    finally:
        server.close()


def test_two_programs_on_one_plan_see_each_other_and_a_second_writer_is_refused(pg_migrated_url, tmp_path):
    first = Services.open(pg_migrated_url, tmp_path / "data1")
    second = Services.open(pg_migrated_url, tmp_path / "data2")
    try:
        plan_id, _task = _fill(first)
        me = this_program()
        assert first.store.others_on_plan(plan_id) == []
        first.store.show_plan(plan_id)  # a window shows the plan
        assert second.store.others_on_plan(plan_id) == [Holder(me.user, me.host, writing=False)]
        second.store.show_plan(plan_id)  # a second window may show it too
        assert first.store.others_on_plan(plan_id) == [Holder(me.user, me.host)]
        with pytest.raises(PlanBusyError, match=f"Kế hoạch số {plan_id} đang mở bởi: {me.user}@{me.host};"):
            with second.store.writing_plan(plan_id):
                pytest.fail("a command wrote a plan open in another window")
        first.store.show_plan(None)  # the window moved on
        second.store.show_plan(None)
        with second.store.writing_plan(plan_id):
            assert first.store.others_on_plan(plan_id) == [Holder(me.user, me.host, writing=True)]
            with pytest.raises(PlanBusyError, match="đang được ghi bởi một lệnh cchc khác"):
                with first.store.writing_plan(plan_id):
                    pass
            second.plans.update(plan_id, {"number": "15"})
        assert first.store.others_on_plan(plan_id) == []
        assert first.plans.get(plan_id).number == "15"
    finally:
        second.close()
        first.close()


def test_a_closed_or_dead_program_leaves_no_lock_behind(pg_migrated_url, tmp_path):
    first = Services.open(pg_migrated_url, tmp_path / "data1")
    plan_id, _task = _fill(first)
    first.store.show_plan(plan_id)
    second = Services.open(pg_migrated_url, tmp_path / "data2")
    try:
        assert len(second.store.others_on_plan(plan_id)) == 1
        # The PC is switched off: the server ends its session, and its locks with it.
        pid = first.store.locks._scalar("SELECT pg_backend_pid()")
        engine = _engine(pg_migrated_url)
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        engine.dispose()
        deadline = time.monotonic() + 10
        while second.store.others_on_plan(plan_id) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert second.store.others_on_plan(plan_id) == []
    finally:
        second.close()
        first.close()


def test_writers_go_one_at_a_time_and_a_long_wait_is_a_message_not_a_deadlock(pg_migrated_url, tmp_path,
                                                                              monkeypatch):
    from app.models import postgres

    monkeypatch.setattr(postgres, "LOCK_WAIT_S", 1)
    first = Services.open(pg_migrated_url, tmp_path / "data1")
    second = Services.open(pg_migrated_url, tmp_path / "data2")
    try:
        plan_id, _task = _fill(first)
        inside, leave = threading.Event(), threading.Event()

        def long_write():
            with first.db.session() as s:
                s.execute(text("UPDATE plans SET number = '01'"))
                inside.set()
                leave.wait(10)

        writer = threading.Thread(target=long_write)
        writer.start()
        inside.wait(10)
        started = time.monotonic()
        with pytest.raises(DataFileError, match="Dữ liệu đang được một máy khác ghi: thay đổi vừa rồi chưa được lưu"):
            second.plans.update(plan_id, {"number": "02"})
        assert time.monotonic() - started < 5
        assert second.plans.get(plan_id).number == ""  # reads never wait for the writer
        leave.set()
        writer.join()
        second.plans.update(plan_id, {"number": "02"})
        assert first.plans.get(plan_id).number == "02"
    finally:
        second.close()
        first.close()


def test_an_upgrade_or_a_restore_waits_for_no_one_it_names_who_is_connected(pg_migrated_url, tmp_path):
    first = Services.open(pg_migrated_url, tmp_path / "data1")
    second = Services.open(pg_migrated_url, tmp_path / "data2")
    try:
        _fill(first)
        package = tmp_path / "goi.zip"
        first.backups.export_to(package)
        me = this_program()
        with pytest.raises(DataFileError, match=f"đang được dùng trên: {me.user}@{me.host}"):
            first.restore(package)
        assert len(first.plans.list()) == 1
        second.close()
        first.restore(package)  # alone now
    finally:
        second.close()
        first.close()


def test_names_of_users_and_computers_survive_the_servers_ascii_only_field():
    name = application_name(Holder("Nguyễn Thị Lan", "MÁY-CCHC-01"))
    assert name.isascii() and len(name) <= 63
    assert holder_from(name) == Holder("Nguyễn Thị Lan", "MÁY-CCHC-01")
    long = application_name(Holder("Nguyễn " * 10, "PC"))
    assert len(long) <= 63 and holder_from(long).user.startswith("Nguyễn")


@pytest.mark.parametrize("change, words", [
    (lambda url: url.set(database="khong_co_csdl_nay"), "Chưa có cơ sở dữ liệu này trên máy chủ PostgreSQL"),
    (lambda url: url.set(username="khong_co_nguoi_nay"), "Máy chủ từ chối đăng nhập"),
    (lambda url: url.set(query={"host": "/khong/co/thu/muc"}, host=None), "Không kết nối được máy chủ PostgreSQL"),
])
def test_a_server_that_cannot_be_used_is_one_clear_line(pg_url, tmp_path, change, words):
    url = change(make_url(pg_url)).render_as_string(hide_password=False)
    with pytest.raises(DataFileError, match=words) as caught:
        Services.open(url, tmp_path / "data")
    assert "\n" not in str(caught.value) and ":***@" not in str(caught.value)


def test_another_programs_database_is_refused_and_left_alone(pg_url, tmp_path):
    engine = _engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE customers (id integer)"))
    with pytest.raises(DataFileError, match="có bảng của chương trình khác"):
        Services.open(pg_url, tmp_path / "data")
    with engine.connect() as conn:
        tables = set(conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
    engine.dispose()
    assert tables == {"customers"}


def test_data_of_a_newer_version_are_refused(pg_migrated_url, tmp_path):
    engine = _engine(pg_migrated_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    with pytest.raises(DataFileError, match="phiên bản mới hơn"):
        Services.open(pg_migrated_url, tmp_path / "data")


def test_outputs_are_guarded_but_no_file_is_the_data_on_a_server(pg_migrated_url, tmp_path):
    services = Services.open(pg_migrated_url, tmp_path / "data")
    try:
        assert services.store.protected_files() == []
        target = tmp_path / "phu-luc.xlsx"
        assert services.check_output(target) == target
        with pytest.raises(Exception, match="thư mục sao lưu"):
            services.check_output(tmp_path / "data" / "backups" / "x.xlsx")
    finally:
        services.close()


def test_a_servers_copy_as_a_sqlite_file_opens_on_its_own(pg_migrated_url, tmp_path):
    server = Services.open(pg_migrated_url, tmp_path / "data")
    try:
        plan_id, _task = _fill(server)
        copy = tmp_path / "mang-ve.sqlite3"
        server.backups.export_to(copy)
        expected = server.rows.list(plan_id)
    finally:
        server.close()
    connection = sqlite3.connect(copy)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    on_file = Services.open(copy, tmp_path / "data-file")
    try:
        assert on_file.rows.list(plan_id) == expected
    finally:
        on_file.close()
