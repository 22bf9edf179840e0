"""Backups of the data: a SQLite file copied with SQLite's backup API (a
consistent copy even while the program is writing); data on a PostgreSQL
server saved as the package of everything (``app.services.full_backup``).
Which one is the store's business (``DataStore.write_backup``); a backup
file is read by what it is (``.sqlite3`` or ``.zip``).

Automatic backups: at start when the last is older than a day, and before
every migration, import and restore. The last 10 are kept, plus the newest
of each month. Restoring one is ``app.services.restore``.

Each data file's backups live in their own folder, keyed by the identity
stored inside the file (``Database.file_id``), not by its name: two files
both called ``so-ke-hoach-cchc.sqlite3`` never share (nor prune) backups. A
small ``tep-du-lieu.txt`` in the folder names the file it belongs to, which
finds the backups of a file too damaged to read its identity.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.core.errors import DataFileError, FileWriteError, UserError
from app.disk import (
    MB, data_file_size, disk_full, free_space, honour_umask, is_disk_full, is_read_only, resolved, same_path,
)
from app.models.database import Database, read_file_id
from app.io.safe_write import note_pending, temp_prefix
from app.models.failures import sqlite_error

log = logging.getLogger(__name__)

KEEP_LAST = 10
PREFIX = "sao-luu-"
TEMP_PREFIX = ".sao-luu-"
OWNER_FILE = "tep-du-lieu.txt"
_NAME = re.compile(rf"^{PREFIX}(\d{{8}}-\d{{6}})(?:-(\d+))?-([a-z-]+)\.(?:sqlite3|zip)$")
REASON_LABELS = {
    "tu-dong": "tự động hằng ngày", "nang-cap": "trước khi nâng cấp", "nhap": "trước khi nhập",
    "khoi-phuc": "trước khi khôi phục", "thu-cong": "do người dùng", "truoc-khi-sua-loi": "trước khi sửa tệp hỏng",
}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    size: int
    reason: str
    plans: int | None  # None: the copy could not be read
    sequence: int = 0  # the n-th made within the same second

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)


def copy_database(source: Path, target: Path, doing: str = "chưa tạo được bản sao lưu") -> None:
    """A consistent copy of ``source`` to ``target`` through SQLite's backup
    API, written to a temporary file in the target's folder, checked, and
    renamed (never a half copy; ``target`` untouched on any failure)."""
    source, target = Path(source), Path(target)
    needed = data_file_size(source)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _os_error(error, target, doing, needed) from None
    if not target.parent.stat().st_mode & 0o222:
        # Marked read-only: honoured even for an administrator who could write.
        raise FileWriteError(f"Không ghi được vào «{target.parent}» (chỉ cho phép đọc).")
    free = free_space(target.parent)
    if free is not None and free < needed + MB:
        raise disk_full(doing, target.parent, needed + MB)
    try:
        handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=temp_prefix(TEMP_PREFIX), suffix=".sqlite3")
        os.close(handle)
    except OSError as error:
        raise _os_error(error, target, doing, needed) from None
    temp = Path(temp_name)
    note = note_pending(temp)
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        dst = sqlite3.connect(temp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
            verdict = dst.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            dst.close()
            src.close()
        if verdict != "ok":
            raise DataFileError(f"Bản sao lưu không đạt kiểm tra toàn vẹn ({verdict}).")
        with open(temp, "rb+") as written:
            os.fsync(written.fileno())
        honour_umask(temp)
        os.replace(temp, target)
    except sqlite3.Error as error:
        raise sqlite_error(error, target, doing, needed) from None
    except OSError as error:
        raise _os_error(error, target, doing, needed) from None
    finally:
        for leftover in (temp, Path(f"{temp}-journal"), note):
            if leftover is None:
                continue
            try:
                leftover.unlink()
            except OSError:
                pass


def _os_error(error: OSError, target: Path, doing: str, needed: int) -> UserError:
    if is_disk_full(error):
        return disk_full(doing, target.parent, needed)
    if is_read_only(error):
        return FileWriteError(f"Không ghi được vào «{target.parent}» (chỉ cho phép đọc).")
    return FileWriteError(f"Không ghi được «{target}»: {error.strerror or error}.")


def count_plans(path: Path) -> int | None:
    from app.io.data_package import PackageError, is_package, read_manifest

    if is_package(path):
        try:
            rows = read_manifest(path)["tables"].get("plans", {}).get("rows")
        except (PackageError, AttributeError):
            return None
        return rows if isinstance(rows, int) else None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return connection.execute("SELECT count(*) FROM plans").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return None


# -- which folder holds a file's backups ------------------------------------------

def _id_suffix(file_id: str) -> str:
    return file_id[:12]


def _owner_of(folder: Path) -> str | None:
    try:
        return (folder / OWNER_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _folder_with_id(root: Path, file_id: str, db_path: Path) -> Path:
    """The folder ending in the id (the file may have been renamed since), or a new one."""
    found = sorted(root.glob(f"*-{_id_suffix(file_id)}")) if root.is_dir() else []
    found = [f for f in found if f.is_dir()]
    return found[0] if found else root / f"{Path(db_path).stem}-{_id_suffix(file_id)}"


def backups_folder(data_dir: Path, db_path: Path, file_id: str | None = None) -> Path:
    """The folder of this data file's backups (the file need not be readable)."""
    root = Path(data_dir) / "backups"
    file_id = file_id or read_file_id(db_path)
    if file_id:
        return _folder_with_id(root, file_id, db_path)
    if root.is_dir():  # unreadable (damaged) or made by an older version
        for folder in sorted(root.iterdir()):
            owner = _owner_of(folder) if folder.is_dir() else None
            if owner and same_path(owner, db_path):
                return folder
    return root / Path(db_path).stem  # where older versions kept them


def claim_backups_folder(data_dir: Path, db: Database) -> Path:
    """The open file's backups folder, marked as its own.

    A file copied elsewhere (same identity, the original still in use) gets
    an identity of its own; the backups of an older version's folder (named
    after the file) that are this file's move in."""
    root = Path(data_dir) / "backups"
    folder = _folder_with_id(root, db.file_id, db.path)
    owner = _owner_of(folder)
    if owner and not same_path(owner, db.path) and Path(owner).exists() and read_file_id(Path(owner)) == db.file_id:
        log.info("%s is a copy of %s: it gets its own identity and backups", db.path, owner)
        db.set_file_id(uuid.uuid4().hex)
        folder = _folder_with_id(root, db.file_id, db.path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if _owner_of(folder) != str(resolved(db.path)):
            (folder / OWNER_FILE).write_text(str(resolved(db.path)), encoding="utf-8")
    except OSError as error:
        log.warning("could not mark the backups folder %s: %s", folder, error)
        return folder
    _adopt_older_backups(root / db.path.stem, folder, db)
    return folder


def _fingerprint(path: Path) -> set[tuple]:
    """Which plans a file holds, by id, kind, year and creation time (what
    editing never changes): a backup of a file shares them with it; another
    file of the same name does not."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return set(connection.execute("SELECT id, kind, year, created_at FROM plans").fetchall())
        finally:
            connection.close()
    except sqlite3.Error:
        return set()


def _adopt_older_backups(legacy: Path, folder: Path, db: Database) -> None:
    """Older versions kept backups in a folder named after the data file,
    shared by every file of that name. Move in the ones of this file (same
    plans, or no plans at all); leave the others for their own file."""
    if legacy == folder or not legacy.is_dir() or _owner_of(legacy):
        return
    ours = _fingerprint(db.path)
    for backup in sorted(legacy.iterdir()):
        if not _NAME.match(backup.name):
            continue
        theirs = _fingerprint(backup)
        if theirs and not theirs & ours:
            continue
        try:
            os.replace(backup, folder / backup.name)
        except OSError as error:
            log.warning("could not move old backup %s: %s", backup, error)
    try:
        legacy.rmdir()  # only when nothing else is left in it
    except OSError:
        pass


class BackupService:
    """The backups of one data file or database, in ``folder``.

    ``writer(target, doing)`` writes one backup (by default: SQLite's backup
    API from ``db_path``); ``suffix`` is what its files end with."""

    def __init__(self, db_path: Path | None, folder: Path, writer=None, suffix: str = ".sqlite3"):
        self.db_path = Path(db_path) if db_path is not None else None
        self.folder = Path(folder)
        self.suffix = suffix
        self._writer = writer or (lambda target, doing: copy_database(self.db_path, target, doing))

    def write(self, target: Path, doing: str = "chưa tạo được bản sao lưu") -> None:
        """A backup at ``target``: a package of everything when the name ends
        in ``.zip`` (it restores into a file or a server alike), otherwise
        the store's own kind."""
        if Path(target).suffix.lower() == ".zip" and self.suffix != ".zip":
            from app.services.full_backup import export_everything
            from app.models.database import SqliteConnector

            connector = SqliteConnector(self.db_path)
            engine = connector.make_engine()
            try:
                export_everything(engine, connector.read_options(), Path(target), str(self.db_path))
            finally:
                engine.dispose()
            return
        self._writer(Path(target), doing)

    def create(self, reason: str = "thu-cong") -> BackupInfo:
        now = datetime.now()
        stamp = f"{now:%Y%m%d-%H%M%S}"
        # Several within one second (imports in a script) get a rising counter,
        # above every one of that second still kept, so the newest sorts first.
        same_second = [b.sequence for b in self.list() if f"{b.created:%Y%m%d-%H%M%S}" == stamp]
        counter = f"-{max(same_second) + 1}" if same_second else ""
        target = self.folder / f"{PREFIX}{stamp}{counter}-{reason}{self.suffix}"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _os_error(error, target, "chưa tạo được bản sao lưu", MB) from None
        self.write(target)
        self.prune()
        log.info("backup %s (%s)", target, reason)
        return self._info(target)

    def export_to(self, target: Path) -> Path:
        """"Sao lưu ra tệp…": a copy wherever the officer chooses (the caller
        has checked the place with the OutputGuard)."""
        self.write(Path(target))
        return Path(target)

    def list(self) -> list[BackupInfo]:
        """Backups, newest first."""
        if not self.folder.is_dir():
            return []
        found = [self._info(p) for p in self.folder.iterdir() if _NAME.match(p.name)]
        # Several made within one second carry a counter; order them by it as a number.
        return sorted(found, key=lambda b: (b.created, b.sequence), reverse=True)

    def _info(self, path: Path) -> BackupInfo:
        match = _NAME.match(path.name)
        created = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S") if match else \
            datetime.fromtimestamp(path.stat().st_mtime)
        sequence = int(match.group(2) or 0) if match else 0
        return BackupInfo(path, created, path.stat().st_size, match.group(3) if match else "", count_plans(path),
                          sequence)

    def prune(self) -> None:
        """Keep the last KEEP_LAST, and the newest of every month."""
        backups = self.list()
        keep = {b.path for b in backups[:KEEP_LAST]}
        seen_months = set()
        for backup in backups:  # newest first: the first seen of a month is its newest
            month = (backup.created.year, backup.created.month)
            if month not in seen_months:
                seen_months.add(month)
                keep.add(backup.path)
        for backup in backups:
            if backup.path not in keep:
                try:
                    backup.path.unlink()
                except OSError:
                    log.warning("could not remove old backup %s", backup.path)

    def due(self, now: datetime | None = None) -> bool:
        """Is the newest backup older than a day (or is there none)?"""
        backups = self.list()
        return not backups or (now or datetime.now()) - backups[0].created > timedelta(days=1)

    def latest_good(self) -> BackupInfo | None:
        for backup in self.list():
            if backup.plans is not None and quick_check(backup.path):
                return backup
        return None


def quick_check(path: Path) -> bool:
    """A backup reads back whole: SQLite's quick_check, or every member of a
    package against its hash."""
    from app.io.data_package import PackageError, is_package, read_package

    if is_package(path):
        try:
            read_package(path)
            return True
        except PackageError:
            return False
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            connection.close()
    except sqlite3.Error:
        return False
