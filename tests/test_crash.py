"""Killed at random moments, the program never loses an edit whose call had
returned, and its data file always opens and passes the integrity check."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.model import RowKind
from app.services import Services

REPO = Path(__file__).resolve().parent.parent
KILLS = int(os.environ.get("CCHC_CRASH_KILLS", "100"))


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_sigkill_during_random_edits_loses_nothing_that_was_saved(tmp_path):
    db, data = tmp_path / "crash.sqlite3", tmp_path / "data"
    services = Services.open(db, data)
    services.plans.create("cchc", 2025)
    services.close()
    rng = random.Random(2025)
    added, notes, logs = set(), {}, set()
    for kill in range(KILLS):
        child = subprocess.Popen([sys.executable, "-m", "tests.crash_child", str(db), str(data), str(kill)],
                                 cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert child.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + rng.uniform(0.0, 0.25)
        os.set_blocking(child.stdout.fileno(), False)
        while time.monotonic() < deadline:
            time.sleep(0.005)
        child.send_signal(signal.SIGKILL)
        child.wait()
        os.set_blocking(child.stdout.fileno(), True)
        for line in child.stdout.read().splitlines():
            kind, row_id, tag = line.split()
            if kind == "add":
                added.add(f"edit {tag}")
            elif kind == "note":
                notes[int(row_id)] = f"note {tag}"
            else:
                logs.add(f"log {tag}")
        connection = sqlite3.connect(db)
        assert connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        connection.close()
    services = Services.open(db, data)  # every reopen succeeds; the last one checks everything
    try:
        plan_id = services.plans.list()[0].id
        rows = {r.id: r for r in services.rows.list(plan_id)}
        texts = {r.task for r in rows.values() if r.kind is RowKind.TASK}
        assert added <= texts, f"{len(added - texts)} saved rows lost"
        for row_id, note in notes.items():
            # The last saved note, or a later one that was committed just
            # before the kill, before its call could report back.
            assert _order(rows[row_id].note) >= _order(note), (rows[row_id].note, note)
        results = {e.result for e in services.progress.list(plan_id)}
        assert logs <= results
        assert len(added) + len(notes) + len(logs) > KILLS  # the test really edited
    finally:
        services.close()


def _order(note: str) -> tuple[int, int]:
    kill, step = note.split()[1].split("-")
    return int(kill), int(step)
