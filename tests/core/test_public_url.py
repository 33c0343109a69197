"""Production needs the site's public address, answers only its host, and builds emailed links
from it (issue 14, items 1 and 12)."""

import pytest

from mentoring import create_app
from mentoring.extensions import db
from tests.apps import make_test_config
from tests.factories import make_user

REDIS = "redis://127.0.0.1:6379/0"  # never reached: no request here is rate-limited


@pytest.fixture
def production_environment(monkeypatch):
    monkeypatch.setenv("MENTORING_ENV", "production")
    monkeypatch.setenv("MENTORING_SECRET_KEY", "x" * 64)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1/x")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", REDIS)
    return monkeypatch


@pytest.mark.parametrize("public_url", [None, "mentoring.state.example", "ftp://files.example"])
def test_production_refuses_to_start_without_a_public_url(production_environment, public_url):
    if public_url:
        production_environment.setenv("MENTORING_PUBLIC_URL", public_url)
    with pytest.raises(SystemExit) as refused:
        create_app()
    assert "MENTORING_PUBLIC_URL" in str(refused.value)
    assert "\n" not in str(refused.value)


def test_production_serves_the_public_host_or_the_hosts_it_is_given(production_environment):
    production_environment.setenv("MENTORING_PUBLIC_URL", "https://Mentoring.State.example/")
    assert create_app().config["TRUSTED_HOSTS"] == ["mentoring.state.example"]
    production_environment.setenv("MENTORING_TRUSTED_HOSTS", "mentoring.state.example, 10.0.0.5")
    assert create_app().config["TRUSTED_HOSTS"] == ["mentoring.state.example", "10.0.0.5"]


def test_development_answers_any_host(app, client):
    assert app.config["TRUSTED_HOSTS"] is None
    assert client.get("/login", headers={"Host": "192.168.1.20:5000"}).status_code == 200


def test_production_refuses_a_foreign_host_before_any_page(database_url, _schema):
    config = make_test_config(
        database_url,
        ENV_NAME="production",
        SECRET_KEY="a-production-secret-key-of-more-than-32-characters",
        ALLOW_SQLITE_IN_PRODUCTION=True,
        RATELIMIT_STORAGE_URI=REDIS,
        PUBLIC_URL="https://mentoring.test",
        SERVER_NAME=None,
    )
    production = create_app(config)
    with production.app_context():
        client = production.test_client()
        ours = client.get("/login", base_url="https://mentoring.test")
        theirs = client.get("/login", base_url="https://attacker.example")
        signed_in_only = client.get("/admin/users", base_url="https://attacker.example")
        db.engine.dispose()
    assert ours.status_code == 200
    assert theirs.status_code == signed_in_only.status_code == 400
    assert theirs.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "attacker.example" not in theirs.get_data(as_text=True)


def test_public_url_with_a_path_prefixes_the_links(app, client, outbox):
    app.config["PUBLIC_URL"] = "https://state.example/mentoring/"
    user = make_user()
    client.post("/password/forgot", data={"email": user.email})
    assert "https://state.example/mentoring/password/reset/" in outbox[-1].body
