"""enrollments complete, or not, when a cohort closes

A certified enrollment becomes completed; an active one left in a cohort that was already
completed or archived becomes not completed; every PLC group's active count is recounted from
its active enrollments (so completed mentees stop taking their mentor's places).

Revision ID: f87640f6a1d1
Revises: f3d18bbee0e2
Create Date: 2026-12-06 20:03:27.830514

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f87640f6a1d1'
down_revision = 'f3d18bbee0e2'
branch_labels = None
depends_on = None

STATUS_CHECK = 'ck_enrollments_enrollment_status'  # the full name (op.f() marks it so below)


def _status_column(values: tuple[str, ...], length: int, batch_op) -> None:
    batch_op.drop_constraint(op.f(STATUS_CHECK), type_='check')
    batch_op.alter_column(
        'status', existing_type=sa.String(), type_=sa.String(length), existing_nullable=False
    )
    batch_op.create_check_constraint(
        op.f(STATUS_CHECK), sa.column('status').in_(values)
    )


def upgrade():
    with op.batch_alter_table('enrollments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('outcome_reason', sa.String(length=500), nullable=True))
        _status_column(('active', 'withdrawn', 'completed', 'not_completed'), 13, batch_op)

    op.execute(
        """
        UPDATE enrollments SET status = 'completed',
            ended_on = (SELECT MIN(issued_on) FROM certificates
                        WHERE certificates.enrollment_id = enrollments.id
                          AND certificates.status = 'valid')
        WHERE status IN ('active', 'completed')
          AND EXISTS (SELECT 1 FROM certificates
                      WHERE certificates.enrollment_id = enrollments.id
                        AND certificates.status = 'valid')
        """
    )
    op.execute(
        """
        UPDATE enrollments SET status = 'not_completed',
            outcome_reason = 'Not completed when the cohort closed'
        WHERE status = 'active'
          AND cohort_id IN (SELECT id FROM cohorts WHERE status IN ('completed', 'archived'))
        """
    )
    op.execute(
        """
        UPDATE plc_groups SET active_count = (
            SELECT COUNT(*) FROM enrollments
            WHERE enrollments.plc_group_id = plc_groups.id AND enrollments.status = 'active')
        """
    )


def downgrade():
    op.execute("UPDATE enrollments SET status = 'withdrawn' WHERE status = 'not_completed'")
    with op.batch_alter_table('enrollments', schema=None) as batch_op:
        _status_column(('active', 'withdrawn', 'completed'), 9, batch_op)
        batch_op.drop_column('outcome_reason')
        batch_op.drop_column('ended_on')
