"""Signing in and out, brute-force limits, CSRF, and the session identity."""

import pytest
from sqlalchemy import select

from mentoring.core.audit import AuditEvent
from mentoring.core.roles import Role
from mentoring.extensions import db
from tests.factories import PASSWORD, make_user

WRONG = b"The email or password is not correct."


def test_login_page_has_the_labelled_fields_and_button(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<label class="form-label" for="email">Email</label>' in page
    assert '<label class="form-label" for="password">Password</label>' in page
    assert 'value="Sign in"' in page


def test_sign_in_with_any_letter_case_in_the_email_reaches_home(client, auth):
    user = make_user(Role.MENTOR, email="Pat.Mentor@Example.org")
    response = auth.login("PAT.MENTOR@example.ORG")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert f"Welcome, {user.name}" in client.get("/").get_data(as_text=True)
    assert user.last_login_at is not None


def test_wrong_email_and_wrong_password_get_the_same_message(client, auth):
    make_user(email="someone@example.org")
    wrong_password = auth.login("someone@example.org", "not-the-password")
    wrong_email = auth.login("nobody@example.org", PASSWORD)
    assert wrong_password.status_code == wrong_email.status_code == 200
    assert WRONG in wrong_password.data and WRONG in wrong_email.data


def test_deactivated_and_invited_users_cannot_sign_in(client, auth):
    deactivated = make_user(is_active=False)
    invited = make_user(password=None)
    assert WRONG in auth.login(deactivated.email).data
    assert WRONG in auth.login(invited.email, PASSWORD).data


def test_next_parameter_only_redirects_within_the_site(client):
    user = make_user(Role.MENTOR)
    form = {"email": user.email, "password": PASSWORD}
    inside = client.post("/login?next=/admin/users", data=form)
    assert inside.headers["Location"] == "/admin/users"
    client.post("/logout")
    for outside in ["https://evil.example/", "//evil.example/", "/\\evil.example"]:
        response = client.post(f"/login?next={outside}", data=form)
        assert response.headers["Location"] == "/"
        client.post("/logout")


def test_logout_is_post_only_and_ends_the_session(client, auth):
    user = make_user()
    auth.login_as(user)
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200
    assert auth.logout().status_code == 302
    assert client.get("/").headers["Location"] == "/login"


def test_a_deactivated_user_is_signed_out_at_once(client, auth):
    user = make_user()
    auth.login_as(user)
    user.is_active = False
    db.session.commit()
    assert client.get("/account/password").status_code == 302


def test_sign_in_starts_a_fresh_session(client, auth):
    user = make_user()
    with client.session_transaction() as session:
        session["planted"] = "before sign-in"
    auth.login_as(user)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_one_account_tried_from_one_address_is_limited_with_a_readable_429(client, auth):
    for _ in range(10):
        assert auth.login("guess@example.org", "wrong-password-1").status_code == 200
    over = auth.login("guess@example.org", "wrong-password-1")
    assert over.status_code == 429
    assert b"Too many attempts" in over.data
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "auth.login_throttled")
    )
    assert len(list(events)) == 1


@pytest.mark.parametrize(
    ("typed", "recorded"),
    [
        ("Someone@Example.org", "someone@example.org"),
        ("x@example.org\r\nAudit: forged line", "invalid"),
        ("not an address at all", "invalid"),
    ],
)
def test_a_throttled_sign_in_audits_only_a_valid_email(client, typed, recorded):
    for _ in range(11):
        over = client.post("/login", data={"email": typed, "password": "wrong-password-1"})
    assert over.status_code == 429
    summary = db.session.scalars(
        select(AuditEvent.summary).where(AuditEvent.action == "auth.login_throttled")
    ).one()
    assert summary == f"Sign-in over the limit (10 per 1 minute) for {recorded}"


def test_successful_sign_ins_do_not_count_toward_the_limit(client, auth):
    user = make_user()
    for _ in range(12):
        auth.login_as(user)
        auth.logout()
