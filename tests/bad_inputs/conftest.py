"""Shared by the catalogue of bad inputs: a data file worth keeping, the
command line run in-process (same ``run`` as the installed ``cchc``), and
what "the file is intact" means: same bytes, or ``integrity_check`` ok with
the same counts."""

from __future__ import annotations

import hashlib
import io
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

COUNTED = ("plans", "appendix_rows", "progress_entries", "attachments", "reports", "mail_history", "contacts")


@dataclass(frozen=True)
class FileState:
    sha256: str
    integrity: str
    counts: dict[str, int]


def file_state(db: Path) -> FileState:
    connection = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        counts = {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}
    finally:
        connection.close()
    return FileState(hashlib.sha256(db.read_bytes()).hexdigest(), integrity, counts)


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    @property
    def message(self) -> str:
        """The one line a user reads on stderr."""
        lines = [line for line in self.err.splitlines() if line.strip()]
        return lines[-1] if lines else ""


def run_cli(*argv) -> CliResult:
    from app.cli import run

    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], out=out, err=err)
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    """Seed 004 (30 tasks), a progress entry, a saved report: made once."""
    from datetime import date

    from app.services import Services
    from tests.seeds import enter_seed_with_log

    folder = tmp_path_factory.mktemp("mau")
    services = Services.open(folder / "mau.sqlite3", folder / "data")
    try:
        plan_id = enter_seed_with_log(services)
        services.reports.create(plan_id, "q1", 2023, date(2023, 3, 14))
    finally:
        services.close()
    return folder / "mau.sqlite3"


@dataclass
class Case:
    """One bad input: what is typed, and everything the user sees after."""
    dir: Path
    db: Path
    data: Path

    def fill(self, text: str) -> str:
        return text.format(db=self.db, dir=self.dir, data=self.data)


@pytest.fixture
def case(tmp_path, template_db, monkeypatch) -> Case:
    folder = tmp_path / "viec"
    folder.mkdir()
    db = folder / "so.sqlite3"
    shutil.copy(template_db, db)
    data = tmp_path / "data"
    monkeypatch.setenv("CCHC_DATA_DIR", str(data))
    return Case(folder, db, data)
