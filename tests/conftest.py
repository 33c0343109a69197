"""Shared fixtures: the app on a real database (SQLite, or PostgreSQL via TEST_DATABASE_URL),
a client, sign-in helpers and user factories."""

import os
import re

import pyotp
import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, delete, event, make_url, text

from mentoring import _ENVIRONMENT, create_app
from mentoring.core import mail
from mentoring.core.models import utcnow
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.upgrade.operations import seed_rule_sets
from mentoring.users import operations as user_operations

PASSWORD = "correct-horse-battery"
# Specialists must have a second factor: test specialists get this one (pyotp's base32).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


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


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        _ensure_postgres_database(url)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('database') / 'test.sqlite'}"


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


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch, tmp_path):
    """Keep a developer's own DATABASE_URL or secret key out of the tests."""
    for variable in [*_ENVIRONMENT, "MENTORING_INSTANCE_PATH"]:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("MENTORING_INSTANCE_PATH", str(tmp_path / "instance"))


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory):
    """Create the schema once per run (migrations are checked separately by `flask db check`)."""
    app = create_app(make_test_config(database_url))
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app_config() -> dict:
    """Per-test config overrides; a test module can override this fixture."""
    return {}


@pytest.fixture
def app(database_url, _schema, app_config):
    app = create_app(make_test_config(database_url, **app_config))
    with app.app_context():
        # The rows a migrated database starts with: the certificate paths' rule sets.
        seed_rule_sets()
        db.session.commit()
        yield app
        mail.stop_worker(app)
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()


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


def _empty_all_tables() -> None:
    """Leave every table empty for the next test (one TRUNCATE on PostgreSQL: much faster)."""
    tables = db.metadata.sorted_tables
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(tables):
            db.session.execute(delete(table))
    db.session.commit()


@pytest.fixture
def client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def outbox(app) -> list:
    """Messages sent during the test (Flask-Mailman's locmem backend keeps them per app)."""
    state = app.extensions["mailman"]
    state.outbox = []
    return state.outbox


def make_user(
    role: Role = Role.MENTEE,
    email: str | None = None,
    name: str | None = None,
    password: str | None = PASSWORD,
    is_active: bool = True,
):
    """Create and commit a user; each call gets a distinct email unless one is given."""
    make_user.counter += 1
    user = user_operations.create_user(
        email or f"{role.value}{make_user.counter}@example.org",
        name or f"{role.value.title()} Person {make_user.counter}",
        role,
        password=password,
    )
    user.is_active = is_active
    if role in (Role.SPECIALIST, Role.CERTIFICATION_OFFICE) and password is not None:
        give_second_factor(user)
    db.session.commit()
    return user


make_user.counter = 0


def give_second_factor(user) -> None:
    """Set up the test second factor, as if the user had scanned it and confirmed a code."""
    user.totp_secret = TOTP_SECRET
    user.totp_confirmed_at = utcnow()


def current_code(user) -> str:
    """The user's code for now, usable again: a test signs in many times within 30 seconds,
    and a real code works once (see mentoring/auth/second_factor.py)."""
    user.totp_last_step = None
    db.session.commit()
    return pyotp.TOTP(user.totp_secret).now()


@pytest.fixture
def users(app):
    """One active user of each role."""
    return {role: make_user(role) for role in Role}


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, email: str, password: str = PASSWORD):
        return self.client.post("/login", data={"email": email, "password": password})

    def login_as(self, user):
        """Sign in through the real form, with the second factor where the user has one."""
        response = self.login(user.email)
        assert response.status_code == 302, "sign-in failed in a test helper"
        if user.has_second_factor:
            response = self.client.post("/login/second-factor", data={"code": current_code(user)})
            assert response.status_code == 302, "the second factor failed in a test helper"
        return response

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


def link_from(message, path_prefix: str) -> str:
    """Return the path of the first link in an email body that starts with path_prefix."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}\S+)", message.body)
    assert match, f"no {path_prefix} link in the email"
    return match.group(1)


def count_statements(client, url: str) -> int:
    """How many SQL statements a GET of url runs (it must answer 200)."""
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)
