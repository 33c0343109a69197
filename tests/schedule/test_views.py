"""The schedule's pages: the form's messages beside their fields, the overlap warning, the
homes and the cohort page, "Log this meeting", who sees what (404), and the calendar feed."""

import html
import re
import secrets
from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
import vobject
from sqlalchemy import func, select

from mentoring.core import localtime
from mentoring.core.models import utcnow
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.schedule import operations
from mentoring.schedule.models import CalendarFeed, ScheduledMeeting
from tests.factories import (
    count_statements,
    enroll,
    log_meeting,
    make_mentee,
    make_user,
    write_reflection,
)
from tests.schedule.helpers import Program

CHICAGO = operations.ZoneInfo("America/Chicago")


def _soon(days: int = 10) -> date:
    """A day of the live cohort in the near future (before its end, whatever today is)."""
    return datetime.now(CHICAGO).date() + timedelta(days=days)


def _form(**overrides) -> dict:
    return {
        "kind": "plc_group",
        "mentee": "0",
        "starts_on": _soon().isoformat(),
        "start_time": "16:00",
        "duration_minutes": "90",
        "location": "Jefferson City Library",
        "video_url": "",
        "topic": "ethics",
        "agenda": "Ethics cases",
        "repeat": "",
        "repeat_until": "",
        **overrides,
    }


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(ScheduledMeeting))


def _error(page: str, field: str) -> str:
    match = re.search(rf'id="{field}-error"[^>]*>([^<]*)<', page)
    assert match, f"no message beside {field}"
    return html.unescape(match.group(1))


def _scheduled(program: Program, starts: datetime, **fields) -> ScheduledMeeting:
    """A scheduled meeting written directly (the operations refuse a past start)."""
    meeting = ScheduledMeeting(
        **{
            "plc_group_id": program.group.id,
            "kind": "plc_group",
            "starts_at": starts,
            "starts_on": starts.astimezone(CHICAGO).date(),
            "duration_minutes": 60,
            "location": "Room 2",
            "agenda": "",
            "uid": secrets.token_hex(16),
            "sequence": 0,
            "is_cancelled": False,
            **fields,
        }
    )
    db.session.add(meeting)
    db.session.commit()
    return meeting


# The form -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"start_time": "23:00"}, "duration_minutes", "ends after midnight"),
        (
            {"starts_on": (localtime.today() - timedelta(days=2)).isoformat()},
            "starts_on",
            "have passed",
        ),
        ({"video_url": "http://zoom.us/j/1"}, "video_url", "starts with https://"),
        ({"agenda": "x" * 2001}, "agenda", "2,000 characters or fewer (it has 2,001)"),
        ({"location": ""}, "location", "Give the place, a video link, or both."),
        (
            {"repeat": "monthly", "repeat_until": (_soon() + timedelta(days=800)).isoformat()},
            "repeat_until",
            "more than 24 meetings",
        ),
        ({"repeat": "monthly"}, "repeat_until", "Give the date of the last meeting"),
        ({"kind": "one_on_one"}, "mentee", "Choose the mentee"),
    ],
)
def test_bad_input_gets_its_message_beside_the_field_and_saves_nothing(
    live, client, auth, overrides, field, message
):
    auth.login_as(live.mentor)
    response = client.post(f"/groups/{live.group.id}/schedule/new", data=_form(**overrides))
    assert response.status_code == 400
    assert message in _error(response.get_data(as_text=True), field)
    assert _count() == 0


def test_an_overlap_warns_beside_the_time_and_the_mentor_may_keep_both(live, client, auth):
    auth.login_as(live.mentor)
    url = f"/groups/{live.group.id}/schedule/new"
    assert client.post(url, data=_form()).status_code == 302
    warned = client.post(url, data=_form(start_time="17:00"))
    page = warned.get_data(as_text=True)
    assert warned.status_code == 400
    assert "overlaps the mentor's meeting" in _error(page, "start_time")
    assert 'name="allow_overlap"' in page and _count() == 1
    kept = client.post(url, data=_form(start_time="17:00", allow_overlap="y"))
    assert kept.status_code == 302 and _count() == 2


def test_a_monthly_series_is_scheduled_and_its_mentees_see_it(live, client, auth):
    auth.login_as(live.mentor)
    first = _soon(3)
    response = client.post(
        f"/groups/{live.group.id}/schedule/new",
        data=_form(
            starts_on=first.isoformat(),
            repeat="monthly",
            repeat_until=(first + timedelta(days=70)).isoformat(),
        ),
    )
    assert response.status_code == 302
    meetings = db.session.scalars(
        select(ScheduledMeeting).order_by(ScheduledMeeting.starts_at)
    ).all()
    assert len(meetings) == 3 and meetings[0].starts_on == first
    assert all(m.starts_at.astimezone(CHICAGO).time() == time(16, 0) for m in meetings)
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Monthly, on {operations.rule_label(first)}" in shown
    auth.logout()

    mentee = db.session.get(type(live.mentor), live.enrollments[0].mentee_id)
    auth.login_as(mentee)
    home = client.get("/").get_data(as_text=True)
    assert f"{first:%A, %B %-d, %Y}, 4:00 PM" in home
    assert client.get(f"/scheduled/{meetings[0].id}").status_code == 200
    auth.logout()
    outsider = db.session.get(type(live.mentor), live.outsider.mentee_id)
    auth.login_as(outsider)
    assert f"{first:%A, %B %-d, %Y}" not in client.get("/").get_data(as_text=True)
    assert client.get(f"/scheduled/{meetings[0].id}").status_code == 404
    assert client.get(f"/scheduled/{meetings[0].id}/event.ics").status_code == 404


def test_a_one_on_one_is_seen_by_its_mentee_only(live, client, auth):
    mentee_ids = [e.mentee_id for e in live.enrollments]
    (meeting,) = operations.schedule_meetings(
        live.group,
        live.mentor,
        utcnow(),
        kind="one_on_one",
        enrollment_id=live.enrollments[0].id,
        topic=None,
        starts_on=_soon(),
        start_time=time(9, 0),
        duration_minutes=45,
        location="",
        video_url="https://meet.example.org/one",
        agenda="",
    )
    db.session.commit()
    users = [db.session.get(type(live.mentor), id_) for id_ in mentee_ids]
    auth.login_as(users[0])
    assert client.get(f"/scheduled/{meeting.id}").status_code == 200
    auth.logout()
    auth.login_as(users[1])
    assert client.get(f"/scheduled/{meeting.id}").status_code == 404
    auth.logout()
    auth.login_as(live.other_mentor)
    assert client.get(f"/scheduled/{meeting.id}").status_code == 404
    assert client.get(f"/scheduled/{meeting.id}/edit").status_code == 404
    assert client.post(f"/scheduled/{meeting.id}/cancel").status_code == 404


def test_the_specialist_sees_upcoming_meetings_on_the_cohort_page(live, client, auth):
    _scheduled(live, utcnow() + timedelta(days=4))
    cancelled = _scheduled(live, utcnow() + timedelta(days=5), location="Cancelled room")
    cancelled.is_cancelled = True
    db.session.commit()
    auth.login_as(make_user(Role.SPECIALIST))
    page = client.get(f"/admin/cohorts/{live.cohort.id}").get_data(as_text=True)
    assert "Upcoming meetings" in page
    assert "Mia Mentor's group" in html.unescape(page) and "Cancelled</span>" in page


# "To log" and "Log this meeting" ------------------------------------------------------------


def test_a_meeting_passed_a_week_ago_unlogged_is_to_log_on_the_mentors_home(live, client, auth):
    now = utcnow()
    old = _scheduled(live, now - timedelta(days=8))
    _scheduled(live, now - timedelta(days=3))  # passed, but not a week ago yet
    gone = _scheduled(live, now - timedelta(days=9))
    gone.is_cancelled = True
    db.session.commit()
    auth.login_as(live.mentor)
    page = client.get("/").get_data(as_text=True)
    assert "To log" in page and "1 scheduled meeting has passed" in page
    assert f'/scheduled/{old.id}"' in page and f'/scheduled/{gone.id}"' not in page

    # A meeting of the group logged on that date is its log.
    if live.cohort.starts_on <= old.starts_on:
        log_meeting(live.group, old.starts_on, attendees=live.enrollments)
        assert "To log" not in client.get("/").get_data(as_text=True)


def test_log_this_meeting_fills_in_the_meeting_log(live, client, auth):
    starts = utcnow() - timedelta(days=2)
    meeting = _scheduled(
        live, starts, kind="one_on_one", enrollment_id=live.enrollments[1].id, topic="ethics"
    )
    auth.login_as(live.mentor)
    shown = client.get(f"/scheduled/{meeting.id}").get_data(as_text=True)
    link = html.unescape(re.search(r'href="([^"]+)">Log this meeting', shown).group(1))
    assert link.startswith(f"/groups/{live.group.id}/meetings/new?")
    form = client.get(link).get_data(as_text=True)
    assert f'value="{meeting.starts_on.isoformat()}"' in form
    assert re.search(r'<input[^>]*name="duration_minutes"[^>]*value="60"', form)
    checked = {
        (re.search(r'name="(\w+)"', tag).group(1), re.search(r'value="([^"]+)"', tag).group(1))
        for tag in re.findall(r"<input[^>]*>", form)
        if re.search(r"\schecked[\s>]", tag)
    }
    assert ("kind", "one_on_one") in checked
    assert ("topics", "ethics") in checked
    attendees = {value for name, value in checked if name == "attendees"}
    assert attendees == {str(live.enrollments[1].id)}
    # The mentee of a one-on-one sees no log button.
    auth.logout()
    auth.login_as(db.session.get(type(live.mentor), live.enrollments[1].mentee_id))
    assert "Log this meeting" not in client.get(f"/scheduled/{meeting.id}").get_data(as_text=True)


# The calendar feed --------------------------------------------------------------------------


def _feed_token(client) -> str:
    page = client.post("/calendar/feed").get_data(as_text=True)
    return re.search(r"/calendar/([A-Za-z0-9_-]+)\.ics", page).group(1)


def test_the_feed_lists_a_persons_meetings_and_nobody_elses(live, client, auth):
    mine = _scheduled(live, utcnow() + timedelta(days=3))
    peer_one_on_one = _scheduled(
        live, utcnow() + timedelta(days=4), kind="one_on_one", enrollment_id=live.enrollments[1].id
    )
    other_group = ScheduledMeeting(
        plc_group_id=live.other_group.id,
        kind="plc_group",
        starts_at=utcnow() + timedelta(days=5),
        starts_on=_soon(5),
        duration_minutes=60,
        location="Elsewhere",
        agenda="",
        uid=secrets.token_hex(16),
        sequence=0,
        is_cancelled=False,
    )
    db.session.add(other_group)
    marker = f"WALRUS-{secrets.token_hex(6)}"
    write_reflection(live.enrollments[0], localtime.today(), title=marker, body=marker)
    log_meeting(
        live.group, localtime.today(), attendees=live.enrollments[:1]
    ).private_notes = marker
    db.session.commit()

    mentee = db.session.get(type(live.mentor), live.enrollments[0].mentee_id)
    auth.login_as(mentee)
    token = _feed_token(client)
    assert len(token) >= 32  # 24 random bytes: 192 bits
    assert db.session.scalar(select(CalendarFeed.token_digest)) == operations.token_digest(token)
    assert token not in client.get("/calendar").get_data(as_text=True)  # shown once
    auth.logout()

    response = client.get(f"/calendar/{token}.ics")  # as a calendar app: no session
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    body = response.get_data()
    uids = {str(e["UID"]).split("@")[0] for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}
    assert uids == {mine.uid}
    assert {e.uid.value.split("@")[0] for e in vobject.readOne(body.decode()).vevent_list} == uids
    assert peer_one_on_one.uid.encode() not in body and other_group.uid.encode() not in body
    assert marker.encode() not in body


def test_a_revoked_or_replaced_feed_address_answers_404(live, client, auth):
    _scheduled(live, utcnow() + timedelta(days=3))
    auth.login_as(live.mentor)
    first = _feed_token(client)
    assert client.get(f"/calendar/{first}.ics").status_code == 200
    second = _feed_token(client)
    assert client.get(f"/calendar/{first}.ics").status_code == 404
    assert client.get(f"/calendar/{second}.ics").status_code == 200
    assert client.post("/calendar/feed/revoke").status_code == 302
    assert client.get(f"/calendar/{second}.ics").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(CalendarFeed)) == 0

    third = _feed_token(client)
    live.mentor.is_active = False  # a deactivated account's feed stops too
    db.session.commit()
    assert client.get(f"/calendar/{third}.ics").status_code == 404


def test_a_mentee_moved_to_another_group_no_longer_sees_the_old_groups_meetings(live, client):
    meeting = _scheduled(live, utcnow() + timedelta(days=3))
    newcomer = make_mentee(name="New Comer")
    enroll(live.cohort, newcomer, live.other_group)
    token = operations.new_feed_token(newcomer)
    db.session.commit()
    assert meeting.uid.encode() not in client.get(f"/calendar/{token}.ics").get_data()


def test_ics_download_is_a_file_with_its_date_in_the_name(live, client, auth):
    meeting = _scheduled(live, datetime.now(UTC) + timedelta(days=3))
    auth.login_as(live.mentor)
    response = client.get(f"/scheduled/{meeting.id}/event.ics")
    local = meeting.starts_at.astimezone(CHICAGO)
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="meeting-{local:%Y-%m-%d-%H%M}.ics"'
    )
    cal = icalendar.Calendar.from_ical(response.get_data())
    assert str(cal["METHOD"]) == "PUBLISH" and cal.walk("VTIMEZONE")


def test_the_feed_and_the_mentors_home_run_the_same_queries_for_1_or_12_meetings(
    live, client, auth
):
    now = utcnow()
    _scheduled(live, now + timedelta(days=3))
    _scheduled(live, now - timedelta(days=8))
    token = operations.new_feed_token(live.mentor)
    db.session.commit()
    auth.login_as(live.mentor)
    feed, home = count_statements(client, f"/calendar/{token}.ics"), count_statements(client, "/")
    for days in range(1, 12):
        _scheduled(live, now + timedelta(days=3, hours=days))
        _scheduled(live, now - timedelta(days=8 + days))
    assert count_statements(client, f"/calendar/{token}.ics") == feed
    assert count_statements(client, "/") == home
