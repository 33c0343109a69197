"""upgrade: a reactivation's route, and a course's completion and application dates

Reactivations recorded before keep no route (it was not asked): the new columns are empty for
them, which the checks allow.

Revision ID: 52a2f918ae1e
Revises: a7c2e4b19d05
Create Date: 2026-12-07 00:02:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "52a2f918ae1e"
down_revision = "a7c2e4b19d05"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("upgrade_validity_changes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "reactivation_route",
                sa.Enum(
                    "course",
                    "employment",
                    name="reactivation_route",
                    native_enum=False,
                    create_constraint=True,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("applied_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("course_completed_on", sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            "route_of_reactivation", sa.text("kind = 'reactivation' OR reactivation_route IS NULL")
        )
        batch_op.create_check_constraint(
            "course_before_application",
            sa.text(
                "course_completed_on IS NULL OR (reactivation_route = 'course'"
                " AND applied_on IS NOT NULL AND course_completed_on <= applied_on)"
            ),
        )


def downgrade():
    with op.batch_alter_table("upgrade_validity_changes", schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f("ck_upgrade_validity_changes_course_before_application"), type_="check"
        )
        batch_op.drop_constraint(
            op.f("ck_upgrade_validity_changes_route_of_reactivation"), type_="check"
        )
        batch_op.drop_constraint(
            op.f("ck_upgrade_validity_changes_reactivation_route"), type_="check"
        )
        batch_op.drop_column("course_completed_on")
        batch_op.drop_column("applied_on")
        batch_op.drop_column("reactivation_route")
