"""Why a mentee is at risk, in words: the rule that put them there, with the figures."""

from datetime import date

from mentoring.cohorts.models import Enrollment
from mentoring.extensions import db
from mentoring.progress.queries import Status, at_risk_reasons, progress_for
from tests.factories import enroll, log_meeting, make_mentee, write_reflection


def _first_year(enrollment, today):
    (progress,) = progress_for(Enrollment.id == enrollment.id, today)
    return progress, progress.years[0]


def test_quiet_for_longer_than_the_threshold(program):
    log_meeting(program.group, date(2026, 7, 10), 120, [program.enrollment])
    # August 25 − July 10 = 46 days > 45. Pace: (55 + 1)/365 → 1 meeting, 110 minutes: met.
    progress, year = _first_year(program.enrollment, date(2026, 8, 25))
    assert year.status == Status.AT_RISK
    assert at_risk_reasons(progress, year, date(2026, 8, 25)) == [
        "no attended meeting for 46 days (threshold 45), year 1"
    ]
    progress, year = _first_year(program.enrollment, date(2026, 8, 24))
    assert (
        year.status == Status.ON_TRACK and at_risk_reasons(progress, year, date(2026, 8, 24)) == []
    )


def test_behind_the_pace_two_days_after_a_meeting(program):
    """Enrolled July 1; meetings on Sep 1, Oct 1 and Dec 1 (90 minutes), one reflection.
    On December 3: share (155 + 1)/365; expected floor(8 × 156/365) = 3 meetings (3 done),
    floor(720 × 156/365) = 307 minutes (270 done: 37 behind, 0.62 h), floor(4 × 156/365) = 1
    reflection (1 done)."""
    for day in (date(2026, 9, 1), date(2026, 10, 1), date(2026, 12, 1)):
        log_meeting(program.group, day, 90, [program.enrollment])
    write_reflection(program.enrollment, date(2026, 10, 2))
    today = date(2026, 12, 3)
    progress, year = _first_year(program.enrollment, today)
    assert year.status == Status.AT_RISK and year.days_without_meeting == 2
    assert at_risk_reasons(progress, year, today) == [
        "0.62 contact hours behind the pace for December (expected 5.12 of 12 by now), year 1"
    ]


def test_one_behind_is_said_in_the_singular(program):
    """As above without the reflection: floor(4 × 156/365) = 1 reflection expected, 0 written."""
    for day in (date(2026, 9, 1), date(2026, 10, 1), date(2026, 12, 1)):
        log_meeting(program.group, day, 90, [program.enrollment])
    today = date(2026, 12, 3)
    progress, year = _first_year(program.enrollment, today)
    assert at_risk_reasons(progress, year, today) == [
        "0.62 contact hours behind the pace for December (expected 5.12 of 12 by now), year 1",
        "1 reflection behind the pace for December (expected 1 of 4 by now), year 1",
    ]


def test_two_meetings_behind(program):
    """One meeting on July 20; on January 1: expected floor(8 × 185/365) = 4 meetings."""
    late = enroll(program.cohort, make_mentee(name="Late Larry"), program.group)
    late.enrolled_on = date(2026, 7, 1)
    db.session.commit()
    for day in (date(2026, 12, 20), date(2026, 12, 28)):
        log_meeting(program.group, day, 240, [late])
    write_reflection(late, date(2026, 12, 21))
    write_reflection(late, date(2026, 12, 22))
    today = date(2027, 1, 1)
    progress, year = _first_year(late, today)
    assert at_risk_reasons(progress, year, today) == [
        "2 meetings behind the pace for January (expected 4 of 8 by now), year 1"
    ]


def test_a_year_that_ended_incomplete(program):
    today = date(2027, 7, 2)
    progress, year = _first_year(program.enrollment, today)
    assert at_risk_reasons(progress, year, today) == [
        "year 1 ended on June 30, 2027 without being complete (8 more meetings, 12 more contact "
        "hours, 4 more reflections, your mentor's sign-off at the end of the year)"
    ]
