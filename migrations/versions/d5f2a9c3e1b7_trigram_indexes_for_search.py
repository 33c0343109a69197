"""trigram indexes for search, on PostgreSQL

Search finds people whose name, email, district or school contains the text typed, ignoring
case: lower(column) LIKE '%text%', which no B-tree index serves. On PostgreSQL, GIN indexes of
the lowered columns with pg_trgm's operator class do (national scale, "District 42": 115 ms ->
26 ms). pg_trgm ships with PostgreSQL and is a trusted extension (13 and later): the owner of
the database may create it. Where it is not available, the migration creates nothing and search
works as before, reading every account. SQLite has no such index; nothing changes there.

The indexes live here only, not in the models (an operator class of one database); migrations/
env.py keeps `flask db check` from reporting them (names ending in _trgm).

Revision ID: d5f2a9c3e1b7
Revises: c4e1d2a7b9f0
Create Date: 2026-12-07 16:45:00.000000

"""

import logging

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d5f2a9c3e1b7"
down_revision = "c4e1d2a7b9f0"
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_users_name_trgm", "users", "name"),
    ("ix_users_email_trgm", "users", "email"),
    ("ix_mentee_profiles_district_trgm", "mentee_profiles", "district"),
    ("ix_mentee_profiles_school_trgm", "mentee_profiles", "school"),
    ("ix_mentor_profiles_district_trgm", "mentor_profiles", "district"),
    ("ix_mentor_profiles_school_trgm", "mentor_profiles", "school"),
]


def create_statements() -> list[str]:
    """The CREATE INDEX of each trigram index (the extension must exist)."""
    return [
        f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (lower({column}) gin_trgm_ops)"
        for name, table, column in INDEXES
    ]


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    available = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    ).first()
    if available is None:
        logging.getLogger("alembic.runtime.migration").warning(
            "pg_trgm is not available: search reads every account (no trigram indexes)"
        )
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for statement in create_statements():
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, _, _ in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
