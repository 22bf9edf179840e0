"""Writing an output file so that a failure leaves no half-written file.

The content goes to a temporary file in the target's folder, is flushed to
disk, and only then renamed over the target, in one step.
"""

from __future__ import annotations

import errno
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from app.core.errors import FileWriteError


def _message(error: OSError, target: Path, stage: str) -> str:
    if error.errno == errno.ENOSPC:
        return f"Ổ đĩa đầy: chưa ghi được «{target.name}». Hãy giải phóng chỗ trống rồi làm lại."
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        if stage == "replace":
            return (f"Không thay được tệp «{target}»: tệp đang mở trong chương trình khác (Excel, trình xem PDF…) "
                    "hoặc chỉ cho phép đọc. Hãy đóng tệp rồi làm lại.")
        return f"Không ghi được vào thư mục «{target.parent}» (chỉ cho phép đọc)."
    return f"Không ghi được tệp «{target}»: {error.strerror or error}."


@contextmanager
def atomic_output(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path to write to; on success it replaces ``target``."""
    target = Path(target)
    if target.is_dir():
        raise FileWriteError(f"«{target}» là một thư mục; hãy chọn tên tệp.")
    if not target.parent.is_dir():
        raise FileWriteError(f"Thư mục «{target.parent}» không tồn tại.")
    if not target.parent.stat().st_mode & 0o222:
        # Marked read-only: honoured even for an administrator who could write.
        raise FileWriteError(f"Không ghi được vào thư mục «{target.parent}» (chỉ cho phép đọc).")
    try:
        handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=".~", suffix=target.suffix)
        os.close(handle)
    except OSError as error:
        raise FileWriteError(_message(error, target, "create")) from None
    temp = Path(temp_name)
    try:
        yield temp
        with open(temp, "rb+") as written:
            os.fsync(written.fileno())
        try:
            os.replace(temp, target)
        except OSError as error:
            raise FileWriteError(_message(error, target, "replace")) from None
    except OSError as error:
        raise FileWriteError(_message(error, target, "write")) from None
    finally:
        if temp.exists():
            try:
                temp.unlink()
            except OSError:
                pass
