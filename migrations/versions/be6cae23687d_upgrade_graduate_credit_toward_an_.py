"""upgrade: graduate credit toward an advanced degree

Revision ID: be6cae23687d
Revises: f87640f6a1d1
Create Date: 2026-12-06 20:18:37.946102

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "be6cae23687d"
down_revision = "f87640f6a1d1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("development_activities", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_graduate_credit", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        # Graduate credit toward an advanced degree is college credit: semester hours only.
        batch_op.create_check_constraint(
            "graduate_in_semester_hours", "unit = 'semester_hours' OR NOT is_graduate_credit"
        )


def downgrade():
    with op.batch_alter_table("development_activities", schema=None) as batch_op:
        batch_op.drop_constraint("graduate_in_semester_hours", type_="check")
        batch_op.drop_column("is_graduate_credit")
