"""Putting a backup in place of the data file without ever losing the file.

1. The candidate is checked where it is (an ordinary file, SQLite, ours:
   our tables and an Alembic revision of our lineage that this version
   knows, ``integrity_check``).
2. It is copied next to the data file under a temporary name (same folder,
   so the final step is a rename), opened and migrated there like any data
   file, given the live file's identity (its backups stay its own), its
   schema compared with ours, and checked again.
3. Only then the current state is kept (a backup if the file is sound; a
   damaged file stays beside it as ``….hong-<time>``) and the copy is renamed
   over the data file in one step.

A failure at any step (a full disk above all) leaves the data file exactly
as it was and says why.

A package of everything (``.zip``, ``app.io.data_package``) is restored the
same way: it is first loaded into the temporary copy by our own migrations
at its revision, then upgraded and checked like a SQLite backup. On a
PostgreSQL server the checked copy goes in in one transaction instead of a
rename (``DataStore.replace_data``).
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

from app.core.errors import DataFileError, DiskFullError, UserError
from app.disk import MB, data_file_size, disk_full, free_space, is_disk_full, name_problem, regular_file_problem
from app.disk import same_path
from app.models.database import (
    KNOWN_REVISIONS, OUR_TABLES, SQLITE_MAGIC, Database, DamagedFileError, ForeignFileError, inspect_file,
    read_file_id,
)
from app.io.safe_write import temp_prefix
from app.models.failures import sqlite_error
from app.services.backup import BackupService, copy_database

log = logging.getLogger(__name__)

TEMP_PREFIX = ".khoi-phuc-"
DOING = "chưa khôi phục được"


def check_backup_file(path: Path) -> None:
    """A file offered for restoring must be one of ours, of a version we
    know, and sound. Reads only."""
    path = Path(path)
    problem = name_problem(path) or regular_file_problem(path)
    if problem:
        raise DataFileError(f"Không dùng được «{path}» để khôi phục: {problem}.")
    if not path.is_file():
        raise DataFileError(f"Không tìm thấy tệp «{path}».")
    not_ours = f"«{path.name}» không phải bản sao lưu của Sổ kế hoạch CCHC"
    try:
        with open(path, "rb") as handle:
            if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                raise DataFileError(f"{not_ours} (không phải tệp SQLite).")
    except OSError as error:
        raise DataFileError(f"Không đọc được «{path}»: {error.strerror or error}.") from None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not OUR_TABLES <= tables:
                raise DataFileError(f"{not_ours} (tệp SQLite của chương trình khác).")
            revisions = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
            if len(revisions) != 1 or revisions[0] not in KNOWN_REVISIONS:
                found = ", ".join(map(str, revisions)) or "không có"
                raise DataFileError(f"«{path.name}» có phiên bản dữ liệu {found}, chương trình này không biết "
                                    "(có thể do phiên bản mới hơn tạo ra); không khôi phục.")
            verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        raise DataFileError(f"«{path.name}» bị hỏng, không dùng để khôi phục được.") from None
    if verdict != "ok":
        log.warning("backup %s fails integrity_check: %s", path, verdict)
        raise DataFileError(f"«{path.name}» bị hỏng (không đạt kiểm tra toàn vẹn), không dùng để khôi phục được.")


def schema_problems(path: Path) -> list[str]:
    """Tables or columns our models have and the file lacks (after migrating)."""
    from app.models.schema import Base

    connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        problems = []
        for table in Base.metadata.sorted_tables:
            columns = {row[1] for row in connection.execute(f'PRAGMA table_info("{table.name}")')}
            if not columns:
                problems.append(f"thiếu bảng {table.name}")
                continue
            missing = [c.name for c in table.columns if c.name not in columns]
            if missing:
                problems.append(f"bảng {table.name} thiếu cột {', '.join(missing)}")
        return problems
    finally:
        connection.close()


def prepare_candidate(source: Path, db_path: Path, file_id: str | None) -> Path:
    """A checked, migrated copy of ``source`` beside ``db_path`` (temporary
    name), ready to be renamed over it. Nothing else is touched."""
    from app.io.data_package import is_package

    source, db_path = Path(source), Path(db_path)
    if same_path(source, db_path):
        raise DataFileError(f"«{source}» chính là tệp dữ liệu đang dùng; hãy chọn một bản sao lưu.")
    package = is_package(source)
    if not package:
        check_backup_file(source)
    elif not source.is_file():
        raise DataFileError(f"Không tìm thấy tệp «{source}».")
    folder = db_path.parent
    needed = data_file_size(source) * (4 if package else 1)  # a package unpacks to several times its size
    free = free_space(folder)
    if free is not None and free < needed + MB:
        raise disk_full(DOING, folder, needed + MB)
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=temp_prefix(TEMP_PREFIX), suffix=".sqlite3")
        os.close(handle)
    except OSError as error:
        raise _os_failure(error, folder, needed) from None
    temp = Path(name)
    try:
        if package:
            from app.services.full_backup import package_to_sqlite

            discard(temp)  # built anew by the migrations
            package_to_sqlite(source, temp)
        else:
            copy_database(source, temp, DOING)
        try:
            candidate = Database.open(temp)  # migrates an older backup, exactly as opening would
        except DiskFullError:
            raise
        except DataFileError:
            log.exception("restore candidate %s does not open or migrate", source)
            raise DataFileError(f"«{source.name}» không mở được hoặc không nâng cấp được lên phiên bản dữ liệu "
                                "hiện tại; không khôi phục.") from None
        try:
            if file_id:
                candidate.set_file_id(file_id)
        finally:
            candidate.close()
        _settle(temp)
        problems = schema_problems(temp)
        if problems:
            log.warning("restore candidate %s: %s", source, problems)
            raise DataFileError(f"«{source.name}» không đúng cấu trúc dữ liệu của Sổ kế hoạch CCHC "
                                f"({'; '.join(problems[:3])}); không khôi phục.")
        check_backup_file(temp)
        return temp
    except BaseException:
        discard(temp)
        raise


def _settle(path: Path) -> None:
    """Fold the write-ahead log in and leave one self-contained file."""
    try:
        connection = sqlite3.connect(path)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.execute("PRAGMA journal_mode=DELETE")
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise sqlite_error(error, path, DOING) from None
    for side in ("-wal", "-shm"):
        if Path(f"{path}{side}").exists():
            raise DataFileError("Không chuẩn bị được bản khôi phục (nhật ký ghi chưa gộp được).")


def discard(temp: Path) -> None:
    for leftover in (temp, *(Path(f"{temp}{side}") for side in ("-wal", "-shm", "-journal"))):
        try:
            leftover.unlink()
        except OSError:
            pass


def _os_failure(error: OSError, folder: Path, needed: int) -> UserError:
    if is_disk_full(error):
        return disk_full(DOING, folder, needed)
    return DataFileError(f"Chưa khôi phục được: không ghi được vào «{folder}» ({error.strerror or error}).")


def swap_in(temp: Path, db_path: Path, keep_old: bool) -> Path | None:
    """Rename the prepared ``temp`` over ``db_path`` (closed by the caller).

    The current file is first given a second name (a hard link: no space
    needed; a copy where links are not supported) and its side files move
    with it, so at every instant ``db_path`` names a whole file. ``keep_old``:
    the current file is damaged and stays as ``….hong-<time>`` (returned);
    otherwise it is removed once the new file is in place (the caller made
    a backup of it)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.{'hong' if keep_old else 'truoc-khoi-phuc'}-{stamp}")
    has_old = db_path.exists()
    moved: list[tuple[Path, Path]] = []
    try:
        if has_old:
            _second_name(db_path, aside)
            for side in ("-wal", "-shm"):
                extra = Path(f"{db_path}{side}")
                if extra.exists():
                    os.replace(extra, Path(f"{aside}{side}"))
                    moved.append((Path(f"{aside}{side}"), extra))
        os.replace(temp, db_path)
        _sync_folder(db_path.parent)
    except OSError as error:
        for there, back in moved:  # the old file is whole again, with its log
            try:
                os.replace(there, back)
            except OSError:
                log.exception("could not put %s back", back)
        if has_old:
            _unlink(aside)
        raise _os_failure(error, db_path.parent, data_file_size(temp)) from None
    if has_old and not keep_old:
        discard(aside)
        return None
    return aside if has_old else None


def _second_name(path: Path, aside: Path) -> None:
    try:
        os.link(path, aside)
    except OSError:
        shutil.copy2(path, aside)  # FAT/exFAT sticks have no hard links


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no folder handles)."""
    if os.name != "posix":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
    except OSError:
        pass


def restore_file(source: Path, db_path: Path, backups: BackupService) -> Path | None:
    """Put a backup in place of a data file that is not open (start-up after
    damage; the command line). A sound current file is backed up first; a
    damaged one is kept beside it under a new name (returned)."""
    source, db_path = Path(source), Path(db_path)
    damaged = False
    file_id = None
    if db_path.exists() and db_path.stat().st_size:
        try:
            inspect_file(db_path)
            file_id = read_file_id(db_path)
        except (DamagedFileError, ForeignFileError):
            damaged = True
            file_id = read_file_id(db_path)
    temp = prepare_candidate(source, db_path, file_id)
    try:
        if db_path.exists() and db_path.stat().st_size and not damaged:
            backups.create("khoi-phuc")
        return swap_in(temp, db_path, keep_old=damaged)
    finally:
        discard(temp)
