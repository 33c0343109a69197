"""upgrade: professional-development credit in quarter hours (15 minutes; a quarter semester hour)

Every stored credit (a multiple of 30 or 450 minutes) is also a multiple of 15 or 225, so no
row needs changing. Downgrading refuses while a row holds a quarter that the old rule forbids.

Revision ID: a7c2e4b19d05
Revises: d01fefc355b8
Create Date: 2026-12-06 23:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a7c2e4b19d05"
down_revision = "d01fefc355b8"
branch_labels = None
depends_on = None

QUARTERS = (
    "(unit = 'contact_hours' AND credit_minutes > 0"
    " AND credit_minutes = (credit_minutes / 15) * 15)"
    " OR (unit = 'semester_hours' AND credit_minutes > 0"
    " AND credit_minutes = (credit_minutes / 225) * 225)"
)
HALVES = (
    "(unit = 'contact_hours' AND credit_minutes > 0"
    " AND credit_minutes = (credit_minutes / 30) * 30)"
    " OR (unit = 'semester_hours' AND credit_minutes > 0"
    " AND credit_minutes = (credit_minutes / 450) * 450)"
)


def upgrade():
    with op.batch_alter_table("development_activities", schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f("ck_development_activities_credit_in_half_units"), type_="check"
        )
        batch_op.create_check_constraint("credit_in_quarter_units", sa.text(QUARTERS))


def downgrade():
    quarters = op.get_bind().scalar(
        sa.text(f"SELECT count(*) FROM development_activities WHERE NOT ({HALVES})")
    )
    if quarters:
        raise RuntimeError(
            f"{quarters} professional-development entries hold quarter hours, which the older "
            "schema refuses: change them to half hours before downgrading."
        )
    with op.batch_alter_table("development_activities", schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f("ck_development_activities_credit_in_quarter_units"), type_="check"
        )
        batch_op.create_check_constraint("credit_in_half_units", sa.text(HALVES))
