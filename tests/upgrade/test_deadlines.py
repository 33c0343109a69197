"""Deadlines and expiry reminders, with dates counted by hand.

The factory's mentees hold an ISS issued August 1, 2025: it expires August 1, 2029; the
Department asks for the application 60 to 30 days before, June 2 to July 2, 2029.
"""

import html
import re
from datetime import date

import pytest
from sqlalchemy import select

from mentoring.cohorts.models import MenteeProfile
from mentoring.core.audit import AuditEvent
from mentoring.extensions import db
from mentoring.upgrade.models import ExpiryReminder, ExpiryReminderOptOut
from mentoring.upgrade.reminders import due_threshold
from mentoring.upgrade.rules import TEACHERS_ONLY, deadlines, validity
from tests.upgrade.helpers import ISS_CSS, TODAY, add_activity

VALIDITY = validity(date(2025, 8, 1), date(2029, 8, 1))


def _text(response) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split()))


def test_the_window_to_apply_is_60_to_30_days_before_expiry():
    found = deadlines(VALIDITY, TODAY, ISS_CSS)
    assert (found.expires_on, found.apply_from, found.apply_by) == (
        date(2029, 8, 1),
        date(2029, 6, 2),  # 60 days before: June 2 + 29 (June) + 31 (July) + 1 = August 1
        date(2029, 7, 2),  # 30 days before: July 2 + 29 + 1
    )
    # November 22, 2026 → July 2, 2029: 983 days to expiry (the existing test) less 30.
    assert (found.days_left, found.days_to_apply_by) == (983, 953)
    assert found.time_left == "953 days left to apply"


@pytest.mark.parametrize(
    ("today", "words"),
    [
        (date(2029, 7, 1), "1 day left to apply"),
        (date(2029, 7, 2), "today is the last date to apply"),
        (date(2029, 7, 3), "the last date to apply passed 1 day ago"),
        (date(2029, 7, 12), "the last date to apply passed 10 days ago"),
    ],
)
def test_time_left_to_apply_in_words(today, words):
    assert deadlines(VALIDITY, today, ISS_CSS).time_left == words


def test_the_checklist_shows_the_deadlines_and_what_is_missing(client, auth, people):
    add_activity(people.mentee, contact_hours="40")
    auth.login_as(people.mentee)
    text = _text(client.get("/upgrade"))
    assert "expires August 1, 2029 (983 days left)" in text
    assert "between June 2, 2029 and July 2, 2029 , the last date to apply" in text
    assert "Still missing, with 953 days left to apply:" in text
    assert "4 years of approved experience: 0 of 4 approved years: 4 more needed" in text
    assert "40 contact hours of professional development: 40" not in text  # met: not missing
    assert "an extension resets the 4-year period" in text
    assert f"This is {TEACHERS_ONLY}." in text
    assert "Rules applied: Student Services: ISS to CSS, version 1" in text


def test_an_expired_iss_gets_advice_on_reactivation(client, auth, people):
    # Issued July 18, 2022: expired July 18, 2026, 127 days before November 22
    # (13 days of July, 31 + 30 + 31, and 22 of November).
    db.session.get(MenteeProfile, people.mentee.id).iss_issued_on = date(2022, 7, 18)
    db.session.commit()
    auth.login_as(people.mentee)
    text = _text(client.get("/upgrade"))
    assert "Expired 127 days ago" in text
    assert "the last date to apply passed 157 days ago" in text
    assert "can be reactivated" in text
    assert "With a 2–3 semester hour college course completed less than 6 months before" in text
    assert "a background check more than 12 months old must be redone" in text
    assert f"This is {TEACHERS_ONLY}." in text


# Reminders ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_left", "due"),
    [(181, None), (180, 180), (61, 180), (60, 60), (31, 60), (30, 30), (0, 30), (-1, None)],
)
def test_the_nearest_threshold_reached_is_due(days_left, due):
    assert due_threshold(days_left, ISS_CSS) == due


def _remind(runner, day: str):
    result = runner.invoke(args=["upgrade", "remind", "--today", day])
    assert result.exit_code == 0, result.output
    return result.output


def _sent() -> list[tuple[int, date, int]]:
    rows = db.session.execute(
        select(
            ExpiryReminder.mentee_id, ExpiryReminder.expires_on, ExpiryReminder.days_before
        ).order_by(ExpiryReminder.id)
    )
    return [tuple(row) for row in rows]


def test_reminders_at_180_60_and_30_days_each_sent_once(runner, outbox, people):
    outbox.clear()  # the mentors' assignments were notified
    add_activity(people.mentee, contact_hours="40")
    db.session.add(ExpiryReminderOptOut(mentee_id=people.other_mentee.id))
    db.session.commit()
    mentee = people.mentee.id

    assert "0 sent" in _remind(runner, "2029-02-01")  # 181 days before
    assert "1 sent" in _remind(runner, "2029-02-02")  # 180 days before
    (message,) = outbox
    assert message.to == [people.mentee.email]
    assert message.subject == "Your ISS expires in 180 days"
    assert "expires on August 1, 2029, in 180 days" in message.body
    assert "between June 2, 2029 and July 2, 2029, the last date to apply" in message.body
    assert "- 4 years of approved experience: 0 of 4 approved years: 4 more needed" in message.body
    assert "professional development" not in message.body  # 40 hours: met
    assert "http://mentoring.test/upgrade" in message.body

    outbox.clear()
    for day in ("2029-02-02", "2029-03-01", "2029-06-01"):  # nothing new before 60 days
        assert "0 sent" in _remind(runner, day)
    assert "1 sent" in _remind(runner, "2029-06-02")  # 60 days before
    assert "0 sent" in _remind(runner, "2029-06-20")
    assert "1 sent" in _remind(runner, "2029-07-02")  # 30 days before
    for day in ("2029-07-03", "2029-08-01", "2029-08-02"):
        assert "0 sent" in _remind(runner, day)
    assert [m.subject for m in outbox] == [
        "Your ISS expires in 60 days",
        "Your ISS expires in 30 days",
    ]
    expires = date(2029, 8, 1)
    assert _sent() == [(mentee, expires, 180), (mentee, expires, 60), (mentee, expires, 30)]


def test_a_date_recorded_late_gets_the_nearest_reminder_only(runner, outbox, people):
    outbox.clear()  # the mentors' assignments were notified
    db.session.add(ExpiryReminderOptOut(mentee_id=people.other_mentee.id))
    db.session.commit()
    # 40 days before August 1, 2029 is June 22: the 60-day reminder, never the 180-day one.
    assert "1 sent" in _remind(runner, "2029-06-22")
    assert "1 sent" in _remind(runner, "2029-07-02")
    assert [row[2] for row in _sent()] == [60, 30]


def test_the_mentee_opts_out_and_back_in(client, auth, runner, outbox, people):
    outbox.clear()  # the mentors' assignments were notified
    auth.login_as(people.mentee)
    assert "Stop expiry reminders" in _text(client.get("/upgrade"))
    response = client.post("/upgrade/reminders", data={"wanted": "no"})
    assert response.status_code == 302
    assert "Reminder emails 180, 60, 30 days before expiry: off" in _text(client.get("/upgrade"))
    (event,) = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "upgrade.expiry_reminders_off")
    )
    assert event.summary == f"Expiry reminders of mentee {people.mentee.id} turned off"

    assert "1 sent" in _remind(runner, "2029-02-02")  # the other mentee only
    assert [message.to for message in outbox] == [[people.other_mentee.email]]

    client.post("/upgrade/reminders", data={"wanted": "yes"})
    assert db.session.get(ExpiryReminderOptOut, people.mentee.id) is None
    assert "2 sent" in _remind(runner, "2029-06-02")  # both, 60 days before
    assert "0 sent" in _remind(runner, "2029-06-03")
