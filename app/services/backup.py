"""Backups of the data file, made with SQLite's backup API (a consistent copy
even while the program is writing), and restoring them.

Automatic backups: at start when the last is older than a day, and before
every migration, import and restore. The last 10 are kept, plus the newest
of each month. A restore first backs up the current state."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.core.errors import DataFileError, FileWriteError
from app.models.database import SQLITE_MAGIC, inspect_file

log = logging.getLogger(__name__)

KEEP_LAST = 10
PREFIX = "sao-luu-"
_NAME = re.compile(rf"^{PREFIX}(\d{{8}}-\d{{6}})(?:-(\d+))?-([a-z-]+)\.sqlite3$")
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


def copy_database(source: Path, target: Path, replace_open: bool = False) -> None:
    """A consistent copy of ``source`` to ``target`` through SQLite's backup
    API, written to a temporary file and renamed (never a half copy).

    ``replace_open``: ``target`` is our own data file (closed by us just
    before): its write-ahead log is folded in and removed first, so no stale
    log can be replayed onto the new file."""
    if replace_open and target.exists():
        _settle_wal(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=".sao-luu-", suffix=".sqlite3")
    os.close(handle)
    temp = Path(temp_name)
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
        os.replace(temp, target)
    except sqlite3.Error as error:
        raise _write_error(error, target) from None
    except OSError as error:
        raise FileWriteError(f"Không ghi được bản sao lưu «{target}»: {error.strerror or error}.") from None
    finally:
        if temp.exists():
            temp.unlink()


def _settle_wal(path: Path) -> None:
    try:
        connection = sqlite3.connect(path)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.execute("PRAGMA journal_mode=DELETE")
        finally:
            connection.close()
    except sqlite3.Error:
        pass
    for side in ("-wal", "-shm"):
        extra = path.with_name(path.name + side)
        if extra.exists():
            extra.unlink()


def _write_error(error: sqlite3.Error, target: Path) -> DataFileError:
    text = str(error).lower()
    if "full" in text:
        return FileWriteError("Ổ đĩa đầy: chưa tạo được bản sao lưu. Hãy giải phóng chỗ trống.")
    if "readonly" in text or "unable to open" in text:
        return FileWriteError(f"Không ghi được bản sao lưu vào «{target.parent}» (chỉ cho phép đọc).")
    return DataFileError(f"Không tạo được bản sao lưu: {error}.")


def count_plans(path: Path) -> int | None:
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return connection.execute("SELECT count(*) FROM plans").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return None


class BackupService:
    def __init__(self, db_path: Path, folder: Path):
        self.db_path = Path(db_path)
        self.folder = Path(folder)

    def create(self, reason: str = "thu-cong") -> BackupInfo:
        now = datetime.now()
        stamp = f"{now:%Y%m%d-%H%M%S}"
        # Several within one second (imports in a script) get a rising counter,
        # above every one of that second still kept, so the newest sorts first.
        same_second = [b.sequence for b in self.list() if f"{b.created:%Y%m%d-%H%M%S}" == stamp]
        counter = f"-{max(same_second) + 1}" if same_second else ""
        target = self.folder / f"{PREFIX}{stamp}{counter}-{reason}.sqlite3"
        copy_database(self.db_path, target)
        self.prune()
        log.info("backup %s (%s)", target, reason)
        return self._info(target)

    def export_to(self, target: Path) -> Path:
        """"Sao lưu ra tệp…": a copy wherever the officer chooses."""
        copy_database(self.db_path, Path(target))
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
            if backup.plans is not None and _quick_check(backup.path):
                return backup
        return None


def _quick_check(path: Path) -> bool:
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            connection.close()
    except sqlite3.Error:
        return False


def check_backup_file(path: Path) -> None:
    """A file offered for restoring must be one of ours and sound."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError(f"Không tìm thấy tệp «{path}».")
    with open(path, "rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise DataFileError(f"«{path.name}» không phải bản sao lưu của Sổ kế hoạch CCHC.")
    if count_plans(path) is None or not _quick_check(path):
        raise DataFileError(f"«{path.name}» không phải bản sao lưu hợp lệ (hỏng hoặc của chương trình khác).")


def move_aside(path: Path) -> Path:
    """Keep a damaged file under a new name, never overwrite or delete it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.hong-{stamp}")
    os.replace(path, target)
    for side in ("-wal", "-shm"):
        extra = path.with_name(path.name + side)
        if extra.exists():
            os.replace(extra, target.with_name(target.name + side))
    return target


def restore_file(source: Path, db_path: Path, backups: "BackupService") -> Path | None:
    """Put a backup in place of a data file that is not open (start-up after
    damage; the command line). A sound file there is backed up first; a
    damaged one is moved aside under a new name. Returns where it went."""
    from app.models.database import DamagedFileError, ForeignFileError

    check_backup_file(source)
    moved = None
    if db_path.exists() and db_path.stat().st_size:
        try:
            inspect_file(db_path)
            backups.create("khoi-phuc")
        except (DamagedFileError, ForeignFileError):
            moved = move_aside(db_path)
    copy_database(source, db_path, replace_open=True)
    inspect_file(db_path)
    return moved
