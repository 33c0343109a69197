"""The optional plan requirement of a program year: "a plan agreed by <date>" and "at least n
essential experiences". When set they count in progress_for (the one rule), in the at-risk
status with reasons in words, and in the kept tallies; a cohort without them behaves as before.

Every expected figure is worked out by hand in the comments. The cohort starts on July 1, 2026;
its program year 1 runs to June 30, 2027 (365 days); the mentee enrolled on July 1, 2026.
"""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mentoring.cohorts.experiences import experiences_of
from mentoring.cohorts.models import Enrollment
from mentoring.cohorts.requirements import update_requirements
from mentoring.dashboards.queries import specialist_dashboard
from mentoring.extensions import db
from mentoring.plans import operations as plan_operations
from mentoring.plans.models import PlanGoal
from mentoring.progress import tallies
from mentoring.progress.models import YearTally
from mentoring.progress.queries import Status, at_risk_reasons, progress_for
from tests.factories import complete_both_years, sign_off
from tests.progress.helpers import make_program

APRIL_30 = date(2027, 4, 30)


def _require(cohort, *, month: int, day: int, experiences: int, quiet_days: int = 365) -> None:
    """Year 1 asks for the plan and the experiences only: the other minimums are 0, and the
    quiet-days rule is out of the way, so only the new requirement can decide."""
    cohort.year1_min_meetings = cohort.year1_min_contact_minutes = cohort.year1_min_reflections = 0
    cohort.year1_plan_due_month, cohort.year1_plan_due_day = month, day
    cohort.year1_min_experiences = experiences
    cohort.at_risk_days = quiet_days
    tallies.refresh_cohort(cohort.id)  # as update_requirements() does
    db.session.commit()


def _tick(program, count: int, skip: int = 0, on: date = date(2026, 9, 15)) -> None:
    """Tick off `count` of year 1's experiences, after the first `skip`."""
    for item in experiences_of(program.cohort.id)[1][skip : skip + count]:
        plan_operations.tick_experience(
            program.enrollment, item, program.mentor, on, done_on=on, note=""
        )
    db.session.commit()


def _agreed_plan(program) -> None:
    plan_operations.add_goal(
        program.enrollment,
        1,
        program.mentee,
        program_goal="growth",
        goal="Run a small group",
        actions="Six sessions",
        target_on=date(2027, 3, 1),
    )
    plan_operations.agree(program.enrollment, 1, program.mentor)
    db.session.commit()


def _year1(program, today: date):
    (progress,) = progress_for(Enrollment.id == program.enrollment.id, today)
    return progress, progress.years[0]


@pytest.fixture
def program(app):
    return make_program()


def test_the_requirement_puts_the_year_at_risk_with_reasons_in_words(program):
    _require(program.cohort, month=10, day=31, experiences=4)
    _tick(program, 2)
    progress, year = _year1(program, APRIL_30)
    # The cohort's year-1 list holds the 5 built-in experiences; 2 are ticked off, 4 required.
    assert (year.experiences, year.experiences_listed, year.min_experiences) == (2, 5, 4)
    assert year.plan_due_on == date(2026, 10, 31) and not year.plan_agreed
    assert year.status == Status.AT_RISK
    # April 30 is day 304 of 365 (31+31+30+31+30+31+31+28+31+30); 4 × 304 // 365 = 1216 // 365
    # = 3 expected by now, and 2 are done.
    assert at_risk_reasons(progress, year, APRIL_30) == [
        "plan not agreed by October 31, year 1",
        "2 of 5 essential experiences done; 4 required (3 expected by April), year 1",
    ]
    assert year.missing() == [
        "2 more essential experiences",
        "a mentoring plan agreed with your mentor",
        "your mentor's sign-off at the end of the year",
    ]

    _agreed_plan(program)
    progress, year = _year1(program, APRIL_30)
    assert year.plan_agreed and year.status == Status.AT_RISK
    assert at_risk_reasons(progress, year, APRIL_30) == [
        "2 of 5 essential experiences done; 4 required (3 expected by April), year 1"
    ]

    _tick(program, 1, skip=2)  # 3 of the 3 expected
    progress, year = _year1(program, APRIL_30)
    assert year.experiences == 3 and year.status == Status.ON_TRACK
    assert at_risk_reasons(progress, year, APRIL_30) == []


def test_the_plan_counts_only_after_its_due_date(program):
    _require(program.cohort, month=10, day=31, experiences=0)
    _tick(program, 1)
    # On October 31 itself the plan is not late; a mentee with nothing recorded has not started.
    assert _year1(program, date(2026, 10, 31))[1].status == Status.NOT_STARTED
    progress, year = _year1(program, date(2026, 11, 1))
    assert year.status == Status.AT_RISK
    assert at_risk_reasons(progress, year, date(2026, 11, 1)) == [
        "plan not agreed by October 31, year 1"
    ]


def test_a_year_is_complete_only_with_the_experiences_and_the_agreed_plan(program):
    _require(program.cohort, month=10, day=31, experiences=2)
    sign_off(program.enrollment, 1)
    june_30 = date(2027, 6, 30)
    _tick(program, 1)
    assert _year1(program, june_30)[1].status != Status.COMPLETE
    _tick(program, 1, skip=1)
    _, year = _year1(program, june_30)
    assert not year.minimums_met and year.status != Status.COMPLETE  # the plan is missing
    _agreed_plan(program)
    _, year = _year1(program, june_30)
    assert year.minimums_met and year.status == Status.COMPLETE


def test_a_cohort_without_the_requirement_behaves_as_before(program):
    """The defaults ask for neither: ticks and an agreed plan change no status, no reason."""
    cohort = program.cohort
    assert (cohort.year1_min_experiences, cohort.year1_plan_due_month) == (0, 0)
    assert cohort.plan_due_on(1) is None
    days = [date(2026, 7, 1), date(2026, 8, 20), date(2026, 11, 1), APRIL_30, date(2027, 7, 2)]
    before = [_year1(program, day) for day in days]
    _tick(program, 3)
    _agreed_plan(program)
    after = [_year1(program, day) for day in days]
    for day, (old_progress, old), (new_progress, new) in zip(days, before, after, strict=True):
        assert new.status == old.status, day
        assert at_risk_reasons(new_progress, new, day) == at_risk_reasons(old_progress, old, day)
        assert new.missing() == old.missing()
    # Nothing else recorded: not started on July 1; on August 20, 50 days without a meeting
    # (more than 45) put it at risk, as they do later; July 2, 2027 is past the year's end.
    assert [year.status for _, year in after] == [
        Status.NOT_STARTED,
        Status.AT_RISK,
        Status.AT_RISK,
        Status.AT_RISK,
        Status.AT_RISK,
    ]


def test_a_full_year_without_the_requirement_is_still_complete(program):
    complete_both_years(program.group, program.enrollment, 2026)
    _tick(program, 1)
    (progress,) = progress_for(Enrollment.id == program.enrollment.id, date(2028, 7, 1))
    assert progress.complete


def _tally(program) -> tuple[int, int, int]:
    """The kept row of year 1 (rows are recounted, so read afresh)."""
    return db.session.execute(
        select(YearTally.experiences, YearTally.plan_agreed, YearTally.meetings).where(
            YearTally.enrollment_id == program.enrollment.id, YearTally.program_year == 1
        )
    ).one()


def test_the_tallies_keep_the_count_and_a_recount_agrees(program):
    _tick(program, 2)
    _agreed_plan(program)
    assert _tally(program) == (2, 1, 0)
    # A changed goal makes the plan a draft again: the tally follows.
    plan_operations.update_goal(
        db.session.scalar(select(PlanGoal)),
        program.mentee,
        program_goal="growth",
        goal="Run two small groups",
        actions="Six sessions",
        target_on=date(2027, 3, 1),
    )
    db.session.commit()
    assert _tally(program) == (2, 0, 0)
    item = experiences_of(program.cohort.id)[1][0]
    plan_operations.untick_experience(program.enrollment, item, program.mentor)
    db.session.commit()
    assert _tally(program) == (1, 0, 0)
    # Rebuilding every tally from the source tables gives the same row.
    tallies.rebuild_all()
    db.session.commit()
    assert _tally(program) == (1, 0, 0)


def test_the_specialist_dashboard_counts_the_year_at_risk_by_the_same_rule(program):
    _require(program.cohort, month=10, day=31, experiences=0)
    dashboard = specialist_dashboard(date(2026, 11, 1), 1, 1, 20, 1)
    assert [row.progress.enrollment.id for row in dashboard.at_risk.items] == [
        program.enrollment.id
    ]
    # Through the operation, which recounts what the tallies keep.
    update_requirements(program.cohort, None, year1_plan_due_month=0, year1_plan_due_day=0)
    db.session.commit()
    dashboard = specialist_dashboard(date(2026, 11, 1), 1, 1, 20, 1)
    assert dashboard.at_risk.items == []


def test_a_tick_counts_in_the_year_of_its_experience(program):
    """An experience of year 2's list counts in year 2, whatever day it was done."""
    item = experiences_of(program.cohort.id)[2][0]
    day = date(2027, 5, 1)
    plan_operations.tick_experience(
        program.enrollment, item, program.mentor, day + timedelta(days=1), done_on=day
    )
    db.session.commit()
    (progress,) = progress_for(Enrollment.id == program.enrollment.id, day)
    assert [year.experiences for year in progress.years] == [0, 1]
