"""One writer per data file.

An operating-system lock on a small file beside the database: a second
instance is refused with a clear message, and a program that crashed (or a
PC switched off at the wall) leaves no stale lock behind, because the OS
drops the lock with the process. The file also names the holder, for the
message.

The lock belongs to the file, not to the name typed: it sits beside the real
path (symbolic links and ``..`` followed), and a second lock keyed by the
file's device and inode, in a folder of the user's own, stops a hard link
(another name for the same file) from opening it a second time."""

from __future__ import annotations

import os
import socket
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from app.core.dates import short_date_time
from app.core.errors import DataFileError
from app.disk import identity, resolved


def lock_path(db_path: Path) -> Path:
    real = resolved(db_path)
    return real.with_name(real.name + ".lock")


def inode_lock_path(db_path: Path) -> Path | None:
    """Where the lock keyed by the file's identity lives (None: the file does
    not exist yet, or the file system has no inode numbers)."""
    key = identity(db_path)
    if key is None:
        return None
    owner = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    return Path(tempfile.gettempdir()) / f"so-ke-hoach-cchc-khoa-{owner}" / f"{key[0]:x}-{key[1]:x}.lock"


class WriterLock:
    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self._beside = None     # the lock file next to the data file
        self._identity = None   # the lock keyed by its inode

    def acquire(self) -> None:
        """Both locks. ``lock_identity`` alone first lets a caller refuse a
        second opening by a hard link before even reading the file (SQLite
        would look for the write-ahead log under the other name, and read
        the file as damaged)."""
        try:
            if self._identity is None:
                self.lock_identity()
            self._beside = _take(self.path)
        except BaseException:
            self.release()
            raise

    def lock_identity(self) -> None:
        """(Again) take the lock keyed by the file's inode; after a restore
        the data file is a new file with a new inode."""
        _close(self._identity)
        self._identity = None
        extra = inode_lock_path(self.db_path)
        if extra is None:
            return
        try:
            extra.parent.mkdir(mode=0o700, exist_ok=True)
        except OSError:
            return  # best effort: the lock beside the file still holds
        self._identity = _take(extra, required=False)

    def release(self) -> None:
        _close(self._beside)
        _close(self._identity)
        self._beside = self._identity = None


def _close(handle) -> None:
    if handle is None:
        return
    _unlock(handle)
    try:
        handle.close()
    except OSError:
        pass  # the holder note could not be flushed (a full disk): nothing is lost


def _take(path: Path, required: bool = True):
    try:
        handle = open(path, "a+", encoding="utf-8")
    except OSError as error:
        if not required:
            return None
        raise DataFileError(f"Không tạo được tệp khóa «{path}»: {error.strerror or error}.") from None
    if not _try_lock(handle):
        handle.seek(0)
        holder = handle.read().strip() or "không rõ"
        handle.close()
        raise DataFileError(
            "Tệp dữ liệu đang được một cửa sổ Sổ kế hoạch CCHC khác sử dụng "
            f"({holder}). Hãy dùng cửa sổ đó, hoặc đóng nó rồi mở lại.")
    try:  # who holds it, for the message; the lock itself is the OS's (a full disk may refuse the note)
        handle.seek(0)
        handle.truncate()
        handle.write(f"máy {socket.gethostname()}, tiến trình {os.getpid()}, từ {short_date_time(datetime.now())}")
        handle.flush()
    except OSError:
        pass
    return handle


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(handle) -> None:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
else:
    import fcntl

    def _try_lock(handle) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(handle) -> None:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        except OSError:
            pass
