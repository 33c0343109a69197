"""Read side of cohorts: pages of cohorts, a cohort's groups and mentees, a mentor's groups."""

from sqlalchemy import func, select

from mentoring.cohorts.models import Enrollment, EnrollmentStatus, PlcGroup
from mentoring.extensions import db


def active_enrollment_of(mentee_id: int) -> Enrollment | None:
    return db.session.scalar(
        select(Enrollment).where(
            Enrollment.mentee_id == mentee_id, Enrollment.status == EnrollmentStatus.ACTIVE
        )
    )


def active_mentee_count(mentor_id: int) -> int:
    """How many mentees a mentor has now, across cohorts."""
    return db.session.scalar(
        select(func.coalesce(func.sum(PlcGroup.active_count), 0)).where(
            PlcGroup.mentor_id == mentor_id
        )
    )
