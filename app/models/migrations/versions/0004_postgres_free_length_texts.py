"""texts the officer types have no length limit on PostgreSQL either

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 02:00:00

SQLite never enforces a VARCHAR's length; PostgreSQL refuses a longer value
with an error. The few short texts the officer types (a document's number,
its symbol, the signer's authority) become TEXT on PostgreSQL, so both
engines accept what the window accepts. Nothing changes in a SQLite file.
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

FREE_TEXTS = (
    ("plans", "number", 32), ("plans", "symbol", 64), ("plans", "signer_authority", 16),
    ("reports", "number", 32), ("reports", "symbol", 64),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, length in FREE_TEXTS:
        op.alter_column(table, column, type_=sa.Text(), existing_type=sa.String(length), existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, length in FREE_TEXTS:
        op.alter_column(table, column, type_=sa.String(length), existing_type=sa.Text(), existing_nullable=False)
