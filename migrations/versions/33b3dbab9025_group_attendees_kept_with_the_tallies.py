"""group attendees kept with the tallies

group_attendees holds, for each PLC group and program year, the enrollments that attended at
least one of its meetings, recounted with the year tallies (mentoring/progress/tallies.py) and
filled here by the same statement; the mentor activity report counts "mentees served" from a
few rows per group and year instead of every attendance row of a mentor's history (state
scale: 9,380 rows for 571,372 attendance rows).

Revision ID: 33b3dbab9025
Revises: 7abbc59641dd
Create Date: 2026-12-07 23:36:39

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "33b3dbab9025"
down_revision = "7abbc59641dd"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "group_attendees",
        sa.Column("plc_group_id", sa.Integer(), nullable=False),
        sa.Column("program_year", sa.Integer(), nullable=False),
        sa.Column("enrollment_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "program_year IN (1, 2)", name=op.f("ck_group_attendees_program_year_1_or_2")
        ),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["enrollments.id"],
            name=op.f("fk_group_attendees_enrollment_id_enrollments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plc_group_id"],
            ["plc_groups.id"],
            name=op.f("fk_group_attendees_plc_group_id_plc_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "plc_group_id", "program_year", "enrollment_id", name=op.f("pk_group_attendees")
        ),
    )
    with op.batch_alter_table("group_attendees", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_group_attendees_enrollment_id"), ["enrollment_id"], unique=False
        )

    # The app's statement (imported here, where the app is loaded), on this connection.
    from mentoring.progress.tallies import attendees_insert

    op.get_bind().execute(attendees_insert(lambda _column: sa.true()))


def downgrade():
    with op.batch_alter_table("group_attendees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_attendees_enrollment_id"))
    op.drop_table("group_attendees")
