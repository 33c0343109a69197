"""Fixtures of the certificate tests: a cohort of graduates and a specialist."""

import pytest

from mentoring.core.roles import Role
from tests.factories import (
    complete_both_years,
    enroll,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)


@pytest.fixture
def graduates(app):
    """A 2024 cohort (ended June 30, 2026): two mentees complete in both years, one not."""
    cohort = make_cohort(name="2024 Central Cohort", start_year=2024)
    mentor = make_mentor(name="Mia Mentor")
    group = make_group(cohort, mentor)
    done = []
    for name in ("Noor Graduate", "Zoë Ñúñez-Łukasz"):
        enrollment = enroll(cohort, make_mentee(name=name), group)
        complete_both_years(group, enrollment, 2024)
        done.append(enrollment)
    unfinished = enroll(cohort, make_mentee(name="Una Unfinished"), group)
    return cohort, mentor, done, unfinished


@pytest.fixture
def specialist(app):
    return make_user(Role.SPECIALIST, name="Dana Specialist")
