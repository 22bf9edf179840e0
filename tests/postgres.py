"""A real PostgreSQL for the tests that need one.

``CCHC_TEST_POSTGRES_URL`` names a server and a database the test user may
connect to, as a role allowed to create databases (``.ci/run`` starts one in
a temporary folder). Each test gets a database of its own, copied from a
template already migrated to the current schema, and dropped afterwards.
Without the variable, tests marked ``postgres`` are skipped, saying why.
"""

from __future__ import annotations

import os
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ENV = "CCHC_TEST_POSTGRES_URL"
SKIP_REASON = (f"no PostgreSQL: set {ENV}=postgresql://user@host/db (a role that may create databases) "
               "to run these tests; .ci/run starts a server for them")


def server_url() -> str | None:
    return os.environ.get(ENV, "").strip() or None


def _admin():
    url = make_url(server_url()).set(drivername="postgresql+psycopg")
    return create_engine(url, isolation_level="AUTOCOMMIT", poolclass=None)


def url_for(database: str) -> str:
    """The test URL with another database name (as the user would type it)."""
    url = make_url(server_url()).set(database=database, drivername="postgresql")
    return url.render_as_string(hide_password=False)


def create_database(template: str | None = None) -> str:
    name = f"cchc_test_{uuid.uuid4().hex[:10]}"
    engine = _admin()
    try:
        with engine.connect() as conn:
            clause = f' TEMPLATE "{template}"' if template else " TEMPLATE template0"
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    finally:
        engine.dispose()
    return name


def drop_database(name: str) -> None:
    engine = _admin()
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


_template: str | None = None


def migrated_template() -> str:
    """A database at the current schema, made once per test run."""
    global _template
    if _template is None:
        from app.models.database import Database

        name = create_database()
        Database.open(url_for(name)).close()
        _template = name
    return _template


def drop_template() -> None:
    global _template
    if _template is not None:
        drop_database(_template)
        _template = None
