"""Where an export, a report, a mail draft or a backup may be written.

A tired officer who types the data file's name as the export's name must not
lose the year: any output that resolves to the open data file (by its real
path or its inode: ``sub/../``, a symbolic or a hard link), to one of the
files SQLite keeps beside it, or into the folders the program manages
(backups, attachments) is refused before anything is written. A file marked
read-only is replaced only when the caller says the user agreed.

Which files are "the data" is the store's answer (``DataStore.protected_files``):
the SQLite file and its side files; none for a PostgreSQL server.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from app.core.errors import FileWriteError
from app.disk import inside, marked_read_only, name_problem, same_path

from app.services.store_sqlite import SIDE_FILES  # noqa: F401  (kept importable here)


class ReadOnlyTargetError(FileWriteError):
    """The chosen file exists and is marked read-only; the window may ask."""


class OutputGuard:
    def __init__(self, protected: "list[Path] | Path | None", data_dir: Path):
        """``protected``: the data file first, then the files kept beside it
        (a single path: a SQLite file, its side files added)."""
        if isinstance(protected, (str, Path)):
            protected = [Path(protected), *(Path(f"{protected}{side}") for side in SIDE_FILES)]
        self.protected = [Path(p) for p in protected or []]
        self.db_path = self.protected[0] if self.protected else None
        self.data_dir = Path(data_dir)

    def managed_folders(self) -> list[tuple[Path, str]]:
        return [(self.data_dir / "backups", "thư mục sao lưu"),
                (self.data_dir / "attachments", "thư mục tệp đính kèm")]

    def check(self, target: Path | str, replace_read_only: bool = False) -> Path:
        """``target`` if writing it is safe; FileWriteError (one clear
        sentence) if not. ``replace_read_only``: the user agreed to replace
        a read-only file (the window asks; the command line never does)."""
        target = Path(target)
        problem = name_problem(target)
        if problem:
            raise FileWriteError(f"Không ghi được «{target}»: {problem}.")
        if self.db_path is not None and same_path(target, self.db_path):
            raise FileWriteError(f"«{target}» chính là tệp dữ liệu đang mở; ghi đè lên nó sẽ mất toàn bộ dữ liệu. "
                                 "Hãy chọn tên tệp khác.")
        for side in self.protected[1:]:
            if same_path(target, side):
                raise FileWriteError(f"«{target}» là tệp đi kèm tệp dữ liệu đang mở; ghi vào đó sẽ làm hỏng dữ liệu. "
                                     "Hãy chọn tên tệp khác.")
        for folder, label in self.managed_folders():
            if inside(target, folder):
                raise FileWriteError(f"«{target}» nằm trong {label} «{folder}» do chương trình tự quản lý. "
                                     "Hãy lưu vào thư mục khác.")
        if marked_read_only(target):
            if not replace_read_only:
                raise ReadOnlyTargetError(f"Tệp «{target}» đang đặt chỉ cho phép đọc; chương trình không thay nó. "
                                          "Hãy bỏ thuộc tính chỉ đọc hoặc chọn tên khác.")
            _allow_replacing(target)
        return target


def _allow_replacing(target: Path) -> None:
    """Windows refuses to rename over a read-only file: lift the mark the
    user agreed to drop (elsewhere the rename replaces it as it is)."""
    if sys.platform == "win32":
        try:
            os.chmod(target, stat.S_IWRITE | stat.S_IREAD)
        except OSError as error:
            raise FileWriteError(f"Không bỏ được thuộc tính chỉ đọc của «{target}»: {error.strerror or error}.") \
                from None
