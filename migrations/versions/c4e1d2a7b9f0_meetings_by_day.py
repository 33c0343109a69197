"""an index of meetings by the day they were held

The progress report counts the meetings held in each month of the school year; program-wide it
reads them as a range of this index rather than group by group. An index only: nothing to
backfill.

Revision ID: c4e1d2a7b9f0
Revises: ada92aae8205
Create Date: 2026-12-07 07:25:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c4e1d2a7b9f0'
down_revision = 'ada92aae8205'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index('ix_meetings_held_on', ['held_on'], unique=False)


def downgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index('ix_meetings_held_on')
