"""Invitations and password resets by emailed, signed, single-use links; password changes."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from mentoring.auth.models import AccountToken
from mentoring.core.models import utcnow
from mentoring.core.roles import Role
from mentoring.extensions import db
from tests.factories import PASSWORD, link_from, make_user

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
    """Open the emailed link, then choose a password on the page it leads to."""
    opened = client.get(link)
    if opened.status_code != 302:
        return opened
    page = opened.headers["Location"]
    return client.post(page, data={"password": password, "confirm": confirm or password})


def test_invited_person_sets_a_password_once_then_signs_in(client, auth, outbox):
    link = _invite(client, auth, outbox)
    assert outbox[-1].to == ["new.mentor@example.org"]
    assert "7 days" in outbox[-1].body
    assert b"new.mentor@example.org" in client.get(link, follow_redirects=True).data
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


# Links from the public address, never from the request's Host (issue 14, item 1) ------------

FOREIGN = {"Host": "attacker.example"}


@pytest.mark.parametrize("app_config", [{"SERVER_NAME": None}])  # as on the app servers
def test_reset_and_invitation_links_use_the_public_url_whatever_host_was_asked(
    client, auth, outbox
):
    """The test config's PUBLIC_URL is http://mentoring.test; the requests name another host."""
    user = make_user()
    assert client.post("/password/forgot", data={"email": user.email}, headers=FOREIGN).status_code
    auth.login_as(make_user(Role.SPECIALIST))
    # The browser was led to the app under the attacker's name: it sends its cookie there.
    cookie = client.get_cookie("session", domain="localhost").value
    client.set_cookie("session", cookie, domain="attacker.example")
    invited = client.post(
        "/admin/users/invite",
        data={"name": "New Mentor", "email": "new.mentor@example.org", "role": "mentor"},
        headers=FOREIGN,
    )
    assert invited.status_code == 302
    assert [m.to for m in outbox] == [[user.email], ["new.mentor@example.org"]]
    reset, invitation = (m.body for m in outbox)
    assert "http://mentoring.test/password/reset/" in reset
    assert "http://mentoring.test/invitation/" in invitation
    assert "attacker.example" not in reset + invitation


@pytest.mark.parametrize("app_config", [{"TRUSTED_HOSTS": ["mentoring.test"]}])
def test_a_request_for_a_host_the_site_does_not_serve_is_refused(client, auth, outbox):
    user = make_user()
    refused = client.post("/password/forgot", data={"email": user.email}, headers=FOREIGN)
    assert refused.status_code == 400
    assert refused.get_data(as_text=True) == "This site does not answer to that host name.\n"
    assert outbox == []
    # Signed in, the same: no redirect or page built from the foreign host.
    auth.login_as(make_user(Role.SPECIALIST))
    assert client.get("/admin/users", headers=FOREIGN).status_code == 400
    assert client.get("/admin/users", headers={"Host": "mentoring.test:443"}).status_code == 200


# Unused links stop working when the password or email changes (issue 14, item 4) ------------


def _reset_link(client, outbox, user) -> str:
    client.post("/password/forgot", data={"email": user.email})
    return link_from(outbox[-1], "/password/reset/")


def test_an_unused_reset_link_is_void_after_a_password_change(client, auth, outbox):
    user = make_user()
    link = _reset_link(client, outbox, user)
    auth.login_as(user)
    changed = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    auth.logout()
    refused = _choose(client, link, "an-attackers-passphrase")
    assert refused.status_code == 400 and b"already been used" in refused.data
    assert auth.login(user.email, NEW_PASSWORD).status_code == 302


def test_an_unused_reset_link_is_void_after_an_email_change(client, auth, outbox):
    user = make_user(email="old@example.org")
    link = _reset_link(client, outbox, user)
    auth.login_as(user)
    client.post("/account/email", data={"email": "new@example.org", "current_password": PASSWORD})
    confirm = link_from(outbox[-1], "/account/email/confirm/")
    assert client.get(confirm).status_code == 302
    assert client.post("/account/email/confirm").status_code == 302
    refused = _choose(client, link, "an-attackers-passphrase")
    assert refused.status_code == 400 and b"already been used" in refused.data


def test_a_reset_link_is_void_once_an_invitation_sets_the_password(client, auth, outbox):
    invitation = _invite(client, auth, outbox)
    reset = _reset_link(client, outbox, db.session.scalars(select(AccountToken)).one().user)
    assert _choose(client, invitation).status_code == 302
    assert _choose(client, reset, "an-attackers-passphrase").status_code == 400


# Tokens out of the addresses that are logged, pages not cached (issue 14, item 10) -----------


@pytest.mark.parametrize(
    ("prefix", "page"), [("/password/reset/", "/password/reset"), ("/invitation/", "/invitation")]
)
def test_the_token_moves_from_the_link_into_the_session(client, auth, outbox, prefix, page):
    if prefix == "/invitation/":
        link = _invite(client, auth, outbox)
    else:
        link = _reset_link(client, outbox, make_user())
    token = link.removeprefix(prefix)
    opened = client.get(link)
    assert opened.status_code == 302
    assert opened.headers["Location"] == page
    assert opened.headers["Cache-Control"] == "no-store"
    shown = client.get(page)
    assert shown.status_code == 200 and shown.headers["Cache-Control"] == "no-store"
    assert token not in shown.get_data(as_text=True)
    assert (
        client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code
        == 405
    )
    chosen = client.post(page, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert chosen.status_code == 302 and chosen.headers["Cache-Control"] == "no-store"
    # Spent and gone from the session: the page no longer shows the account.
    again = client.get(page)
    assert again.status_code == 400 and again.headers["Cache-Control"] == "no-store"
    assert b"example.org" not in again.data


def test_the_password_page_without_an_opened_link_is_refused(client):
    response = client.get("/password/reset")
    assert response.status_code == 400
    assert b"Open the link in your email again" in response.data
    assert response.headers["Cache-Control"] == "no-store"
