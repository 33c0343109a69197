"""ASVS level 2 for accounts and sessions: the second factor, sessions that end, lock-out, fresh
sign-in for sensitive actions, and the emails that tell the owner. Each test is named after the
requirement it shows."""

import re
import time
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import func, select

from mentoring import create_app
from mentoring.auth import second_factor, throttle
from mentoring.auth.models import RecoveryCode, SignInFailure
from mentoring.core import sessions
from mentoring.core.audit import AuditEvent
from mentoring.core.models import utcnow
from mentoring.core.roles import Role
from mentoring.extensions import db, limiter
from mentoring.users.models import User
from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    AuthActions,
    current_code,
    link_from,
    make_user,
)

WRONG = "The email or password is not correct."


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def _password_step(client, user, password=PASSWORD):
    return client.post("/login", data={"email": user.email, "password": password})


# Second factor -------------------------------------------------------------------------------


def test_a_specialist_needs_the_second_factor_to_sign_in(client):
    specialist = make_user(Role.SPECIALIST)
    response = _password_step(client, specialist)
    assert response.headers["Location"] == "/login/second-factor"
    # The password alone signs nobody in.
    assert client.get("/admin/users").status_code == 302
    wrong = client.post("/login/second-factor", data={"code": "000000"})
    assert wrong.status_code == 400 and "That code is not right" in _text(wrong)
    right = client.post("/login/second-factor", data={"code": current_code(specialist)})
    assert right.status_code == 302 and right.headers["Location"] == "/"
    assert client.get("/admin/users").status_code == 200


def test_a_one_time_code_works_once(client):
    specialist = make_user(Role.SPECIALIST)
    code = current_code(specialist)
    _password_step(client, specialist)
    assert client.post("/login/second-factor", data={"code": code}).status_code == 302
    client.post("/logout")
    _password_step(client, specialist)
    replayed = client.post("/login/second-factor", data={"code": code})
    assert replayed.status_code == 400
    # Said as it is: the code was right, but used; the next one will do.
    assert "That code was already used: wait for the next code" in _text(replayed)
    assert "not right" not in _text(replayed)
    assert client.get("/admin/users").status_code == 302


def test_a_specialist_without_a_second_factor_can_only_set_it_up(client):
    specialist = make_user(Role.SPECIALIST)
    specialist.totp_secret = specialist.totp_confirmed_at = None
    db.session.commit()
    assert _password_step(client, specialist).status_code == 302
    for path in ("/", "/admin/users", "/admin/cohorts", "/account/password"):
        response = client.get(path)
        assert response.headers["Location"] == "/account/second-factor", path
    page = client.get("/account/second-factor")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    secret = re.search(r'<code class="user-select-all">([A-Z2-7]{32})</code>', text).group(1)
    assert 'src="data:image/svg+xml' in text  # the QR code, drawn inline
    assert client.post("/account/second-factor", data={"code": "123456"}).status_code == 400
    confirmed = client.post("/account/second-factor", data={"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<li>([0-9A-Z]{5}-[0-9A-Z]{5})</li>", confirmed.get_data(as_text=True))
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/admin/users").status_code == 200
    stored = db.session.scalars(
        select(RecoveryCode.code_hash).where(RecoveryCode.user_id == specialist.id)
    ).all()
    assert len(stored) == 10 and not {c.replace("-", "") for c in codes} & set(stored)


def test_recovery_codes_work_once_each(client):
    specialist = make_user(Role.SPECIALIST)
    client_auth = AuthActions(client)
    client_auth.login_as(specialist)
    client.post("/logout")
    specialist.totp_confirmed_at = None  # set up again to get codes through the real page
    db.session.commit()
    client_auth.login(specialist.email)
    page = client.post("/account/second-factor", data={"code": current_code(specialist)})
    code = re.findall(r"<li>([0-9A-Z]{5}-[0-9A-Z]{5})</li>", page.get_data(as_text=True))[0]
    client.post("/logout")
    _password_step(client, specialist)
    assert client.post("/login/second-factor", data={"code": code.lower()}).status_code == 302
    client.post("/logout")
    _password_step(client, specialist)
    assert client.post("/login/second-factor", data={"code": code}).status_code == 400
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("auth.recovery_code_used") == 1


def test_a_specialist_resets_someone_elses_second_factor_and_their_sessions_end(app, client):
    mentor = make_user(Role.MENTOR)
    mentor.totp_secret, mentor.totp_confirmed_at = TOTP_SECRET, utcnow()
    db.session.commit()
    their_browser = app.test_client_class(app)
    AuthActions(their_browser).login_as(mentor)
    assert their_browser.get("/").status_code == 200
    AuthActions(client).login_as(make_user(Role.SPECIALIST))
    assert client.post(f"/admin/users/{mentor.id}/second-factor/reset").status_code == 302
    db.session.refresh(mentor)
    assert not mentor.has_second_factor and mentor.totp_secret is None
    assert their_browser.get("/").status_code == 302
    assert "auth.second_factor_reset" in db.session.scalars(select(AuditEvent.action)).all()
    # Mentors and mentees may go without: the mentor signs in with the password alone.
    assert _password_step(app.test_client_class(app), mentor).headers["Location"] == "/"


def test_second_factor_codes_are_rate_limited_like_passwords(client, app):
    specialist = make_user(Role.SPECIALIST)
    _password_step(client, specialist)
    limit = int(app.config["LOGIN_LIMIT"].split()[0])
    statuses = [
        client.post("/login/second-factor", data={"code": "000000"}).status_code
        for _ in range(limit + 1)
    ]
    assert statuses[:limit] == [400] * limit and statuses[-1] == 429


# Sessions ------------------------------------------------------------------------------------


def test_a_session_cookie_replayed_after_sign_out_is_refused(app, client):
    user = make_user(Role.MENTOR)
    AuthActions(client).login_as(user)
    stolen = client.get_cookie("session", domain="mentoring.test").value
    client.post("/logout")
    thief = app.test_client_class(app)
    thief.set_cookie("session", stolen, domain="mentoring.test")
    assert thief.get("/").headers["Location"].startswith("/login")


def test_sign_in_starts_a_new_session(client):
    with client.session_transaction() as session:
        session["planted"] = "before sign-in"
    AuthActions(client).login_as(make_user(Role.MENTEE))
    with client.session_transaction() as session:
        assert "planted" not in session


@pytest.mark.parametrize(
    ("signed_in_ago", "seen_ago", "ends"),
    [
        (timedelta(hours=1), timedelta(minutes=29), False),
        (timedelta(hours=1), timedelta(minutes=31), True),  # idle 30 minutes
        (timedelta(hours=11, minutes=59), timedelta(minutes=1), False),
        (timedelta(hours=12, minutes=1), timedelta(minutes=1), True),  # 12 hours at most
    ],
)
def test_idle_and_absolute_timeouts(client, signed_in_ago, seen_ago, ends):
    AuthActions(client).login_as(make_user(Role.MENTEE))
    now = time.time()
    with client.session_transaction() as session:
        session[sessions.SIGNED_IN_AT] = now - signed_in_ago.total_seconds()
        session[sessions.SEEN_AT] = now - seen_ago.total_seconds()
    response = client.get("/")
    assert (response.status_code == 302) is ends
    if ends:
        assert "Sign in again." in _text(client.get("/login"))


def test_no_remember_me_cookie_and_host_prefix_in_production(client, monkeypatch):
    response = AuthActions(client).login_as(make_user(Role.MENTEE))
    assert "remember_token" not in response.headers.get("Set-Cookie", "")
    monkeypatch.setenv("MENTORING_ENV", "production")
    monkeypatch.setenv("MENTORING_PUBLIC_URL", "https://mentoring.state.example")
    monkeypatch.setenv("MENTORING_SECRET_KEY", "k" * 64)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1/x")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    production = create_app()
    assert production.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert production.config["SESSION_COOKIE_HTTPONLY"] is True
    assert production.config["SESSION_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("MENTORING_SECRET_KEY", "changeme", "default or too short"),
        ("MENTORING_SECRET_KEY", "short-key", "default or too short"),
        ("FLASK_DEBUG", "1", "debug mode is on"),
    ],
)
def test_production_refuses_debug_or_a_default_secret_key(monkeypatch, variable, value, message):
    monkeypatch.setenv("MENTORING_ENV", "production")
    monkeypatch.setenv("MENTORING_PUBLIC_URL", "https://mentoring.state.example")
    monkeypatch.setenv("MENTORING_SECRET_KEY", "k" * 64)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1/x")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv(variable, value)
    with pytest.raises(SystemExit, match=message):
        create_app()


# Lock-out ------------------------------------------------------------------------------------

ELSEWHERE = "198.51.100.7"  # the owner's address, where nothing failed


def _failures(email: str) -> int:
    return db.session.scalar(
        select(func.count()).select_from(SignInFailure).where(SignInFailure.email == email)
    )


def _attempt(client, email: str, password: str, address: str):
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def _age(minutes: float = 0, seconds: float = 0) -> None:
    """Move every failure and audit event back in time, as if that much time had passed."""
    by = timedelta(minutes=minutes, seconds=seconds)
    for row in [
        *db.session.scalars(select(SignInFailure)),
        *db.session.scalars(select(AuditEvent)),
    ]:
        row.occurred_at -= by
    db.session.commit()


def test_an_address_that_keeps_failing_waits_longer_each_time(client, monkeypatch):
    user = make_user(Role.MENTOR)
    monkeypatch.setattr(limiter, "enabled", False)  # the rate limit is tested on its own
    attacker = "203.0.113.66"
    for _ in range(5):
        assert WRONG in _text(_attempt(client, user.email, "wrong password", attacker))
    waiting = _attempt(client, user.email, PASSWORD, attacker)  # right, but this address waits
    assert "from your network. Try again in a minute" in _text(waiting)
    assert client.get("/").status_code == 302
    _age(seconds=31)
    assert WRONG in _text(_attempt(client, user.email, "wrong password", attacker))
    _age(seconds=31)  # the sixth failure makes it wait 60 seconds, not 30
    assert "Try again in a minute" in _text(_attempt(client, user.email, PASSWORD, attacker))
    _age(seconds=30)
    assert _attempt(client, user.email, PASSWORD, attacker).headers["Location"] == "/"
    assert _failures(user.email) == 0


def test_failures_from_other_addresses_do_not_keep_the_owner_out(client, outbox):
    user = make_user(Role.MENTOR)
    for attempt in range(40):
        wrong = _attempt(client, user.email, "wrong password", f"10.0.{attempt}.1")
        assert WRONG in _text(wrong)
    assert _attempt(client, user.email.upper(), PASSWORD, ELSEWHERE).headers["Location"] == "/"
    # Told once, at the tenth failure; the message says what happened and nothing secret.
    assert [m.to for m in outbox] == [[user.email]]
    body = " ".join(outbox[0].body.split())
    assert "There were 10 failed attempts" in body and "at most once an hour" in body
    assert "not locked" in body and "wrong password" not in body


def test_someone_elses_failures_behind_a_shared_address_stop_nobody_else(client):
    school = "192.0.2.10"
    colleague, target = make_user(), make_user()
    statuses = [
        _attempt(client, email, "wrong password", school).status_code
        for email in [f"guess{n}@example.org" for n in range(12)] + [target.email] * 12
    ]
    # Many accounts from one address: no limit; one account from it: the 11th failure a minute.
    assert statuses == [200] * 22 + [429] * 2
    assert _attempt(client, colleague.email, PASSWORD, school).headers["Location"] == "/"


def test_someone_elses_wrong_codes_behind_a_shared_address_stop_nobody_else(app, client):
    school = {"REMOTE_ADDR": "192.0.2.10"}
    other, me = make_user(Role.SPECIALIST), make_user(Role.SPECIALIST)
    theirs = app.test_client()
    for browser, user in ((theirs, other), (client, me)):
        assert _attempt(browser, user.email, PASSWORD, school["REMOTE_ADDR"]).status_code == 302
    statuses = [
        theirs.post("/login/second-factor", data={"code": "000000"}, environ_base=school)
        for _ in range(11)
    ]
    assert [answer.status_code for answer in statuses] == [400] * 10 + [429]
    mine = client.post("/login/second-factor", data={"code": current_code(me)}, environ_base=school)
    assert mine.headers["Location"] == "/"


def test_a_password_reset_lifts_the_wait(client, outbox):
    user = make_user(Role.MENTOR)
    now = utcnow()
    db.session.add_all(
        SignInFailure(
            email=user.email,
            ip_address=f"10.1.{n}.1",
            occurred_at=now - timedelta(minutes=50) + timedelta(seconds=20 * n),
        )
        for n in range(100)
    )
    db.session.commit()
    refused = _attempt(client, user.email, PASSWORD, ELSEWHERE)
    assert "from many places. Try again in 10 minutes, or reset your password" in _text(refused)
    client.post("/password/forgot", data={"email": user.email})
    new = "a brand new pass phrase"
    client.get(link_from(outbox[-1], "/password/reset/"))
    assert client.post("/password/reset", data={"password": new, "confirm": new}).status_code == 302
    assert _failures(user.email) == 0
    assert _attempt(client, user.email, new, ELSEWHERE).headers["Location"] == "/"


def test_the_owner_is_told_at_most_once_an_hour(client, outbox):
    user = make_user(Role.MENTOR)
    for round_ in range(2):
        for n in range(10):
            _attempt(client, user.email, "wrong password", f"10.{round_}.{n}.1")
        _age(minutes=16)
    assert len(outbox) == 1
    _age(minutes=30)  # the email was sent 62 minutes ago
    _attempt(client, user.email, "wrong password", "10.9.9.1")
    assert len(outbox) == 2
    assert "There were 11 failed attempts" in " ".join(outbox[1].body.split())
    events = db.session.scalars(select(AuditEvent.action)).all()
    assert events.count(throttle.WARNING) == 2


def test_an_unknown_email_waits_the_same_way(client, outbox, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)
    real = make_user(Role.MENTOR)
    answers = {}
    for email in (real.email, "nobody@example.org"):
        for _ in range(5):
            _attempt(client, email, "wrong password", ELSEWHERE)
        answers[email] = _text(_attempt(client, email, "wrong password", ELSEWHERE))
    assert answers[real.email] == answers["nobody@example.org"]
    assert "Too many failed sign-ins for this account" in answers[real.email]
    assert outbox == []


def test_at_most_100_failures_an_hour_whatever_the_address(app):
    now = utcnow()
    first = now - timedelta(minutes=59)
    # Spread, one per address, so that no address waits: only the hourly limit can refuse.
    for minute in range(100):
        db.session.add(
            SignInFailure(
                email="spread@example.org",
                ip_address=f"10.0.{minute}.1",
                occurred_at=first + timedelta(seconds=35.4 * minute),
            )
        )
        if minute == 98:
            assert throttle.refusal("spread@example.org", ELSEWHERE, now) is None
    db.session.commit()
    refused = throttle.refusal("spread@example.org", ELSEWHERE, now)
    assert refused == throttle.Refusal(first + timedelta(hours=1), from_everywhere=True)


# Fresh sign-in -------------------------------------------------------------------------------


def _stale(client) -> None:
    with client.session_transaction() as session:
        session[sessions.CONFIRMED_AT] = time.time() - 16 * 60


def test_sensitive_actions_ask_for_the_password_again_after_15_minutes(client):
    specialist = make_user(Role.SPECIALIST)
    target = make_user(Role.MENTEE)
    AuthActions(client).login_as(specialist)
    _stale(client)
    for path in ("/admin/certificates.csv", "/account/password", "/account/email"):
        response = client.get(path)
        assert response.headers["Location"].startswith("/account/confirm?next="), path
    refused = client.post(
        f"/admin/users/{target.id}/role",
        data={"role": "mentor"},
        headers={"Referer": f"http://mentoring.test/admin/users/{target.id}"},
    )
    assert refused.headers["Location"] == (f"/account/confirm?next=/admin/users/{target.id}")
    db.session.refresh(target)
    assert target.role == Role.MENTEE
    wrong = client.post(
        "/account/confirm?next=/account/password",
        data={"password": PASSWORD, "code": "000000"},
    )
    assert wrong.status_code == 400
    confirmed = client.post(
        "/account/confirm?next=/account/password",
        data={"password": PASSWORD, "code": current_code(specialist)},
    )
    assert confirmed.headers["Location"] == "/account/password"
    assert client.get("/account/password").status_code == 200
    client.post(f"/admin/users/{target.id}/role", data={"role": "mentor"})
    db.session.refresh(target)
    assert target.role == Role.MENTOR


def test_a_wrong_password_at_confirmation_spends_no_code(client):
    specialist = make_user(Role.SPECIALIST)
    AuthActions(client).login_as(specialist)
    recovery = second_factor.new_recovery_codes(specialist)[0]
    code = current_code(specialist)
    _stale(client)
    for given in (recovery, code):
        wrong = client.post("/account/confirm", data={"password": "not it", "code": given})
        assert wrong.status_code == 400
    assert second_factor.unused_recovery_codes(specialist) == 10
    # Both still work with the right password: the authenticator code, then the recovery code.
    for given in (code, recovery):
        _stale(client)
        right = client.post("/account/confirm", data={"password": PASSWORD, "code": given})
        assert right.headers["Location"] == "/", given
    assert second_factor.unused_recovery_codes(specialist) == 9


# Emails to the owner -------------------------------------------------------------------------


def test_password_and_email_changes_are_told_by_email(client, outbox):
    user = make_user(Role.MENTEE, email="old@example.org")
    AuthActions(client).login_as(user)
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "password": "a-new-long-passphrase",
            "confirm": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302
    assert [m.to for m in outbox] == [["old@example.org"]]
    assert "password" in outbox[0].subject and "a-new-long-passphrase" not in outbox[0].body
    refused = client.post(
        "/account/email", data={"email": "new@example.org", "current_password": PASSWORD}
    )
    assert refused.status_code == 400 and "current password is not correct" in _text(refused)
    asked = client.post(
        "/account/email",
        data={"email": "New@Example.org", "current_password": "a-new-long-passphrase"},
    )
    assert asked.status_code == 302
    assert [m.to for m in outbox[1:]] == [["new@example.org"]]  # the link to confirm it
    client.get(link_from(outbox[-1], "/account/email/confirm/"))
    assert client.post("/account/email/confirm").status_code == 302
    assert sorted(m.to[0] for m in outbox[2:]) == ["new@example.org", "old@example.org"]
    assert db.session.get(User, user.id).email == "new@example.org"
    assert client.get("/").status_code == 200  # this session carries on
