"""progress_for() against hand-computed expectations.

The cohort starts on July 1, 2026: program year 1 runs to June 30, 2027 (365 days), year 2
from July 1, 2027 to June 30, 2028 (366 days: 2028 is a leap year). The defaults are 8 meetings,
12 contact hours (720 minutes) and 4 reflections per year; at risk after 45 quiet days. Noor is
enrolled on July 1, 2026 unless a test says otherwise.

The pace rule: expected = floor(minimum × elapsed share), where the share is
(days since the later of the year's start and the enrollment, + 1) / (days in that span).
"""

from datetime import date

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from mentoring.cohorts import operations as cohort_operations
from mentoring.cohorts.models import Enrollment
from mentoring.core.localtime import day_in_school_year
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.meetings import operations as meeting_operations
from mentoring.meetings.models import MeetingAttendance
from mentoring.progress import tallies
from mentoring.progress.models import YearTally
from mentoring.progress.queries import Status, cohort_progress, progress_for
from tests.factories import (
    change_meeting,
    enroll,
    log_meeting,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
    write_reflection,
)
from tests.factories import sign_off as sign_off_factory


def _years(enrollment, today):
    (progress,) = progress_for(Enrollment.id == enrollment.id, today)
    return progress.years


def _counts(year):
    return (year.meetings, year.contact_minutes, year.reflections)


def test_june_30_counts_for_year_1_and_july_1_for_year_2(program):
    log_meeting(program.group, date(2027, 6, 30), 90, [program.enrollment])
    log_meeting(program.group, date(2027, 7, 1), 60, [program.enrollment])
    write_reflection(program.enrollment, date(2027, 6, 30))
    write_reflection(program.enrollment, date(2027, 7, 1))

    year1, year2 = _years(program.enrollment, date(2027, 7, 10))
    # Year 1: the June 30 meeting (90 min) and reflection only.
    assert _counts(year1) == (1, 90, 1)
    assert year1.last_meeting_on == date(2027, 6, 30)
    # It ended on June 30 without being complete: at risk. Days quiet stop at the year's end:
    # June 30 − June 30 = 0.
    assert year1.status == Status.AT_RISK and year1.days_without_meeting == 0
    # Year 2: the July 1 meeting (60 min) and reflection only.
    assert _counts(year2) == (1, 60, 1)
    # July 10 − July 1 = 9 quiet days. Share = (9 + 1) / 366; expected floor(8 × 10/366) = 0
    # meetings, floor(720 × 10/366) = floor(19.7) = 19 minutes, floor(4 × 10/366) = 0
    # reflections: 1, 60, 1 are on pace.
    assert year2.days_without_meeting == 9 and year2.status == Status.ON_TRACK

    # On June 30 itself, year 2 has not begun.
    year1, year2 = _years(program.enrollment, date(2027, 6, 30))
    assert _counts(year1) == (1, 90, 1) and year2.status == Status.NOT_STARTED
    assert year2.days_without_meeting is None


def test_edits_and_deletions_of_meetings_change_the_counts(program):
    """Through the meeting operations, which keep the year tallies current."""
    omar = enroll(program.cohort, make_mentee(name="Omar Other"), program.group)
    first = log_meeting(program.group, date(2026, 10, 1), 90, [program.enrollment, omar])
    second = log_meeting(program.group, date(2026, 10, 15), 60, [program.enrollment])
    today = date(2026, 11, 1)
    (year1, _) = _years(program.enrollment, today)
    assert _counts(year1) == (2, 90 + 60, 0) and year1.last_meeting_on == date(2026, 10, 15)

    change_meeting(second, program.mentor, today, duration_minutes=120)  # a corrected duration
    (year1, _) = _years(program.enrollment, today)
    assert _counts(year1) == (2, 90 + 120, 0)

    # Noor marked absent from the first meeting: it no longer counts for her.
    change_meeting(first, program.mentor, today, attendee_enrollment_ids=[omar.id])
    (year1, _) = _years(program.enrollment, today)
    assert _counts(year1) == (1, 120, 0) and year1.last_meeting_on == date(2026, 10, 15)

    # A date corrected across the boundary moves the meeting to year 2 (a specialist, since
    # the mentor's 30 days are over by then).
    specialist = make_user(Role.SPECIALIST)
    change_meeting(second, specialist, date(2027, 7, 2), held_on=date(2027, 7, 1))
    year1, year2 = _years(program.enrollment, date(2027, 7, 2))
    assert _counts(year1) == (0, 0, 0) and year1.last_meeting_on is None
    assert _counts(year2) == (1, 120, 0) and year2.last_meeting_on == date(2027, 7, 1)

    meeting_operations.delete_meeting(second, specialist, date(2027, 7, 2))
    db.session.commit()
    year1, year2 = _years(program.enrollment, date(2027, 7, 2))
    assert _counts(year2) == (0, 0, 0) and year2.last_meeting_on is None


def test_the_tallies_always_equal_a_recount_from_meetings_and_reflections(program):
    """Whatever was written through the operations, rebuilding every tally from the source
    tables changes nothing."""
    other = enroll(program.cohort, make_mentee(name="Omar Other"), program.group)
    log_meeting(program.group, date(2026, 9, 1), 60, [program.enrollment, other])
    meeting = log_meeting(program.group, date(2026, 10, 1), 45, [other])
    change_meeting(meeting, program.mentor, date(2026, 10, 2), duration_minutes=75)
    write_reflection(program.enrollment, date(2026, 9, 2))
    write_reflection(other, date(2026, 10, 3))

    def snapshot():
        return db.session.execute(
            select(YearTally.__table__).order_by(YearTally.enrollment_id, YearTally.program_year)
        ).all()

    kept = snapshot()
    # Each enrollment has a row for each year, zeros where nothing is recorded.
    assert [tuple(row)[:5] for row in kept] == [
        (program.enrollment.id, 1, 1, 60, 1),
        (program.enrollment.id, 2, 0, 0, 0),
        (other.id, 1, 2, 60 + 75, 1),
        (other.id, 2, 0, 0, 0),
    ]
    tallies.rebuild_all()
    assert snapshot() == kept


def test_a_recount_does_not_wait_for_a_transaction_that_only_refers_to_the_mentee(program):
    """A meeting being logged holds a reference to Noor's enrollment (its attendance row's
    foreign key, a KEY SHARE row lock) until it commits. A reflection she writes meanwhile must
    recount at once. With FOR UPDATE it waited on that reference while the meeting's own recount
    waited on the reflection's: PostgreSQL broke the deadlock with an error, a 500 found under
    load (tests/deploy/test_load.py). FOR NO KEY UPDATE still queues two recounts."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks between two connections are tested on PostgreSQL")
    meeting = log_meeting(program.group, date(2026, 9, 1), 60, [])
    with Session(db.engine) as other:
        other.add(MeetingAttendance(meeting_id=meeting.id, enrollment_id=program.enrollment.id))
        other.flush()
        db.session.execute(text("SET LOCAL lock_timeout = '2s'"))
        write_reflection(program.enrollment, date(2026, 9, 2))
        other.rollback()
    (year1, _) = _years(program.enrollment, date(2026, 9, 3))
    assert _counts(year1) == (0, 0, 1)


def test_a_mentee_reassigned_mid_year_keeps_the_meetings_of_both_mentors(program):
    other_group = make_group(program.cohort, make_mentor(name="Omar Other"))
    log_meeting(program.group, date(2026, 9, 10), 60, [program.enrollment])
    write_reflection(program.enrollment, date(2026, 9, 12))
    cohort_operations.assign(program.enrollment, other_group, None)
    db.session.commit()
    log_meeting(other_group, date(2026, 10, 20), 90, [program.enrollment])
    write_reflection(program.enrollment, date(2026, 10, 21))
    # Mia's group meets again without Noor, who has left it: not hers.
    log_meeting(program.group, date(2026, 11, 1), 120, [])

    (year1, _) = _years(program.enrollment, date(2026, 11, 2))
    # 60 min under Mia + 90 min under Omar; one reflection written under each.
    assert _counts(year1) == (2, 150, 2)
    assert year1.last_meeting_on == date(2026, 10, 20)
    # Share = (Nov 2 − Jul 1 = 124, + 1) / 365 = 125/365; expected floor(8 × 0.342) = 2
    # meetings, floor(720 × 0.342) = floor(246.6) = 246 minutes: 150 < 246, behind pace.
    assert year1.status == Status.AT_RISK


def test_a_withdrawn_mentee_is_frozen_on_the_day_they_left(program):
    log_meeting(program.group, date(2026, 8, 1), 180, [program.enrollment])
    cohort_operations.withdraw(program.enrollment, None, "Moved away", date(2026, 9, 1))
    db.session.commit()

    (year1, _) = _years(program.enrollment, date(2026, 12, 31))
    # As of September 1: 31 days since the August 1 meeting (not 152, as on December 31).
    # Share = (Sep 1 − Jul 1 = 62, + 1) / 365 = 63/365; expected floor(8 × 0.173) = 1 meeting,
    # floor(720 × 0.173) = floor(124.3) = 124 minutes, floor(4 × 0.173) = 0 reflections:
    # 1 meeting and 180 minutes are on pace.
    assert year1.days_without_meeting == 31
    assert year1.status == Status.ON_TRACK
    # The cohort's table leaves the withdrawn out.
    assert cohort_progress(program.cohort, date(2026, 12, 31)) == []


def test_pace_decides_between_on_track_and_at_risk(program):
    behind = enroll(program.cohort, make_mentee(name="Behind Pace"), program.group)
    behind.enrolled_on = date(2026, 7, 1)
    db.session.commit()
    for day in (date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 20)):
        log_meeting(program.group, day, 91, [program.enrollment])
        log_meeting(program.group, day, 90, [behind])
    for enrollment in (program.enrollment, behind):
        write_reflection(enrollment, date(2026, 10, 2))
        write_reflection(enrollment, date(2026, 12, 21))

    today = date(2027, 1, 1)
    # Share = (Jan 1 − Jul 1 = 184, + 1) / 365 = 185/365 = 0.5068; expected
    # floor(8 × 0.5068) = 4 meetings, floor(720 × 0.5068) = floor(364.9) = 364 minutes,
    # floor(4 × 0.5068) = 2 reflections. Last meeting December 20: 12 quiet days.
    (on_pace, _) = _years(program.enrollment, today)
    assert _counts(on_pace) == (4, 4 * 91, 2)  # 364 minutes: exactly on pace
    assert on_pace.status == Status.ON_TRACK and on_pace.days_without_meeting == 12
    (late, _) = _years(behind, today)
    assert _counts(late) == (4, 4 * 90, 2)  # 360 < 364 minutes
    assert late.status == Status.AT_RISK


def test_at_risk_after_more_than_the_threshold_days_without_a_meeting(program):
    log_meeting(program.group, date(2026, 7, 10), 120, [program.enrollment])
    # August 24 − July 10 = 45 days: not more than 45. Share = (54 + 1)/365 = 0.151; expected
    # floor(8 × 0.151) = 1 meeting, floor(720 × 0.151) = 108 minutes, 0 reflections: on pace.
    (day45, _) = _years(program.enrollment, date(2026, 8, 24))
    assert day45.days_without_meeting == 45 and day45.status == Status.ON_TRACK
    # August 25: 46 days > 45. (Pace: (55 + 1)/365 → 1 meeting, floor(110.5) = 110 ≤ 120.)
    (day46, _) = _years(program.enrollment, date(2026, 8, 25))
    assert day46.days_without_meeting == 46 and day46.status == Status.AT_RISK

    # The threshold is the cohort's own.
    program.cohort.at_risk_days = 60
    db.session.commit()
    (day46, _) = _years(program.enrollment, date(2026, 8, 25))
    assert day46.status == Status.ON_TRACK


def test_nothing_recorded_is_not_started_until_the_threshold_passes(program):
    # August 15 − July 1 = 45 days, nothing recorded: not started.
    year1, year2 = _years(program.enrollment, date(2026, 8, 15))
    assert year1.status == Status.NOT_STARTED and year2.status == Status.NOT_STARTED
    # August 16: 46 days without a meeting.
    (year1, _) = _years(program.enrollment, date(2026, 8, 16))
    assert year1.status == Status.AT_RISK


def test_late_enrollment_starts_the_clock_and_the_pace_on_the_enrollment_day(program):
    program.enrollment.enrolled_on = date(2026, 11, 1)
    db.session.commit()
    log_meeting(program.group, date(2026, 11, 10), 60, [program.enrollment])
    (year1, _) = _years(program.enrollment, date(2026, 12, 1))
    # Share = (Dec 1 − Nov 1 = 30, + 1) / (Jun 30 − Nov 1 = 241, + 1) = 31/242 = 0.128;
    # expected floor(8 × 0.128) = 1 meeting, floor(720 × 0.128) = floor(92.2) = 92 minutes:
    # 60 < 92, behind.
    assert year1.status == Status.AT_RISK and year1.days_without_meeting == 21


def test_complete_needs_the_minimums_and_a_sign_off_as_met(program):
    for month in range(7, 13):
        log_meeting(program.group, date(2026, month, 5), 90, [program.enrollment])
    for day in (date(2027, 1, 5), date(2027, 2, 5)):
        log_meeting(program.group, day, 90, [program.enrollment])
    for month in (8, 10, 12, 2):
        write_reflection(program.enrollment, day_in_school_year(2026, month, 6))
    today = date(2027, 3, 1)
    (year1, _) = _years(program.enrollment, today)
    # 8 meetings × 90 min = 720 minutes = 12 hours, 4 reflections: every minimum met.
    assert _counts(year1) == (8, 720, 4) and year1.minimums_met
    assert year1.status == Status.ON_TRACK and year1.missing() == [
        "your mentor's sign-off at the end of the year"
    ]

    record = sign_off_factory(program.enrollment, 1, met=False)
    (year1, _) = _years(program.enrollment, today)
    assert year1.status == Status.ON_TRACK  # signed off, but as not met

    record.met = True
    db.session.commit()
    (year1, year2) = _years(program.enrollment, today)
    assert year1.status == Status.COMPLETE and year1.missing() == []
    assert year2.status == Status.NOT_STARTED


def test_a_sign_off_as_met_does_not_complete_a_year_short_of_its_minimums(program):
    for month in range(7, 12):
        log_meeting(program.group, date(2026, month, 5), 90, [program.enrollment])
    sign_off_factory(program.enrollment, 1, met=True)
    (year1, _) = _years(program.enrollment, date(2027, 7, 1))
    # 5 of 8 meetings, 450 of 720 minutes, 0 of 4 reflections; the year has ended.
    assert _counts(year1) == (5, 450, 0) and year1.status == Status.AT_RISK
    assert year1.missing() == [
        "3 more meetings",
        "4.5 more contact hours",
        "4 more reflections",
    ]


def test_flask_progress_recount_restores_tallies_changed_outside_the_app(runner, program):
    log_meeting(program.group, date(2026, 9, 1), 60, [program.enrollment])
    write_reflection(program.enrollment, date(2026, 9, 2))
    # A restore or a hand-made fix leaves the tally wrong: say, 5 meetings instead of 1.
    db.session.execute(update(YearTally).values(meetings=5))
    db.session.commit()
    (year1, _) = _years(program.enrollment, date(2026, 9, 3))
    assert year1.meetings == 5

    result = runner.invoke(args=["progress", "recount"])
    # One enrollment: a row for each of its two years.
    assert result.exit_code == 0 and "Recounted 2 year tallies." in result.output
    db.session.expire_all()
    (year1, _) = _years(program.enrollment, date(2026, 9, 3))
    assert _counts(year1) == (1, 60, 1)
