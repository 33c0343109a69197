"""Factories for the program's objects, built through the real operations and committed."""

from datetime import date, timedelta

from mentoring.cohorts import operations as cohort_operations
from mentoring.cohorts.models import CohortStatus, MenteeKind
from mentoring.core.choices import GradeLevel, format_grade_levels
from mentoring.extensions import db
from mentoring.mentors.models import MentorProfile
from mentoring.users.models import Role
from tests.conftest import make_user

TODAY = date(2026, 11, 22)


def make_mentor(
    name: str | None = None,
    district: str = "Mentor District",
    region: str = "Central",
    grade_levels=tuple(GradeLevel),
    capacity: int = 4,
    trained: bool = True,
    **user_fields,
):
    """A vetted mentor with a profile; trained unless told otherwise."""
    user = make_user(Role.MENTOR, name=name, **user_fields)
    db.session.add(
        MentorProfile(
            user_id=user.id,
            district=district,
            school=f"{district} High",
            region=region,
            grade_levels=format_grade_levels(grade_levels),
            capacity=capacity,
            years_experience=8,
            association_number=f"MSCA-{user.id:05d}",
            association_expires_on=date.today() + timedelta(days=365),
            holds_career_certificate=True,
            vetting_approved_on=date(2026, 5, 1),
            training_completed_on=date(2026, 6, 1) if trained else None,
        )
    )
    db.session.commit()
    return user


def make_mentee(
    name: str | None = None,
    district: str = "Mentee District",
    grade_level: GradeLevel = GradeLevel.MIDDLE,
    kind: MenteeKind = MenteeKind.NEW,
    region: str | None = None,
    **user_fields,
):
    """A mentee with a profile."""
    user = make_user(Role.MENTEE, name=name, **user_fields)
    cohort_operations.save_mentee_profile(
        user, district, f"{district} Middle", grade_level, kind, region, date(2025, 8, 1)
    )
    db.session.commit()
    return user


def make_cohort(
    name: str = "2026 Central Cohort",
    region: str = "Central",
    start_year: int = 2026,
    status: CohortStatus = CohortStatus.ACTIVE,
):
    cohort = cohort_operations.create_cohort(name, region, start_year, actor=None)
    cohort.status = status
    db.session.commit()
    return cohort


def make_group(cohort, mentor):
    group = cohort_operations.add_mentor(cohort, db.session.get(MentorProfile, mentor.id), None)
    db.session.commit()
    return group


def enroll(cohort, mentee, group=None, conflict_reason=None):
    """Enroll a mentee, and assign them to a group if one is given."""
    enrollment = cohort_operations.enroll(cohort, mentee, None, TODAY)
    if group is not None:
        cohort_operations.assign(enrollment, group, None, conflict_reason)
    db.session.commit()
    return enrollment
