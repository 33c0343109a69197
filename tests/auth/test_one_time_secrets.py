"""One-time secrets are spent once, and an account's hourly limit of failures holds, even when
the same request arrives many times in parallel.

Each request runs in its own thread with its own app context, so its own database session and
connection, as in separate server workers. The race lives in the database: SQLite takes one
writer at a time, so these tests need PostgreSQL (TEST_DATABASE_URL) and skip on SQLite.
"""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pyotp
import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from mentoring.auth import operations, second_factor, throttle
from mentoring.auth.models import RecoveryCode, SignInFailure, TokenPurpose
from mentoring.core.audit import AuditEvent
from mentoring.core.models import utcnow
from mentoring.core.roles import Role
from mentoring.extensions import db
from tests.factories import PASSWORD, make_user

PARALLEL = 8


@pytest.fixture(autouse=True)
def _postgresql_only(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the race needs concurrent writers: run with TEST_DATABASE_URL (PostgreSQL)")


def _at_once(app, prepare: Callable[[FlaskClient], None], send: Callable[[FlaskClient], int]):
    """Give each of PARALLEL browsers its own thread and address: prepare it, then let all send
    together; return what each send returns."""
    ready = threading.Barrier(PARALLEL)

    def browser(index: int) -> int:
        client = FlaskClient(app, app.response_class, use_cookies=True)
        client.environ_base["REMOTE_ADDR"] = f"192.0.2.{index}"
        prepare(client)
        ready.wait(timeout=30)
        return send(client, index)

    with ThreadPoolExecutor(PARALLEL) as pool:
        return list(pool.map(browser, range(PARALLEL)))


def _password_step(user) -> Callable[[FlaskClient], None]:
    email = user.email  # read here: the threads have no app context of the test's

    def prepare(client: FlaskClient) -> None:
        answer = client.post("/login", data={"email": email, "password": PASSWORD})
        assert answer.headers["Location"] == "/login/second-factor"

    return prepare


def _events(action: str) -> int:
    return db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
    )


def test_one_authenticator_code_sent_in_parallel_signs_in_once(app):
    user = make_user(Role.SPECIALIST)
    code = pyotp.TOTP(user.totp_secret).now()
    statuses = _at_once(
        app,
        _password_step(user),
        lambda client, _: client.post("/login/second-factor", data={"code": code}).status_code,
    )
    assert sorted(statuses) == [302] + [400] * (PARALLEL - 1)


def test_one_recovery_code_sent_in_parallel_signs_in_once(app):
    user = make_user(Role.SPECIALIST)
    code = second_factor.new_recovery_codes(user)[0]
    db.session.commit()
    statuses = _at_once(
        app,
        _password_step(user),
        lambda client, _: client.post("/login/second-factor", data={"code": code}).status_code,
    )
    assert sorted(statuses) == [302] + [400] * (PARALLEL - 1)
    used = db.session.scalar(
        select(func.count()).select_from(RecoveryCode).where(RecoveryCode.used_at.is_not(None))
    )
    assert used == 1 and _events("auth.recovery_code_used") == 1


@pytest.mark.parametrize(
    ("purpose", "path", "action"),
    [
        (TokenPurpose.PASSWORD_RESET, "/password/reset/", "auth.password_reset"),
        (TokenPurpose.INVITATION, "/invitation/", "auth.invitation_accepted"),
    ],
)
def test_one_emailed_link_posted_in_parallel_sets_one_password(app, purpose, path, action):
    user = make_user(Role.MENTOR, password=None if purpose == TokenPurpose.INVITATION else PASSWORD)
    token = operations.issue_link_token(user, purpose)
    db.session.commit()

    def open_link(client: FlaskClient) -> None:
        # The emailed link moves its token into the browser's session.
        assert client.get(path + token).headers["Location"] == path.rstrip("/")

    def choose(client: FlaskClient, index: int) -> int:
        password = f"parallel password number {index}"
        answer = client.post(path.rstrip("/"), data={"password": password, "confirm": password})
        return answer.status_code

    statuses = _at_once(app, open_link, choose)
    assert sorted(statuses) == [302] + [400] * (PARALLEL - 1)
    assert _events(action) == 1


def test_the_hourly_limit_of_an_account_holds_for_parallel_guesses(app):
    """95 failures within the hour, 8 guesses at once from 8 addresses: at most 5 are checked
    (parallel guesses that each see the others may all but one give way)."""
    user = make_user(Role.MENTOR)
    now = utcnow()
    db.session.add_all(
        SignInFailure(email=user.email, ip_address=f"10.1.{n}.1", occurred_at=now)
        for n in range(throttle.HOURLY_LIMIT - 5)
    )
    db.session.commit()
    email = user.email

    def guess(client: FlaskClient, _) -> bool:
        answer = client.post("/login", data={"email": email, "password": "a wrong guess"})
        return "The email or password is not correct." in answer.get_data(as_text=True)

    checked = sum(_at_once(app, lambda client: None, guess))
    assert 1 <= checked <= 5
    failures = db.session.scalar(select(func.count()).select_from(SignInFailure))
    assert failures == throttle.HOURLY_LIMIT - 5 + checked
