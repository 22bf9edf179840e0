"""plan start date, report sent date, self-assessment criteria and links

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 09:00:00
"""

from alembic import op
import sqlalchemy as sa

# As in the schema (migration 0005): ids are 64-bit on both engines; a code
# the officer types has no length limit on PostgreSQL.
ID = sa.Integer().with_variant(sa.BigInteger(), "postgresql")
CODE = sa.String(length=32).with_variant(sa.Text(), "postgresql")


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL for every existing plan and report: a plan runs the whole year,
    # and no report is known to have been sent.
    with op.batch_alter_table('plans') as batch:
        batch.add_column(sa.Column('start_date', sa.Date(), nullable=True))
    with op.batch_alter_table('reports') as batch:
        batch.add_column(sa.Column('sent_on', sa.Date(), nullable=True))
    op.create_table('assessment_criteria',
    sa.Column('id', ID, nullable=False),
    sa.Column('plan_id', ID, nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', CODE, nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('max_points', sa.Float(), nullable=False),
    sa.Column('method', sa.String(length=40), nullable=False),
    sa.Column('scale', sa.Text(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('manual_score', sa.Float(), nullable=True),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('evidence_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('plan_id', 'code')
    )
    op.create_index(op.f('ix_assessment_criteria_plan_id'), 'assessment_criteria', ['plan_id'], unique=False)
    op.create_table('criterion_links',
    sa.Column('id', ID, nullable=False),
    sa.Column('criterion_id', ID, nullable=False),
    sa.Column('row_id', ID, nullable=True),
    sa.Column('entry_id', ID, nullable=True),
    sa.ForeignKeyConstraint(['criterion_id'], ['assessment_criteria.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_criterion_links_criterion_id'), 'criterion_links', ['criterion_id'], unique=False)
    op.create_index(op.f('ix_criterion_links_row_id'), 'criterion_links', ['row_id'], unique=False)
    op.create_index(op.f('ix_criterion_links_entry_id'), 'criterion_links', ['entry_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_criterion_links_entry_id'), table_name='criterion_links')
    op.drop_index(op.f('ix_criterion_links_row_id'), table_name='criterion_links')
    op.drop_index(op.f('ix_criterion_links_criterion_id'), table_name='criterion_links')
    op.drop_table('criterion_links')
    op.drop_index(op.f('ix_assessment_criteria_plan_id'), table_name='assessment_criteria')
    op.drop_table('assessment_criteria')
    with op.batch_alter_table('reports') as batch:
        batch.drop_column('sent_on')
    with op.batch_alter_table('plans') as batch:
        batch.drop_column('start_date')
