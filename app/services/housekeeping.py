"""What opening the data folder checks and tidies.

- The data folder must be a folder: ``CCHC_DATA_DIR`` naming a file is a
  clear message, not an error deep inside a backup.
- Temporary files of a program that was killed (an export's ``.~cchc-…``,
  a backup's ``.sao-luu-…``, a restore's ``.khoi-phuc-…``, a mail draft's
  ``.soan-…``, an attachment's ``.incoming-…``, up to the size of the data
  file each) are removed at the next start: those whose process is gone,
  and any older than a day.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import time
from pathlib import Path

from app.core.errors import DataFileError
from app.disk import name_problem
from app.io.safe_write import PENDING_FOLDER

log = logging.getLogger(__name__)

STALE_AFTER_S = 24 * 3600
_TEMP_NAME = re.compile(r"^(?:\.~cchc-|\.sao-luu-|\.khoi-phuc-|\.soan-|\.incoming-)(?:(\d+)-)?")
# What versions before the process id was in the name left (mkstemp's eight characters).
_OLD_TEMP_NAME = re.compile(r"^\.~[a-z0-9_]{8}\.(?:xlsx|pdf|eml)$")
_NOTE_NAME = re.compile(r"^(\d+)-")


def check_data_dir(folder: Path) -> Path:
    """The data folder, refused when it cannot be one."""
    folder = Path(folder)
    problem = name_problem(folder)
    if problem:
        raise DataFileError(f"Không dùng được thư mục dữ liệu «{folder}»: {problem}.")
    if folder.exists() and not folder.is_dir():
        raise DataFileError(f"Thư mục dữ liệu «{folder}» là một tệp, không phải thư mục. Hãy sửa biến môi trường "
                            "CCHC_DATA_DIR (hoặc đổi tên tệp đó).")
    return folder


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # no cheap check: the age rule applies
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def _stale(path: Path, pid: str | None, now: float) -> bool:
    """Its writer (process ``pid``) is gone, or it is a day old."""
    try:
        age = now - path.lstat().st_mtime
    except OSError:
        return False
    return age > STALE_AFTER_S or (pid is not None and not _process_alive(int(pid)))


def is_stale(path: Path, now: float | None = None) -> bool:
    """One of our temporary names, whose writer is gone or which is a day old."""
    now = now or time.time()
    match = _TEMP_NAME.match(path.name)
    if match is not None:
        return _stale(path, match.group(1), now)
    return _OLD_TEMP_NAME.match(path.name) is not None and _stale(path, None, now)


def _remove(path: Path) -> int:
    try:
        size = path.stat().st_size if path.is_file() else 0
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
        log.info("removed stale temporary %s", path)
        return size
    except OSError as error:
        log.warning("could not remove stale temporary %s: %s", path, error)
        return 0


def _sweep(folder: Path, now: float) -> int:
    freed = 0
    try:
        entries = list(folder.iterdir())
    except OSError:
        return 0
    for entry in entries:
        if is_stale(entry, now):
            freed += _remove(entry)
    return freed


def _pending_exports(data_dir: Path, now: float) -> int:
    """Temporary files of exports anywhere, noted in the data folder."""
    freed = 0
    folder = data_dir / PENDING_FOLDER
    try:
        notes = list(folder.iterdir())
    except OSError:
        return 0
    for note in notes:
        match = _NOTE_NAME.match(note.name)
        if not _stale(note, match.group(1) if match else None, now):
            continue
        try:
            temp = Path(note.read_text(encoding="utf-8").strip())
        except OSError:
            temp = None
        if temp is not None and _TEMP_NAME.match(temp.name) and temp.is_file():
            freed += _remove(temp)
        _remove(note)
    return freed


def clean_stale_temp_files(data_dir: Path, extra_folders: "Path | list[Path]" = ()) -> int:
    """Remove what killed programs left behind; returns the bytes freed.
    ``extra_folders``: where else the store keeps ours (the data file's
    folder; a path of a file there is taken as its folder)."""
    now = time.time()
    data_dir = Path(data_dir)
    freed = _pending_exports(data_dir, now)
    if isinstance(extra_folders, (str, Path)):
        extra_folders = [Path(extra_folders).parent]
    folders = {*map(Path, extra_folders), data_dir, data_dir / "outbox", data_dir / "attachments",
               data_dir / "backups"}
    backups = data_dir / "backups"
    if backups.is_dir():
        folders.update(p for p in backups.iterdir() if p.is_dir())
    for folder in folders:
        freed += _sweep(folder, now)
    if freed:
        log.info("cleaned %d bytes of stale temporary files", freed)
    return freed
