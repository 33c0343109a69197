"""An enrollment completes when its certificate is issued, and stops taking its mentor's place;
revoking without a reissue undoes that; a mentee who finished can enrol again."""

from datetime import date

import pytest
from sqlalchemy import select

from mentoring.certificates import operations as certificates
from mentoring.cohorts import operations as cohorts
from mentoring.cohorts.models import EnrollmentStatus
from mentoring.cohorts.queries import active_mentee_count
from mentoring.core.audit import AuditEvent
from mentoring.core.errors import MentoringError
from mentoring.core.models import utcnow
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.mentors import operations as mentor_operations
from mentoring.mentors.models import MentorProfile
from tests.factories import (
    complete_both_years,
    enroll,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)

TODAY = date(2026, 11, 23)


@pytest.fixture
def specialist(app):
    return make_user(Role.SPECIALIST, name="Dana Specialist")


@pytest.fixture
def finished(app):
    """A 2024 cohort (ended June 30, 2026); Mia's group of capacity 2 holds Noor (complete in
    both years) and Una (nothing logged)."""
    cohort = make_cohort(name="2024 Central Cohort", start_year=2024)
    mentor = make_mentor(name="Mia Mentor", capacity=2)
    group = make_group(cohort, mentor)
    noor = enroll(cohort, make_mentee(name="Noor Graduate"), group)
    complete_both_years(group, noor, 2024)
    una = enroll(cohort, make_mentee(name="Una Unfinished"), group)
    return cohort, mentor, group, noor, una


def _actions(enrollment) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.target_type == "Enrollment", AuditEvent.target_id == enrollment.id)
            .order_by(AuditEvent.id)
        )
    )


def test_issuing_completes_the_enrollment_and_frees_the_place(finished, specialist):
    _, mentor, group, noor, _ = finished
    assert (group.active_count, active_mentee_count(mentor.id)) == (2, 2)
    certificates.issue_certificate(noor, specialist, TODAY)
    db.session.commit()
    db.session.refresh(group)
    assert noor.status == EnrollmentStatus.COMPLETED and noor.ended_on == TODAY
    assert noor.plc_group_id == group.id  # still in the group: the mentor still sees them
    assert (group.active_count, active_mentee_count(mentor.id)) == (1, 1)


def test_a_reissue_keeps_it_completed_and_a_revocation_returns_it_to_active(finished, specialist):
    _, _, group, noor, _ = finished
    first = certificates.issue_certificate(noor, specialist, TODAY)
    second = certificates.reissue(first, specialist, "Name corrected", TODAY, utcnow())
    db.session.commit()
    assert noor.status == EnrollmentStatus.COMPLETED
    db.session.refresh(group)
    assert group.active_count == 1
    certificates.revoke(second, specialist, "Issued in error", utcnow())
    db.session.commit()
    db.session.refresh(group)
    assert noor.status == EnrollmentStatus.ACTIVE and noor.ended_on is None
    assert noor.plc_group_id == group.id and group.active_count == 2
    assert _actions(noor) == [
        "enrollment.created",
        "enrollment.assigned",
        "certificate.issued",
        "certificate.revoked",
        "certificate.reissued",
        "certificate.revoked",
        "enrollment.reopened",
    ]


def test_a_revoked_mentee_whose_group_filled_meanwhile_waits_unassigned(finished, specialist):
    cohort, _, group, noor, _ = finished
    certificate = certificates.issue_certificate(noor, specialist, TODAY)
    db.session.commit()
    enroll(cohort, make_mentee(name="Pia Newcomer"), group)  # takes the freed place
    certificates.revoke(certificate, specialist, "Issued in error", utcnow())
    db.session.commit()
    db.session.refresh(group)
    assert noor.status == EnrollmentStatus.ACTIVE and noor.plc_group_id is None
    assert group.active_count == 2
    (event,) = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "enrollment.reopened")
    )
    assert event.summary.endswith("their mentor's group is full, so they wait for a mentor")


def test_issuing_for_a_cohort_completes_every_enrollment_it_certifies(finished, specialist):
    cohort, mentor, group, noor, una = finished
    result = certificates.issue_for_cohort(cohort, specialist, TODAY)
    db.session.commit()
    assert len(result.issued) == 1
    assert (noor.status, una.status) == (EnrollmentStatus.COMPLETED, EnrollmentStatus.ACTIVE)
    assert active_mentee_count(mentor.id) == 1


def test_a_mentor_whose_mentees_completed_can_be_retired(finished, specialist):
    cohort, mentor, _, noor, una = finished
    certificates.issue_certificate(noor, specialist, TODAY)
    profile = db.session.get(MentorProfile, mentor.id)
    with pytest.raises(MentoringError, match="still mentors 1 mentee\\."):
        mentor_operations.retire_mentor(profile, specialist, TODAY)
    cohorts.withdraw(una, specialist, "Moved out of state", TODAY)
    mentor_operations.retire_mentor(profile, specialist, TODAY)
    assert profile.retired_on == TODAY


def test_a_mentee_who_completed_enrols_in_a_later_cohort(finished, specialist):
    _, _, _, noor, _ = finished
    certificates.issue_certificate(noor, specialist, TODAY)
    later = make_cohort(name="2026 Central Cohort", start_year=2026)
    again = cohorts.enroll(
        later, db.session.get(type(specialist), noor.mentee_id), specialist, TODAY
    )
    assert again.status == EnrollmentStatus.ACTIVE and again.cohort_id == later.id
