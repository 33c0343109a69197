"""Notifications: a scheduled, changed or cancelled meeting emails the people it invites with
its .ics (over a real SMTP server on loopback), a plan's comment or agreement emails the
mentee without its text, each person's choice is kept, and a refused change sends nothing."""

import email
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from sqlalchemy import select

from mentoring.extensions import db
from mentoring.notifications import operations
from mentoring.notifications.models import Choice, Kind
from mentoring.plans import operations as plan_operations
from mentoring.schedule.models import ScheduledMeeting
from mentoring.users.models import User
from tests.schedule.helpers import Program

CHICAGO = ZoneInfo("America/Chicago")


def _mentees(program: Program) -> list[User]:
    return [db.session.get(User, e.mentee_id) for e in program.enrollments]


def _form(first: date, **overrides) -> dict:
    return {
        "kind": "plc_group",
        "mentee": "0",
        "starts_on": first.isoformat(),
        "start_time": "16:00",
        "duration_minutes": "90",
        "location": "Jefferson City Library",
        "video_url": "",
        "topic": "",
        "agenda": "Ethics cases",
        "repeat": "monthly",
        "repeat_until": (first + timedelta(days=40)).isoformat(),
        **overrides,
    }


def test_a_scheduled_series_emails_each_invited_mentee_its_ics_over_smtp(
    live, smtp_server, client, auth
):
    _controller, inbox = smtp_server
    inbox.messages.clear()  # the assignments' notifications
    wants, declines = _mentees(live)
    operations.save_choices(declines, {Kind.MEETINGS: Choice.OFF, Kind.PLANS: Choice.IMMEDIATE})
    db.session.commit()
    first = datetime.now(CHICAGO).date() + timedelta(days=5)
    auth.login_as(live.mentor)
    response = client.post(f"/groups/{live.group.id}/schedule/new", data=_form(first))
    assert response.status_code == 302
    # Only the mentee who wants it: not the one who turned it off, not the mentor who acted.
    [message] = inbox.messages
    assert message["To"] == wants.email
    assert message["Subject"].startswith("Scheduled: PLC group meeting: Mia Mentor's group")
    assert message["Subject"].endswith("(2 meetings)")
    parsed = email.message_from_bytes(message.as_bytes())
    [ics] = [part for part in parsed.walk() if part.get_content_type() == "text/calendar"]
    events = icalendar.Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")
    starts = sorted(event.decoded("DTSTART") for event in events)
    assert starts[0].date() == first and starts[0].strftime("%H:%M") == "16:00"
    assert len(starts) == 2
    body = parsed.get_payload(0).get_payload(decode=True).decode()
    assert f"{first:%A, %B %-d, %Y}, 4:00 PM" in body and "/account/notifications" in body


def test_a_change_and_a_cancellation_email_the_update_and_a_refused_form_sends_nothing(
    live, client, auth, outbox
):
    first = datetime.now(CHICAGO).date() + timedelta(days=5)
    auth.login_as(live.mentor)
    refused = client.post(
        f"/groups/{live.group.id}/schedule/new", data=_form(first, video_url="http://x.org")
    )
    assert refused.status_code == 400 and outbox == []
    client.post(f"/groups/{live.group.id}/schedule/new", data=_form(first, repeat=""))
    assert len(outbox) == 2
    meeting = db.session.scalar(select(ScheduledMeeting))
    changed = _form(first, start_time="15:00")
    del changed["kind"], changed["mentee"], changed["repeat"], changed["repeat_until"]
    assert client.post(f"/scheduled/{meeting.id}/edit", data=changed).status_code == 302
    assert [m.subject.split(":")[0] for m in outbox[2:]] == ["Changed", "Changed"]
    assert client.post(f"/scheduled/{meeting.id}/cancel").status_code == 302
    cancelled = outbox[4:]
    assert [m.subject.split(":")[0] for m in cancelled] == ["Cancelled", "Cancelled"]
    [(name, content, mimetype)] = cancelled[0].attachments
    assert mimetype == "text/calendar" and name.endswith(".ics")
    (event,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED" and event["SEQUENCE"] == 2


def test_a_plans_comment_and_agreement_email_the_mentee_without_its_text(live, outbox):
    mentee = _mentees(live)[0]
    enrollment = live.enrollments[0]
    plan_operations.add_goal(
        enrollment,
        1,
        mentee,
        program_goal="growth",
        goal="Secret goal",
        actions="Secret actions",
        target_on=live.cohort.starts_on + timedelta(days=100),
    )
    plan_operations.comment(enrollment, 1, live.mentor, "A confidential comment")
    plan_operations.agree(enrollment, 1, live.mentor)
    db.session.commit()
    assert [m.subject for m in outbox] == [
        "Your mentor commented on your mentoring plan",
        "Your mentor agreed your mentoring plan",
    ]
    assert all(m.to == [mentee.email] for m in outbox)
    assert f"/enrollments/{enrollment.id}/plan/1" in outbox[0].body
    assert not any("confidential" in m.body or "Secret" in m.body for m in outbox)

    operations.save_choices(mentee, {Kind.MEETINGS: Choice.IMMEDIATE, Kind.PLANS: Choice.OFF})
    plan_operations.comment(enrollment, 1, live.mentor, "Another")
    db.session.commit()
    assert len(outbox) == 2


def test_a_rolled_back_change_sends_nothing(live, outbox):
    plan_operations.add_goal(
        live.enrollments[0],
        1,
        _mentees(live)[0],
        program_goal="growth",
        goal="Goal",
        actions="Actions",
        target_on=live.cohort.starts_on + timedelta(days=100),
    )
    plan_operations.comment(live.enrollments[0], 1, live.mentor, "Comment")
    db.session.rollback()
    assert outbox == []


def test_each_person_keeps_their_choices(live, client, auth):
    mentee = _mentees(live)[0]
    auth.login_as(mentee)
    page = client.get("/account/notifications").get_data(as_text=True)
    checked = [tag for tag in re.findall(r"<input[^>]*>", page) if re.search(r"\schecked\b", tag)]
    # Six kinds, each "each time" until chosen otherwise.
    assert len(checked) == 6 and all('value="immediate"' in tag for tag in checked)
    everything = {kind.value: "immediate" for kind in Kind}
    refused = client.post("/account/notifications", data={**everything, "meetings": "weekly"})
    assert refused.status_code == 400 and 'id="meetings-error"' in refused.get_data(as_text=True)
    assert operations.choices(mentee.id)[Kind.PLANS] == Choice.IMMEDIATE
    saved = client.post(
        "/account/notifications", data={**everything, "meetings": "off", "plans": "digest"}
    )
    assert saved.status_code == 302
    assert operations.choices(mentee.id) == {
        Kind.MENTORING: Choice.IMMEDIATE,
        Kind.MEETINGS: Choice.OFF,
        Kind.REFLECTIONS: Choice.IMMEDIATE,
        Kind.PLANS: Choice.DIGEST,
        Kind.SIGN_OFFS: Choice.IMMEDIATE,
        Kind.CERTIFICATES: Choice.IMMEDIATE,
    }
    assert operations.choices(live.mentor.id)[Kind.MEETINGS] == Choice.IMMEDIATE
