"""A cohort of this school year with one mentor and six mentees, and a survey of mentees about
program year 1 open in it today (the pages take today from localtime.today())."""

from dataclasses import dataclass

import pytest

from mentoring.core.roles import Role
from mentoring.extensions import db
from tests.factories import enroll, make_cohort, make_group, make_mentee, make_mentor, make_user
from tests.surveys.helpers import START_YEAR, make_survey


@dataclass
class Scene:
    cohort: object
    mentor: object
    mentees: list
    enrollments: list
    survey: object
    questions: list
    run: object
    specialist: object


@pytest.fixture
def scene(app, outbox) -> Scene:
    cohort = make_cohort(name="Survey Cohort", start_year=START_YEAR)
    mentor = make_mentor(name="Mona Mentor", capacity=10)
    group = make_group(cohort, mentor)
    mentees = [make_mentee(name=f"Mentee {name}") for name in "ABCDEF"]
    enrollments = [enroll(cohort, mentee, group) for mentee in mentees]
    survey, questions, run = make_survey(cohort)
    db.session.commit()
    outbox.clear()  # the mentor's assignment, told to each mentee: not what these tests count
    return Scene(
        cohort, mentor, mentees, enrollments, survey, questions, run, make_user(Role.SPECIALIST)
    )
