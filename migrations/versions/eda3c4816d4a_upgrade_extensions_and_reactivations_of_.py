"""upgrade: extensions and reactivations of the initial certificate

Revision ID: eda3c4816d4a
Revises: 8dba109e5716
Create Date: 2026-12-06 20:46:09.936637

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "eda3c4816d4a"
down_revision = "8dba109e5716"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "upgrade_validity_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "extension",
                "reactivation",
                name="validity_change_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "expires_on > effective_on",
            name=op.f("ck_upgrade_validity_changes_expires_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["mentee_id"],
            ["users.id"],
            name=op.f("fk_upgrade_validity_changes_mentee_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_upgrade_validity_changes")),
    )
    with op.batch_alter_table("upgrade_validity_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_upgrade_validity_changes_mentee_id"), ["mentee_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("upgrade_validity_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_upgrade_validity_changes_mentee_id"))

    op.drop_table("upgrade_validity_changes")
