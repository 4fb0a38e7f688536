"""Candidate attempts, responses and page visits

No candidate could start an attempt before this revision, so the attempts table is empty here
and its new NOT NULL columns need no server default.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 10:10:05.132610

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('page_visits',
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('page_index', sa.Integer(), nullable=False),
    sa.Column('first_shown_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_page_visits_attempt_id_attempts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('attempt_id', 'page_index', name=op.f('pk_page_visits'))
    )
    op.create_table('responses',
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('value', sa.String(length=16), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_responses_attempt_id_attempts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('attempt_id', 'item_id', name=op.f('pk_responses'))
    )
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token_digest', sa.String(length=64), nullable=False))
        batch_op.add_column(sa.Column('candidate_name', sa.String(length=200), nullable=False))
        batch_op.add_column(sa.Column('candidate_email', sa.String(length=254), nullable=False))
        batch_op.add_column(sa.Column('bank_id', sa.String(length=64), nullable=False))
        batch_op.add_column(sa.Column('bank_version', sa.String(length=32), nullable=False))
        batch_op.add_column(sa.Column('seed', sa.Integer(), nullable=False))
        batch_op.add_column(sa.Column('consented_at', sa.DateTime(), nullable=False))
        batch_op.add_column(sa.Column('furthest_page', sa.Integer(), nullable=False))
        batch_op.create_unique_constraint('uq_attempts_campaign_email', ['campaign_id', 'candidate_email'])
        batch_op.create_unique_constraint(batch_op.f('uq_attempts_token_digest'), ['token_digest'])
        batch_op.drop_column('last_page_reached')


def downgrade():
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_page_reached', sa.INTEGER(), nullable=False, server_default='0'))
        batch_op.drop_constraint(batch_op.f('uq_attempts_token_digest'), type_='unique')
        batch_op.drop_constraint('uq_attempts_campaign_email', type_='unique')
        batch_op.drop_column('furthest_page')
        batch_op.drop_column('consented_at')
        batch_op.drop_column('seed')
        batch_op.drop_column('bank_version')
        batch_op.drop_column('bank_id')
        batch_op.drop_column('candidate_email')
        batch_op.drop_column('candidate_name')
        batch_op.drop_column('token_digest')

    op.drop_table('responses')
    op.drop_table('page_visits')
