"""Shared fixtures: the app on a real database (SQLite, or PostgreSQL via TEST_DATABASE_URL),
a client and sign-in. Helpers live in tests/factories.py and tests/apps.py (and each folder's
helpers.py): a test module never imports from a conftest (tests/test_conftest_imports.py)."""

import os

import pytest

from mentoring import _ENVIRONMENT, create_app
from mentoring.core import mail
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.upgrade.operations import seed_rule_sets
from tests.apps import (
    IsolatedClient,
    _ensure_postgres_database,
    empty_all_tables,
    make_test_config,
)
from tests.factories import AuthActions, make_user


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        _ensure_postgres_database(url)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('database') / 'test.sqlite'}"


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
        empty_all_tables()
        db.session.remove()
        db.engine.dispose()


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


make_user.counter = 0


@pytest.fixture
def users(app):
    """One active user of each role."""
    return {role: make_user(role) for role in Role}


@pytest.fixture
def auth(client):
    return AuthActions(client)
