"""Each event notifies once, in the way each person chose, over a real SMTP server on
loopback: a mentor assigned, a reflection shared and acknowledged, a sign-off window opening,
a year signed off, a certificate issued and revoked, a mentor application received and
decided. Emails name people and dates, never a reflection's or a plan's text."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from mentoring.certificates import operations as certificate_operations
from mentoring.core import localtime
from mentoring.core.mail import OutgoingMail
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.mentors import operations as mentor_operations
from mentoring.notifications import operations
from mentoring.notifications.models import Choice, Kind, Notification
from mentoring.progress import operations as progress_operations
from mentoring.reflections import operations as reflection_operations
from mentoring.users.models import User
from tests.factories import (
    complete_both_years,
    enroll,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)
from tests.mentors.helpers import submit_application
from tests.notifications.helpers import body


def _user(user_id: int) -> User:
    return db.session.get(User, user_id)


def _rows(user: User) -> list[tuple[str, str, Choice]]:
    return [
        (row.kind, row.text, row.delivery)
        for row in db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    ]


def test_an_assignment_tells_the_mentee_and_the_mentor_what_happens_next(app, smtp_server):
    _controller, inbox = smtp_server
    cohort = make_cohort(name="2026 Central Cohort", start_year=2026)
    mentor = make_mentor(name="Mia Mentor")
    mentee = make_mentee(name="Noor Mentee")
    enroll(cohort, mentee, make_group(cohort, mentor))
    [to_mentee] = inbox.to(mentee.email)
    [to_mentor] = inbox.to(mentor.email)
    assert to_mentee["Subject"] == to_mentor["Subject"] == "Your mentoring in 2026 Central Cohort"
    text = body(to_mentee)
    assert "Mia Mentor is your mentor in 2026 Central Cohort." in text
    assert "What happens next: Mia Mentor will get in touch" in text
    assert "Your home page: http://mentoring.test/\n" in text
    assert "Noor Mentee has joined your PLC group in 2026 Central Cohort." in body(to_mentor)
    assert _rows(mentee) == [
        ("mentoring", "Mia Mentor is your mentor in 2026 Central Cohort.", Choice.IMMEDIATE)
    ]
    # Sent, so no longer queued (the queue holds a message until it has gone).
    assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 0


def test_a_shared_reflection_tells_the_mentor_the_name_and_date_once_and_never_the_text(
    live, smtp_server
):
    _controller, inbox = smtp_server
    inbox.messages.clear()
    mentee = _user(live.enrollments[0].mentee_id)
    today = localtime.today()
    private = reflection_operations.write_reflection(
        mentee, today, title="Secret title", body="Secret body", is_shared=False
    )
    db.session.commit()
    assert inbox.messages == []  # private: the mentor hears nothing
    reflection_operations.set_shared(private, mentee, True)
    db.session.commit()
    [message] = inbox.messages
    assert message["To"] == live.mentor.email
    assert message["Subject"] == "Ada Mentee shared a reflection with you"
    text = body(message)
    assert f"Ada Mentee shared a reflection with you, written on {today:%B %-d, %Y}." in text
    assert f"http://mentoring.test/reflections/{private.id}\n" in text
    assert "Secret" not in text and "Secret" not in message["Subject"]
    # Made private and shared again: the mentor was told already.
    reflection_operations.set_shared(private, mentee, False)
    reflection_operations.set_shared(private, mentee, True)
    db.session.commit()
    assert len(inbox.messages) == 1

    reflection_operations.acknowledge(private, live.mentor, "A secret reply")
    db.session.commit()
    [acknowledged] = inbox.to(mentee.email)
    assert acknowledged["Subject"] == "Your mentor acknowledged your reflection"
    assert f"Mia Mentor, acknowledged your reflection of {today:%B %-d, %Y} and replied." in body(
        acknowledged
    )
    assert "secret" not in body(acknowledged).lower()
    texts = [text for _kind, text, _delivery in _rows(mentee) + _rows(live.mentor)]
    assert not any("ecret" in text for text in texts)


def test_a_sign_off_window_tells_each_mentor_once_and_a_sign_off_tells_the_mentee(
    live, smtp_server, runner
):
    _controller, inbox = smtp_server
    inbox.messages.clear()
    start = live.cohort.start_year
    # Year 1 ends on June 30 of the next year; its last 60 days begin on May 2.
    opens = date(start + 1, 5, 2)

    def run(day: date) -> str:
        result = runner.invoke(args=["reminders", "sign-off", "--today", day.isoformat()])
        assert result.exit_code == 0, result.output
        return result.output

    assert "0 mentors emailed" in run(opens - timedelta(days=1))
    assert inbox.messages == []
    assert "2 mentors emailed" in run(opens)
    assert sorted(m["To"] for m in inbox.messages) == sorted(
        [live.mentor.email, live.other_mentor.email]
    )
    text = body(inbox.to(live.mentor.email)[0])
    assert f"The sign-off of program year 1 in {live.cohort.name} is open from May 2" in text
    assert f"http://mentoring.test/groups/{live.group.id}\n" in text
    # The next day's run (and any later one in the window) sends nothing again.
    assert "0 mentors emailed" in run(opens + timedelta(days=1))
    assert len(inbox.messages) == 2
    # Year 2's window is a new event.
    assert "2 mentors emailed" in run(date(start + 2, 5, 2))
    assert len(inbox.messages) == 4

    enrollment = live.enrollments[0]
    progress_operations.sign_off_year(
        enrollment, 1, live.mentor, opens, True, "A confidential comment"
    )
    db.session.commit()
    [signed] = inbox.to(_user(enrollment.mentee_id).email)
    assert signed["Subject"] == "Program year 1 is signed off"
    assert f"Program year 1 of {live.cohort.name} was signed off for you as met." in body(signed)
    assert "confidential" not in body(signed)


def test_a_certificate_issued_and_revoked_tells_its_holder(app, smtp_server):
    _controller, inbox = smtp_server
    cohort = make_cohort(name="2024 Central Cohort", start_year=2024)
    group = make_group(cohort, make_mentor())
    enrollment = enroll(cohort, make_mentee(name="Noor Graduate"), group)
    complete_both_years(group, enrollment, 2024)
    specialist = make_user(Role.SPECIALIST)
    holder = _user(enrollment.mentee_id)
    inbox.messages.clear()
    certificate = certificate_operations.issue_certificate(
        enrollment, specialist, date(2026, 11, 23)
    )
    db.session.commit()
    [issued] = inbox.messages
    assert issued["To"] == holder.email
    assert issued["Subject"] == "Your completion certificate is issued"
    assert f"serial {certificate.serial}" in body(issued)
    assert f"http://mentoring.test/certificates/{certificate.id}\n" in body(issued)
    certificate_operations.revoke(
        certificate, specialist, "Issued in error", datetime(2026, 11, 24, 12, tzinfo=UTC)
    )
    db.session.commit()
    revoked = inbox.messages[1]
    assert revoked["To"] == holder.email
    assert revoked["Subject"] == "Your completion certificate was revoked"
    assert "Issued in error" not in body(revoked)  # the reason is the staff's record
    assert [kind for kind, _text, _delivery in _rows(holder)][-2:] == [
        "certificates",
        "certificates",
    ]


def test_a_mentor_application_is_acknowledged_and_its_decision_sent(app, smtp_server):
    _controller, inbox = smtp_server
    application = submit_application()
    [received] = inbox.messages
    assert received["To"] == "casey@school.example"
    assert received["Subject"] == "Your mentor application was received"
    assert "the program staff check it" in body(received)
    specialist = make_user(Role.SPECIALIST)
    mentor_operations.decline_application(application, specialist, "Too few years")
    db.session.commit()
    decided = inbox.messages[1]
    assert decided["Subject"] == "Your mentor application was decided"
    assert "was not approved this time" in body(decided)
    assert "Too few years" not in body(decided)


def test_each_person_gets_each_kind_their_way_and_the_digest_once(live, smtp_server, runner):
    _controller, inbox = smtp_server
    inbox.messages.clear()
    mentee = _user(live.enrollments[0].mentee_id)
    operations.save_choices(mentee, {Kind.REFLECTIONS: Choice.DIGEST, Kind.SIGN_OFFS: Choice.OFF})
    db.session.commit()
    today = localtime.today()
    reflection = reflection_operations.write_reflection(mentee, today, title="T", body="B")
    reflection_operations.acknowledge(reflection, live.mentor)
    progress_operations.sign_off_year(
        live.enrollments[0], 1, live.mentor, date(live.cohort.start_year + 1, 5, 2), True, "Ok"
    )
    db.session.commit()
    # The mentor (who chose nothing) hears of the shared reflection at once; the mentee of
    # neither event now: the acknowledgement waits for the digest, the sign-off is off.
    assert [m["To"] for m in inbox.messages] == [live.mentor.email]
    assert [(kind, delivery) for kind, _text, delivery in _rows(mentee)] == [
        ("mentoring", Choice.IMMEDIATE),
        ("reflections", Choice.DIGEST),
        ("sign_offs", Choice.OFF),
    ]

    result = runner.invoke(args=["notifications", "digest"])
    assert result.output == "Sent 1 weekly digests.\n"
    [digest] = inbox.to(mentee.email)
    assert digest["Subject"] == "Your week in the mentoring program: 1 notification"
    text = body(digest)
    assert f"Mia Mentor acknowledged your reflection of {today:%B %-d, %Y}." in text
    assert f"http://mentoring.test/reflections/{reflection.id}" in text
    assert "signed off" not in text  # off is off: not even in the digest
    # Once: a second run finds nothing waiting.
    assert runner.invoke(args=["notifications", "digest"]).output == "Sent 0 weekly digests.\n"
    assert len(inbox.to(mentee.email)) == 1


def test_a_deactivated_person_is_not_notified(app, outbox):
    # A deactivated account can be neither enrolled nor assigned (cohorts/operations.py), so
    # the mentee is deactivated after both, and the year's sign-off is the event.
    cohort = make_cohort()
    mentor = make_mentor()
    mentee = make_mentee()
    enrollment = enroll(cohort, mentee, make_group(cohort, mentor))
    before = _rows(mentee)
    outbox.clear()
    mentee.is_active = False
    db.session.commit()
    progress_operations.sign_off_year(
        enrollment, 1, mentor, date(cohort.start_year + 1, 5, 2), False, "Moved away"
    )
    db.session.commit()
    assert outbox == []
    assert _rows(mentee) == before
