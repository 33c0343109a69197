"""The app factory, its configuration layers and the health check."""

import pytest
from sqlalchemy import select, text

from mentoring import create_app
from mentoring.auth.models import SignInFailure
from mentoring.extensions import db
from tests.factories import make_user

REDIS = "redis://127.0.0.1:6379/0"  # never reached: the app connects on its first limited request


def test_instance_config_overrides_defaults_and_environment_overrides_both(monkeypatch, tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text('MAIL_SERVER = "instance.example"\nITEMS_PER_PAGE = 7\n')
    monkeypatch.setenv("MENTORING_INSTANCE_PATH", str(instance))
    monkeypatch.setenv("MAIL_SERVER", "env.example")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["ITEMS_PER_PAGE"] == 7
    assert app.config["MAIL_SERVER"] == "env.example"


def test_development_creates_a_secret_key_once_and_reuses_it(monkeypatch, tmp_path):
    monkeypatch.setenv("MENTORING_INSTANCE_PATH", str(tmp_path / "instance"))
    first = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["SECRET_KEY"]
    second = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["SECRET_KEY"]
    assert first == second
    assert len(first) == 64
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o077 == 0


def test_default_database_is_sqlite_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("MENTORING_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app()
    assert (
        app.config["SQLALCHEMY_DATABASE_URI"]
        == f"sqlite:///{tmp_path / 'instance' / 'mentoring.sqlite'}"
    )


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setenv("MENTORING_ENV", "production")
    monkeypatch.setenv("MENTORING_PUBLIC_URL", "https://mentoring.state.example")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1/x")
    with pytest.raises(SystemExit) as refused:
        create_app()
    assert "MENTORING_SECRET_KEY" in str(refused.value)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("database_url", [None, "sqlite:////tmp/production.sqlite"])
def test_production_refuses_sqlite_unless_explicitly_allowed(monkeypatch, database_url):
    monkeypatch.setenv("MENTORING_ENV", "production")
    monkeypatch.setenv("MENTORING_PUBLIC_URL", "https://mentoring.state.example")
    monkeypatch.setenv("MENTORING_SECRET_KEY", "x" * 64)
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", REDIS)
    if database_url:
        monkeypatch.setenv("DATABASE_URL", database_url)
    with pytest.raises(SystemExit) as refused:
        create_app()
    assert "DATABASE_URL" in str(refused.value)
    monkeypatch.setenv("MENTORING_ALLOW_SQLITE", "1")
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/production.sqlite")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["MAIL_BACKEND"] == "smtp"


@pytest.mark.parametrize("storage", [None, "memory://"])
def test_production_refuses_rate_limits_counted_in_process_memory(monkeypatch, storage):
    """Every worker and server must count the same limits: memory:// would count per process."""
    monkeypatch.setenv("MENTORING_ENV", "production")
    monkeypatch.setenv("MENTORING_PUBLIC_URL", "https://mentoring.state.example")
    monkeypatch.setenv("MENTORING_SECRET_KEY", "x" * 64)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1/x")
    if storage:
        monkeypatch.setenv("RATELIMIT_STORAGE_URI", storage)
    with pytest.raises(SystemExit) as refused:
        create_app()
    assert "RATELIMIT_STORAGE_URI" in str(refused.value)
    assert "\n" not in str(refused.value)
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", REDIS)
    assert create_app().config["RATELIMIT_STORAGE_URI"] == REDIS


@pytest.mark.parametrize(
    ("app_config", "address"), [({}, "127.0.0.1"), ({"TRUSTED_PROXIES": 1}, "203.0.113.9")]
)
def test_the_client_address_comes_from_a_trusted_load_balancer_only(client, outbox, address):
    """Behind a load balancer (MENTORING_TRUSTED_PROXIES=1) a sign-in failure is counted for
    the client's address, not the balancer's; without the setting the same headers, which any
    client can send, change nothing. Emailed links start with PUBLIC_URL either way."""
    balancer = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    wrong = {"email": "nobody@example.org", "password": "not-the-password"}
    assert client.post("/login", data=wrong, headers=balancer).status_code == 200
    assert db.session.scalar(select(SignInFailure.ip_address)) == address
    user = make_user()
    client.post("/password/forgot", data={"email": user.email}, headers=balancer)
    assert "http://mentoring.test/password/reset/" in outbox[-1].body


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    assert db.session.scalar(text("PRAGMA foreign_keys")) == 1
    assert db.session.scalar(text("PRAGMA journal_mode")) == "wal"


def test_postgresql_connections_price_index_lookups_for_fast_storage(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL planner setting")
    assert db.session.scalar(text("SHOW random_page_cost")) == "1.1"


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": True}


def test_healthz_answers_503_when_the_database_does_not(monkeypatch, tmp_path):
    monkeypatch.setenv("MENTORING_INSTANCE_PATH", str(tmp_path / "instance"))
    unreachable = "postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=1"
    app = create_app({"SQLALCHEMY_DATABASE_URI": unreachable, "SECRET_KEY": "x"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": False}


def test_sql_parameters_never_reach_error_messages(app):
    from sqlalchemy.exc import IntegrityError

    from mentoring.users.models import User

    secret = "PLANTED-SECRET-VALUE"
    with pytest.raises(IntegrityError) as failed:
        db.session.execute(
            User.__table__.insert().values(email=None, name=secret, role="mentee", is_active=True)
        )
    db.session.rollback()
    # SQLAlchemy no longer appends "[parameters: ...]" (PostgreSQL's own DETAIL line may still
    # quote a failing row; the error handler logs only that a request failed, see core/errors.py).
    assert "[parameters:" not in str(failed.value)
    assert "SQL parameters hidden" in str(failed.value)
