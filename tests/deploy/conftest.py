"""The deployment under test: a scratch PostgreSQL database built by `flask db upgrade`, Redis,
and gunicorn servers in production mode started on loopback ports (see cluster.py).

These tests need PostgreSQL (TEST_DATABASE_URL, as in CI's PostgreSQL run) and Redis
(TEST_REDIS_URL, default redis://127.0.0.1:6379/9); on SQLite they are skipped. Each group of
servers counts its rate limits under its own random Redis key prefix and deletes only those
keys, so runs at the same time on one Redis do not share counts.
"""

import os
import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, make_url, text

from mentoring import _ENVIRONMENT, create_app
from mentoring.extensions import db
from tests.apps import make_test_config
from tests.deploy.cluster import (
    base_environment,
    run_flask,
)
from tests.deploy.helpers import DEFAULT_REDIS_URL, Deployment, _redis_problem


@pytest.fixture(scope="session")
def deployment(tmp_path_factory) -> Iterator[Deployment]:
    """A scratch database on the TEST_DATABASE_URL server, migrated, dropped at the end."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip(
            "deployment tests run gunicorn servers against PostgreSQL and Redis: set "
            "TEST_DATABASE_URL=postgresql+psycopg://… (CI's PostgreSQL run does)"
        )
    redis_url = os.environ.get("TEST_REDIS_URL", DEFAULT_REDIS_URL)
    problem = _redis_problem(redis_url)
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(problem)
        pytest.skip(problem)

    server_url = make_url(url)
    scratch = server_url.set(database=f"{server_url.database}_deploy_{secrets.token_hex(4)}")
    scratch_url = scratch.render_as_string(hide_password=False)
    admin = create_engine(server_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{scratch.database}"'))
    tmp = tmp_path_factory.mktemp("deploy")
    app = None
    try:
        run_flask(
            ["db", "upgrade"],
            {
                **base_environment(),
                "DATABASE_URL": scratch_url,
                "MENTORING_INSTANCE_PATH": str(tmp / "migrate"),
            },
        )
        with pytest.MonkeyPatch.context() as env:
            for variable in [*_ENVIRONMENT, "MENTORING_INSTANCE_PATH"]:
                env.delenv(variable, raising=False)
            env.setenv("MENTORING_INSTANCE_PATH", str(tmp / "tests"))
            app = create_app(make_test_config(scratch_url))
        yield Deployment(scratch_url, redis_url, app)
    finally:
        if app is not None:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch.database}" WITH (FORCE)'))
        admin.dispose()
