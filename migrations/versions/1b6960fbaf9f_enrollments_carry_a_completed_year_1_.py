"""enrollments carry a completed year 1 from an earlier one

An enrollment may be credited with the year 1 of an earlier enrollment of the same mentee that
did not complete but met year 1 and had it signed off; a specialist decides, with a reason (the
check constraint: both or neither). Existing enrollments carry nothing: no backfill.

Revision ID: 1b6960fbaf9f
Revises: bdf63aff9d31
Create Date: 2026-12-06 23:31:03.517307

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1b6960fbaf9f'
down_revision = 'bdf63aff9d31'
branch_labels = None
depends_on = None

CARRY_CHECK = 'ck_enrollments_year1_carry_has_reason'  # the full name (op.f() marks it so below)
CARRY_FOREIGN_KEY = 'fk_enrollments_year1_carried_from_id_enrollments'


def upgrade():
    with op.batch_alter_table('enrollments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('year1_carried_from_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('year1_carry_reason', sa.String(length=500), nullable=True))
        batch_op.create_foreign_key(
            op.f(CARRY_FOREIGN_KEY), 'enrollments', ['year1_carried_from_id'], ['id']
        )
        batch_op.create_check_constraint(
            op.f(CARRY_CHECK),
            sa.text('(year1_carried_from_id IS NULL) = (year1_carry_reason IS NULL)'),
        )


def downgrade():
    with op.batch_alter_table('enrollments', schema=None) as batch_op:
        batch_op.drop_constraint(op.f(CARRY_CHECK), type_='check')
        batch_op.drop_constraint(op.f(CARRY_FOREIGN_KEY), type_='foreignkey')
        batch_op.drop_column('year1_carry_reason')
        batch_op.drop_column('year1_carried_from_id')
