"""Cohort rules: requirements copied at creation, status moves, enrollment, capacity, history."""

from datetime import date

import pytest
from sqlalchemy import func, select

from mentoring.cohorts import operations, requirements
from mentoring.cohorts.models import (
    Assignment,
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentStatus,
    PlcGroup,
    program_year_for,
)
from mentoring.cohorts.requirements import current_defaults
from mentoring.core.errors import AlreadyDone, MentoringError
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.mentors.models import MentorProfile
from tests.factories import (
    TODAY,
    enroll,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)


def test_a_cohort_copies_the_defaults_and_later_changes_leave_it_alone(app):
    defaults = current_defaults()
    assert (defaults.year1_min_meetings, defaults.year1_min_contact_minutes) == (8, 720)
    assert (defaults.year1_min_reflections, defaults.at_risk_days) == (4, 45)
    cohort = make_cohort()
    requirements.update_requirements(defaults, None, year1_min_meetings=10, at_risk_days=30)
    db.session.commit()
    db.session.refresh(cohort)
    assert cohort.year1_min_meetings == 8 and cohort.at_risk_days == 45
    assert make_cohort(name="Later").year1_min_meetings == 10


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2026, 6, 30), None),
        (date(2026, 7, 1), 1),
        (date(2027, 6, 30), 1),
        (date(2027, 7, 1), 2),
        (date(2028, 6, 30), 2),
        (date(2028, 7, 1), None),
    ],
)
def test_program_years_run_july_1_to_june_30(day, year):
    assert program_year_for(day, Cohort(start_year=2026)) == year


def test_school_years_label():
    assert Cohort(start_year=2026).school_years == "2026–27 and 2027–28"
    assert Cohort(start_year=2099).school_years == "2099–00 and 2100–01"


def test_cohort_status_moves_only_forward(app):
    cohort = make_cohort(status=CohortStatus.PLANNING)
    with pytest.raises(MentoringError, match="A planning cohort cannot become closed"):
        operations.update_cohort(cohort, None, "X", "Central", 2026, CohortStatus.COMPLETED)
    operations.update_cohort(cohort, None, "X", "Central", 2027, CohortStatus.PLANNING)
    operations.update_cohort(cohort, None, "X", "Central", 2027, CohortStatus.ACTIVE)
    with pytest.raises(MentoringError, match="only while the cohort is in planning"):
        operations.update_cohort(cohort, None, "X", "Central", 2028, CohortStatus.ACTIVE)


def test_capacity_is_enforced_with_a_message_naming_mentor_and_limit(app):
    mentor = make_mentor(name="Casey Capacity", capacity=2)
    cohort = make_cohort()
    group = make_group(cohort, mentor)
    enroll(cohort, make_mentee(), group)
    enroll(cohort, make_mentee(), group)
    third = enroll(cohort, make_mentee())
    with pytest.raises(operations.CapacityError, match="Casey Capacity already has 2 mentees"):
        operations.assign(third, group, None)
    db.session.rollback()
    db.session.refresh(group)
    assert group.active_count == 2
    assert db.session.get(Enrollment, third.id).plc_group_id is None


def test_the_database_refuses_a_group_over_capacity_even_without_the_check(app):
    group = make_group(make_cohort(), make_mentor(capacity=1))
    group.active_count = 2
    with pytest.raises(Exception, match="(?i)check"):
        db.session.flush()
    db.session.rollback()


def test_one_active_enrollment_per_mentee(app):
    mentee = make_mentee(name="Robin Once")
    first, second = make_cohort(name="First"), make_cohort(name="Second")
    enroll(first, mentee)
    with pytest.raises(MentoringError, match="already enrolled in First; withdraw them there"):
        operations.enroll(second, mentee, None, TODAY)
    with pytest.raises(AlreadyDone, match="Robin Once is already enrolled in First; nothing"):
        operations.enroll(first, mentee, None, TODAY)


def test_the_database_refuses_a_second_active_enrollment(app):
    mentee = make_mentee()
    first, second = make_cohort(name="First"), make_cohort(name="Second")
    enroll(first, mentee)
    db.session.add(
        Enrollment(cohort_id=second.id, mentee_id=mentee.id, status="active", enrolled_on=TODAY)
    )
    with pytest.raises(Exception, match="(?i)unique"):
        db.session.flush()
    db.session.rollback()


def test_only_mentee_accounts_can_be_enrolled(app):
    with pytest.raises(MentoringError, match="belongs to a mentor account, not a mentee"):
        operations.enroll(make_cohort(), make_user(Role.MENTOR), None, TODAY)


def test_a_deactivated_mentee_is_neither_enrolled_nor_assigned(app):
    """The rule the roster import applies too (tests/cohorts/test_roster.py): one function."""
    cohort = make_cohort()
    group = make_group(cohort, make_mentor())
    message = "account is deactivated; reactivate it on the Users page first"
    with pytest.raises(MentoringError, match=message):
        operations.enroll(cohort, make_mentee(is_active=False), None, TODAY)
    assert db.session.scalar(select(func.count()).select_from(Enrollment)) == 0
    mentee = make_mentee(name="Later Deactivated")
    enrollment = enroll(cohort, mentee)
    mentee.is_active = False
    db.session.commit()
    with pytest.raises(MentoringError, match=message):
        operations.assign(enrollment, group, None)
    assert enrollment.plc_group_id is None
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0


def test_the_roster_and_the_operations_share_the_rules(app):
    """The roster's row checks call the operations' rule functions, not copies of them."""
    from mentoring.cohorts import roster

    names = roster._mentee_problem.__code__.co_names + roster._mentor_problem.__code__.co_names
    for rule in ("mentee_account_problem", "enrolment_problem", "mentor_problem"):
        assert rule in names
    assert "district_conflict" in names


def test_untrained_retired_or_unvetted_mentors_cannot_be_assigned(app):
    cohort = make_cohort()
    untrained = make_group(cohort, make_mentor(name="Una Trained", trained=False))
    enrollment = enroll(cohort, make_mentee())
    with pytest.raises(MentoringError, match="has not completed regional mentor training"):
        operations.assign(enrollment, untrained, None)
    retired_mentor = make_mentor(name="Reggie Retired")
    retired = make_group(cohort, retired_mentor)
    db.session.get(MentorProfile, retired_mentor.id).retired_on = TODAY
    db.session.commit()
    with pytest.raises(MentoringError, match="is retired"):
        operations.assign(enrollment, retired, None)


def test_same_district_needs_a_reason_and_the_reason_is_kept(app):
    cohort = make_cohort()
    group = make_group(cohort, make_mentor(district="Springfield R-XII"))
    enrollment = enroll(cohort, make_mentee(district="springfield r-xii "))
    with pytest.raises(MentoringError, match="same district"):
        operations.assign(enrollment, group, None)
    operations.assign(enrollment, group, None, "Different buildings, no reporting line")
    db.session.commit()
    assignment = db.session.scalars(select(Assignment)).one()
    assert assignment.conflict_reason == "Different buildings, no reporting line"


def test_reassignment_keeps_the_full_history_and_moves_the_place(app):
    cohort = make_cohort()
    first_mentor, second_mentor = make_mentor(name="First"), make_mentor(name="Second")
    first, second = make_group(cohort, first_mentor), make_group(cohort, second_mentor)
    enrollment = enroll(cohort, make_mentee(), first)
    operations.assign(enrollment, second, None)
    db.session.commit()
    history = db.session.scalars(select(Assignment).order_by(Assignment.id)).all()
    assert [a.mentor_id for a in history] == [first_mentor.id, second_mentor.id]
    assert history[0].ended_at is not None and history[1].ended_at is None
    db.session.refresh(first)
    db.session.refresh(second)
    assert (first.active_count, second.active_count) == (0, 1)


def test_withdrawal_records_reason_and_date_frees_the_place_and_keeps_the_data(app):
    cohort = make_cohort()
    group = make_group(cohort, make_mentor())
    enrollment = enroll(cohort, make_mentee(), group)
    with pytest.raises(MentoringError, match="reason"):
        operations.withdraw(enrollment, None, "  ", TODAY)
    operations.withdraw(enrollment, None, "Took a job out of state", date(2026, 11, 1))
    db.session.commit()
    db.session.refresh(group)
    assert group.active_count == 0
    kept = db.session.get(Enrollment, enrollment.id)
    assert kept.status == EnrollmentStatus.WITHDRAWN and kept.withdrawn_on == date(2026, 11, 1)
    assert kept.withdrawal_reason == "Took a job out of state"
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 1


def test_group_counts_match_the_enrollments_after_a_mix_of_changes(app):
    cohort = make_cohort()
    groups = [make_group(cohort, make_mentor(capacity=3)) for _ in range(2)]
    enrollments = [enroll(cohort, make_mentee(), groups[i % 2]) for i in range(5)]
    operations.assign(enrollments[0], groups[1], None)
    operations.withdraw(enrollments[1], None, "Left", TODAY)
    db.session.commit()
    for group in db.session.scalars(select(PlcGroup)):
        actual = db.session.scalar(
            select(func.count())
            .select_from(Enrollment)
            .where(Enrollment.plc_group_id == group.id, Enrollment.status == "active")
        )
        assert group.active_count == actual
