"""The only API the window and the command line use.

Every public method is one user action and one transaction; what comes back
is plain data (``app.core.model``), never an ORM object.
"""

from __future__ import annotations

from pathlib import Path

from app import paths
from app.core.errors import DataFileError
from app.models.database import Database
from app.services.assessment import AssessmentService
from app.services.attachments import AttachmentStore
from app.services.backup import BackupService, backups_folder
from app.services.housekeeping import check_data_dir, clean_stale_temp_files
from app.services.output_guard import OutputGuard
from app.services.restore import discard, prepare_candidate
from app.services.store import DataStore, chosen_location, open_store
from app.services.exports import ExportService
from app.services.imports import ImportService
from app.services.mail import ContactService, MailService
from app.services.plans import PlanService
from app.services.progress import ProgressService
from app.services.reminders import ReminderService
from app.services.reports import ReportService
from app.services.rows import RowService
from app.services.settings import SettingsService
from app.services.submission import SubmissionService
from app.services.consolidation import ConsolidationService
from app.services.tracking import TrackingService
from app.services.unit_profile import UnitProfileService
from app.services.units import UnitService

__all__ = ["Services", "backups_folder"]


class Services:
    """Every service over the open data (a SQLite file or a PostgreSQL server)."""

    def __init__(self, db: Database, data_dir: Path, store: DataStore):
        self.db = db
        self.data_dir = data_dir
        self.store = store
        self.backups = BackupService(db.path, store.backups_folder(db), suffix=store.backup_suffix,
                                     writer=lambda target, doing: store.write_backup(self.db, target, doing))
        self.guard = OutputGuard(store.protected_files(), data_dir)
        self.settings = SettingsService(db)
        self.unit_profile = UnitProfileService(self.settings)
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
        self.assessment = AssessmentService(db, self.plans, self.rows, self.progress, self.reports, self.settings,
                                            self.attachments, self.exports, self.guard)
        self.submissions = SubmissionService(self.plans, self.tracking, self.progress, self.reports, self.exports,
                                             self.settings, self.guard)
        self.consolidation = ConsolidationService(self.settings, self.guard)
        self.mail = MailService(db, self.plans, self.reports, self.exports, self.contacts, self.settings,
                                data_dir / "outbox", self.guard, self.submissions)

    def check_output(self, target: Path | str, replace_read_only: bool = False) -> Path:
        """Refuse an output path that would overwrite the data (see OutputGuard)."""
        return self.guard.check(target, replace_read_only)

    @classmethod
    def open(cls, db_path: Path | str | None = None, data_dir: Path | None = None) -> "Services":
        """Open (creating if needed) the data: ``db_path`` is a file, a
        ``postgresql://`` address, or None for ``CCHC_DATABASE_URL`` or else
        the default file in the user data folder. Only one program may write
        to a file at a time; on a server, many may. Existing data are backed
        up before their schema is upgraded."""
        folder = check_data_dir(data_dir or paths.data_dir())
        location = chosen_location(db_path)
        if location is None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DataFileError(f"Không tạo được thư mục dữ liệu «{folder}»: {error.strerror or error}.") from None
            location = folder / paths.DB_FILE_NAME
        store = open_store(location, folder)
        store.claim()
        try:
            database = store.open_database()
            store.opened(database)
            services = cls(database, folder, store)
        except BaseException:
            store.release()
            raise
        clean_stale_temp_files(folder, store.temp_folders())
        return services

    def restore(self, source: Path) -> None:
        """Replace the open data with a backup: the backup is copied, checked
        and migrated first (beside the data file, or in the data folder for a
        server); then the current state is backed up and the copy put in
        place (a rename; on a server, one transaction). On any failure the
        data are as they were, and open."""
        temp = prepare_candidate(Path(source), self.store.scratch_path(), self.db.file_id)
        try:
            self.store.before_replacing()
            self.backups.create("khoi-phuc")
            self.store.replace_data(self.db, temp, lambda database: self.__init__(database, self.data_dir,
                                                                                  self.store))
        finally:
            discard(temp)

    def close(self) -> None:
        self.db.close()
        self.store.release()
