"""Helpers of the schedule tests, imported from here (a conftest holds fixtures only)."""

from dataclasses import dataclass

import pytest

from mentoring.cohorts.models import Cohort, Enrollment, PlcGroup
from mentoring.core import localtime
from mentoring.core.localtime import school_year_of
from mentoring.users.models import User
from tests.factories import enroll, make_cohort, make_group, make_mentee, make_mentor


@dataclass
class Program:
    cohort: Cohort
    mentor: User
    group: PlcGroup
    enrollments: list[Enrollment]  # two active mentees of the group
    outsider: Enrollment  # a mentee of another mentor's group in the same cohort
    other_mentor: User
    other_group: PlcGroup


def make_program(start_year: int) -> Program:
    cohort = make_cohort(start_year=start_year)
    mentor = make_mentor(name="Mia Mentor")
    group = make_group(cohort, mentor)
    enrollments = [
        enroll(cohort, make_mentee(name=name), group) for name in ("Ada Mentee", "Ben Mentee")
    ]
    other_mentor = make_mentor(name="Other Mentor")
    other_group = make_group(cohort, other_mentor)
    outsider = enroll(cohort, make_mentee(name="Out Sider"), other_group)
    return Program(cohort, mentor, group, enrollments, outsider, other_mentor, other_group)


@pytest.fixture
def live(app) -> Program:
    """A cohort whose program year 1 holds the real today, for the views."""
    today = localtime.today()
    return make_program(school_year_of(today))
