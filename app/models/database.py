"""Opening the data safely and handing out transactions.

The data live in a SQLite file (one officer, one PC) or on a PostgreSQL
server (an office); a *connector* knows the engine's differences at the
level of connections (``SqliteConnector`` here, ``PostgresConnector`` in
``app.models.postgres_connector``); ``Database`` is the same for both.

A file is checked before anything writes to it: a folder, a file that is not
SQLite, a SQLite file of another program, a file from a newer version, a
read-only file or a file on a network drive is refused with a clear message
and left byte-for-byte as it was. Only then is it opened with WAL, foreign
keys and synchronous=NORMAL, and migrated to the current schema.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.core.errors import DataFileError, UserError
from app.disk import name_problem, regular_file_problem
from app.models.failures import DamagedFileError, is_damage, sqlite_error, storage_failure

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest migration; a test checks it against the migrations folder, so
# opening an up-to-date file never has to load Alembic at all.
SCHEMA_HEAD = "0007"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
OUR_TABLES = {"plans", "appendix_rows", "alembic_version"}
# The data file's identity: a random id stored inside it (in the settings
# table, no schema change), kept by its backups and across a restore, so
# backups follow the file and not its name.
FILE_ID_KEY = "data_file_id"

__all__ = ["Database", "DamagedFileError", "ForeignFileError", "SqliteConnector", "check_path", "connector_for",
           "inspect_file", "read_file_id"]


class ForeignFileError(DataFileError):
    """Not our data file at all (not SQLite, or another program's)."""


class FileCheck:
    """What we learnt about a data file without writing to it."""

    def __init__(self, exists: bool, revision: str | None):
        self.exists = exists
        self.revision = revision


def check_path(path: Path) -> None:
    """Refuse, without opening it, a path that cannot be a data file."""
    from app.models.network_drive import refuse_network_drive

    problem = name_problem(path)
    if problem:
        raise DataFileError(f"Không dùng được «{path}» làm tệp dữ liệu: {problem}.")
    if path.is_dir():
        raise DataFileError(f"«{path}» là một thư mục, không phải tệp dữ liệu.")
    problem = regular_file_problem(path)  # a FIFO would block the first read forever
    if problem:
        raise DataFileError(f"«{path}» {problem}, không phải tệp dữ liệu.")
    refuse_network_drive(path)  # before SQLite reads it: its locks do not hold over a network


def inspect_file(path: Path) -> FileCheck:
    """Refuse a path that cannot safely be our data file. Reads only."""
    check_path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not path.exists():
        if not folder.is_dir():
            raise DataFileError(f"Thư mục «{folder}» không tồn tại.")
        if not _writable(folder):
            raise DataFileError(f"Không tạo được tệp dữ liệu: thư mục «{folder}» chỉ cho phép đọc.")
        return FileCheck(False, None)
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise DataFileError(f"Không đọc được tệp «{path}»: {error.strerror or error}.") from None
    if header == b"":
        _require_writable(path, folder)
        return FileCheck(False, None)  # an empty file is a new database
    if header != SQLITE_MAGIC:
        raise ForeignFileError(f"«{path}» không phải tệp dữ liệu của Sổ kế hoạch CCHC (không phải tệp SQLite).")
    revision = _read_revision(path)
    _require_writable(path, folder)
    return FileCheck(True, revision)


def _writable(path: Path) -> bool:
    """Writable for us *and* not marked read-only: the mode bits are checked
    too, because an administrator account may write to a file the user marked
    read-only, and we must honour the mark."""
    try:
        return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)
    except OSError:
        return False


def _require_writable(path: Path, folder: Path) -> None:
    if not _writable(path):
        raise DataFileError(f"Tệp dữ liệu «{path}» chỉ cho phép đọc; chương trình cần quyền ghi để lưu công việc.")
    if not _writable(folder):
        # WAL keeps two side files next to the database.
        raise DataFileError(f"Thư mục «{folder}» chỉ cho phép đọc; chương trình cần quyền ghi vào đó.")


def _read_revision(path: Path) -> str | None:
    """The schema revision of an existing file, read through a read-only handle."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise sqlite_error(error, path, "chưa mở được tệp dữ liệu") from None
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if tables and not (OUR_TABLES & tables):
            raise ForeignFileError(f"«{path}» là tệp SQLite của chương trình khác, không phải Sổ kế hoạch CCHC.")
        if "alembic_version" not in tables:
            if tables:
                raise ForeignFileError(f"«{path}» không phải tệp dữ liệu của Sổ kế hoạch CCHC.")
            return None
        # A quick check reads every page's structure: a damaged file is found
        # here, before the program trusts it, not in the middle of the work.
        verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise DamagedFileError(path, verdict[:120])
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as error:
        # A full disk (no room for the shared-memory file) or a lock is not
        # damage: calling a sound file "hỏng" would send the officer to restore.
        raise sqlite_error(error, path, "chưa mở được tệp dữ liệu") from None
    finally:
        conn.close()
    revision = row[0] if row else None
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise DataFileError(
            f"Tệp dữ liệu «{path}» được tạo bởi phiên bản mới hơn của chương trình; hãy cập nhật chương trình."
        )
    return revision


def _configure_sqlite(engine: Engine) -> None:
    """Pragmas on every connection, and real BEGIN/COMMIT (pysqlite's own
    transaction handling would defer BEGIN and break SAVEPOINTs).

    A transaction that may write starts with BEGIN IMMEDIATE: it waits (up to
    busy_timeout) for another writer to finish. A deferred BEGIN would read
    first and then fail at once when upgrading to write after the other
    writer committed (SQLITE_BUSY_SNAPSHOT ignores the busy timeout).
    ``Database.reading()`` opts out for pure reads."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        deferred = conn.get_execution_options().get(_READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


_READ_ONLY = "cchc_read_only"


def _as_data_file_error(error: DatabaseError, path: Path) -> DataFileError | None:
    """SQLite failures the user can act on, in words they can read (None:
    not the disk's fault nor damage, i.e. a bug to be logged as one)."""
    failure = storage_failure(error, path, "thay đổi vừa rồi chưa được lưu")
    if failure is not None:
        return failure
    if is_damage(error):
        log.error("damage found while working on %s: %s", path, error)
        return DataFileError(f"Tệp dữ liệu «{path}» bị hỏng hoặc không đọc được. Hãy khôi phục từ bản sao lưu.")
    return None


class SqliteConnector:
    """A SQLite data file: checked with a read-only handle before opening,
    WAL and BEGIN IMMEDIATE on every connection."""

    kind = "sqlite"

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.label = f"tệp dữ liệu «{self.path}»"

    def inspect(self) -> FileCheck:
        return inspect_file(self.path)

    def make_engine(self) -> Engine:
        # Connections come from a pool and are used by one thread at a time;
        # background work (export, import) may take one on another thread.
        engine = create_engine(f"sqlite:///{self.path}", connect_args={"check_same_thread": False})
        _configure_sqlite(engine)
        return engine

    @staticmethod
    def read_options() -> dict:
        return {_READ_ONLY: True}

    def failure(self, error: DatabaseError) -> UserError | None:
        return _as_data_file_error(error, self.path)


def connector_for(location: "Path | str | object"):
    """The connector of a --db value: a ``postgresql://`` address or a file path
    (a connector is passed through)."""
    if hasattr(location, "make_engine"):
        return location
    from app.models.postgres import is_server_url

    if is_server_url(location):
        from app.models.postgres_connector import PostgresConnector

        return PostgresConnector(str(location))
    return SqliteConnector(Path(location))


class Database:
    """The open data: a SQLite file or a PostgreSQL database."""

    def __init__(self, connector, engine: Engine):
        self.connector = connector
        self.path: Path | None = connector.path  # the SQLite file; None on a server
        self.label: str = connector.label
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._reads = sessionmaker(engine.execution_options(**connector.read_options()), expire_on_commit=False)
        self.file_id = ""

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @classmethod
    def open(cls, location, before_migration: Callable[[Path | None, str | None], None] | None = None) -> "Database":
        """Check, open and migrate ``location`` (a file path, a
        ``postgresql://`` address or a connector). ``before_migration`` runs
        (e.g. a backup) when existing data are about to be upgraded."""
        connector = connector_for(location)
        check = connector.inspect()
        if check.exists and check.revision != SCHEMA_HEAD and before_migration is not None:
            before_migration(connector.path, check.revision)
        engine = connector.make_engine()
        database = cls(connector, engine)
        try:
            if check.revision != SCHEMA_HEAD:
                database._migrate()
        except Exception as error:
            engine.dispose()
            if isinstance(error, DataFileError):
                raise
            log.exception("migration of %s failed", connector.label)
            failure = connector.failure(error) if isinstance(error, DatabaseError) else None
            raise failure or DataFileError(f"Không nâng cấp được {connector.label}: {error}") from error
        database.file_id = database._ensure_file_id()
        return database

    def _ensure_file_id(self) -> str:
        """The data's identity, made on its first open by this version."""
        from app.models.schema import Setting

        with self.reading() as s:
            row = s.get(Setting, FILE_ID_KEY)
            if row is not None and isinstance(row.value, str) and row.value:
                return row.value
        return self.set_file_id(uuid.uuid4().hex)

    def set_file_id(self, file_id: str) -> str:
        from app.models.schema import Setting

        with self.session() as s:
            row = s.get(Setting, FILE_ID_KEY)
            if row is None:
                s.add(Setting(key=FILE_ID_KEY, value=file_id))
            else:
                row.value = file_id
        self.file_id = file_id
        return file_id

    def _migrate(self) -> None:
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction that may write: committed when the block ends,
        rolled back on error."""
        with self._translated():
            with self._sessions.begin() as session:
                yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A transaction that only reads (never waits for a writer)."""
        with self._translated():
            with self._reads.begin() as session:
                yield session

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except IntegrityError:
            raise  # a broken rule of ours: a bug, not the disk
        except DatabaseError as error:
            failure = self.connector.failure(error)
            if failure is None:
                raise
            raise failure from error

    def close(self) -> None:
        self.engine.dispose()


def read_file_id(path: Path) -> str | None:
    """The identity stored in a data file, read without writing (None: none
    yet, or the file cannot be read)."""
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, OSError, ValueError):
        return None
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (FILE_ID_KEY,)).fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    if row is None:
        return None
    try:
        value = json.loads(row[0]) if isinstance(row[0], str) else row[0]
    except ValueError:
        return None
    return value if isinstance(value, str) and value else None
