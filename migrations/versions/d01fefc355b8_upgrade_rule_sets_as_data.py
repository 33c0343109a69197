"""upgrade: rule sets as data, one row per version, seeded with version 1 of each path

The rows are read from the files the application ships (mentoring/upgrade/rule_sets/): a
version's file never changes once released, so this migration loads the same rows whenever it
runs. A later version is a new file and a new migration (or `flask upgrade rules add FILE`).

Revision ID: d01fefc355b8
Revises: 8daa0c3def29
Create Date: 2026-12-06 23:27:25.794163

"""

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d01fefc355b8"
down_revision = "8daa0c3def29"
branch_labels = None
depends_on = None

RULE_SET_FILES = Path(__file__).resolve().parents[2] / "mentoring" / "upgrade" / "rule_sets"
SEEDED = ("iss-css-1.toml", "ipc-ccpc-1.toml")
IDENTITY = ("path", "version", "name", "effective_on", "source_document", "source_section")


def upgrade():
    table = op.create_table(
        "upgrade_rule_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("source_document", sa.String(length=300), nullable=False),
        sa.Column("source_section", sa.String(length=300), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_upgrade_rule_sets_version_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_upgrade_rule_sets")),
        sa.UniqueConstraint("path", "version", name=op.f("uq_upgrade_rule_sets_path_version")),
    )
    now = datetime.now(UTC)
    rows = []
    for name in SEEDED:
        data = tomllib.loads((RULE_SET_FILES / name).read_text(encoding="utf-8"))
        rows.append(
            {key: data[key] for key in IDENTITY}
            | {"parameters": data["parameters"], "created_at": now}
        )
    op.bulk_insert(table, rows)


def downgrade():
    op.drop_table("upgrade_rule_sets")
