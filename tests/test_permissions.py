"""The permission matrix: every route × every kind of visitor, generated from the URL map.

A new route without a row here fails test_every_route_has_a_row, so no page ships unchecked.
"""

import pytest

from mentoring.users.models import Role
from tests.conftest import make_user

ANONYMOUS = "anonymous"
VISITORS = [ANONYMOUS, Role.SPECIALIST, Role.MENTOR, Role.MENTEE]
SIGN_IN = 302  # anonymous visitors are sent to /login

# endpoint: (method, {visitor: expected status})
MATRIX = {
    "home.index": (
        "GET",
        {ANONYMOUS: 302, Role.SPECIALIST: 200, Role.MENTOR: 200, Role.MENTEE: 200},
    ),
    "home.healthz": ("GET", dict.fromkeys(VISITORS, 200)),
    "auth.login": (
        "GET",
        {ANONYMOUS: 200, Role.SPECIALIST: 302, Role.MENTOR: 302, Role.MENTEE: 302},
    ),
    "auth.logout": ("POST", dict.fromkeys(VISITORS, 302)),
    "auth.forgot_password": ("GET", dict.fromkeys(VISITORS, 200)),
    # The matrix uses a made-up token: every visitor gets the "link not usable" page.
    "auth.accept_invitation": ("GET", dict.fromkeys(VISITORS, 400)),
    "auth.reset_password": ("GET", dict.fromkeys(VISITORS, 400)),
    "auth.change_password": (
        "GET",
        {ANONYMOUS: SIGN_IN, Role.SPECIALIST: 200, Role.MENTOR: 200, Role.MENTEE: 200},
    ),
    "users.list_users": (
        "GET",
        {ANONYMOUS: SIGN_IN, Role.SPECIALIST: 200, Role.MENTOR: 403, Role.MENTEE: 403},
    ),
    "users.invite_user": (
        "GET",
        {ANONYMOUS: SIGN_IN, Role.SPECIALIST: 200, Role.MENTOR: 403, Role.MENTEE: 403},
    ),
    "users.show_user": (
        "GET",
        {ANONYMOUS: SIGN_IN, Role.SPECIALIST: 200, Role.MENTOR: 403, Role.MENTEE: 403},
    ),
    "users.change_role": (
        "POST",
        {ANONYMOUS: SIGN_IN, Role.SPECIALIST: 400, Role.MENTOR: 403, Role.MENTEE: 403},
    ),
    "users.deactivate_user": (
        "POST",
        {ANONYMOUS: SIGN_IN, Role.SPECIALIST: 302, Role.MENTOR: 403, Role.MENTEE: 403},
    ),
    "users.reactivate_user": (
        "POST",
        {ANONYMOUS: SIGN_IN, Role.SPECIALIST: 302, Role.MENTOR: 403, Role.MENTEE: 403},
    ),
    "users.resend_invitation": (
        "POST",
        {ANONYMOUS: SIGN_IN, Role.SPECIALIST: 302, Role.MENTOR: 403, Role.MENTEE: 403},
    ),
    "users.audit_log": (
        "GET",
        {ANONYMOUS: SIGN_IN, Role.SPECIALIST: 200, Role.MENTOR: 403, Role.MENTEE: 403},
    ),
}


def _routes(app):
    return {
        rule.endpoint: rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and not rule.endpoint.endswith(".static")
    }


def test_every_route_has_a_row(app):
    assert set(_routes(app)) == set(MATRIX)


def test_every_route_declares_an_access_rule(app):
    for endpoint in _routes(app):
        assert hasattr(app.view_functions[endpoint], "access_rule"), endpoint


@pytest.mark.parametrize("visitor", VISITORS, ids=str)
@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_route_answers_each_visitor_as_expected(app, client, auth, endpoint, visitor):
    target = make_user(Role.MENTEE, password=None)
    if visitor != ANONYMOUS:
        auth.login_as(make_user(visitor))
    rule = _routes(app)[endpoint]
    values = {"user_id": target.id, "token": "made-up-token"}
    with app.test_request_context():
        from flask import url_for

        url = url_for(endpoint, **{name: values[name] for name in rule.arguments})
    method, expected = MATRIX[endpoint]
    response = client.open(url, method=method)
    assert response.status_code == expected[visitor]
    if response.status_code == 302 and expected[visitor] == SIGN_IN and visitor == ANONYMOUS:
        assert response.headers["Location"].startswith("/login")


def test_an_object_that_does_not_exist_is_404_for_a_specialist(client, auth):
    auth.login_as(make_user(Role.SPECIALIST))
    assert client.get("/admin/users/999999").status_code == 404
    assert client.post("/admin/users/999999/deactivate").status_code == 404
