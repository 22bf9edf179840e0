"""Where the data live: the one interface over a SQLite file and a
PostgreSQL server.

Everything that is one engine's own sits behind ``DataStore``: how the data
are claimed against a second program (SQLite: a lock file; PostgreSQL:
advisory locks on the server), how a backup is written (SQLite's backup API;
PostgreSQL: the program's own package of everything, no pg_dump), how a
restore puts the checked copy in place (a rename; one transaction), which
files an export must never overwrite, where killed programs leave temporary
files, and who else has a plan open. The rest of the program asks the store
and never the dialect.

``SqliteStore`` (``store_sqlite``) keeps the single-user path exactly as it
was; ``PostgresStore`` (``store_postgres``) is the shared office.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from app.core.errors import DataFileError
from app.models.database import Database
from app.models.postgres import Holder, is_server_url

__all__ = ["DataStore", "Holder", "PlanBusyError", "ENV_DATABASE_URL", "chosen_location", "open_store"]

ENV_DATABASE_URL = "CCHC_DATABASE_URL"


class PlanBusyError(DataFileError):
    """A command would write a plan that another program has open."""


def chosen_location(db: str | Path | None) -> str | Path | None:
    """What to open: ``--db`` (a file or a ``postgresql://`` address), else
    ``CCHC_DATABASE_URL``, else None (the default file in the data folder)."""
    if db is not None and str(db).strip():
        return db
    from_env = os.environ.get(ENV_DATABASE_URL, "").strip()
    return from_env or None


def open_store(location: str | Path, data_dir: Path) -> "DataStore":
    """The store for a --db value; nothing is opened yet."""
    if is_server_url(location):
        from app.services.store_postgres import PostgresStore

        return PostgresStore(str(location), data_dir)
    from app.services.store_sqlite import SqliteStore

    return SqliteStore(Path(location), data_dir)


class DataStore(ABC):
    kind: str = ""
    # Other programs may have the same data open at the same time.
    shared: bool = False
    # What a backup file of this store is.
    backup_suffix: str = ".sqlite3"
    backup_filter: str = "Bản sao lưu (*.sqlite3)"

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)

    # -- naming ------------------------------------------------------------------

    @property
    @abstractmethod
    def label(self) -> str:
        """Where the data are, in a sentence: "tệp dữ liệu «…»", "máy chủ PostgreSQL «…»"."""

    @property
    @abstractmethod
    def name(self) -> str:
        """A short name for file names (the backups' folder)."""

    # -- opening and closing --------------------------------------------------------

    @abstractmethod
    def claim(self) -> None:
        """Before opening: refuse what cannot be used and keep a second
        program from what it must not share."""

    @abstractmethod
    def open_database(self) -> Database:
        """Open (and migrate) the data; existing data are backed up before
        they are upgraded."""

    def opened(self, db: Database) -> None:
        """After opening (and after a restore reopened the data)."""

    @abstractmethod
    def release(self) -> None:
        """Give up every lock (closing)."""

    # -- backups and restore --------------------------------------------------------

    @abstractmethod
    def backups_folder(self, db: Database) -> Path:
        """This data's own backups folder, marked as its own."""

    @abstractmethod
    def write_backup(self, db: Database, target: Path, doing: str) -> None:
        """A complete, consistent backup written to ``target`` (all or nothing)."""

    @abstractmethod
    def scratch_path(self) -> Path:
        """A name beside which a restore prepares its checked copy."""

    def before_replacing(self) -> None:
        """A restore is about to replace everything: refuse it if others use the data."""

    @abstractmethod
    def replace_data(self, db: Database, prepared: Path, reopened: Callable[[Database], None]) -> None:
        """Put the prepared (checked, migrated) SQLite copy in place of the
        data. ``reopened(database)`` gets the open data afterwards, also when
        the replacing failed (then they are as they were)."""

    # -- what must not be overwritten, and what killed programs leave --------------------

    def protected_files(self) -> list[Path]:
        """Files an export or a save must never be written over."""
        return []

    def temp_folders(self) -> list[Path]:
        """Folders (besides the data folder's own) where our temporary files may lie."""
        return []

    # -- who else has a plan open ----------------------------------------------------

    def show_plan(self, plan_id: int | None) -> None:
        """This window now shows ``plan_id`` (None: no plan)."""

    def others_on_plan(self, plan_id: int) -> list[Holder]:
        """Other programs that have the plan open, or write it right now."""
        return []

    @contextmanager
    def writing_plan(self, plan_id: int) -> Iterator[None]:
        """A command writes the plan: it has it alone for the while, or is
        refused at once (PlanBusyError) — never a wait, never a deadlock."""
        yield
