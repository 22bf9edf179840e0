"""Shared fixtures. Qt runs offscreen: these machines have no display, and the
first QApplication would otherwise abort the whole run."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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
