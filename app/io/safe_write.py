"""Writing an output file so that a failure leaves no half-written file.

The content goes to a temporary file in the target's folder, is flushed to
disk, and only then renamed over the target, in one step. The new file gets
the permissions the user's umask gives any new file (``mkstemp`` alone would
leave it readable by its owner only).

A program killed mid-export leaves its temporary file behind. Each one is
noted in the data folder while it exists (``.dang-ghi/``), and its name
carries the process id, so the next start can remove the stale ones
(``app.services.housekeeping``).
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from app.core.errors import FileWriteError
from app.disk import MB, disk_full, honour_umask, is_disk_full, is_read_only, name_problem

TEMP_PREFIX = ".~cchc-"
PENDING_FOLDER = ".dang-ghi"


def temp_prefix(prefix: str) -> str:
    """A temporary file's name start: ours, and naming this process."""
    return f"{prefix}{os.getpid()}-"


def _message(error: OSError, target: Path, stage: str, written: int) -> str | FileWriteError:
    if is_disk_full(error):
        return disk_full(f"chưa ghi được «{target.name}»", target.parent, written + MB)
    if is_read_only(error):
        if stage == "replace":
            return (f"Không thay được tệp «{target}»: tệp đang mở trong chương trình khác (Excel, trình xem PDF…) "
                    "hoặc chỉ cho phép đọc. Hãy đóng tệp rồi làm lại.")
        return f"Không ghi được vào thư mục «{target.parent}» (chỉ cho phép đọc)."
    return f"Không ghi được tệp «{target}»: {error.strerror or error}."


def _failure(error: OSError, target: Path, stage: str, temp: Path | None = None) -> FileWriteError:
    written = temp.stat().st_size if temp is not None and temp.exists() else 0
    message = _message(error, target, stage, written)
    return message if isinstance(message, FileWriteError) else FileWriteError(message)


@contextmanager
def atomic_output(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path to write to; on success it replaces ``target``."""
    target = Path(target)
    problem = name_problem(target)
    if problem:
        raise FileWriteError(f"Không ghi được «{target}»: {problem}.")
    if target.is_dir():
        raise FileWriteError(f"«{target}» là một thư mục; hãy chọn tên tệp.")
    if not target.parent.is_dir():
        raise FileWriteError(f"Thư mục «{target.parent}» không tồn tại.")
    if not target.parent.stat().st_mode & 0o222:
        # Marked read-only: honoured even for an administrator who could write.
        raise FileWriteError(f"Không ghi được vào thư mục «{target.parent}» (chỉ cho phép đọc).")
    try:
        handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=temp_prefix(TEMP_PREFIX), suffix=target.suffix)
        os.close(handle)
    except OSError as error:
        raise _failure(error, target, "create") from None
    temp = Path(temp_name)
    note = note_pending(temp)
    try:
        yield temp
        with open(temp, "rb+") as written:
            os.fsync(written.fileno())
        honour_umask(temp)
        try:
            os.replace(temp, target)
        except OSError as error:
            raise _failure(error, target, "replace", temp) from None
    except OSError as error:
        raise _failure(error, target, "write", temp) from None
    finally:
        for leftover in (temp, note):
            if leftover is not None:
                try:
                    leftover.unlink()
                except OSError:
                    pass


def note_pending(temp: Path) -> Path | None:
    """Best effort: a line in the data folder naming ``temp`` while it exists."""
    from app import paths

    try:
        folder = paths.data_dir() / PENDING_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=folder, prefix=temp_prefix(""), suffix=".txt")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(str(temp.resolve()))
        return Path(name)
    except (OSError, ValueError):
        return None
