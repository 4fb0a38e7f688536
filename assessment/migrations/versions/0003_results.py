"""Scored results

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 10:21:01.517971

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('bank_version', sa.String(length=32), nullable=False),
    sa.Column('model_version', sa.String(length=120), nullable=False),
    sa.Column('benchmark_id', sa.String(length=64), nullable=False),
    sa.Column('fit', sa.Double(), nullable=True),
    sa.Column('recommendation', sa.String(length=32), nullable=False),
    sa.Column('validity_verdict', sa.String(length=32), nullable=False),
    sa.Column('profile', sa.JSON(), nullable=False),
    sa.Column('scored_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_results_attempt_id_attempts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_results'))
    )
    with op.batch_alter_table('results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_results_attempt_id'), ['attempt_id'], unique=False)



def downgrade():
    with op.batch_alter_table('results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_results_attempt_id'))

    op.drop_table('results')
