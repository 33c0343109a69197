"""Helpers of the deploy tests, imported from here (a conftest holds fixtures only)."""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import redis
from flask import Flask

from tests.deploy.cluster import (
    PUBLIC_URL,
    Server,
    base_environment,
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
