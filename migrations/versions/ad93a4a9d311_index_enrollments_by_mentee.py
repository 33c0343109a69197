"""index enrollments by mentee

Revision ID: ad93a4a9d311
Revises: f2fb0787b935
Create Date: 2026-11-23 06:36:09.663374

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ad93a4a9d311'
down_revision = 'f2fb0787b935'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('enrollments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrollments_mentee_id'), ['mentee_id'], unique=False)



def downgrade():
    with op.batch_alter_table('enrollments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrollments_mentee_id'))

