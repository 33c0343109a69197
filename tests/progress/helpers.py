"""Helpers of the progress tests, imported from here (a conftest holds fixtures only)."""

from dataclasses import dataclass
from datetime import date

from mentoring.cohorts.models import Cohort, Enrollment, PlcGroup
from mentoring.extensions import db
from mentoring.progress import tallies
from mentoring.users.models import User
from tests.factories import enroll, make_cohort, make_group, make_mentee, make_mentor


@dataclass
class Program:
    cohort: Cohort
    mentor: User
    group: PlcGroup
    mentee: User
    enrollment: Enrollment


def make_program(
    start_year: int = 2026,
    enrolled_on: date | None = date(2026, 7, 1),
    mentee_name: str = "Noor Mentee",
    mentor_name: str = "Mia Mentor",
) -> Program:
    """A cohort with one mentor's group and one mentee, enrolled on the given day."""
    cohort = make_cohort(start_year=start_year)
    mentor = make_mentor(name=mentor_name)
    group = make_group(cohort, mentor)
    mentee = make_mentee(name=mentee_name)
    enrollment = enroll(cohort, mentee, group)
    if enrolled_on is not None:
        enrollment.enrolled_on = enrolled_on
        tallies.refresh([enrollment.id])  # what the tallies keep depends on the enrollment date
        db.session.commit()
    return Program(cohort, mentor, group, mentee, enrollment)
