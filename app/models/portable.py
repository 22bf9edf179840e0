"""The few SQL statements whose spelling differs between SQLite and
PostgreSQL, in one place (the services never ask which engine they run on).
"""

from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy.dialects import postgresql, sqlite

# INSERT … ON CONFLICT DO NOTHING exists in both, under each dialect's own insert().
_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def insert_new_only(session, model, rows: Iterable[dict[str, Any]]) -> None:
    """Insert ``rows``, skipping those that would duplicate a unique value
    (SQLite's INSERT OR IGNORE, PostgreSQL's ON CONFLICT DO NOTHING)."""
    rows = list(rows)
    if not rows:
        return
    insert = _INSERTS[session.get_bind().dialect.name]
    session.execute(insert(model).values(rows).on_conflict_do_nothing())
