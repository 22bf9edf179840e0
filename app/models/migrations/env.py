"""Alembic environment.

The program runs migrations itself when it opens a data file (see
``app.models.database``), handing over its own connection. Developers can
also run ``alembic`` from the repository root with ``alembic.ini``.
"""

from alembic import context
from sqlalchemy import engine_from_config, pool

from app.models.schema import Base

config = context.config
target_metadata = Base.metadata


def run_migrations(connection) -> None:
    # render_as_batch: SQLite can only alter tables by copying them.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    engine = engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as conn:
        run_migrations(conn)
