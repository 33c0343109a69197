"""upgrade: district verification links

Revision ID: c91c3729f370
Revises: 7bfc47acaa2a
Create Date: 2026-12-06 21:01:58.457471

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c91c3729f370"
down_revision = "7bfc47acaa2a"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "upgrade_verification_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("contact_name", sa.String(length=120), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["mentee_id"],
            ["users.id"],
            name=op.f("fk_upgrade_verification_links_mentee_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_upgrade_verification_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_upgrade_verification_links_token_hash")),
    )
    with op.batch_alter_table("upgrade_verification_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_upgrade_verification_links_mentee_id"), ["mentee_id"], unique=False
        )

    op.create_table(
        "upgrade_item_verifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("item_kind", sa.String(length=20), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "verified",
                "needs_correction",
                name="verification_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("verifier_name", sa.String(length=120), nullable=False),
        sa.Column("verifier_title", sa.String(length=120), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["upgrade_verification_links.id"],
            name=op.f("fk_upgrade_item_verifications_link_id_upgrade_verification_links"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentee_id"],
            ["users.id"],
            name=op.f("fk_upgrade_item_verifications_mentee_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_upgrade_item_verifications")),
    )
    with op.batch_alter_table("upgrade_item_verifications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_upgrade_item_verifications_item",
            ["mentee_id", "item_kind", "item_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("upgrade_item_verifications", schema=None) as batch_op:
        batch_op.drop_index("ix_upgrade_item_verifications_item")

    op.drop_table("upgrade_item_verifications")
    with op.batch_alter_table("upgrade_verification_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_upgrade_verification_links_mentee_id"))

    op.drop_table("upgrade_verification_links")
