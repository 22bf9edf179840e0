"""Backups, restore, one writer, damaged files, hostile names, full disks."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from datetime import date, datetime
from pathlib import Path

import pytest

from app.core.errors import DataFileError
from app.models.database import DamagedFileError
from app.services import Services, backups_folder
from app.services.backup import BackupService
from app.services.restore import check_backup_file, restore_file
from tests.seeds import enter_seed_with_log, snapshot

REPO = Path(__file__).resolve().parent.parent.parent


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def filled(tmp_path):
    db, data = tmp_path / "so.sqlite3", tmp_path / "data"
    services = Services.open(db, data)
    enter_seed_with_log(services)
    yield services, db, data
    services.close()


def test_a_second_instance_is_refused_and_a_crashed_ones_lock_is_taken_over(tmp_path):
    db, data = tmp_path / "so.sqlite3", tmp_path / "data"
    Services.open(db, data).close()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from pathlib import Path
        from app.services import Services
        s = Services.open(Path({str(db)!r}), Path({str(data)!r}))
        print("open", flush=True)
        time.sleep(60)
    """)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(DataFileError, match="đang được một cửa sổ Sổ kế hoạch CCHC khác sử dụng"):
            Services.open(db, data)
    finally:
        holder.send_signal(signal.SIGKILL)  # a crash: the lock file stays behind
        holder.wait()
    assert (tmp_path / "so.sqlite3.lock").exists()
    Services.open(db, data).close()  # taken over


def test_a_damaged_file_is_found_on_open_and_left_untouched(filled, tmp_path):
    services, db, data = filled
    services.close()
    with open(db, "r+b") as handle:  # scribble over the middle of the file
        handle.seek(db.stat().st_size // 2)
        handle.write(b"\x00\xff" * 2000)
    before = digest(db)
    with pytest.raises(DamagedFileError, match="bị hỏng"):
        Services.open(db, data)
    assert digest(db) == before


def test_backup_damage_then_restore_gives_back_the_same_plans_rows_and_log(filled):
    services, db, data = filled
    expected = snapshot(services)
    backup = services.backups.create("thu-cong")
    assert backup.plans == 1
    services.close()
    with open(db, "r+b") as handle:
        handle.seek(4096 * 3)
        handle.write(os.urandom(8192))
    backups = BackupService(db, backups_folder(data, db))
    latest = backups.latest_good()
    assert latest is not None and latest.path == backup.path  # what the dialog offers
    moved = restore_file(latest.path, db, backups)
    assert moved is not None and moved.exists() and ".hong-" in moved.name  # kept, not deleted
    reopened = Services.open(db, data)
    try:
        assert snapshot(reopened) == expected
    finally:
        reopened.close()


def test_restore_while_open_backs_up_the_current_state_first(filled):
    services, _db, _data = filled
    saved = services.backups.create("thu-cong")
    services.plans.create("tuyen-truyen", 2024)
    assert len(services.plans.list()) == 2
    services.restore(saved.path)
    assert len(services.plans.list()) == 1
    reasons = [b.reason for b in services.backups.list()]
    assert "khoi-phuc" in reasons  # the two-plan state is in a backup
    services.restore(next(b.path for b in services.backups.list() if b.reason == "khoi-phuc"))
    assert len(services.plans.list()) == 2


def test_backups_keep_the_last_ten_and_one_per_month(tmp_path, filled):
    services, _db, _data = filled
    folder = services.backups.folder
    source = services.backups.create("thu-cong").path
    for month in range(1, 13):
        for day in (3, 17):
            shutil.copy(source, folder / f"sao-luu-2024{month:02d}{day:02d}-080000-tu-dong.sqlite3")
    services.backups.prune()
    names = [b.path.name for b in services.backups.list()]
    months = {n[8:14] for n in names}
    assert len(names) == 10 + (len(months) - 6)  # 10 newest, plus one for each older month
    assert "sao-luu-20240117-080000-tu-dong.sqlite3" in names  # January kept by its newest
    assert "sao-luu-20240103-080000-tu-dong.sqlite3" not in names


def test_many_backups_within_one_second_keep_the_newest(filled, monkeypatch):
    """A script importing fifteen files in a second: each import's backup is
    kept until ten newer ones exist, and the list shows them newest first."""
    import app.services.backup as backup_module

    class FrozenClock(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 3, 5, 9, 30, 15)

    services, _db, _data = filled
    monkeypatch.setattr(backup_module, "datetime", FrozenClock)
    made = [services.backups.create("nhap").path for _ in range(15)]
    listed = [b.path for b in services.backups.list()]
    assert listed == made[::-1][:10]
    assert all(path.exists() for path in made[-10:])


def test_daily_backup_is_due_once_a_day(filled):
    services, _db, _data = filled
    assert services.backups.due()
    services.backups.create("tu-dong")
    assert not services.backups.due()
    assert services.backups.due(datetime.now().replace(year=datetime.now().year + 1))


def test_migration_and_import_are_preceded_by_a_backup(filled, tmp_path):
    from app.io.importers import read_import_file
    from tests.conftest import SEEDS

    services, _db, _data = filled
    services.imports.apply(read_import_file(next(SEEDS.glob("002_*.txt"))))
    assert [b.reason for b in services.backups.list()] == ["nhap"]
    old = tmp_path / "old.sqlite3"
    shutil.copy(REPO / "tests" / "fixtures" / "schema-0001.sqlite3", old)
    upgraded = Services.open(old, tmp_path / "data")
    try:
        assert [b.reason for b in upgraded.backups.list()] == ["nang-cap"]
    finally:
        upgraded.close()


def test_a_foreign_file_is_refused_as_a_backup(tmp_path):
    bogus = tmp_path / "x.sqlite3"
    bogus.write_text("không phải", encoding="utf-8")
    with pytest.raises(DataFileError):
        check_backup_file(bogus)


def test_command_line_backup_and_restore(filled, tmp_path):
    from tests.test_cli import cchc

    services, db, data = filled
    expected = snapshot(services)
    services.close()
    out = tmp_path / "ra-ngoai.sqlite3"
    cchc("backup", out, "--db", db, data_dir=data)
    extra = Services.open(db, data)
    extra.plans.create("tuyen-truyen", 2030)
    extra.close()
    result = cchc("restore", out, "--db", db, data_dir=data)
    assert str(db) in result.stdout
    again = Services.open(db, data)
    try:
        assert snapshot(again) == expected
    finally:
        again.close()


@pytest.mark.parametrize("name", ["../../etc/passwd", "/tmp/tuyệt-đối.pdf", "C:\\Windows\\x.dll", "CON",
                                  "a\x00b.pdf", "..", "tệp có dấu.PDF"])
def test_no_attachment_name_can_escape_the_data_folder(filled, tmp_path, name):
    services, _db, _data = filled
    plan_id = services.plans.list()[0].id
    task = services.rows.find_by_number(plan_id, "1")
    entry = services.progress.add(task.id, date=date(2023, 3, 1), status="hoan-thanh")
    source = tmp_path / "scan.bin"
    source.write_bytes(b"content " + name.encode("utf-8", "replace"))
    attachment = services.attachments.attach(entry.id, source)
    from dataclasses import replace

    hostile = replace(attachment, file_name=name)
    stored = services.attachments.path_of(hostile).resolve()
    root = services.attachments.root.resolve()
    assert root in stored.parents and stored.name.startswith(attachment.sha256)


def test_read_only_data_folder_gives_a_clear_message(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(DataFileError, match="chỉ cho phép đọc"):
            Services.open(None, folder)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


FULL_DISK_CHILD = textwrap.dedent("""
    import json, sqlite3, sys
    from pathlib import Path
    from app.core.errors import DataFileError
    from app.core.model import RowKind
    from app.services import Services
    root = Path(sys.argv[1])
    services = Services.open(root / "so.sqlite3", root / "data")
    plan = services.plans.create("cchc", 2025)
    area = services.rows.find_area(plan, "II").id
    saved, error = [], ""
    for i in range(100000):
        try:
            services.rows.add(plan, RowKind.TASK, area, texts={"task": f"dòng {i} " + "chữ " * 40})
            saved.append(i)
        except DataFileError as failure:
            error = str(failure)
            break
    services.close()
    again = Services.open(root / "so.sqlite3", root / "data")
    texts = {r.task.split()[1] for r in again.rows.list(plan) if r.kind is RowKind.TASK}
    again.close()
    check = sqlite3.connect(root / "so.sqlite3").execute("PRAGMA quick_check").fetchone()[0]
    print(json.dumps({"saved": len(saved), "error": error, "kept": all(str(i) in texts for i in saved),
                      "check": check}))
""")


def test_a_full_disk_gives_a_message_and_keeps_the_data(tmp_path):
    """A 1 MB tmpfs, mounted in a private mount namespace, fills up."""
    import json

    mount = tmp_path / "nho"
    mount.mkdir()
    script = tmp_path / "child.py"
    script.write_text(FULL_DISK_CHILD, encoding="utf-8")
    inner = f"mount -t tmpfs -o size=1m tmpfs {mount} && {sys.executable} {script} {mount}"
    command = ["unshare", "-m", "sh", "-c", inner] if os.geteuid() == 0 else ["unshare", "-rm", "sh", "-c", inner]
    if shutil.which("unshare") is None:
        pytest.skip("util-linux unshare is needed to mount a small file system")
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    if result.returncode != 0 and "mount" in result.stderr.lower() and "permission" in result.stderr.lower():
        pytest.skip(f"mounting a tmpfs is not allowed here: {result.stderr.strip()[:200]}")
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["saved"] > 10 and report["error"].startswith("Ổ đĩa đầy: thay đổi vừa rồi chưa được lưu.")
    assert "hỏng" not in report["error"]
    assert report["kept"] and report["check"] == "ok"


def test_the_log_file_sits_in_the_data_folder_and_is_rotated(tmp_path):
    """Years of logging never fill the disk: at most six files of 1 MB."""
    data = tmp_path / "data"
    script = ("import logging\n"
              "from app.logging_setup import setup_logging, log_file_path\n"
              "setup_logging()\n"
              "for i in range(40000):\n"
              "    logging.getLogger('app.test').info('dòng nhật ký %d %s', i, 'x' * 120)\n"
              "print(log_file_path())\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(REPO), "CCHC_DATA_DIR": str(data)})
    assert result.returncode == 0, result.stderr
    log_file = Path(result.stdout.strip())
    assert data in log_file.parents
    files = sorted(log_file.parent.glob("cchc.log*"))
    assert [f.name for f in files] == ["cchc.log"] + [f"cchc.log.{n}" for n in range(1, 6)]
    assert all(f.stat().st_size <= 1_000_000 for f in files)
    assert "dòng nhật ký 39999" in log_file.read_text(encoding="utf-8")
