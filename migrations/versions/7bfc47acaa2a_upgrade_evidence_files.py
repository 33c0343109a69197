"""upgrade: evidence files

Revision ID: 7bfc47acaa2a
Revises: eda3c4816d4a
Create Date: 2026-12-06 20:53:13.489217

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7bfc47acaa2a"
down_revision = "eda3c4816d4a"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "upgrade_evidence_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("experience_year_id", sa.Integer(), nullable=True),
        sa.Column("development_activity_id", sa.Integer(), nullable=True),
        sa.Column("validity_change_id", sa.Integer(), nullable=True),
        sa.Column("file_name", sa.String(length=120), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(CASE WHEN experience_year_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN development_activity_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN validity_change_id IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_upgrade_evidence_files_one_item"),
        ),
        sa.CheckConstraint("size_bytes > 0", name=op.f("ck_upgrade_evidence_files_size_positive")),
        sa.ForeignKeyConstraint(
            ["development_activity_id"],
            ["development_activities.id"],
            name=op.f("fk_upgrade_evidence_files_development_activity_id_development_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["experience_year_id"],
            ["experience_years.id"],
            name=op.f("fk_upgrade_evidence_files_experience_year_id_experience_years"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentee_id"],
            ["users.id"],
            name=op.f("fk_upgrade_evidence_files_mentee_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["validity_change_id"],
            ["upgrade_validity_changes.id"],
            name=op.f("fk_upgrade_evidence_files_validity_change_id_upgrade_validity_changes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_upgrade_evidence_files")),
    )
    with op.batch_alter_table("upgrade_evidence_files", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_upgrade_evidence_files_development_activity_id"),
            ["development_activity_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_upgrade_evidence_files_experience_year_id"),
            ["experience_year_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_upgrade_evidence_files_mentee_id"), ["mentee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_upgrade_evidence_files_validity_change_id"),
            ["validity_change_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("upgrade_evidence_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_upgrade_evidence_files_validity_change_id"))
        batch_op.drop_index(batch_op.f("ix_upgrade_evidence_files_mentee_id"))
        batch_op.drop_index(batch_op.f("ix_upgrade_evidence_files_experience_year_id"))
        batch_op.drop_index(batch_op.f("ix_upgrade_evidence_files_development_activity_id"))

    op.drop_table("upgrade_evidence_files")
