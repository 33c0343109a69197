"""Invitations and password resets by emailed, signed, single-use links; password changes."""

from datetime import timedelta

from sqlalchemy import select

from mentoring.auth.models import AccountToken
from mentoring.core.models import utcnow
from mentoring.extensions import db
from mentoring.users.models import Role
from tests.conftest import PASSWORD, link_from, make_user

NEW_PASSWORD = "a-brand-new-passphrase"


def _invite(client, auth, outbox, email="new.mentor@example.org"):
    auth.login_as(make_user(Role.SPECIALIST))
    response = client.post(
        "/admin/users/invite", data={"name": "New Mentor", "email": email, "role": "mentor"}
    )
    assert response.status_code == 302
    auth.logout()
    return link_from(outbox[-1], "/invitation/")


def _choose(client, link, password=NEW_PASSWORD, confirm=None):
    return client.post(link, data={"password": password, "confirm": confirm or password})


def test_invited_person_sets_a_password_once_then_signs_in(client, auth, outbox):
    link = _invite(client, auth, outbox)
    assert outbox[-1].to == ["new.mentor@example.org"]
    assert "7 days" in outbox[-1].body
    assert b"new.mentor@example.org" in client.get(link).data
    assert _choose(client, link).headers["Location"] == "/login"
    assert auth.login("new.mentor@example.org", NEW_PASSWORD).status_code == 302
    auth.logout()
    reused = _choose(client, link, "another-good-passphrase")
    assert reused.status_code == 400
    assert b"already been used" in reused.data
    assert auth.login("new.mentor@example.org", "another-good-passphrase").status_code == 200


def test_a_tampered_link_is_refused(client, auth, outbox):
    link = _invite(client, auth, outbox)
    tampered = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    response = _choose(client, tampered)
    assert response.status_code == 400
    assert b"not valid" in response.data
    assert client.get("/invitation/not-even-a-token").status_code == 400


def test_an_expired_invitation_is_refused_and_changes_nothing(client, auth, outbox):
    link = _invite(client, auth, outbox)
    token = db.session.scalars(select(AccountToken)).one()
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = _choose(client, link)
    assert response.status_code == 400 and b"expired" in response.data
    db.session.refresh(token)
    assert token.used_at is None and token.user.password_hash is None


def test_a_new_invitation_replaces_the_previous_link(client, auth, outbox):
    first = _invite(client, auth, outbox)
    specialist = make_user(Role.SPECIALIST)
    auth.login_as(specialist)
    invited = db.session.scalars(select(AccountToken)).one().user
    assert client.post(f"/admin/users/{invited.id}/invitation").status_code == 302
    auth.logout()
    second = link_from(outbox[-1], "/invitation/")
    assert _choose(client, first).status_code == 400
    assert _choose(client, second).status_code == 302


def test_weak_or_mismatched_passwords_are_refused_beside_the_field(client, auth, outbox):
    link = _invite(client, auth, outbox)
    short = _choose(client, link, "short")
    assert b"Use at least 12 characters." in short.data
    common = _choose(client, link, "password1234")
    assert b"too common" in common.data
    mismatch = _choose(client, link, NEW_PASSWORD, "something-else-entirely")
    assert b"The two passwords differ." in mismatch.data
    assert db.session.scalars(select(AccountToken)).one().used_at is None


def test_forgot_password_never_reveals_whether_an_email_exists(client, outbox):
    user = make_user()
    known = client.post(
        "/password/forgot", data={"email": user.email.upper()}, follow_redirects=True
    )
    unknown = client.post(
        "/password/forgot", data={"email": "nobody@example.org"}, follow_redirects=True
    )
    assert known.status_code == unknown.status_code == 200
    assert b"If an account uses that email" in known.data
    assert known.data == unknown.data
    assert [m.to for m in outbox] == [[user.email]]


def test_password_reset_link_sets_a_new_password_and_ends_other_sessions(app, client, auth, outbox):
    user = make_user()
    other_device = client.application.test_client()
    other_device.post("/login", data={"email": user.email, "password": PASSWORD})
    assert other_device.get("/").status_code == 200
    client.post("/password/forgot", data={"email": user.email})
    link = link_from(outbox[-1], "/password/reset/")
    assert _choose(client, link).status_code == 302
    assert other_device.get("/").status_code == 302
    assert auth.login(user.email, PASSWORD).status_code == 200
    assert auth.login(user.email, NEW_PASSWORD).status_code == 302


def test_deactivated_users_get_no_reset_email(client, outbox):
    user = make_user(is_active=False)
    client.post("/password/forgot", data={"email": user.email})
    assert outbox == []


def test_changing_a_password_keeps_this_session_and_ends_the_others(app, client, auth):
    user = make_user()
    other_device = client.application.test_client()
    other_device.post("/login", data={"email": user.email, "password": PASSWORD})
    auth.login_as(user)
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/account/password").status_code == 200
    assert other_device.get("/").status_code == 302


def test_changing_a_password_needs_the_current_one(client, auth):
    user = make_user()
    auth.login_as(user)
    response = client.post(
        "/account/password",
        data={
            "current_password": "wrong-current-1",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert b"The current password is not correct." in response.data
    auth.logout()
    assert auth.login(user.email, PASSWORD).status_code == 302
