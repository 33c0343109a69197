"""Search's statement is one that PostgreSQL's trigram indexes (migration d5f2a9c3e1b7) can
answer table by table: an OR across the outer joins, or a column compared without lower(),
would leave them unused and read every account at national scale."""

import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import text

from mentoring.extensions import db
from mentoring.records import queries
from tests.factories import counting_statements, make_mentee, make_mentor

MIGRATION = (
    Path(__file__).resolve().parents[2]
    / "migrations"
    / "versions"
    / "d5f2a9c3e1b7_trigram_indexes_for_search.py"
)


def _migration():
    spec = importlib.util.spec_from_file_location("trigram_migration", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_part_of_a_search_reads_its_trigram_index(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("trigram indexes are PostgreSQL's: run with TEST_DATABASE_URL")
    make_mentee(name="Noor Ahmed", district="Fulton 58")
    make_mentor(name="Mia Mentor")
    make_mentee(name="Zed Other", district="Columbia 93")
    # The tests' schema comes from the models, which leave these indexes to the migration: make
    # them here, in this test's transaction (rolled back at its end, DDL included).
    migration = _migration()
    db.session.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    for statement in migration.create_statements():
        db.session.execute(text(statement))
    with counting_statements(with_parameters=True) as seen:
        found = queries.search_page("FULTON", 1, 25)
    assert [user.name for user, _, _ in found.items] == ["Noor Ahmed"]
    statement, parameters = seen[-1]
    # With so few rows a scan of each table is cheaper; forbidden, the planner shows which
    # indexes the statement can use.
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(
        row[0]
        for row in db.session.connection().exec_driver_sql(f"EXPLAIN {statement}", parameters)
    )
    for name, _, _ in migration.INDEXES:
        assert f"Bitmap Index Scan on {name}" in plan, plan
    db.session.rollback()
