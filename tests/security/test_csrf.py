"""CSRF refused on every state-changing route: with protection on (as in production), every
POST route of the URL map answers 400 without a token, and the database does not change.
(tests/reflections/test_csrf.py covers how a refused reflection form comes back.)"""

import re

import pytest

from mentoring import create_app
from mentoring.core.roles import Role
from tests.apps import make_test_config
from tests.factories import PASSWORD, current_code
from tests.matrix import ANONYMOUS
from tests.security.walk import allowed_visitors, post_endpoints, snapshot, url
from tests.world import build_world

REFUSED = "did not come from this site"


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def _token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in_with_tokens(client, user) -> None:
    """Sign in through the real forms, each with its CSRF token."""
    token = _token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    if user.has_second_factor:
        token = _token(client.get("/login/second-factor").get_data(as_text=True))
        response = client.post(
            "/login/second-factor", data={"code": current_code(user), "csrf_token": token}
        )
        assert response.status_code == 302


# RFC 8058's one-click unsubscribe: a mail client POSTs without a token; the signed token in the
# URL is the key (tests/notifications/test_inbox.py refuses a made-up one with CSRF on).
CSRF_EXEMPT = {"notifications.unsubscribe"}


def _endpoints():
    app = create_app(make_test_config("sqlite://"))
    return [endpoint for endpoint in post_endpoints(app) if endpoint not in CSRF_EXEMPT]


def test_only_the_one_click_unsubscribe_is_exempt(app):
    exempt = app.extensions["csrf"]._exempt_views
    views = {
        f"{view.__module__}.{view.__name__}": endpoint
        for endpoint, view in app.view_functions.items()
    }
    assert {views[name] for name in exempt} == CSRF_EXEMPT


@pytest.mark.parametrize("endpoint", _endpoints())
def test_csrf_refused_on_every_state_changing_route(app, client, endpoint):
    world = build_world()
    visitors = allowed_visitors(app, endpoint)[:1] or [ANONYMOUS]
    target = url(app, endpoint, world.url_values)
    for visitor in visitors:
        browser = app.test_client()
        if visitor != ANONYMOUS:
            sign_in_with_tokens(browser, world.visitors[visitor])
        before = snapshot()
        for data in ({}, {"csrf_token": "forged"}):
            response = browser.post(target, data=data)
            assert response.status_code == 400, (visitor, target, data)
            assert REFUSED in response.get_data(as_text=True)
        assert snapshot() == before, (visitor, target)
        if visitor != ANONYMOUS:
            # The control: the same visitor's session is signed in and works.
            assert browser.get("/").status_code == 200


def test_the_walk_covers_every_kind_of_post_route(app):
    endpoints = _endpoints()
    assert len(endpoints) >= 45
    for expected in ("auth.login", "users.change_role", "certificates.revoke", "auth.logout"):
        assert expected in endpoints
    assert allowed_visitors(app, "users.change_role") == [Role.SPECIALIST]
    assert allowed_visitors(app, "auth.login")[0] == ANONYMOUS
