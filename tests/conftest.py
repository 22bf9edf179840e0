"""Shared fixtures. Qt runs offscreen: these machines have no display, and the
first QApplication would otherwise abort the whole run."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Copies of ../shared/seeds, so the tests run from any clone.
SEEDS = FIXTURES / "seeds"


def seed_text(name: str) -> str:
    """A seed plan by its number ("004")."""
    return next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def seed_table_tsv(name: str) -> str:
    """The appendix table lines of a seed (the lines holding TABs)."""
    return "\n".join(line for line in seed_text(name).split("\n") if "\t" in line)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """No test touches the real user data folder."""
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def services(tmp_path):
    from app.services import Services

    opened = Services.open(tmp_path / "test.sqlite3", tmp_path / "data")
    yield opened
    opened.close()


# Word files and the PDFs LibreOffice prints from them, once per session
# (imported last: they are built from the seeds above).
from tests.printed_documents import printed, word_files  # noqa: E402,F401
