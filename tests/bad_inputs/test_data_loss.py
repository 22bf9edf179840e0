"""The four ways issue 14 found to lose or hide a year of work, and the two
that mixed up backups, each reproduced through the services the window and
the command line share. (The command-line forms are rows of the catalogue;
the full disk itself is test_full_disk.py.)"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.core.errors import DataFileError, FileWriteError, UserError
from app.services import Services, backups_folder
from app.services.backup import BackupService, copy_database
from tests.bad_inputs import files
from tests.bad_inputs.conftest import file_state
from tests.seeds import enter_seed, enter_seed_with_log, snapshot

REPO = Path(__file__).resolve().parent.parent.parent
DISK_FULL = "^Ổ đĩa đầy: chưa khôi phục được"


def read_file_id(db: Path) -> str | None:
    """The identity stored inside a data file, read as any SQLite tool would."""
    connection = sqlite3.connect(db)
    try:
        row = connection.execute("SELECT value FROM settings WHERE key = 'data_file_id'").fetchone()
    finally:
        connection.close()
    return row[0].strip('"') if row else None


def restore_file(*args):
    from app.services.restore import restore_file as restore

    return restore(*args)


@pytest.fixture
def opened(tmp_path):
    db, data = tmp_path / "so.sqlite3", tmp_path / "data"
    services = Services.open(db, data)
    enter_seed_with_log(services)
    yield services
    services.close()


# -- 1. an output aimed at the data file --------------------------------------------------------------------

def test_every_writer_refuses_the_open_data_file_whatever_the_name(opened, tmp_path):
    services = opened
    db = services.db.path
    os.link(db, tmp_path / "cung-tep.sqlite3")
    (tmp_path / "loi-tat.pdf").symlink_to(db)
    (tmp_path / "con").mkdir()
    names = [db, tmp_path / "con" / ".." / db.name, tmp_path / "cung-tep.sqlite3", tmp_path / "loi-tat.pdf"]
    report = services.reports.create(1, "q1", 2023)
    writers = {
        "xlsx": lambda t: services.exports.export_xlsx(1, t),
        "plan pdf": lambda t: services.exports.export_plan_pdf(1, t),
        "report pdf": lambda t: services.reports.export_pdf(report.id, t),
        "plan docx": lambda t: services.exports.export_plan_docx(1, t),
        "report docx": lambda t: services.reports.export_docx(report.id, t),
        "mail": lambda t: services.mail.prepare(1, ["snv@tinh.gov.vn"], target=t),
        "backup": lambda t: services.backups.export_to(services.check_output(t)),
    }
    before = snapshot(services)
    for what, write in writers.items():
        for name in names:
            with pytest.raises(FileWriteError, match="chính là tệp dữ liệu đang mở") as refused:
                write(name)
            assert str(refused.value) == (f"«{name}» chính là tệp dữ liệu đang mở; ghi đè lên nó sẽ mất toàn bộ "
                                          "dữ liệu. Hãy chọn tên tệp khác."), what
    assert snapshot(services) == before
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# -- 2. and 4. restore: copy, check and migrate beside the file first; swap last --------------------------------

def _make_backup(services) -> Path:
    return services.backups.create("thu-cong").path


def test_a_restore_whose_swap_fails_leaves_the_file_and_says_why(opened, monkeypatch):
    """The last step (the rename) fails as on a full disk: nothing changed."""
    import app.services.restore as restore

    services = opened
    backup = _make_backup(services)
    services.plans.create("tuyen-truyen", 2024)
    expected = snapshot(services)
    real_replace = os.replace

    def full(source, target):
        if Path(source).name.startswith(restore.TEMP_PREFIX):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(restore.os, "replace", full)
    with pytest.raises(UserError, match=DISK_FULL):
        services.restore(backup)
    assert snapshot(services) == expected  # still open, still the same
    folder = services.db.path.parent
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith("so.sqlite3")) == ["data"]


def test_a_restore_that_cannot_copy_leaves_the_file_untouched(opened, monkeypatch):
    import app.services.backup as backup_module

    services = opened
    backup = _make_backup(services)
    services.close()
    db = services.db.path
    before = file_state(db)

    def no_space(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    class FullConnection:
        def __init__(self, real):
            self.real = real

        def backup(self, target, *args, **kwargs):
            no_space()

        def __getattr__(self, name):
            return getattr(self.real, name)

    real_connect = sqlite3.connect
    monkeypatch.setattr(backup_module.sqlite3, "connect",
                        lambda *a, **k: FullConnection(real_connect(*a, **k)) if "mode=ro" in str(a[0]) else
                        real_connect(*a, **k))
    with pytest.raises(UserError, match=DISK_FULL) as refused:
        restore_file(backup, db, BackupService(db, backups_folder(db.parent / "data", db)))
    assert "bị hỏng" not in str(refused.value) and "khôi phục từ bản sao lưu" not in str(refused.value)
    assert file_state(db) == before
    assert not [p for p in db.parent.iterdir() if p.name.startswith((".khoi-phuc-", ".sao-luu-"))]


@pytest.mark.parametrize("make, message", [
    (lambda backup, path: files.foreign_sqlite(path),
     "«khac.sqlite3» không phải bản sao lưu của Sổ kế hoạch CCHC (tệp SQLite của chương trình khác)."),
    (lambda backup, path: files.tampered_copy(backup, path, "UPDATE alembic_version SET version_num = '0099';"),
     "«khac.sqlite3» có phiên bản dữ liệu 0099, chương trình này không biết (có thể do phiên bản mới hơn tạo ra); "
     "không khôi phục."),
    (lambda backup, path: files.tampered_copy(backup, path, "DROP TABLE mail_history;"),
     "«khac.sqlite3» không đúng cấu trúc dữ liệu của Sổ kế hoạch CCHC (thiếu bảng mail_history); không khôi phục."),
    (lambda backup, path: files.tampered_copy(REPO / "tests" / "fixtures" / "schema-0001.sqlite3", path,
                                              "CREATE TABLE contacts (id INTEGER);"),
     "«khac.sqlite3» không mở được hoặc không nâng cấp được lên phiên bản dữ liệu hiện tại; không khôi phục."),
], ids=["foreign with plans", "newer revision", "our revision missing a table", "does not migrate"])
def test_restore_refuses_what_it_could_not_open_afterwards(opened, tmp_path, make, message):
    """Checked and migrated in a copy beside the file: refused, the open
    file byte for byte as it was, every later command still works."""
    services = opened
    backup = _make_backup(services)
    candidate = make(backup, tmp_path / "khac.sqlite3")
    db = services.db.path
    services.close()
    before = file_state(db)
    again = Services.open(db, tmp_path / "data")
    try:
        with pytest.raises(DataFileError) as refused:
            again.restore(candidate)
        assert str(refused.value) == message
        assert again.plans.list()  # the data file is open and usable
    finally:
        again.close()
    assert file_state(db) == before
    assert not [p for p in db.parent.iterdir() if p.name.startswith(".khoi-phuc-")]


def test_an_old_schema_backup_is_migrated_before_it_replaces_the_file(opened, tmp_path):
    services = opened
    old = tmp_path / "cu.sqlite3"
    shutil.copy(REPO / "tests" / "fixtures" / "schema-0001.sqlite3", old)
    plans_in_old = sqlite3.connect(old).execute("SELECT count(*) FROM plans").fetchone()[0]
    file_id = read_file_id(services.db.path)
    services.restore(old)
    assert len(services.plans.list()) == plans_in_old
    assert services.contacts.list() == []  # a table of revision 0002 exists
    assert file_id and read_file_id(services.db.path) == file_id  # its backups stay its own


def test_restoring_over_a_damaged_file_keeps_it_under_a_new_name_without_needing_space(opened, tmp_path):
    services = opened
    backup = _make_backup(services)
    expected = snapshot(services)
    db, data = services.db.path, services.data_dir
    services.close()
    with open(db, "r+b") as handle:
        handle.seek(4096 * 3)
        handle.write(os.urandom(8192))
    damaged = db.read_bytes()
    kept = restore_file(backup, db, BackupService(db, backups_folder(data, db)))
    assert kept is not None and kept.read_bytes() == damaged and ".hong-" in kept.name
    again = Services.open(db, data)
    try:
        assert snapshot(again) == expected
    finally:
        again.close()


# -- 6. backups belong to the file, not to its name ----------------------------------------------------------------

def test_two_files_of_the_same_name_keep_separate_backups(tmp_path):
    data = tmp_path / "data"
    first, second = tmp_path / "xa" / "so-ke-hoach-cchc.sqlite3", tmp_path / "phuong" / "so-ke-hoach-cchc.sqlite3"
    first.parent.mkdir()
    second.parent.mkdir()
    a = Services.open(first, data)
    enter_seed(a, "004")
    b = Services.open(second, data)
    enter_seed(b, "002")
    try:
        a_made = [a.backups.create("thu-cong").path for _ in range(3)]
        b_made = [b.backups.create("tu-dong").path for _ in range(12)]  # prunes b's own to 10
        assert a.backups.folder != b.backups.folder
        assert all(p.exists() for p in a_made)
        assert [x.path for x in a.backups.list()] == a_made[::-1]
        assert {x.path for x in b.backups.list()} == set(b_made[2:])
        a_plans = [p.title for p in a.plans.list()]
    finally:
        a.close()
        b.close()
    # The recovery offer after damage is the file's own latest backup.
    for db, made in ((first, a_made), (second, b_made)):
        with open(db, "r+b") as handle:
            handle.seek(4096 * 3)
            handle.write(os.urandom(8192))
        assert BackupService(db, backups_folder(data, db)).latest_good().path == made[-1]
    assert sqlite3.connect(a_made[-1]).execute("SELECT title FROM plans").fetchall() == [(t,) for t in a_plans]


def test_a_copy_of_a_file_still_in_use_gets_its_own_backups(tmp_path):
    data = tmp_path / "data"
    original = tmp_path / "so.sqlite3"
    services = Services.open(original, data)
    enter_seed(services, "004")
    services.close()
    copy = tmp_path / "usb" / "so.sqlite3"
    copy.parent.mkdir()
    shutil.copy(original, copy)
    first, second = Services.open(original, data), None
    try:
        first.backups.create("thu-cong")
        first.close()
        second = Services.open(copy, data)
        assert read_file_id(copy) != read_file_id(original)
        assert second.backups.folder != BackupService(original, backups_folder(data, original)).folder
        assert second.backups.list() == []
    finally:
        if second is not None:
            second.close()


def test_backups_of_an_older_version_move_to_their_own_file(tmp_path):
    """Before this version, both files' backups sat in backups/<name>/."""
    data = tmp_path / "data"
    made = {}
    for place, seed, stamp in (("xa", "004", "20250102-080000"), ("phuong", "002", "20250103-080000")):
        db = tmp_path / place / "so.sqlite3"
        db.parent.mkdir()
        services = Services.open(db, tmp_path / "khac")
        enter_seed(services, seed)
        services.close()
        connection = sqlite3.connect(db)  # as an older version left it: no identity inside
        connection.execute("DELETE FROM settings WHERE key = 'data_file_id'")
        connection.commit()
        connection.close()
        made[place] = (db, f"sao-luu-{stamp}-tu-dong.sqlite3")
    legacy = data / "backups" / "so"
    legacy.mkdir(parents=True)
    for db, name in made.values():
        copy_database(db, legacy / name)  # the way older versions made them too
    for place, (db, name) in made.items():
        services = Services.open(db, data)
        try:
            assert [b.path.name for b in services.backups.list()] == [name], place
        finally:
            services.close()
    assert not legacy.exists()  # emptied, then removed
