"""Layout, error pages and security headers."""

import pytest
from flask import abort

from mentoring.core.policy import public
from mentoring.core.roles import Role
from tests.factories import make_user


def test_security_headers_on_every_response(client):
    for response in (client.get("/login"), client.get("/no-such-page"), client.get("/healthz")):
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_httponly_and_samesite_lax(client, auth):
    set_cookie = auth.login_as(make_user()).headers["Set-Cookie"]
    assert set_cookie.startswith("session=")
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie


def test_signed_in_pages_are_not_cached(client, auth):
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    auth.login_as(make_user())
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_bootstrap_is_served_locally(client):
    page = client.get("/login").get_data(as_text=True)
    assert "cdn.jsdelivr" not in page
    assert "/bootstrap/static/css/bootstrap.min.css" in page
    with client.get("/bootstrap/static/css/bootstrap.min.css") as stylesheet:
        assert stylesheet.status_code == 200


@pytest.mark.parametrize("code", [400, 403, 404, 429, 500])
def test_error_pages_are_readable_and_never_show_a_trace(app, client, code):
    @app.get(f"/fail/{code}")
    @public
    def fail():
        if code == 500:
            raise RuntimeError("secret internals")
        abort(code)

    response = client.get(f"/fail/{code}")
    assert response.status_code == code
    body = response.get_data(as_text=True)
    assert "<h1>" in body and "Traceback" not in body and "secret internals" not in body


def test_navigation_shows_only_what_the_role_may_use(client, auth):
    auth.login_as(make_user(Role.MENTOR))
    page = client.get("/").get_data(as_text=True)
    assert "/admin/users" not in page and "/admin/audit" not in page
    auth.logout()
    auth.login_as(make_user(Role.SPECIALIST))
    page = client.get("/").get_data(as_text=True)
    assert "/admin/users" in page and "/admin/audit" in page


def test_a_page_is_skip_linked_and_has_landmarks(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'href="#main"' in page and '<main id="main"' in page and "<header" in page
