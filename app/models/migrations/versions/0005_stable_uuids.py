"""stable unique ids (UUID) of plans and rows

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 09:00:00
"""

import uuid

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# Columns are added in place (ALTER TABLE ADD COLUMN), never by copying the
# table as batch mode would: the migration runs with foreign keys on, and
# dropping the old "plans" or "appendix_rows" would cascade-delete every row
# and progress entry that points at it. The empty default only exists to add
# a NOT NULL column to filled tables; the program always writes an id.


def _fill(table: str) -> None:
    """Give every existing plan and row its own id. Rows of a plan copied
    from last year's before this version cannot be matched any more: each
    gets a new one."""
    connection = op.get_bind()
    ids = [r[0] for r in connection.execute(sa.text(f"SELECT id FROM {table}"))]
    statement = sa.text(f"UPDATE {table} SET uuid = :uuid WHERE id = :id")
    for start in range(0, len(ids), 500):
        connection.execute(statement, [{"uuid": str(uuid.uuid4()), "id": i} for i in ids[start:start + 500]])


def upgrade() -> None:
    op.add_column('plans', sa.Column('uuid', sa.String(length=36), nullable=False, server_default=''))
    op.add_column('appendix_rows', sa.Column('uuid', sa.String(length=36), nullable=False, server_default=''))
    _fill('plans')
    _fill('appendix_rows')
    op.create_index('ix_plans_uuid', 'plans', ['uuid'], unique=True)
    op.create_index('ix_rows_plan_uuid', 'appendix_rows', ['plan_id', 'uuid'], unique=True)


def downgrade() -> None:
    op.drop_index('ix_rows_plan_uuid', table_name='appendix_rows')
    op.drop_index('ix_plans_uuid', table_name='plans')
    # Native DROP COLUMN (SQLite 3.35+, PostgreSQL): no table copy, no cascade.
    op.drop_column('appendix_rows', 'uuid')
    op.drop_column('plans', 'uuid')
