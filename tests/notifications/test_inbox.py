"""The in-app list of notifications, its unread count in every role's navigation bar, and the
one-click unsubscribe that every optional email carries."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from mentoring.core.models import utcnow
from mentoring.core.roles import Role
from mentoring.core.urls import public_url
from mentoring.extensions import db
from mentoring.notifications import operations
from mentoring.notifications.models import Choice, Kind, Notification
from tests.factories import (
    count_statements,
    enroll,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)


def _add(user, count: int, start: int = 0) -> None:
    """count notifications for user, one a minute, the newest last."""
    now = utcnow()
    db.session.add_all(
        Notification(
            user_id=user.id,
            kind="meetings",
            text=f"Notification number {number}",
            link=f"/scheduled/{number}",
            delivery=Choice.IMMEDIATE,
            created_at=now - timedelta(minutes=1000 - number),
        )
        for number in range(start, start + count)
    )
    db.session.commit()


def _badge(page: str) -> str | None:
    found = re.search(
        r'>Notifications</span><span class="badge[^"]*"><span[^>]*>: </span>(\d+)<', page
    )
    return found.group(1) if found else None


@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.MENTOR, Role.MENTEE], ids=str)
def test_every_role_sees_its_unread_count_in_the_navigation_bar(client, auth, role):
    user = make_user(role)
    other = make_user(role)
    _add(user, 3)
    _add(other, 5)  # someone else's never count
    auth.login_as(user)
    assert _badge(client.get("/account").get_data(as_text=True)) == "3"
    db.session.query(Notification).filter_by(user_id=user.id, text="Notification number 1").update(
        {"read_at": utcnow()}
    )
    db.session.commit()
    assert _badge(client.get("/account").get_data(as_text=True)) == "2"
    client.post("/notifications/read")
    page = client.get("/account").get_data(as_text=True)
    assert _badge(page) is None and '<span class="label">Notifications</span></a>' in page


def test_the_list_is_paged_newest_first_and_opening_one_marks_it_read(app, client, auth):
    mentee = make_user(Role.MENTEE)
    _add(mentee, 27)
    auth.login_as(mentee)
    first = client.get("/notifications").get_data(as_text=True)
    shown = re.findall(r"Notification number (\d+)", first)
    # Each line shows its text twice: the line itself and the button's hidden name.
    assert shown[::2] == [str(n) for n in range(26, 1, -1)]  # 25 a page, newest first
    assert "Pages of notifications" in first
    second = client.get("/notifications?page=2").get_data(as_text=True)
    assert re.findall(r"Notification number (\d+)", second)[::2] == ["1", "0"]
    newest = db.session.query(Notification).filter_by(text="Notification number 26").one()
    response = client.post(f"/notifications/{newest.id}/read")
    assert response.status_code == 302 and response.headers["Location"] == "/scheduled/26"
    db.session.refresh(newest)
    assert newest.read_at is not None
    assert _badge(client.get("/account").get_data(as_text=True)) == "26"
    # Someone else's notification is not there at all.
    intruder = make_user(Role.MENTEE)
    auth.logout()
    auth.login_as(intruder)
    assert client.post(f"/notifications/{newest.id}/read").status_code == 404


def test_the_list_and_the_count_take_the_same_statements_for_3_or_60_notifications(
    app, client, auth
):
    mentee = make_user(Role.MENTEE)
    _add(mentee, 3)
    auth.login_as(mentee)
    few = {url: count_statements(client, url) for url in ("/notifications", "/account")}
    _add(mentee, 57, start=3)
    many = {url: count_statements(client, url) for url in ("/notifications", "/account")}
    assert many == few


def _unsubscribe_link(user, kind: Kind) -> str:
    return urlsplit(
        public_url("notifications.unsubscribe", token=operations.unsubscribe_token(user.id, kind))
    ).path


def test_each_optional_email_carries_one_click_unsubscribe_headers(app, outbox):
    cohort = make_cohort()
    mentee = make_mentee()
    enroll(cohort, mentee, make_group(cohort, make_mentor()))
    [message] = [m for m in outbox if m.to == [mentee.email]]
    headers = message.message()
    url = f"http://mentoring.test{_unsubscribe_link(mentee, Kind.MENTORING)}"
    assert headers["List-Unsubscribe"] == f"<{url}>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"To stop emails about mentor assignments: {url}" in message.body


def test_one_click_unsubscribe_turns_off_that_kind_only_without_signing_in(app, client):
    app.config["WTF_CSRF_ENABLED"] = True  # as in production: the exemption is this page's
    mentee = make_user(Role.MENTEE)
    link = _unsubscribe_link(mentee, Kind.MEETINGS)
    page = client.get(link)
    assert page.status_code == 200
    assert "Stop emails about scheduled meetings?" in page.get_data(as_text=True)
    assert operations.choices(mentee.id)[Kind.MEETINGS] == Choice.IMMEDIATE  # GET changes nothing
    # What a mail client sends (RFC 8058): no cookie, no CSRF token.
    done = client.post(link, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "You will no longer receive emails about scheduled meetings" in done.get_data(
        as_text=True
    )
    assert operations.choices(mentee.id) == {
        kind: Choice.OFF if kind == Kind.MEETINGS else Choice.IMMEDIATE for kind in Kind
    }
    # A token altered by one character, or made for another person, does nothing.
    assert client.post(link[:-1] + ("A" if link[-1] != "A" else "B")).status_code == 404
    assert client.get("/unsubscribe/made-up").status_code == 404
    # Every other POST still needs its CSRF token.
    assert client.post("/password/forgot", data={"email": mentee.email}).status_code == 400
