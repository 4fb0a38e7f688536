"""Report audit log

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 11:09:59.311990

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_accesses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("action IN ('view', 'download')", name=op.f('ck_report_accesses_action')),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_report_accesses_attempt_id_attempts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_report_accesses_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_report_accesses_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_accesses'))
    )
    with op.batch_alter_table('report_accesses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_accesses_attempt_id'), ['attempt_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_accesses_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_accesses_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('report_accesses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_accesses_user_id'))
        batch_op.drop_index(batch_op.f('ix_report_accesses_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_report_accesses_attempt_id'))

    op.drop_table('report_accesses')
