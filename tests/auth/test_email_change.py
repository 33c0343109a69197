"""Changing the sign-in email: confirmed from the new address, and the form says nothing about
other accounts (issue 14, item 12)."""

import re

import pytest

from mentoring.core.audit import AuditEvent
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.users.models import User
from tests.factories import PASSWORD, link_from, make_user

NEW_PASSWORD = "a-brand-new-passphrase"
FLASH = "We sent a link to {}. Your sign-in email changes when you open it."


def _page(response, address: str) -> str:
    """The page without its CSRF token (signed with the time) and with the address typed."""
    text = response.get_data(as_text=True).replace(address, "X@")
    return re.sub(r'name="csrf_token" value="[^"]+"', "", text)


def _ask(client, email, password=PASSWORD):
    return client.post(
        "/account/email", data={"email": email, "current_password": password}, follow_redirects=True
    )


@pytest.mark.parametrize("app_config", [{"SERVER_NAME": None}])  # as on the app servers
def test_the_email_changes_only_once_the_new_address_confirms(app, client, auth, outbox):
    user = make_user(Role.MENTOR, email="old@example.org")
    other_device = app.test_client()
    other_device.post("/login", data={"email": user.email, "password": PASSWORD})
    auth.login_as(user)
    cookie = client.get_cookie("session", domain="localhost").value
    client.set_cookie("session", cookie, domain="attacker.example")
    asked = client.post(
        "/account/email",
        data={"email": "New@Example.org", "current_password": PASSWORD},
        headers={"Host": "attacker.example"},
    )
    assert asked.status_code == 302
    assert [m.to for m in outbox] == [["new@example.org"]]
    assert "http://mentoring.test/account/email/confirm/" in outbox[0].body  # the public URL
    assert db.session.get(User, user.id).email == "old@example.org"
    assert other_device.get("/").status_code == 200  # nothing changed yet

    link = link_from(outbox[0], "/account/email/confirm/")
    opened = client.get(link)
    assert opened.status_code == 302 and opened.headers["Location"] == "/account/email/confirm"
    assert opened.headers["Cache-Control"] == "no-store"
    page = client.get("/account/email/confirm")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert b"new@example.org" in page.data
    assert db.session.get(User, user.id).email == "old@example.org"  # a GET changes nothing

    confirmed = client.post("/account/email/confirm")
    assert confirmed.status_code == 302 and confirmed.headers["Location"] == "/account"
    assert db.session.get(User, user.id).email == "new@example.org"
    assert sorted(m.to[0] for m in outbox[1:]) == ["new@example.org", "old@example.org"]
    assert client.get("/account").status_code == 200  # this session carries on
    assert other_device.get("/").status_code == 302  # the others end
    assert db.session.query(AuditEvent).filter_by(action="auth.email_changed").count() == 1
    # The link works once.
    assert client.get(link).status_code == 400


def test_a_link_opened_without_being_signed_in_changes_the_email_too(client, auth, outbox):
    user = make_user(email="old@example.org")
    auth.login_as(user)
    _ask(client, "new@example.org")
    auth.logout()
    client.get(link_from(outbox[-1], "/account/email/confirm/"))
    confirmed = client.post("/account/email/confirm")
    assert confirmed.headers["Location"] == "/login"
    assert auth.login("new@example.org").status_code == 302


def test_the_form_answers_the_same_whether_or_not_an_account_uses_the_address(client, auth, outbox):
    make_user(email="taken@example.org")
    user = make_user(email="old@example.org")
    auth.login_as(user)
    free, taken = _ask(client, "free@example.org"), _ask(client, "taken@example.org")
    assert free.status_code == taken.status_code == 200
    assert FLASH.format("free@example.org") in free.get_data(as_text=True)
    assert FLASH.format("taken@example.org") in taken.get_data(as_text=True)
    assert _page(free, "free@") == _page(taken, "taken@")
    # Only the owner of the taken address hears of it, and gets no link.
    assert [m.to for m in outbox] == [["free@example.org"], ["taken@example.org"]]
    assert "/account/email/confirm/" not in outbox[1].body
    assert db.session.get(User, user.id).email == "old@example.org"


def test_a_confirmation_link_is_void_after_a_password_change(client, auth, outbox):
    user = make_user(email="old@example.org")
    auth.login_as(user)
    _ask(client, "new@example.org")
    link = link_from(outbox[-1], "/account/email/confirm/")
    client.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    refused = client.get(link)
    assert refused.status_code == 400 and b"no longer works" in refused.data
    assert db.session.get(User, user.id).email == "old@example.org"


def test_a_wrong_password_or_a_tampered_link_changes_nothing(client, auth, outbox):
    user = make_user(email="old@example.org")
    auth.login_as(user)
    refused = _ask(client, "new@example.org", "not-the-password")
    assert b"The current password is not correct." in refused.data and outbox == []
    _ask(client, "new@example.org")
    link = link_from(outbox[-1], "/account/email/confirm/")
    assert client.get(link[:-2] + ("AA" if not link.endswith("AA") else "BB")).status_code == 400
    assert client.post("/account/email/confirm").status_code == 400
    assert db.session.get(User, user.id).email == "old@example.org"
