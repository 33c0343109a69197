"""ASVS 7 (logs): every line a request writes carries its request id, the response echoes it,
and no log line ever holds a password, a reset or invitation token, a one-time code, a second
factor's secret or a reflection's text, even with every logger at DEBUG."""

import logging
import re
import secrets

import pyotp
import pytest
from sqlalchemy import select

from mentoring.auth import operations as auth_operations
from mentoring.auth.models import TokenPurpose
from mentoring.core import localtime, logs
from mentoring.core.localtime import school_year_of
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.reflections.models import Reflection
from mentoring.users.models import User
from tests.factories import (
    TOTP_SECRET,
    enroll,
    link_from,
    make_cohort,
    make_group,
    make_mentor,
    make_user,
)

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def app(app):
    """The test app with the logging setup (create_app will call logs.init_app itself)."""
    logs.init_app(app)
    return app


def _records_of(caplog, logger_prefix: str) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name.startswith(logger_prefix)]


def test_a_safe_incoming_request_id_is_kept_and_echoed(client, caplog):
    caplog.set_level(logging.INFO)
    response = client.get("/admin/users", headers={"X-Request-ID": "lb-2026.11_23-abc"})
    assert response.headers["X-Request-ID"] == "lb-2026.11_23-abc"
    assert response.status_code == 302  # to sign in: nothing logged, the header is still there


@pytest.mark.parametrize(
    "incoming",
    [
        "",
        "x" * 65,  # too long
        "abc def",  # a space
        "abc\tX-Injected: 1",  # a tab, and an attempt at a second header
        "<script>",
        "id;rm",
        "é",
    ],
)
def test_an_unsafe_or_missing_request_id_is_replaced(client, incoming):
    headers = {"X-Request-ID": incoming} if incoming else {}
    response = client.get("/login", headers=headers)
    assert HEX_ID.fullmatch(response.headers["X-Request-ID"])
    assert "X-Injected" not in response.headers


def test_each_request_gets_its_own_id(client):
    ids = {client.get("/login").headers["X-Request-ID"] for _ in range(5)}
    assert len(ids) == 5


def test_a_request_id_of_64_characters_is_kept(client):
    incoming = "A" * 64
    assert client.get("/login", headers={"X-Request-ID": incoming}).headers["X-Request-ID"] == (
        incoming
    )


def test_log_lines_of_a_request_carry_its_id_and_the_format_shows_it(app, client, auth, caplog):
    caplog.set_level(logging.INFO)
    auth.login_as(make_user(Role.MENTEE))
    caplog.clear()
    response = client.get("/admin/users", headers={"X-Request-ID": "trace-403"})
    assert response.status_code == 403
    [denial] = [r for r in _records_of(caplog, "mentoring") if "access denied" in r.getMessage()]
    assert denial.request_id == "trace-403"
    assert response.headers["X-Request-ID"] == "trace-403"
    [handler] = [h for h in app.logger.handlers if isinstance(h, logs._AppHandler)]
    line = handler.format(denial)
    assert "WARNING [trace-403] mentoring.core.errors: access denied (403) on GET /admin/users" in (
        line
    )
    # Outside a request the id is "-".
    logging.getLogger("mentoring.test").warning("no request here")
    [outside] = [r for r in caplog.records if r.getMessage() == "no request here"]
    assert outside.request_id == "-"


def test_sign_in_decisions_are_logged_with_the_request_id(client, auth, caplog):
    caplog.set_level(logging.INFO)
    user = make_user(Role.MENTOR)
    auth.login(user.email, "a-wrong-password")
    auth.login_as(user)
    messages = [(r.getMessage(), r.request_id) for r in _records_of(caplog, "mentoring.auth")]
    assert [m for m, _ in messages] == [
        "sign-in refused: wrong email or password",
        f"sign-in accepted for user {user.id}",
    ]
    assert all(HEX_ID.fullmatch(request_id) for _, request_id in messages)
    assert messages[0][1] != messages[1][1]


def test_logs_hold_no_password_token_code_or_reflection_text(app, client, auth, caplog, outbox):
    caplog.set_level(logging.DEBUG)
    # At DEBUG SQLAlchemy logs every statement and every row it fetches.
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")
    secrets_planted: dict[str, str] = {}

    # A specialist signs in with a password and a one-time code, and invites a mentor.
    specialist_password = f"spec-{secrets.token_urlsafe(12)}"
    specialist = make_user(Role.SPECIALIST, password=specialist_password)
    secrets_planted["specialist password"] = specialist_password
    secrets_planted["second-factor secret"] = TOTP_SECRET
    client.post("/login", data={"email": specialist.email, "password": "wrong-" + "x" * 12})
    assert auth.login(specialist.email, specialist_password).status_code == 302
    code = pyotp.TOTP(TOTP_SECRET).now()
    secrets_planted["one-time code"] = code
    assert client.post("/login/second-factor", data={"code": code}).status_code == 302
    invited = client.post(
        "/admin/users/invite",
        data={"name": "Ines Invited", "email": "ines@example.org", "role": "mentor"},
    )
    assert invited.status_code == 302
    auth.logout()

    # The invited mentor chooses a password through the invitation link.
    invitation = link_from(outbox[-1], "/invitation/")
    secrets_planted["invitation token"] = invitation.rsplit("/", 1)[1]
    invited_password = f"invited-{secrets.token_urlsafe(12)}"
    secrets_planted["invited password"] = invited_password
    assert client.get(invitation, follow_redirects=True).status_code == 200
    chosen = client.post(
        "/invitation", data={"password": invited_password, "confirm": invited_password}
    )
    assert chosen.status_code == 302

    # A mentee forgets their password and resets it through the emailed link.
    today = localtime.today()
    cohort = make_cohort(start_year=school_year_of(today))
    mentee = make_user(Role.MENTEE)
    enroll(cohort, mentee, make_group(cohort, make_mentor()))
    assert client.post("/password/forgot", data={"email": mentee.email}).status_code == 302
    reset = link_from(outbox[-1], "/password/reset/")
    secrets_planted["reset token"] = reset.rsplit("/", 1)[1]
    new_password = f"reset-{secrets.token_urlsafe(12)}"
    secrets_planted["new password"] = new_password
    assert client.get(reset, follow_redirects=True).status_code == 200
    chosen = client.post(
        "/password/reset", data={"password": new_password, "confirm": new_password}
    )
    assert chosen.status_code == 302
    assert auth.login(mentee.email, new_password).status_code == 302

    # The mentee writes a reflection, reads it, changes it, and is refused an admin page.
    title, body = f"TITLE-{secrets.token_hex(8)}", f"BODY-{secrets.token_hex(8)}"
    secrets_planted["reflection title"], secrets_planted["reflection body"] = title, body
    written = client.post("/reflections/new", data={"title": title, "body": body, "is_shared": "y"})
    assert written.status_code == 302
    reflection_id = db_reflection_id()
    page = client.get(f"/reflections/{reflection_id}").get_data(as_text=True)
    assert title in page and body in page  # the control: the author reads it
    edited_body = f"EDITED-{secrets.token_hex(8)}"
    secrets_planted["edited reflection body"] = edited_body
    edit = client.post(
        f"/reflections/{reflection_id}/edit", data={"title": title, "body": edited_body}
    )
    assert edit.status_code == 302
    assert client.get("/reflections").status_code == 200
    assert client.get("/admin/users").status_code == 403

    # Hashes of what was stored are secrets too (an offline guess starts from them).
    for user in db_users():
        if user.password_hash:
            secrets_planted[f"password hash of {user.email}"] = user.password_hash

    text = caplog.text
    # The controls: the log did record this run, with SQL, rows, decisions and a denial.
    assert "sign-in accepted for user" in text and "access denied (403)" in text
    assert "INSERT INTO reflections" in text and "values hidden" in text
    leaked = [
        name
        for name, value in secrets_planted.items()
        if re.search(rf"(?<![0-9A-Za-z]){re.escape(value)}(?![0-9A-Za-z])", text)
    ]
    assert leaked == []


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_a_refused_form_on_a_link_page_logs_the_path_without_the_token(app, client, caplog):
    caplog.set_level(logging.DEBUG)
    user = make_user()
    token = auth_operations.issue_link_token(user, TokenPurpose.PASSWORD_RESET)
    db.session.commit()
    assert client.get(f"/password/reset/{token}").status_code == 302
    response = client.post("/password/reset", data={"password": "x", "confirm": "x"})
    assert response.status_code == 400
    assert "CSRF refused on POST /password/reset" in caplog.text
    assert token not in caplog.text


def db_reflection_id() -> int:
    return db.session.scalars(select(Reflection.id)).one()


def db_users() -> list[User]:
    return list(db.session.scalars(select(User)))
