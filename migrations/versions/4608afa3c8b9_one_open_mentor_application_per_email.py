"""one open mentor application per email

Revision ID: 4608afa3c8b9
Revises: 7b9822f28bbb
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4608afa3c8b9'
down_revision = '7b9822f28bbb'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mentor_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentor_applications_email'))
        batch_op.create_index('uq_mentor_applications_open_email', ['email'], unique=True, sqlite_where=sa.text("status = 'submitted'"), postgresql_where=sa.text("status = 'submitted'"))



def downgrade():
    with op.batch_alter_table('mentor_applications', schema=None) as batch_op:
        batch_op.drop_index('uq_mentor_applications_open_email', sqlite_where=sa.text("status = 'submitted'"), postgresql_where=sa.text("status = 'submitted'"))
        batch_op.create_index(batch_op.f('ix_mentor_applications_email'), ['email'], unique=False)

