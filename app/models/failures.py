"""SQLite's failures in words the officer can act on.

The one rule that matters: a full disk, a read-only place, a file held by
another program and a damaged file are told apart by SQLite's result code
(not by its English text), and only damage is called damage. "Ổ đĩa đầy"
says how much space is needed and never advises a restore.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from app.core.errors import DataFileError, UserError
from app.disk import WORKING_MARGIN, data_file_size, disk_full, free_space

log = logging.getLogger(__name__)

# Primary result codes (https://sqlite.org/rescode.html).
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26
SQLITE_IOERR_SHORT_READ = 522  # the file ends early: truncated, i.e. damaged


class DamagedFileError(DataFileError):
    """The file is SQLite but its integrity check fails: offer a backup."""

    def __init__(self, path: Path, detail: str):
        # SQLite's own words are English and technical: they go to the log.
        super().__init__(f"Tệp dữ liệu «{path}» bị hỏng. Hãy khôi phục từ bản sao lưu gần nhất.")
        self.path = path
        self.detail = detail
        log.warning("damaged data file %s: %s", path, detail)


def error_code(error: BaseException) -> int | None:
    """SQLite's extended result code of a sqlite3 (or wrapped) error."""
    inner = getattr(error, "orig", None) or error
    return getattr(inner, "sqlite_errorcode", None)


def is_damage(error: BaseException) -> bool:
    code = error_code(error)
    if code is None:
        text = str(getattr(error, "orig", None) or error).lower()
        return "malformed" in text or "not a database" in text
    return code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB) or code == SQLITE_IOERR_SHORT_READ


def storage_failure(error: BaseException, path: Path, doing: str, needed: int | None = None) -> UserError | None:
    """The message for a failure of the disk or of access to ``path``, or
    None when ``error`` is neither (a bug, or damage: see ``is_damage``).

    ``doing`` completes "Ổ đĩa đầy: …" (e.g. "thay đổi vừa rồi chưa được lưu");
    ``needed``: the space the action needs, when known."""
    code = error_code(error)
    primary = code & 0xFF if code is not None else None
    text = str(getattr(error, "orig", None) or error).lower()
    path = Path(path)
    folder = path.parent
    log.error("storage error on %s while %s: %s (code %s)", path, doing, text, code)
    needed = needed or max(WORKING_MARGIN, data_file_size(path) // 2)
    if primary == SQLITE_FULL or (primary is None and "full" in text):
        return disk_full(doing, folder, needed)
    if primary == SQLITE_IOERR and code != SQLITE_IOERR_SHORT_READ:
        free = free_space(folder)
        if free is not None and free < WORKING_MARGIN:
            return disk_full(doing, folder, needed)  # SQLite reports some ENOSPC as an I/O error
        return DataFileError(f"Lỗi đọc/ghi ổ đĩa với tệp dữ liệu «{path}» ({doing}). Hãy kiểm tra ổ đĩa "
                             "(USB còn cắm? ổ mạng còn kết nối?) rồi làm lại.")
    if primary in (SQLITE_READONLY, SQLITE_PERM) or "readonly" in text or "read-only" in text:
        return DataFileError(f"Không ghi được vào tệp dữ liệu «{path}» (chỉ cho phép đọc).")
    if primary in (SQLITE_BUSY, SQLITE_LOCKED) or (primary is None and ("locked" in text or "busy" in text)):
        return DataFileError(f"Tệp dữ liệu «{path}» đang bị chương trình khác khóa; hãy thử lại sau giây lát.")
    if primary == SQLITE_CANTOPEN:
        return DataFileError(f"Không mở được tệp dữ liệu «{path}»: thư mục không còn hoặc không được phép truy cập.")
    return None


def sqlite_error(error: sqlite3.Error, path: Path, doing: str, needed: int | None = None) -> UserError:
    """Any sqlite3 failure on the data file as a message (damage included)."""
    failure = storage_failure(error, path, doing, needed)
    if failure is not None:
        return failure
    if is_damage(error):
        return DamagedFileError(path, str(error))
    return DataFileError(f"Không dùng được tệp dữ liệu «{path}»: {error}.")
