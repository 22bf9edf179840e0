"""Facts about the disk that every layer needs to tell the user the truth.

A full disk, a read-only folder and a damaged file are different problems
with different remedies: a full disk is fixed by freeing space (and says how
much), never by restoring a backup. The words are here once, for the data
file, backups, exports and imports alike. No Qt, no SQLAlchemy.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import sys
from pathlib import Path

from app.core.errors import DiskFullError

MB = 1024 * 1024
# What SQLite may need beyond the file itself to finish a transaction and
# fold its write-ahead log back in; asked for when nothing more precise is known.
WORKING_MARGIN = 5 * MB
NAME_MAX_BYTES = 255     # one name in a path (ext4, NTFS, FAT: 255 units)
PATH_MAX_BYTES = 4000    # a whole path; Linux stops at 4096


def size_text(n: int) -> str:
    """1 536 000 → "1,5 MB" (Vietnamese decimal comma)."""
    if n < MB:
        return f"{round(n / 1024)} KB" if n >= 1024 or n == 0 else "1 KB"
    if n < 1024 * MB:
        value = n / MB
        return (f"{value:.1f}" if value < 100 else f"{value:.0f}").replace(".", ",") + " MB"
    return f"{n / MB / 1024:.1f}".replace(".", ",") + " GB"


def free_space(folder: Path) -> int | None:
    """Bytes free for us on the disk holding ``folder`` (None: unknown)."""
    folder = Path(folder)
    for candidate in (folder, *folder.parents):
        try:
            return shutil.disk_usage(candidate).free
        except OSError:
            continue
    return None


def disk_full(what: str, folder: Path, needed: int) -> DiskFullError:
    """"Ổ đĩa đầy: …" with the space left and the space the action needs."""
    free = free_space(folder)
    left = f"còn trống {size_text(free)}, " if free is not None else ""
    return DiskFullError(
        f"Ổ đĩa đầy: {what}. Ổ đĩa chứa «{folder}» {left}cần thêm ít nhất {size_text(max(needed, MB))}. "
        "Hãy giải phóng chỗ trống rồi làm lại; dữ liệu đã lưu không bị ảnh hưởng.")


def is_disk_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1))


def is_read_only(error: BaseException) -> bool:
    return isinstance(error, OSError) and (
        isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM, errno.EROFS))


def file_size(path: Path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


def data_file_size(path: Path) -> int:
    """The data file with its write-ahead log: what a copy of it takes."""
    return file_size(path) + file_size(Path(f"{path}-wal"))


# -- permissions ---------------------------------------------------------------

def current_umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere the only way is to set it and put it back
    os.umask(mask)
    return mask


def honour_umask(path: Path, directory: bool = False) -> None:
    """Give a file made through ``mkstemp``/``mkdtemp`` (always 0600/0700)
    the permissions any other program's new file would get."""
    if sys.platform == "win32":
        return
    base = 0o777 if directory else 0o666
    try:
        os.chmod(path, base & ~current_umask())
    except OSError:
        pass


def marked_read_only(path: Path) -> bool:
    """The file exists and carries no write permission (the user's "chỉ đọc" mark)."""
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and not mode & 0o222


# -- names and identities -------------------------------------------------------

def name_problem(path: Path | str) -> str | None:
    """Why ``path`` cannot be a file name on this system, or None.

    Checked before anything opens it: the system's own error for a name
    over 255 bytes is an OSError deep inside whatever tried first."""
    text = str(path)
    if not text.strip():
        return "tên tệp trống"
    if "\x00" in text:
        return "tên tệp chứa ký tự không hợp lệ"
    encoding = sys.getfilesystemencoding()
    for part in Path(text).parts:
        try:
            size = len(part.encode(encoding, "surrogateescape"))
        except UnicodeEncodeError:
            return "tên tệp chứa ký tự không hợp lệ"
        if size > NAME_MAX_BYTES:
            return f"tên «{part[:40]}…» dài {size} byte, quá {NAME_MAX_BYTES} byte mà hệ điều hành cho phép"
    if len(text.encode(encoding, "surrogateescape")) > PATH_MAX_BYTES:
        return f"đường dẫn dài quá {PATH_MAX_BYTES} byte"
    return None


def resolved(path: Path | str) -> Path:
    """The real path: symbolic links and ``..`` followed, never raising."""
    try:
        return Path(os.path.realpath(path))
    except (OSError, ValueError):
        return Path(os.path.abspath(path))


def identity(path: Path | str) -> tuple[int, int] | None:
    """(device, inode) of an existing file: equal for hard links of one file."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    if info.st_ino == 0:  # file systems without inode numbers
        return None
    return info.st_dev, info.st_ino


def same_path(a: Path | str, b: Path | str) -> bool:
    """Both name the same file: one real path (case-folded where the system
    folds case) or one inode."""
    if os.path.normcase(str(resolved(a))) == os.path.normcase(str(resolved(b))):
        return True
    first, second = identity(a), identity(b)
    return first is not None and first == second


def inside(path: Path | str, folder: Path | str) -> bool:
    """``path`` resolves to somewhere inside ``folder`` (or is it)."""
    child = os.path.normcase(str(resolved(path)))
    parent = os.path.normcase(str(resolved(folder)))
    return child == parent or child.startswith(parent.rstrip(os.sep) + os.sep)


def regular_file_problem(path: Path) -> str | None:
    """Why an existing ``path`` is not an ordinary file (a FIFO would block
    the reader forever, a device is not a document), or None."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        return error.strerror or str(error)
    if stat.S_ISDIR(mode):
        return "là một thư mục"
    if not stat.S_ISREG(mode):
        return "không phải tệp thông thường (thiết bị, ống dẫn…)"
    return None
