"""`flask reminders send`: mentors of quiet groups and mentees who have not reflected lately.

The cohort runs from July 1, 2026. A group is quiet after 30 days without a meeting, a mentee
after 45 days without a reflection (counted from the cohort start or their enrollment, if
later); each person hears about each at most once a week.
"""

from datetime import date

import pytest
from sqlalchemy import select

from mentoring.cohorts import operations as cohort_operations
from mentoring.cohorts.models import CohortStatus
from mentoring.core import mail
from mentoring.extensions import db
from mentoring.progress.models import ReminderKind, SentReminder
from tests.factories import (
    counting_statements,
    enroll,
    log_meeting,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    write_reflection,
)
from tests.progress.helpers import make_program

DAY = "2026-11-22"


def _send(runner, today: str = DAY):
    result = runner.invoke(args=["reminders", "send", "--today", today])
    assert result.exit_code == 0, result.output
    return result


def _reminders(outbox) -> list:
    """The reminders among the messages (not the assignments' notifications)."""
    subjects = {"Your PLC group has not met for a while", "Time for a reflection"}
    return [message for message in outbox if message.subject in subjects]


def _sent() -> list[tuple[int, ReminderKind]]:
    return sorted(
        tuple(row) for row in db.session.execute(select(SentReminder.user_id, SentReminder.kind))
    )


@pytest.fixture
def scene(app, outbox):
    """Mia's group last met on October 1 (52 days before November 22); Noor last reflected on
    October 1 too. Omar's group met on November 20; his mentee Pat reflected on November 1."""
    program = make_program(mentee_name="Noor Quiet", mentor_name="Mia Quiet")
    log_meeting(program.group, date(2026, 10, 1), 90, [program.enrollment])
    write_reflection(program.enrollment, date(2026, 10, 1))
    omar = make_mentor(name="Omar Busy")
    busy_group = make_group(program.cohort, omar)
    pat = enroll(program.cohort, make_mentee(name="Pat Busy"), busy_group)
    log_meeting(busy_group, date(2026, 11, 20), 60, [pat])
    write_reflection(pat, date(2026, 11, 1))
    outbox.clear()  # the assignments' notifications
    return program, omar, pat


def test_reminders_go_to_quiet_mentors_and_mentees_once_a_week(runner, outbox, scene):
    program, omar, pat = scene
    result = _send(runner)
    assert "1 to mentors" in result.output and "1 to mentees" in result.output
    assert "0 not sent again" in result.output
    assert _sent() == sorted(
        [
            (program.mentor.id, ReminderKind.MENTOR_NO_MEETING),
            (program.mentee.id, ReminderKind.MENTEE_NO_REFLECTION),
        ]
    )
    assert sorted(message.to[0] for message in outbox) == sorted(
        [program.mentor.email, program.mentee.email]
    )
    to_mentor = next(m for m in outbox if m.to == [program.mentor.email])
    assert "last meeting on October 1, 2026 (52 days ago)" in to_mentor.body
    assert f"http://mentoring.test/groups/{program.group.id}/meetings/new" in to_mentor.body
    to_mentee = next(m for m in outbox if m.to == [program.mentee.email])
    assert "October 1, 2026, 52 days ago" in to_mentee.body
    assert "http://mentoring.test/reflections/new" in to_mentee.body
    assert "A reflection" not in to_mentee.body  # never the text of a reflection

    # The next six days: nothing new, even though both are still quiet.
    outbox.clear()
    for day in ("2026-11-23", "2026-11-28"):
        result = _send(runner, day)
        assert "0 to mentors" in result.output and "2 not sent again" in result.output
    assert outbox == [] and len(_sent()) == 2

    # A week later: again.
    result = _send(runner, "2026-11-29")
    assert "1 to mentors" in result.output and "1 to mentees" in result.output
    assert len(outbox) == 2 and len(_sent()) == 4


def test_the_thresholds_are_30_days_for_groups_and_45_for_reflections(runner, outbox, app):
    program = make_program()
    log_meeting(program.group, date(2026, 10, 1), 90, [program.enrollment])
    write_reflection(program.enrollment, date(2026, 10, 1))
    # October 30: 29 days since the meeting and the reflection.
    assert "0 to mentors" in _send(runner, "2026-10-30").output
    # October 31: the group has not met for 30 days; the reflection is 30 days old.
    result = _send(runner, "2026-10-31")
    assert "1 to mentors" in result.output and "0 to mentees" in result.output
    # November 14: 44 days since the reflection; November 15: 45.
    assert "0 to mentees" in _send(runner, "2026-11-14").output
    assert "1 to mentees" in _send(runner, "2026-11-15").output


def test_a_mentor_with_two_quiet_groups_gets_one_email(runner, outbox, scene):
    program, _, _ = scene
    second = make_cohort(name="Second cohort", start_year=2026)
    enroll(second, make_mentee(), make_group(second, program.mentor))
    _send(runner)
    to_mentor = [m for m in _reminders(outbox) if m.to == [program.mentor.email]]
    assert len(to_mentor) == 1
    assert "2026 Central Cohort" in to_mentor[0].body and "Second cohort" in to_mentor[0].body
    assert "no meeting logged since the program year began" in to_mentor[0].body


def test_no_reminders_for_empty_groups_finished_cohorts_withdrawn_or_inactive_people(
    runner, outbox, app
):
    # A group without mentees.
    empty = make_cohort(name="Empty")
    make_group(empty, make_mentor())
    # A completed cohort.
    done = make_program(start_year=2026, mentee_name="Done", mentor_name="Done Mentor")
    done.cohort.status = CohortStatus.COMPLETED
    # A withdrawn mentee (the group is now empty, too).
    gone = make_program(start_year=2026, mentee_name="Gone", mentor_name="Gone Mentor")
    cohort_operations.withdraw(gone.enrollment, None, "Moved", date(2026, 9, 1))
    # A deactivated mentor and mentee.
    inactive = make_program(start_year=2026, mentee_name="Off", mentor_name="Off Mentor")
    inactive.mentor.is_active = inactive.mentee.is_active = False
    # A cohort that has not started yet, and one whose two years are over.
    make_program(start_year=2027, mentee_name="Later", mentor_name="Later Mentor")
    make_program(start_year=2023, mentee_name="Over", mentor_name="Over Mentor")
    db.session.commit()
    result = _send(runner)
    assert "0 to mentors" in result.output and "0 to mentees" in result.output
    assert _reminders(outbox) == [] and _sent() == []


def test_a_late_enrollment_gets_45_days_before_its_first_reminder(runner, outbox, app):
    program = make_program(enrolled_on=date(2026, 10, 10))
    log_meeting(program.group, date(2026, 11, 20), 60, [program.enrollment])
    # November 22 − October 10 = 43 days.
    assert "0 to mentees" in _send(runner).output
    # November 24: 45 days.
    assert "1 to mentees" in _send(runner, "2026-11-24").output


def test_the_reminders_link_to_the_public_url(runner, outbox, scene, app):
    app.config["SERVER_NAME"] = None
    app.config["PUBLIC_URL"] = "https://mentoring.state.example"
    assert _send(runner).exit_code == 0
    assert len(outbox) == 2
    assert all("https://mentoring.state.example/" in message.body for message in outbox)


def test_a_bad_date_is_refused(runner, scene):
    result = runner.invoke(args=["reminders", "send", "--today", "22/11/2026"])
    assert result.exit_code == 2 and "--today" in result.output
    assert _sent() == []


def _statements(runner, today: str) -> int:
    with counting_statements() as statements:
        _send(runner, today)
    return len(statements)


def _people(size: int, name: str) -> None:
    """`size` quiet mentors, each with one quiet mentee."""
    cohort = make_cohort(name=name, start_year=2026)
    for number in range(size):
        group = make_group(cohort, make_mentor(name=f"{name} mentor {number}"))
        enrollment = enroll(cohort, make_mentee(name=f"{name} mentee {number}"), group)
        enrollment.enrolled_on = date(2026, 7, 1)
    db.session.commit()


def test_a_run_takes_the_same_queries_for_5_or_50_people(runner, outbox, app):
    # The run's own statements: the mail worker's, one claim per message, are counted apart.
    app.config["MAIL_QUEUE"] = "worker"
    _people(5, "Few")
    few = _statements(runner, DAY)
    mail.deliver_due()
    assert len(_reminders(outbox)) == 10
    _people(50, "Many")
    # A week later everyone is due again: 55 mentors and 55 mentees.
    many = _statements(runner, "2026-11-29")
    mail.deliver_due()
    assert len(_reminders(outbox)) == 10 + 110
    assert many == few
