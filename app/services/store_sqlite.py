"""The SQLite file: one officer, one PC (see ``app.services.store``).

One program writes a file at a time (an operating-system lock beside it,
``app.models.lock``); a file on a network drive, a folder, a foreign or
damaged file is refused before anything writes to it; backups use SQLite's
backup API; a restore renames the checked copy over the file.
"""

from __future__ import annotations

from pathlib import Path

from app.models.database import Database, check_path, inspect_file
from app.models.lock import WriterLock
from app.services.store import DataStore

# Files SQLite (and our lock) keep beside the data file.
SIDE_FILES = ("-wal", "-shm", "-journal", ".lock")


class SqliteStore(DataStore):
    kind = "sqlite"
    shared = False
    backup_suffix = ".sqlite3"
    backup_filter = "Bản sao lưu (*.sqlite3)"

    def __init__(self, path: Path, data_dir: Path):
        super().__init__(data_dir)
        self.path = Path(path)
        self.lock = WriterLock(self.path)

    @property
    def label(self) -> str:
        return f"tệp dữ liệu «{self.path}»"

    @property
    def name(self) -> str:
        return self.path.stem

    def claim(self) -> None:
        try:
            check_path(self.path)
            self.lock.lock_identity()  # a hard link of a file open elsewhere: refused before SQLite reads it
            inspect_file(self.path)  # refuse a foreign file before making a lock beside it
            self.lock.acquire()
        except BaseException:
            self.lock.release()
            raise

    def open_database(self) -> Database:
        from app.services.backup import BackupService, backups_folder

        def backup_first(path: Path, revision: str | None) -> None:
            BackupService(path, backups_folder(self.data_dir, path)).create("nang-cap")

        return Database.open(self.path, before_migration=backup_first)

    def opened(self, db: Database) -> None:
        self.lock.lock_identity()  # a file created (or restored) just now has a new inode

    def release(self) -> None:
        self.lock.release()

    def backups_folder(self, db: Database) -> Path:
        from app.services.backup import claim_backups_folder

        return claim_backups_folder(self.data_dir, db)

    def write_backup(self, db: Database, target: Path, doing: str) -> None:
        from app.services.backup import copy_database

        copy_database(self.path, target, doing)

    def scratch_path(self) -> Path:
        return self.path  # the copy is prepared beside the file: the swap is a rename

    def replace_data(self, db: Database, prepared: Path, reopened) -> None:
        from app.services.restore import swap_in

        db.close()
        try:
            swap_in(prepared, self.path, keep_old=False)
        finally:
            database = Database.open(self.path)
            self.opened(database)
            reopened(database)

    def protected_files(self) -> list[Path]:
        return [self.path, *(Path(f"{self.path}{side}") for side in SIDE_FILES)]

    def temp_folders(self) -> list[Path]:
        return [self.path.parent]
