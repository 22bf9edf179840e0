"""progress entry names the occurrence it answers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL for every existing entry: it answers the earliest open occurrence,
    # which is what every entry meant before occurrences were tracked.
    with op.batch_alter_table('progress_entries') as batch:
        batch.add_column(sa.Column('occurrence', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('progress_entries') as batch:
        batch.drop_column('occurrence')
