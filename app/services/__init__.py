"""The only API the window and the command line use.

Every public method is one user action and one transaction; what comes back
is plain data (``app.core.model``), never an ORM object.
"""

from __future__ import annotations

from pathlib import Path

from app import paths
from app.core.errors import DataFileError
from app.models.database import Database, inspect_file
from app.models.lock import WriterLock
from app.services.backup import BackupService, check_backup_file, copy_database
from app.services.attachments import AttachmentStore
from app.services.exports import ExportService
from app.services.imports import ImportService
from app.services.mail import ContactService, MailService
from app.services.plans import PlanService
from app.services.progress import ProgressService
from app.services.reminders import ReminderService
from app.services.reports import ReportService
from app.services.rows import RowService
from app.services.settings import SettingsService
from app.services.tracking import TrackingService
from app.services.units import UnitService


def backups_folder(data_dir: Path, db_path: Path) -> Path:
    """Each data file has its own backups folder inside the data folder."""
    return data_dir / "backups" / Path(db_path).stem


class Services:
    """Every service over one open data file."""

    def __init__(self, db: Database, data_dir: Path, lock: WriterLock | None = None):
        self.db = db
        self.data_dir = data_dir
        self.lock = lock
        self.backups = BackupService(db.path, backups_folder(data_dir, db.path))
        self.settings = SettingsService(db)
        self.plans = PlanService(db, self.settings)
        self.rows = RowService(db)
        self.progress = ProgressService(db)
        self.units = UnitService(db)
        self.attachments = AttachmentStore(db, data_dir / "attachments")
        self.tracking = TrackingService(self.plans, self.rows, self.progress, self.settings)
        self.exports = ExportService(self.plans, self.tracking)
        self.imports = ImportService(db, self.plans, before_write=lambda: self.backups.create("nhap"))
        self.reports = ReportService(db, self.plans, self.rows, self.progress, self.settings)
        self.reminders = ReminderService(self.settings, self.plans, self.reports)
        self.contacts = ContactService(db)
        self.mail = MailService(db, self.plans, self.reports, self.exports, self.contacts, self.settings,
                                data_dir / "outbox")

    @classmethod
    def open(cls, db_path: Path | str | None = None, data_dir: Path | None = None) -> "Services":
        """Open (creating if needed) the data file; the default one lives in the
        user data folder. Only one program may write to a file at a time; an
        existing file is backed up before its schema is upgraded."""
        folder = data_dir or paths.data_dir()
        if db_path is None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DataFileError(f"Không tạo được thư mục dữ liệu «{folder}»: {error.strerror or error}.") from None
            db_path = folder / paths.DB_FILE_NAME
        db_path = Path(db_path)
        inspect_file(db_path)  # refuse a folder or a foreign file before making a lock beside it
        lock = WriterLock(db_path)
        lock.acquire()
        try:
            def backup_first(path: Path, revision: str | None) -> None:
                BackupService(path, backups_folder(folder, path)).create("nang-cap")

            return cls(Database.open(db_path, before_migration=backup_first), folder, lock)
        except BaseException:
            lock.release()
            raise

    def restore(self, source: Path) -> None:
        """Replace the open data with a backup, after backing up the current
        state; the services then work on the restored data."""
        check_backup_file(source)
        self.backups.create("khoi-phuc")
        path = self.db.path
        self.db.close()
        copy_database(Path(source), path, replace_open=True)
        self.__init__(Database.open(path), self.data_dir, self.lock)

    def close(self) -> None:
        self.db.close()
        if self.lock is not None:
            self.lock.release()
