"""PostgreSQL holds what SQLite holds: free-length typed texts, 64-bit ids

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 02:00:00

SQLite never enforces a VARCHAR's length; PostgreSQL refuses a longer value
with an error. The few short texts the officer types (a document's number,
its symbol, the signer's authority) become TEXT on PostgreSQL, so both
engines accept what the window accepts.

SQLite's INTEGER PRIMARY KEY holds 64 bits; PostgreSQL's INTEGER 32. Ids and
the columns that point to them become BIGINT (their sequences too), so the
same ids fit on both. Nothing changes in a SQLite file.
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

FREE_TEXTS = (
    ("plans", "number", 32), ("plans", "symbol", 64), ("plans", "signer_authority", 16),
    ("reports", "number", 32), ("reports", "symbol", 64),
)


# (table, column, nullable) of every id and every column pointing to one.
IDS = (
    ("plans", "id", False), ("units", "id", False), ("contacts", "id", False), ("reports", "id", False),
    ("reports", "plan_id", False), ("appendix_rows", "id", False), ("appendix_rows", "plan_id", False),
    ("appendix_rows", "parent_id", True), ("progress_entries", "id", False), ("progress_entries", "row_id", False),
    ("attachments", "id", False), ("attachments", "entry_id", False), ("mail_history", "id", False),
    ("mail_history", "plan_id", True), ("mail_history", "report_id", True),
)


def _ids(to, existing) -> None:
    for table, column, nullable in IDS:
        op.alter_column(table, column, type_=to(), existing_type=existing(), existing_nullable=nullable)
        if column == "id":
            kind = "bigint" if to is sa.BigInteger else "integer"
            op.execute(f"ALTER SEQUENCE IF EXISTS {table}_id_seq AS {kind}")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, length in FREE_TEXTS:
        op.alter_column(table, column, type_=sa.Text(), existing_type=sa.String(length), existing_nullable=False)
    _ids(sa.BigInteger, sa.Integer)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _ids(sa.Integer, sa.BigInteger)
    for table, column, length in FREE_TEXTS:
        op.alter_column(table, column, type_=sa.String(length), existing_type=sa.Text(), existing_nullable=False)
