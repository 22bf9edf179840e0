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


# -- PostgreSQL (tests marked ``postgres``; see tests/postgres.py) ------------------

def pytest_collection_modifyitems(config, items):
    from tests import postgres

    if postgres.server_url():
        return
    skip = pytest.mark.skip(reason=postgres.SKIP_REASON)
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def pytest_sessionfinish(session, exitstatus):
    from tests import postgres

    if postgres.server_url():
        postgres.drop_template()


@pytest.fixture
def pg_url():
    """A new, empty PostgreSQL database of this test's own (its URL)."""
    from tests import postgres

    name = postgres.create_database()
    yield postgres.url_for(name)
    postgres.drop_database(name)


@pytest.fixture
def pg_migrated_url():
    """A new PostgreSQL database already at the current schema (its URL)."""
    from tests import postgres

    name = postgres.create_database(postgres.migrated_template())
    yield postgres.url_for(name)
    postgres.drop_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_services(request, tmp_path):
    """The services over a SQLite file, and again over a PostgreSQL server."""
    from app.services import Services

    if request.param == "sqlite":
        location = tmp_path / "test.sqlite3"
    else:
        location = request.getfixturevalue("pg_migrated_url")
    opened = Services.open(location, tmp_path / "data")
    yield opened
    opened.close()


# Word files and the PDFs LibreOffice prints from them, once per session
# (imported last: they are built from the seeds above).
from tests.printed_documents import printed, word_files  # noqa: E402,F401
