"""Mentoring: the statewide two-year mentoring program for school counselors."""

import gc
import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask, has_request_context, request
from sqlalchemy import event
from werkzeug.middleware.proxy_fix import ProxyFix

from mentoring.config import DefaultConfig
from mentoring.core.urls import public_host, public_url_problem
from mentoring.extensions import bootstrap, csrf, db, limiter, login_manager, mail, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
DEVELOPMENT_PUBLIC_URL = "http://127.0.0.1:5000"

# Environment variables and the config keys they set, with how to read the text.
_ENVIRONMENT = {
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", str),
    "MENTORING_SECRET_KEY": ("SECRET_KEY", str),
    "MENTORING_ENV": ("ENV_NAME", str),
    "MENTORING_PUBLIC_URL": ("PUBLIC_URL", str),
    "MENTORING_CREDENTIAL_KEYS": ("CREDENTIAL_KEYS_PATH", str),
    "MENTORING_TRUSTED_HOSTS": ("TRUSTED_HOSTS", lambda v: [h.strip() for h in v.split(",")]),
    "MENTORING_TIME_ZONE": ("TIME_ZONE", str),
    "MENTORING_ALLOW_SQLITE": ("ALLOW_SQLITE_IN_PRODUCTION", lambda v: v.lower() in _TRUE),
    "MENTORING_TRUSTED_PROXIES": ("TRUSTED_PROXIES", int),
    "RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str),
    "MAIL_BACKEND": ("MAIL_BACKEND", str),
    "MENTORING_MAIL_QUEUE": ("MAIL_QUEUE", str),
    "MAIL_SERVER": ("MAIL_SERVER", str),
    "MAIL_PORT": ("MAIL_PORT", int),
    "MAIL_USERNAME": ("MAIL_USERNAME", str),
    "MAIL_PASSWORD": ("MAIL_PASSWORD", str),
    "MAIL_USE_TLS": ("MAIL_USE_TLS", lambda v: v.lower() in _TRUE),
    "MAIL_USE_SSL": ("MAIL_USE_SSL", lambda v: v.lower() in _TRUE),
    "MAIL_DEFAULT_SENDER": ("MAIL_DEFAULT_SENDER", str),
    **{
        f"MENTORING_{key}": (key, str)
        for key in (
            "CERTIFICATE_DEPARTMENT",
            "CERTIFICATE_ASSOCIATION",
            "CERTIFICATE_PROGRAM",
            "CERTIFICATE_SIGNATORY_NAME",
            "CERTIFICATE_SIGNATORY_TITLE",
            "CERTIFICATE_LOGOS",  # comma-separated
            "CERTIFICATE_SIGNATURE_IMAGE",
        )
    },
}


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the Flask application: config layers, extensions, blueprints, CLI, errors."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("MENTORING_INSTANCE_PATH") or str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    _load_config(app, test_config)
    if app.config["TRUSTED_PROXIES"]:
        # Behind a load balancer the peer is the balancer: take the client's address (per-IP
        # limits, audit) and the scheme (https links) from the headers it sets, from that many
        # hops only, so a client cannot forge them.
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    _init_extensions(app)
    _register_features(app)
    if not app.testing:
        # What is made so far (modules, mappers, routes, config) lives as long as the process
        # (a gunicorn worker builds its app after the fork): out of the cyclic collector's
        # sight, so a request's collections scan what the request made, not the whole app. At
        # `state` scale they took 7 ms of the specialist home's 26 on average, 1.4 after.
        gc.freeze()
    return app


def _load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Layer the config: package defaults, instance/config.py, environment, then test_config."""
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    for variable, (key, parse) in _ENVIRONMENT.items():
        if os.environ.get(variable):
            app.config[key] = parse(os.environ[variable])
    if test_config:
        app.config.update(test_config)

    production = app.config["ENV_NAME"] == "production"
    database_url = app.config["SQLALCHEMY_DATABASE_URI"]
    if production:
        _refuse_unsafe_production(app)
    else:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        if not app.config["SECRET_KEY"]:
            app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))
        if not database_url:
            database_url = f"sqlite:///{Path(app.instance_path) / 'mentoring.sqlite'}"
        app.config["PUBLIC_URL"] = app.config["PUBLIC_URL"] or DEVELOPMENT_PUBLIC_URL
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgres://")
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    # Never put SQL parameters (reflection text, emails) into exception messages or logs.
    engine_options = {"hide_parameters": True}
    if not database_url.startswith("sqlite"):
        engine_options["pool_pre_ping"] = True
    if database_url.startswith("postgresql"):
        # PostgreSQL's default random_page_cost (4) prices an index lookup for a spinning disk,
        # so to join a page of mentees to their year tallies it reads both tally tables whole
        # (64 ms instead of 9 ms for the specialist home's cohort cards at national scale). On
        # SSDs or a database held in memory, 1.1 is the usual setting.
        engine_options["connect_args"] = {"options": "-c random_page_cost=1.1"}
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **engine_options,
        **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
    }

    if production:
        app.config["SESSION_COOKIE_SECURE"] = True
        # __Host-: the browser keeps it only if Secure, for this host and path "/" alone.
        app.config["SESSION_COOKIE_NAME"] = "__Host-session"
        app.config["SESSION_COOKIE_PATH"] = "/"
        app.config["SESSION_COOKIE_DOMAIN"] = None
        # Refuse every Host but the site's own (a 400 before any view runs): the load balancer
        # passes the public Host on; MENTORING_TRUSTED_HOSTS lists any other (its health check's).
        if app.config["TRUSTED_HOSTS"] is None:
            app.config["TRUSTED_HOSTS"] = [public_host(app.config["PUBLIC_URL"])]
    if app.config["MAIL_QUEUE"] is None:
        # Production sends from `flask mail worker`; development from a thread of the server.
        app.config["MAIL_QUEUE"] = "worker" if production else "thread"
    if app.config["MAIL_BACKEND"] is None:
        app.config["MAIL_BACKEND"] = "smtp" if production else "file"
    if app.config["MAIL_BACKEND"] == "file":
        app.config["MAIL_BACKEND"] = "mentoring.core.outbox"  # the file backend, files 0600
    app.config.setdefault("MAIL_FILE_PATH", str(Path(app.instance_path) / "outbox"))


# Keys from examples and tests: a production server signing sessions with one is open to anyone.
_WEAK_SECRET_KEYS = {"dev", "development", "secret", "changeme", "change-me", "test", "testing"}


def _refuse_unsafe_production(app: Flask) -> None:
    """Stop with a one-line reason when production lacks a secret key or a real database."""
    key = app.config["SECRET_KEY"]
    if not key:
        raise SystemExit(
            "mentoring: refusing to start: MENTORING_ENV=production needs MENTORING_SECRET_KEY."
        )
    if len(key) < 32 or key.lower() in _WEAK_SECRET_KEYS:
        raise SystemExit(
            "mentoring: refusing to start: MENTORING_SECRET_KEY is a default or too short; use at "
            "least 32 random characters: python3 -c 'import secrets; print(secrets.token_hex(32))'"
        )
    if app.config.get("DEBUG") or os.environ.get("FLASK_DEBUG", "").lower() in _TRUE:
        raise SystemExit("mentoring: refusing to start: debug mode is on in production.")
    url = app.config["SQLALCHEMY_DATABASE_URI"] or ""
    if (not url or url.startswith("sqlite")) and not app.config["ALLOW_SQLITE_IN_PRODUCTION"]:
        raise SystemExit(
            "mentoring: refusing to start: MENTORING_ENV=production needs DATABASE_URL pointing to "
            "PostgreSQL (set MENTORING_ALLOW_SQLITE=1 to run on SQLite on purpose)."
        )
    if (app.config["RATELIMIT_STORAGE_URI"] or "memory://").startswith("memory://"):
        # Each process would count on its own: N workers or servers allow N times the limit.
        raise SystemExit(
            "mentoring: refusing to start: MENTORING_ENV=production needs RATELIMIT_STORAGE_URI "
            "pointing to Redis (redis://host:6379/0); memory:// counts per process."
        )
    # Emailed links (password resets, invitations) are built from it, never from the request.
    problem = public_url_problem(app.config["PUBLIC_URL"])
    if problem:
        raise SystemExit(f"mentoring: refusing to start: {problem}")


def _instance_secret_key(instance: Path) -> str:
    """The development secret key kept in instance/, creating it the first time."""
    key_file = instance / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    bootstrap.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _configure_sqlite(db.engine)


def _private_sqlite_file(database: str | None) -> None:
    """Create the SQLite file readable by its owner only (0600), or make an existing one so.

    SQLite gives the -wal and -shm files it creates the mode of the database file.
    """
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    for file in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
        if file.exists():
            file.chmod(0o600)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def _configure_sqlite(engine) -> None:
    """Enforce foreign keys, use WAL, wait on locks, and make SAVEPOINT work (SQLAlchemy recipe)."""
    _private_sqlite_file(engine.url.database)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # pysqlite's own transaction handling breaks SAVEPOINT: let SQLAlchemy emit BEGIN instead.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        # With WAL, NORMAL never corrupts the database; it only skips an fsync per commit.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _writes() else "BEGIN")


def _writes() -> bool:
    """Whether this is a request that may write (anything but GET, HEAD and OPTIONS).

    In WAL mode a transaction that has read cannot become a writer while another one writes
    or has written since it began: SQLite refuses at once with "database is locked", and
    busy_timeout does not help. A write request therefore takes the write lock when it begins
    (BEGIN IMMEDIATE), waiting up to busy_timeout for the one before it, and reads then see
    the newest data. Pages (GET) keep plain BEGIN and never wait for writers.
    """
    return has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")


def _register_features(app: Flask) -> None:
    for blueprint in _blueprints():
        app.register_blueprint(blueprint)
    for command in _cli_commands():
        app.cli.add_command(command)
    for module in _app_modules():
        module.init_app(app)


def _blueprints() -> list:
    """Every feature's pages, in the order they are registered."""
    from mentoring.auth.routes import bp as auth_bp
    from mentoring.certificates.routes import bp as certificates_bp
    from mentoring.closeout.routes import bp as closeout_bp
    from mentoring.cohorts.routes import bp as cohorts_bp
    from mentoring.curriculum.routes import bp as curriculum_bp
    from mentoring.dashboards.routes import bp as home_bp
    from mentoring.drafts.routes import bp as drafts_bp
    from mentoring.meetings.routes import bp as meetings_bp
    from mentoring.mentors.routes import bp as mentors_bp
    from mentoring.notifications.routes import bp as notifications_bp
    from mentoring.plans.routes import bp as plans_bp
    from mentoring.progress.routes import bp as progress_bp
    from mentoring.records.routes import bp as records_bp
    from mentoring.reflections.routes import bp as reflections_bp
    from mentoring.reports.routes import bp as reports_bp
    from mentoring.schedule.routes import bp as schedule_bp
    from mentoring.service.routes import bp as service_bp
    from mentoring.surveys.routes import bp as surveys_bp
    from mentoring.upgrade.routes import bp as upgrade_bp
    from mentoring.users.routes import bp as users_bp

    return [
        home_bp,
        auth_bp,
        users_bp,
        mentors_bp,
        cohorts_bp,
        meetings_bp,
        reflections_bp,
        progress_bp,
        certificates_bp,
        closeout_bp,
        upgrade_bp,
        records_bp,
        schedule_bp,
        plans_bp,
        notifications_bp,
        drafts_bp,
        curriculum_bp,
        surveys_bp,
        reports_bp,
        service_bp,
    ]


def _cli_commands() -> list:
    """The `flask` commands of the features."""
    from mentoring.cohorts.cli import cohorts_cli
    from mentoring.demo.cli import demo_cli
    from mentoring.drafts.routes import drafts_cli
    from mentoring.notifications.cli import notifications_cli
    from mentoring.progress.cli import progress_cli, reminders_cli
    from mentoring.surveys.cli import surveys_cli
    from mentoring.upgrade.cli import upgrade_cli
    from mentoring.users.cli import users_cli

    return [
        users_cli,
        demo_cli,
        cohorts_cli,
        reminders_cli,
        progress_cli,
        upgrade_cli,
        drafts_cli,
        surveys_cli,
        notifications_cli,
    ]


def _app_modules() -> list:
    """The modules that hook into the app (checks, error pages, mail, logs...), in order."""
    from mentoring.certificates import credentials, issuer
    from mentoring.core import (
        backup,
        errors,
        files,
        hours,
        limits,
        localtime,
        logs,
        mail,
        policy,
        security,
        urls,
        wording,
    )

    return [
        policy,
        limits,
        files,
        errors,
        mail,
        security,
        logs,
        backup,
        urls,
        wording,
        issuer,
        credentials,
        localtime,
        hours,
    ]
