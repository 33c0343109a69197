"""upgrade: expiry reminders sent, and opt-outs

Revision ID: 8dba109e5716
Revises: be6cae23687d
Create Date: 2026-12-06 20:31:56.511290

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8dba109e5716"
down_revision = "be6cae23687d"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "upgrade_expiry_reminder_opt_outs",
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["mentee_id"],
            ["users.id"],
            name=op.f("fk_upgrade_expiry_reminder_opt_outs_mentee_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("mentee_id", name=op.f("pk_upgrade_expiry_reminder_opt_outs")),
    )
    op.create_table(
        "upgrade_expiry_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("days_before", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["mentee_id"],
            ["users.id"],
            name=op.f("fk_upgrade_expiry_reminders_mentee_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_upgrade_expiry_reminders")),
        sa.UniqueConstraint(
            "mentee_id",
            "expires_on",
            "days_before",
            name=op.f("uq_upgrade_expiry_reminders_mentee_id_expires_on_days_before"),
        ),
    )


def downgrade():
    op.drop_table("upgrade_expiry_reminders")
    op.drop_table("upgrade_expiry_reminder_opt_outs")
