"""Faults around the data rather than in it: a log file that cannot be
written, permissions, the one-writer lock reached by another name, a second
writer, what a killed program leaves behind, two drafts in one second."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from app.core.errors import DataFileError
from app.services import Services
from tests.seeds import enter_seed_with_log

REPO = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def opened(tmp_path):
    services = Services.open(tmp_path / "so.sqlite3", tmp_path / "data")
    enter_seed_with_log(services)
    yield services
    services.close()


# -- logging ---------------------------------------------------------------------------------------------------

def test_a_log_file_that_cannot_be_written_never_shows_a_traceback(tmp_path):
    """The log on a full disk (/dev/full answers every write with ENOSPC): the
    command still gives its one line, and nothing else reaches the terminal."""
    data = tmp_path / "data"
    (data / "logs").mkdir(parents=True)
    (data / "logs" / "cchc.log").symlink_to("/dev/full")
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04" + os.urandom(3000))  # an import that logs its failure
    result = subprocess.run([sys.executable, "-m", "app", "import", str(broken), "--dry-run"], cwd=REPO,
                            capture_output=True, text=True, env={**os.environ, "CCHC_DATA_DIR": str(data)},
                            timeout=120)
    assert result.returncode == 2
    assert result.stderr == "Lỗi: Tệp «hong.xlsx» bị hỏng, không mở được.\n"
    script = textwrap.dedent("""
        import logging
        from app.logging_setup import setup_logging
        setup_logging()
        for n in range(3):
            try:
                raise ValueError(n)
            except ValueError:
                logging.getLogger("app.test").exception("hỏng %d", n)
        print("xong")
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                            env={**os.environ, "CCHC_DATA_DIR": str(data)}, timeout=120)
    assert (result.returncode, result.stdout, result.stderr) == (0, "xong\n", "")


# -- permissions -----------------------------------------------------------------------------------------------

@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize("mask", [0o022, 0o027, 0o002])
def test_exports_and_backups_honour_the_umask(opened, tmp_path, mask):
    previous = os.umask(mask)
    try:
        made = {
            "xlsx": opened.exports.export_xlsx(1, tmp_path / "phu-luc.xlsx"),
            "pdf": opened.exports.export_plan_pdf(1, tmp_path / "ke-hoach.pdf"),
            "docx": opened.exports.export_plan_docx(1, tmp_path / "ke-hoach.docx"),
            "backup to a file": opened.backups.export_to(tmp_path / "sao-luu.sqlite3"),
            "automatic backup": opened.backups.create("tu-dong").path,
        }
        draft = opened.mail.prepare(1, ["snv@tinh.gov.vn"], include=["xlsx"])
        made["mail draft"] = draft.eml_path
        made["mail attachment"] = draft.files[0]
    finally:
        os.umask(previous)
    modes = {what: stat.S_IMODE(path.stat().st_mode) for what, path in made.items()}
    assert modes == {what: 0o666 & ~mask for what in made}
    assert stat.S_IMODE(draft.folder.stat().st_mode) == 0o777 & ~mask


# -- the one-writer lock -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("other_name", ["symlink", "hardlink", "dotdot"])
def test_the_open_file_cannot_be_opened_again_under_another_name(opened, tmp_path, other_name):
    db = opened.db.path
    (tmp_path / "con").mkdir()
    other = {"symlink": tmp_path / "loi-tat.sqlite3", "hardlink": tmp_path / "ban-khac.sqlite3",
             "dotdot": tmp_path / "con" / ".." / db.name}[other_name]
    if other_name == "symlink":
        other.symlink_to(db)
    elif other_name == "hardlink":
        os.link(db, other)
    with pytest.raises(DataFileError, match="đang được một cửa sổ Sổ kế hoạch CCHC khác sử dụng"):
        Services.open(other, tmp_path / "data")


def test_the_lock_by_another_name_is_free_again_once_closed(tmp_path):
    db = tmp_path / "so.sqlite3"
    Services.open(db, tmp_path / "data").close()
    os.link(db, tmp_path / "ban-khac.sqlite3")
    first = Services.open(tmp_path / "ban-khac.sqlite3", tmp_path / "data")
    first.close()
    Services.open(db, tmp_path / "data").close()


# -- a second writer -------------------------------------------------------------------------------------------

def test_a_write_waits_for_another_writer_instead_of_failing(opened):
    """Another program (a SQLite tool, a sync client) writes for 1.5 s. Our
    next change reads first, then writes: it must wait (busy_timeout 5 s),
    not fail the moment the other commits (a deferred BEGIN's stale read)."""
    from app.core.model import RowKind

    holding, done = threading.Event(), threading.Event()

    def other_writer():
        connection = sqlite3.connect(opened.db.path, timeout=10, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO units (name) VALUES ('Phòng của chương trình khác')")
        holding.set()
        time.sleep(1.5)
        connection.execute("COMMIT")
        connection.close()
        done.set()

    thread = threading.Thread(target=other_writer)
    thread.start()
    assert holding.wait(10)
    area = opened.rows.find_area(1, "II").id if any(
        r.kind is RowKind.AREA for r in opened.rows.list(1)) else None
    started = time.monotonic()
    row = opened.rows.add(1, RowKind.TASK, area, texts={"task": "Ghi sau người khác"})
    waited = time.monotonic() - started
    thread.join()
    assert done.is_set() and opened.rows.get(row.id).task == "Ghi sau người khác"
    assert waited > 1.0  # it waited for the other writer, as the busy timeout says


# -- what a killed program leaves -----------------------------------------------------------------------------------

KILLED_EXPORT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from app.io.safe_write import atomic_output
    with atomic_output(Path(sys.argv[1])) as temp:
        temp.write_bytes(b"PK" + b"\\0" * 200000)
        print(temp, flush=True)
        time.sleep(60)
""")


def test_temporary_files_of_killed_programs_are_removed_at_the_next_start(tmp_path):
    data, db = tmp_path / "data", tmp_path / "so.sqlite3"
    Services.open(db, data).close()
    exports = tmp_path / "Tai lieu"
    exports.mkdir()
    child = subprocess.Popen([sys.executable, "-c", KILLED_EXPORT, str(exports / "phu-luc.xlsx")], cwd=REPO,
                             stdout=subprocess.PIPE, text=True, env={**os.environ, "CCHC_DATA_DIR": str(data)})
    left = Path(child.stdout.readline().strip())
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert left.exists() and left.name.startswith(".~cchc-")
    day_old = time.time() - 2 * 86400
    older_version = [data / "backups" / ".sao-luu-k3j2h1g0.sqlite3", tmp_path / ".~ab12cd34.xlsx"]
    dead_restore = tmp_path / f".khoi-phuc-{child.pid}-x1y2z3.sqlite3"
    for path in older_version + [dead_restore]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\0" * 1000)
    for path in older_version:
        os.utime(path, (day_old, day_old))
    ours_running = tmp_path / f".khoi-phuc-{os.getpid()}-a1b2c3.sqlite3"  # a live process's: kept
    ours_running.write_bytes(b"\0")
    libreoffice = exports / ".~lock.phu-luc.xlsx#"  # not ours: never touched
    libreoffice.write_text("khoa", encoding="utf-8")
    os.utime(libreoffice, (day_old, day_old))
    Services.open(db, data).close()
    assert not left.exists()
    assert [p.exists() for p in older_version + [dead_restore]] == [False, False, False]
    assert ours_running.exists() and libreoffice.exists()
    assert list((data / ".dang-ghi").iterdir()) == []


# -- mail drafts ---------------------------------------------------------------------------------------------------

def test_two_mail_drafts_in_one_second_are_both_kept(opened, monkeypatch):
    import app.services.mail as mail_module

    class SameSecond(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2025, 3, 10, 9, 15, 0)

    monkeypatch.setattr(mail_module, "datetime", SameSecond)
    first = opened.mail.prepare(1, ["snv@tinh.gov.vn"], include=["xlsx"])
    second = opened.mail.prepare(1, ["snv@tinh.gov.vn"], include=["xlsx"])
    assert first.folder != second.folder and first.eml_path != second.eml_path
    assert second.folder.name == first.folder.name + "-2"
    assert all(p.exists() for p in (*first.files, *second.files, first.eml_path, second.eml_path))
    assert [len(h.files) for h in opened.mail.history(1)] == [1, 1]
