"""plan option: leave out appendix columns that are empty in every row

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 00:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ALTER TABLE ADD COLUMN (its default fills the existing plans,
    # which print every column as before). Never batch mode here: rebuilding
    # "plans" would drop the old table, and ON DELETE CASCADE would take
    # every appendix row and progress entry with it.
    op.add_column('plans', sa.Column('hide_empty_columns', sa.Boolean(), nullable=False,
                                     server_default=sa.false()))


def downgrade() -> None:
    op.drop_column('plans', 'hide_empty_columns')
