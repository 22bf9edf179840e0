"""Opening the data file safely and handing out transactions.

A file is checked before anything writes to it: a folder, a file that is not
SQLite, a SQLite file of another program, a file from a newer version or a
read-only file is refused with a clear message and left byte-for-byte as it
was. Only then is it opened with WAL, foreign keys and synchronous=NORMAL,
and migrated to the current schema.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.core.errors import DataFileError

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest migration; a test checks it against the migrations folder, so
# opening an up-to-date file never has to load Alembic at all.
SCHEMA_HEAD = "0003"
KNOWN_REVISIONS = ("0001", "0002", "0003")
OUR_TABLES = {"plans", "appendix_rows", "alembic_version"}


class DamagedFileError(DataFileError):
    """The file is SQLite but its integrity check fails: offer a backup."""

    def __init__(self, path: Path, detail: str):
        # SQLite's own words are English and technical: they go to the log.
        super().__init__(f"Tệp dữ liệu «{path}» bị hỏng. Hãy khôi phục từ bản sao lưu gần nhất.")
        self.path = path
        self.detail = detail
        logging.getLogger(__name__).warning("damaged data file %s: %s", path, detail)


class ForeignFileError(DataFileError):
    """Not our data file at all (not SQLite, or another program's)."""


class FileCheck:
    """What we learnt about a data file without writing to it."""

    def __init__(self, exists: bool, revision: str | None):
        self.exists = exists
        self.revision = revision


def inspect_file(path: Path) -> FileCheck:
    """Refuse a path that cannot safely be our data file. Reads only."""
    if path.is_dir():
        raise DataFileError(f"«{path}» là một thư mục, không phải tệp dữ liệu.")
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
        raise DataFileError(f"Không mở được «{path}»: {error}.") from None
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
    except sqlite3.DatabaseError as error:
        if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
            raise DataFileError(f"Tệp dữ liệu «{path}» đang bị khóa bởi chương trình khác.") from None
        raise DamagedFileError(path, str(error)) from None
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
    transaction handling would defer BEGIN and break SAVEPOINTs)."""

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
        conn.exec_driver_sql("BEGIN")


def _as_data_file_error(error: OperationalError, path: Path) -> DataFileError:
    """SQLite failures the user can act on, in words they can read."""
    text = str(error.orig or error).lower()
    log.error("database error on %s: %s", path, text)
    if "full" in text:
        return DataFileError("Ổ đĩa đã đầy: thay đổi vừa rồi chưa được lưu. Hãy giải phóng chỗ trống rồi làm lại.")
    if "readonly" in text or "read-only" in text:
        return DataFileError(f"Không ghi được vào tệp dữ liệu «{path}» (chỉ cho phép đọc).")
    if "locked" in text or "busy" in text:
        return DataFileError("Tệp dữ liệu đang bị chương trình khác khóa; hãy thử lại sau giây lát.")
    if "malformed" in text or "not a database" in text or "disk i/o" in text:
        return DataFileError(f"Tệp dữ liệu «{path}» bị hỏng hoặc không đọc được. Hãy khôi phục từ bản sao lưu.")
    return DataFileError(f"Lỗi khi ghi dữ liệu: {error.orig or error}")


class Database:
    """One open data file."""

    def __init__(self, path: Path, engine: Engine):
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, path: Path | str, before_migration: Callable[[Path, str | None], None] | None = None) -> "Database":
        """Check, open and migrate ``path``. ``before_migration`` runs (e.g. a
        backup) when an existing file is about to be upgraded."""
        path = Path(path)
        check = inspect_file(path)
        if check.exists and check.revision != SCHEMA_HEAD and before_migration is not None:
            before_migration(path, check.revision)
        # Connections come from a pool and are used by one thread at a time;
        # background work (export, import) may take one on another thread.
        engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
        _configure_sqlite(engine)
        database = cls(path, engine)
        try:
            if check.revision != SCHEMA_HEAD:
                database._migrate()
        except Exception as error:
            engine.dispose()
            if isinstance(error, DataFileError):
                raise
            log.exception("migration of %s failed", path)
            raise DataFileError(f"Không nâng cấp được tệp dữ liệu «{path}»: {error}") from error
        return database

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
        """One transaction: committed when the block ends, rolled back on error."""
        try:
            with self._sessions.begin() as session:
                yield session
        except OperationalError as error:
            raise _as_data_file_error(error, self.path) from error

    def close(self) -> None:
        self.engine.dispose()
