"""The migrations build the same schema as the models, up and down, on a fresh database."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from mentoring import create_app
from mentoring.extensions import db


def test_migrations_upgrade_and_downgrade_a_fresh_sqlite_database(tmp_path, monkeypatch):
    monkeypatch.setenv("MENTORING_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.sqlite'}"})
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {table.name for table in db.metadata.sorted_tables} <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
