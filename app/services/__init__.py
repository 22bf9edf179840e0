"""The only API the window and the command line use.

Every public method is one user action and one transaction; what comes back
is plain data (``app.core.model``), never an ORM object.
"""

from __future__ import annotations

from pathlib import Path

from app import paths
from app.core.errors import DataFileError
from app.models.database import Database, check_path, inspect_file
from app.models.lock import WriterLock
from app.services.attachments import AttachmentStore
from app.services.backup import BackupService, backups_folder, claim_backups_folder
from app.services.housekeeping import check_data_dir, clean_stale_temp_files
from app.services.output_guard import OutputGuard
from app.services.restore import discard, prepare_candidate, swap_in
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

__all__ = ["Services", "backups_folder"]


class Services:
    """Every service over one open data file."""

    def __init__(self, db: Database, data_dir: Path, lock: WriterLock | None = None):
        self.db = db
        self.data_dir = data_dir
        self.lock = lock
        self.backups = BackupService(db.path, claim_backups_folder(data_dir, db))
        self.guard = OutputGuard(db.path, data_dir)
        self.settings = SettingsService(db)
        self.plans = PlanService(db, self.settings)
        self.rows = RowService(db)
        self.attachments = AttachmentStore(db, data_dir / "attachments")
        self.progress = ProgressService(db, self.attachments)
        self.units = UnitService(db)
        self.tracking = TrackingService(self.plans, self.rows, self.progress, self.settings)
        self.exports = ExportService(self.plans, self.tracking, self.guard)
        self.imports = ImportService(db, self.plans, before_write=lambda: self.backups.create("nhap"))
        self.reports = ReportService(db, self.plans, self.rows, self.progress, self.settings, self.guard)
        self.reminders = ReminderService(self.settings, self.plans, self.reports)
        self.contacts = ContactService(db)
        self.mail = MailService(db, self.plans, self.reports, self.exports, self.contacts, self.settings,
                                data_dir / "outbox", self.guard)

    def check_output(self, target: Path | str, replace_read_only: bool = False) -> Path:
        """Refuse an output path that would overwrite the data (see OutputGuard)."""
        return self.guard.check(target, replace_read_only)

    @classmethod
    def open(cls, db_path: Path | str | None = None, data_dir: Path | None = None) -> "Services":
        """Open (creating if needed) the data file; the default one lives in the
        user data folder. Only one program may write to a file at a time; an
        existing file is backed up before its schema is upgraded."""
        folder = check_data_dir(data_dir or paths.data_dir())
        if db_path is None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DataFileError(f"Không tạo được thư mục dữ liệu «{folder}»: {error.strerror or error}.") from None
            db_path = folder / paths.DB_FILE_NAME
        db_path = Path(db_path)
        lock = WriterLock(db_path)
        try:
            check_path(db_path)
            lock.lock_identity()  # a hard link of a file open elsewhere: refused before SQLite reads it
            inspect_file(db_path)  # refuse a foreign file before making a lock beside it
            lock.acquire()
        except BaseException:
            lock.release()
            raise
        try:
            def backup_first(path: Path, revision: str | None) -> None:
                BackupService(path, backups_folder(folder, path)).create("nang-cap")

            database = Database.open(db_path, before_migration=backup_first)
            lock.lock_identity()  # a file created just now has an inode only now
            services = cls(database, folder, lock)
        except BaseException:
            lock.release()
            raise
        clean_stale_temp_files(folder, db_path)
        return services

    def restore(self, source: Path) -> None:
        """Replace the open data with a backup: the backup is copied, checked
        and migrated beside the data file first; then the current state is
        backed up and the copy renamed into place. On any failure the data
        file is as it was, and open."""
        path = self.db.path
        temp = prepare_candidate(Path(source), path, self.db.file_id)
        try:
            self.backups.create("khoi-phuc")
            self.db.close()
            try:
                swap_in(temp, path, keep_old=False)
            finally:
                database = Database.open(path)
                if self.lock is not None:
                    self.lock.lock_identity()
                self.__init__(database, self.data_dir, self.lock)
        finally:
            discard(temp)

    def close(self) -> None:
        self.db.close()
        if self.lock is not None:
            self.lock.release()
