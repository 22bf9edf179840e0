"""stable unique ids (UUID) of plans and rows

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 09:00:00
"""

import uuid

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# Columns are added in place (ALTER TABLE ADD COLUMN), never by copying the
# table as batch mode would: the migration runs with foreign keys on, and
# dropping the old "plans" or "appendix_rows" would cascade-delete every row
# and progress entry that points at it. The empty default only exists to add
# a NOT NULL column to filled tables; the program always writes an id.

# Existing plans and rows get ids derived from what they already are, so the
# same file (or a backup of it) upgraded twice — opened here, restored onto a
# server there — gives every plan and row the same id both times. New ones
# get random ids (app.models.schema.new_uuid).
NAMESPACE = uuid.UUID("1c0b7f4e-6f0e-5b5c-9a53-2a4d0c6e8b21")


def _fill_plans() -> dict[int, uuid.UUID]:
    connection = op.get_bind()
    plans = connection.execute(sa.text(
        "SELECT id, kind, year, created_at, title, issuing_body, place FROM plans")).all()
    ids = {}
    for plan_id, *facts in plans:
        ids[plan_id] = uuid.uuid5(NAMESPACE, "plan|" + str(plan_id) + "|" + "|".join(str(f) for f in facts))
    statement = sa.text("UPDATE plans SET uuid = :uuid WHERE id = :id")
    if ids:
        connection.execute(statement, [{"uuid": str(u), "id": i} for i, u in ids.items()])
    return ids


def _fill_rows(plans: dict[int, uuid.UUID]) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, plan_id FROM appendix_rows")).all()
    statement = sa.text("UPDATE appendix_rows SET uuid = :uuid WHERE id = :id")
    for start in range(0, len(rows), 500):
        connection.execute(statement, [{"uuid": str(uuid.uuid5(plans[plan_id], f"row|{row_id}")), "id": row_id}
                                       for row_id, plan_id in rows[start:start + 500]])


def upgrade() -> None:
    op.add_column('plans', sa.Column('uuid', sa.String(length=36), nullable=False, server_default=''))
    op.add_column('appendix_rows', sa.Column('uuid', sa.String(length=36), nullable=False, server_default=''))
    _fill_rows(_fill_plans())
    op.create_index('ix_plans_uuid', 'plans', ['uuid'], unique=True)
    op.create_index('ix_rows_plan_uuid', 'appendix_rows', ['plan_id', 'uuid'], unique=True)


def downgrade() -> None:
    op.drop_index('ix_rows_plan_uuid', table_name='appendix_rows')
    op.drop_index('ix_plans_uuid', table_name='plans')
    # Native DROP COLUMN (SQLite 3.35+, PostgreSQL): no table copy, no cascade.
    op.drop_column('appendix_rows', 'uuid')
    op.drop_column('plans', 'uuid')
