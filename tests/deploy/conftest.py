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
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
from flask import Flask
from sqlalchemy import create_engine, make_url, text

from mentoring import _ENVIRONMENT, create_app
from mentoring.extensions import db
from tests.conftest import make_test_config
from tests.deploy.cluster import (
    PUBLIC_URL,
    Server,
    base_environment,
    run_flask,
    start_servers,
    stop_server,
)

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/9"


@dataclass
class Deployment:
    database_url: str
    redis_url: str
    app: Flask  # bound to the same database: the tests prepare data through it
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32))  # shared by servers

    def environment(self, instance: Path) -> dict[str, str]:
        """What an operator sets on every app server (README, Production)."""
        return {
            **base_environment(),
            "MENTORING_ENV": "production",
            "MENTORING_SECRET_KEY": self.secret_key,
            "DATABASE_URL": self.database_url,
            "RATELIMIT_STORAGE_URI": self.redis_url,
            "MENTORING_PUBLIC_URL": PUBLIC_URL,
            "MENTORING_TRUSTED_PROXIES": "1",
            # Who issues the certificates (production refuses to issue without it).
            "MENTORING_CERTIFICATE_DEPARTMENT": "Missouri Department of Elementary and "
            "Secondary Education",
            "MENTORING_CERTIFICATE_ASSOCIATION": "Missouri School Counselor Association",
            "MENTORING_CERTIFICATE_PROGRAM": "School Counselor Mentoring Program",
            "MENTORING_CERTIFICATE_SIGNATORY_NAME": "Jordan A. Whitfield",
            "MENTORING_CERTIFICATE_SIGNATORY_TITLE": "Program Specialist",
            "MENTORING_CERTIFICATE_LOGOS": "img/demo/department-seal.png",
            "MENTORING_INSTANCE_PATH": str(instance),
            # Nothing here should send mail; if something did, SMTP to nowhere would hide it.
            "MAIL_BACKEND": "locmem",
        }


def _redis(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def _redis_problem(url: str) -> str | None:
    client = _redis(url)
    try:
        client.ping()
    except redis.RedisError as error:
        return f"Redis at {url} does not answer ({error})"
    finally:
        client.close()
    return None


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


@dataclass
class Cluster:
    servers: list[Server]
    rate_limit_prefix: str  # in every Redis key of this group's rate limits


@contextmanager
def running_servers(
    deployment: Deployment, names: list[str], workers: int, tmp: Path
) -> Iterator[Cluster]:
    """Start one gunicorn server per name with the same environment; stop them all at the end,
    whatever happens, and delete this group's rate-limit keys from Redis."""
    prefix = f"mentoring-test-{secrets.token_hex(6)}"
    instance = tmp / "instance"
    instance.mkdir(parents=True, exist_ok=True)
    (instance / "config.py").write_text(f"RATELIMIT_KEY_PREFIX = {prefix!r}\n")
    environment = deployment.environment(instance)
    try:
        servers = start_servers(names, environment, workers, tmp)
        try:
            yield Cluster(servers, prefix)
        finally:
            for server in servers:
                stop_server(server)
            for server in servers:  # pytest shows this output when a test fails
                print(f"--- {server.name} (port {server.port}), last lines of its log:")
                print(server.log_tail())
    finally:
        delete_rate_limits(deployment.redis_url, prefix)


def rate_limit_keys(redis_url: str, prefix: str) -> list[bytes]:
    client = _redis(redis_url)
    try:
        return list(client.scan_iter(match=f"*{prefix}*"))
    finally:
        client.close()


def delete_rate_limits(redis_url: str, prefix: str) -> None:
    keys = rate_limit_keys(redis_url, prefix)
    if keys:
        client = _redis(redis_url)
        try:
            client.delete(*keys)
        finally:
            client.close()
