"""The test app's configuration and database, for the conftest's fixtures and for the tests that
build an app of their own."""

from flask.testing import FlaskClient
from sqlalchemy import create_engine, delete, make_url, text

from mentoring.extensions import db


def _ensure_postgres_database(url: str) -> None:
    """Create the test database on the server if it does not exist yet."""
    target = make_url(url)
    engine = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    engine.dispose()


def make_test_config(database_url: str, **overrides) -> dict:
    config = {
        "ENV_NAME": "testing",
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "MAIL_BACKEND": "locmem",
        "MAIL_QUEUE": "inline",  # sent right after each commit, so tests read it at once
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # cheap: tests hash hundreds of passwords
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": "mentoring.test",
        "PUBLIC_URL": "http://mentoring.test",
    }
    config.update(overrides)
    return config


class IsolatedClient(FlaskClient):
    """Give every request its own app context (fresh g and session), as a real server does.

    Without this, requests reuse the test's app context, and Flask-Login's user cached in g
    leaks from one request to the next. After each request the test's own session commits,
    so what the test reads next is what the request wrote.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.commit()
        return response


def empty_all_tables() -> None:
    """Leave every table empty for the next test (one TRUNCATE on PostgreSQL: much faster)."""
    tables = db.metadata.sorted_tables
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(tables):
            db.session.execute(delete(table))
    db.session.commit()
