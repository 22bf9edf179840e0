"""One writer per data file.

An operating-system lock on a small file beside the database: a second
instance is refused with a clear message, and a program that crashed (or a
PC switched off at the wall) leaves no stale lock behind, because the OS
drops the lock with the process. The file also names the holder, for the
message."""

from __future__ import annotations

import os
import socket
import sys
from datetime import datetime
from pathlib import Path

from app.core.dates import short_date_time
from app.core.errors import DataFileError


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class WriterLock:
    def __init__(self, db_path: Path):
        self.path = lock_path(Path(db_path))
        self._handle = None

    def acquire(self) -> None:
        try:
            handle = open(self.path, "a+", encoding="utf-8")
        except OSError as error:
            raise DataFileError(f"Không tạo được tệp khóa «{self.path}»: {error.strerror or error}.") from None
        if not _try_lock(handle):
            handle.seek(0)
            holder = handle.read().strip() or "không rõ"
            handle.close()
            raise DataFileError(
                "Tệp dữ liệu đang được một cửa sổ Sổ kế hoạch CCHC khác sử dụng "
                f"({holder}). Hãy dùng cửa sổ đó, hoặc đóng nó rồi mở lại.")
        handle.seek(0)
        handle.truncate()
        handle.write(f"máy {socket.gethostname()}, tiến trình {os.getpid()}, từ {short_date_time(datetime.now())}")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            _unlock(self._handle)
            self._handle.close()
            self._handle = None


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
