"""Run inside a private mount namespace on a small tmpfs (see test_full_disk.py):
fill the disk, then do what an officer would do — first in the window (the
data file already open when the disk fills), then from the command line
(each command opening the file on the full disk) — with logging to the full
disk too. Prints one JSON report."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import sys
from pathlib import Path

root, outside = Path(sys.argv[1]), Path(sys.argv[2])
os.environ["CCHC_DATA_DIR"] = str(root / "data")

from app.cli import run  # noqa: E402
from app.core.errors import UserError  # noqa: E402
from app.core.model import RowKind  # noqa: E402
from app.logging_setup import setup_logging  # noqa: E402
from app.services import Services  # noqa: E402
from tests.seeds import enter_seed_with_log  # noqa: E402

setup_logging()  # the log file is on the full disk too
db = root / "so.sqlite3"
services = Services.open(db, root / "data")
plan_id = enter_seed_with_log(services)
services.backups.create("thu-cong")
services.backups.export_to(outside / "ban-sao.sqlite3")  # the candidate a restore brings (another disk)
services.close()


def state(path=db):
    """Bytes, counts and integrity, read without leaving side files behind."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        counts = [connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("plans", "appendix_rows", "progress_entries")]
        check = connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
    return {"sha": hashlib.sha256(path.read_bytes()).hexdigest(), "counts": counts, "check": check}


def cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], out=out, err=err)
    return {"code": code, "err": err.getvalue().strip(), "out": out.getvalue().strip()}


def attempt(action):
    try:
        action()
        return {"error": None}
    except UserError as error:
        return {"error": str(error), "type": type(error).__name__}


def fill(path):
    with open(path, "wb", buffering=0) as handle:  # to the last byte
        for size in (65536, 4096, 512, 1):
            try:
                while handle.write(b"\0" * size):
                    pass
            except OSError:
                continue


report = {"before": state()}
damaged = root / "hong.sqlite3"  # a second data file, damaged, on the same disk
damaged.write_bytes(db.read_bytes()[:4096 * 3] + b"\xff" * 4096 + db.read_bytes()[4096 * 4:])
damaged_sha = hashlib.sha256(damaged.read_bytes()).hexdigest()

# -- the window: the file is open when the disk fills ---------------------------------------
window = Services.open(db, root / "data")
area = window.rows.find_area(plan_id, "II").id
window.rows.add(plan_id, RowKind.TASK, area, texts={"task": "Một dòng đã lưu trước khi đầy"})
saved = state()
fill(root / "lap-day.bin")
report["free"] = os.statvfs(root).f_bavail * os.statvfs(root).f_frsize
report["window"] = {
    "add-row": attempt(lambda: [window.rows.add(plan_id, RowKind.TASK, area, texts={"task": f"dòng {i} " * 50})
                                for i in range(200)]),
    "export": attempt(lambda: window.exports.export_xlsx(plan_id, root / "phu-luc.xlsx")),
    "backup": attempt(lambda: window.backups.create("thu-cong")),
    "restore": attempt(lambda: window.restore(outside / "ban-sao.sqlite3")),
    "still-open": len(window.rows.list(plan_id)),
}
window.close()
report["window-saved"], report["window-after"] = saved, state()

# -- the command line: each command opens the file on the full disk -----------------------------
fill(root / "lap-day-2.bin")  # closing the window gave back the space of its write-ahead log
report["cli"] = {
    "add-row": cli("add-row", "1", "--area", "II", "--task", "Rà soát văn bản", "--db", db),
    "log": cli("log", "1", "3", "--date", "2023-03-02", "--status", "hoan-thanh", "--db", db),
    "export": cli("export-xlsx", "1", root / "phu-luc.xlsx", "--db", db),
    "export-pdf": cli("export-pdf", "1", root / "ke-hoach.pdf", "--db", db),
    "backup": cli("backup", root / "sao-luu.sqlite3", "--db", db),
    "restore": cli("restore", outside / "ban-sao.sqlite3", "--db", db),
    "restore-over-damaged": cli("restore", outside / "ban-sao.sqlite3", "--db", damaged),
}
report["damaged-kept"] = damaged.exists() and hashlib.sha256(damaged.read_bytes()).hexdigest() == damaged_sha
report["during"] = state()
report["left"] = sorted(p.name for p in root.iterdir() if p.name != "data")
report["temp-left-in-data"] = sorted(str(p.relative_to(root)) for p in (root / "data").rglob("*")
                                     if p.name.startswith(".") and p.is_file())
for filler in ("lap-day.bin", "lap-day-2.bin"):  # the officer frees space
    (root / filler).unlink()
report["freed"] = {
    "list": cli("list", "--db", db),
    "add-row": cli("add-row", "1", "--area", "II", "--task", "Rà soát văn bản", "--db", db),
    "restore": cli("restore", outside / "ban-sao.sqlite3", "--db", db),
}
report["final"] = state()
print(json.dumps(report, ensure_ascii=False))
