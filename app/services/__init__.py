"""The only API the window and the command line use.

Every public method is one user action and one transaction; what comes back
is plain data (``app.core.model``), never an ORM object.
"""

from __future__ import annotations

from pathlib import Path

from app import paths
from app.models.database import Database
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


class Services:
    """Every service over one open data file."""

    def __init__(self, db: Database, data_dir: Path):
        self.db = db
        self.data_dir = data_dir
        self.settings = SettingsService(db)
        self.plans = PlanService(db, self.settings)
        self.rows = RowService(db)
        self.progress = ProgressService(db)
        self.units = UnitService(db)
        self.attachments = AttachmentStore(db, data_dir / "attachments")
        self.tracking = TrackingService(self.plans, self.rows, self.progress, self.settings)
        self.exports = ExportService(self.plans, self.tracking)
        self.imports = ImportService(db, self.plans)
        self.reports = ReportService(db, self.plans, self.rows, self.progress, self.settings)
        self.reminders = ReminderService(self.settings, self.plans, self.reports)
        self.contacts = ContactService(db)
        self.mail = MailService(db, self.plans, self.reports, self.exports, self.contacts, self.settings,
                                data_dir / "outbox")

    @classmethod
    def open(cls, db_path: Path | str | None = None, data_dir: Path | None = None) -> "Services":
        """Open (creating if needed) the data file; the default one lives in the
        user data folder."""
        folder = data_dir or paths.data_dir()
        if db_path is None:
            folder.mkdir(parents=True, exist_ok=True)
            db_path = folder / paths.DB_FILE_NAME
        return cls(Database.open(Path(db_path)), folder)

    def close(self) -> None:
        self.db.close()
