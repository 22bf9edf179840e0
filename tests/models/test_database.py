"""Opening data files: migrations, pragmas, and refusing what is not ours."""

import hashlib
import sqlite3
import stat

import pytest

from app.core.errors import DataFileError
from app.models.database import KNOWN_REVISIONS, MIGRATIONS_DIR, SCHEMA_HEAD, Database


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_schema_head_constant_matches_the_migrations_folder():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    assert script.get_current_head() == SCHEMA_HEAD
    assert set(KNOWN_REVISIONS) == {r.revision for r in script.walk_revisions()}


def test_migrations_build_exactly_the_models_schema(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from app.models.schema import Base

    db = Database.open(tmp_path / "new.sqlite3")
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    db.close()
    assert diff == []


def test_new_file_uses_wal_foreign_keys_and_normal_sync(tmp_path):
    db = Database.open(tmp_path / "new.sqlite3")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    db.close()


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(DataFileError, match="thư mục"):
        Database.open(tmp_path)


def test_a_non_sqlite_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"Ke hoach CCHC\n" * 50)
    before = _digest(path)
    with pytest.raises(DataFileError, match="không phải tệp SQLite"):
        Database.open(path)
    assert _digest(path) == before


def test_another_programs_sqlite_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(DataFileError, match="chương trình khác"):
        Database.open(path)
    assert _digest(path) == before


def test_a_read_only_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "ro.sqlite3"
    Database.open(path).close()
    path.chmod(stat.S_IREAD)
    before = _digest(path)
    with pytest.raises(DataFileError, match="chỉ cho phép đọc"):
        Database.open(path)
    assert _digest(path) == before


def test_a_file_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "future.sqlite3"
    Database.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    with pytest.raises(DataFileError, match="phiên bản mới hơn"):
        Database.open(path)


def test_a_read_only_folder_is_refused_for_a_new_file(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IREAD | stat.S_IEXEC)
    try:
        with pytest.raises(DataFileError, match="chỉ cho phép đọc"):
            Database.open(folder / "new.sqlite3")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(stat.S_IRWXU)
