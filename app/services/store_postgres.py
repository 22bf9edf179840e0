"""A PostgreSQL server shared by an office (see ``app.services.store``).

Locks are the server's advisory locks, held on one connection per program
(``app.models.postgres.SessionLocks``), chosen over a presence table with
heartbeats because the server drops them by itself when a program ends, a PC
is switched off or the network goes: nothing stale to clean, no timer writing
to the database every few seconds, no table that SQLite would carry unused.
Who holds a lock comes from ``pg_stat_activity`` (user and computer in the
connection's application name).

- Every program holds the data's "open" lock shared; upgrading the schema
  or restoring a backup takes it alone, so neither can pull the data from
  under another PC (they are refused, naming who is connected).
- A window holds its plan's lock shared: others see "Đang mở bởi: …".
- A command that writes a plan takes that plan's lock alone, without
  waiting: a second writer, or a plan open in a window, gets a clear
  message and nothing is written. Never a wait, never a deadlock.
- Each write transaction goes one at a time (``app.models.postgres``).

Backups are the package of everything (``app.services.full_backup``), no
``pg_dump``; the server's integrity is the server's business (no
quick_check); there is no data file for an export to overwrite.
"""

from __future__ import annotations

import logging
import re
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Integer, insert, select, text
from sqlalchemy.exc import DBAPIError, DataError, SQLAlchemyError

from app.core.errors import DataFileError
from app.models.database import FILE_ID_KEY, SCHEMA_HEAD, Database
from app.models.postgres import NS_OPEN, NS_PLAN, Holder, SessionLocks
from app.models.postgres_connector import PostgresConnector
from app.services.store import DataStore, PlanBusyError

log = logging.getLogger(__name__)

OPEN_WAIT_S = 10   # a program opening while another upgrades or restores waits this long


def _names(holders: list[Holder]) -> str:
    return ", ".join(h.label for h in holders) or "một máy khác"


class PostgresStore(DataStore):
    kind = "postgresql"
    shared = True
    backup_suffix = ".zip"
    backup_filter = "Gói dữ liệu (*.zip)"

    def __init__(self, location: str, data_dir: Path):
        super().__init__(data_dir)
        self.connector = PostgresConnector(location)
        self.locks: SessionLocks | None = None
        self._plan: int | None = None

    @property
    def label(self) -> str:
        return self.connector.label

    @property
    def name(self) -> str:
        return re.sub(r"[^\w.-]+", "-", self.connector.database_name).strip("-.") or "may-chu"

    # -- opening ---------------------------------------------------------------------

    def claim(self) -> None:
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)  # backups, attachments, logs stay on this PC
        except OSError as error:
            raise DataFileError(f"Không tạo được thư mục dữ liệu «{self.data_dir}»: {error.strerror or error}.") \
                from None
        try:
            self.locks = SessionLocks(self.connector.make_engine())
        except DBAPIError as error:
            raise self.connector.connection_error(error, "chưa mở được dữ liệu") from None
        try:
            check = self.connector.inspect()
            if check.revision != SCHEMA_HEAD:
                self._alone("cần được tạo hoặc nâng cấp lên phiên bản của chương trình này")
            else:
                self._join()
        except BaseException:
            self.release()
            raise

    def _join(self) -> None:
        """The shared "open" lock; while another PC upgrades or restores, wait a little."""
        deadline = time.monotonic() + OPEN_WAIT_S
        while not self.locks.try_lock(NS_OPEN, 0, shared=True):
            if time.monotonic() > deadline:
                holders = self.locks.holders(NS_OPEN, 0)
                raise DataFileError(f"Dữ liệu trên {self.label} đang được nâng cấp hoặc khôi phục trên "
                                    f"{_names(holders)}; hãy thử lại sau ít phút.")
            time.sleep(0.5)

    def _alone(self, why: str) -> None:
        """The "open" lock alone, or a refusal naming who else is connected."""
        if not self.locks.try_lock(NS_OPEN, 0, shared=False):
            holders = self.locks.holders(NS_OPEN, 0)
            raise DataFileError(f"Dữ liệu trên {self.label} {why}, nhưng đang được dùng trên: {_names(holders)}. "
                                "Hãy đóng Sổ kế hoạch CCHC trên các máy đó rồi làm lại.")

    def open_database(self) -> Database:
        from app.services.backup import BackupService

        def backup_first(_path, revision: str | None) -> None:
            folder = self._folder(self._stored_file_id() or self._new_file_id())
            BackupService(None, folder, writer=self._export_with(self.connector.make_engine()),
                          suffix=self.backup_suffix).create("nang-cap")

        try:
            database = Database.open(self.connector, before_migration=backup_first)
        finally:
            self.locks.try_lock(NS_OPEN, 0, shared=True)  # after an upgrade: others may come in again
        return database

    def release(self) -> None:
        if self.locks is not None:
            self.locks.close()
            self.locks = None
        self._plan = None

    # -- backups and restore ----------------------------------------------------------

    def _stored_file_id(self) -> str | None:
        try:
            with self.connector.make_engine().connect() as conn:
                conn.execution_options(**self.connector.read_options())
                value = conn.execute(text("SELECT value FROM settings WHERE key = :k"), {"k": FILE_ID_KEY}).scalar()
                conn.rollback()
        except DBAPIError:
            return None
        return value if isinstance(value, str) and value else None

    def _new_file_id(self) -> str | None:
        """Data from before identities: given theirs now (the settings table
        is as old as the schema), so the backup made before upgrading them
        lands in the folder that stays theirs."""
        import json
        import uuid

        file_id = uuid.uuid4().hex
        try:
            with self.connector.make_engine().begin() as conn:
                conn.execute(text("INSERT INTO settings (key, value) VALUES (:k, :v)"),
                             {"k": FILE_ID_KEY, "v": json.dumps(file_id)})
        except DBAPIError:
            log.warning("could not give %s an identity", self.connector.shown, exc_info=True)
            return None
        return file_id

    def _folder(self, file_id: str | None) -> Path:
        root = self.data_dir / "backups"
        if not file_id:
            return root / self.name
        found = sorted(p for p in root.glob(f"*-{file_id[:12]}") if p.is_dir()) if root.is_dir() else []
        return found[0] if found else root / f"{self.name}-{file_id[:12]}"

    def backups_folder(self, db: Database) -> Path:
        from app.services.backup import OWNER_FILE

        folder = self._folder(db.file_id)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / OWNER_FILE).write_text(self.connector.shown, encoding="utf-8")
        except OSError as error:
            log.warning("could not mark the backups folder %s: %s", folder, error)
        return folder

    def _export_with(self, engine):
        from app.services.full_backup import export_everything

        def write(target: Path, doing: str) -> None:
            try:
                export_everything(engine, self.connector.read_options(), target, self.connector.shown)
            except DBAPIError as error:
                raise self.connector.connection_error(error, doing) from None

        return write

    def write_backup(self, db: Database, target: Path, doing: str) -> None:
        """A package of everything; a target not ending in ``.zip`` gets the
        same data as a SQLite file (to take the office's data home, or to a
        PC without the server)."""
        import tempfile

        from app.services.backup import copy_database
        from app.services.full_backup import package_to_sqlite

        target = Path(target)
        if target.suffix.lower() == ".zip":
            self._export_with(db.engine)(target, doing)
            return
        with tempfile.TemporaryDirectory(prefix=".sao-luu-", dir=self.data_dir) as scratch:
            package = Path(scratch) / "goi.zip"
            self._export_with(db.engine)(package, doing)
            built = Path(scratch) / "du-lieu.sqlite3"
            package_to_sqlite(package, built)
            copy_database(built, target, doing)

    def scratch_path(self) -> Path:
        return self.data_dir / f"{self.name}.sqlite3"  # never made: the copy is prepared beside it

    def before_replacing(self) -> None:
        self._alone("sắp được thay toàn bộ bằng bản sao lưu")

    def replace_data(self, db: Database, prepared: Path, reopened) -> None:
        """Every table replaced in one transaction: on any failure the server
        keeps the data as they were."""
        try:
            with db.session() as session:
                counts = copy_into(session.connection(), prepared)
            log.info("restored into %s: %s", self.connector.shown, counts)
        except DataError as error:
            log.exception("restore into %s refused by the server", self.connector.shown)
            raise DataFileError(f"Bản sao lưu có giá trị mà {self.label} không nhận (ví dụ số quá lớn); "
                                "dữ liệu trên máy chủ vẫn như cũ.") from error
        finally:
            self.locks.try_lock(NS_OPEN, 0, shared=True)
            reopened(db)

    # -- who else has a plan open ---------------------------------------------------------

    def show_plan(self, plan_id: int | None) -> None:
        if self.locks is None:
            return
        try:
            if not self.locks.alive():
                return
            if self._plan is not None and self._plan != plan_id:
                self.locks.unlock(NS_PLAN, self._plan)
            self._plan = plan_id
            if plan_id is not None:
                self.locks.try_lock(NS_PLAN, plan_id, shared=True)  # refused only while a command writes it
        except SQLAlchemyError:
            log.warning("could not mark plan %s as open", plan_id, exc_info=True)

    def others_on_plan(self, plan_id: int) -> list[Holder]:
        if self.locks is None:
            return []
        try:
            if not self.locks.alive():
                return []
            return self.locks.holders(NS_PLAN, plan_id)
        except SQLAlchemyError:
            log.warning("could not ask who has plan %s open", plan_id, exc_info=True)
            return []

    @contextmanager
    def writing_plan(self, plan_id: int) -> Iterator[None]:
        if self.locks is None:
            yield
            return
        held_before = self.locks.holds(NS_PLAN, plan_id)
        if not self.locks.try_lock(NS_PLAN, plan_id, shared=False):
            holders = self.locks.holders(NS_PLAN, plan_id)
            if any(h.writing for h in holders):
                raise PlanBusyError(f"Kế hoạch số {plan_id} đang được ghi bởi một lệnh cchc khác trên "
                                    f"{_names([h for h in holders if h.writing])}; lệnh này chưa ghi gì. "
                                    "Hãy thử lại sau giây lát.")
            raise PlanBusyError(f"Kế hoạch số {plan_id} đang mở bởi: {_names(holders)}; lệnh này chưa ghi gì. "
                                "Hãy thử lại khi kế hoạch được đóng trên các máy đó.")
        try:
            yield
        finally:
            if held_before:
                self.locks.try_lock(NS_PLAN, plan_id, shared=True)
            else:
                self.locks.unlock(NS_PLAN, plan_id)


def copy_into(conn, prepared: Path) -> dict[str, int]:
    """Replace every table behind ``conn`` (the server's write transaction)
    with the rows of the prepared SQLite copy; returns the rows per table.

    Both are at the current schema (the copy was migrated). Each identity
    sequence is moved past the largest id, so new rows never collide."""
    from sqlalchemy import create_engine

    from app.models.schema import Base
    from app.services.full_backup import parents_first, self_reference
    from app.io.data_package import TableDump

    tables = list(Base.metadata.sorted_tables)
    source = create_engine(f"sqlite:///{Path(prepared)}")
    counts: dict[str, int] = {}
    try:
        with source.connect() as reader:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " RESTART IDENTITY"))
            for table in tables:
                columns = [c.name for c in table.columns]
                rows = [list(r) for r in reader.execute(select(*table.columns))]
                ordered = parents_first(TableDump(table.name, columns, {}, rows), self_reference(table))
                if ordered:
                    conn.execute(insert(table), [dict(zip(columns, row)) for row in ordered])
                counts[table.name] = len(ordered)
                keys = list(table.primary_key.columns)
                if len(keys) == 1 and isinstance(keys[0].type, Integer):
                    column = keys[0].name
                    conn.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{column}'), "
                        f"COALESCE((SELECT MAX(\"{column}\") FROM \"{table.name}\"), 0) + 1, false)"))
    finally:
        source.dispose()
    return counts
