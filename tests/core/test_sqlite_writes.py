"""On SQLite, write requests that arrive together wait their turn instead of failing."""

import http.client
import threading
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.users.models import User
from tests.factories import make_user


def _post(port: int, path: str, fields: dict, cookie: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {
        "Host": "mentoring.test",
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"session={cookie}",
    }
    connection.request("POST", path, body=urlencode(fields), headers=headers)
    status = connection.getresponse().status
    connection.close()
    return status


def test_parallel_invitations_all_succeed(live_server, client, auth):
    """Each invitation reads whether the email is taken, then writes the account: 8 at once
    answered 500 "database is locked" for most, because in WAL mode a transaction that has
    read cannot start writing once another has written (busy_timeout does not apply).
    BEGIN IMMEDIATE makes each wait for the one before it."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's database-wide write lock")
    auth.login_as(make_user(Role.SPECIALIST))
    cookie = client.get_cookie("session", domain="mentoring.test").value
    before = db.session.scalar(select(func.count()).select_from(User))
    start = threading.Barrier(8)
    statuses = []

    def invite(number: int) -> None:
        fields = {"name": f"Parallel {number}", "email": f"p{number}@example.org", "role": "mentee"}
        start.wait()
        statuses.append(_post(live_server, "/admin/users/invite", fields, cookie))

    threads = [threading.Thread(target=invite, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.commit()
    assert statuses == [302] * 8
    assert db.session.scalar(select(func.count()).select_from(User)) == before + 8
