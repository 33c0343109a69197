"""A cohort of this school year with one mentor and six mentees, and a survey of mentees about
program year 1 open in it today (the pages take today from localtime.today())."""

from dataclasses import dataclass
from datetime import timedelta

import pytest

from mentoring.core import localtime
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.surveys import operations
from mentoring.surveys.models import QuestionKind, SurveyAudience
from tests.conftest import make_user
from tests.factories import enroll, make_cohort, make_group, make_mentee, make_mentor

TODAY = localtime.today()
START_YEAR = TODAY.year if TODAY.month >= 7 else TODAY.year - 1


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


def make_survey(cohort, audience=SurveyAudience.MENTEES, opens_on=None, closes_on=None):
    """A survey with a scale, a one-choice, a several-choice and a text question, given to the
    cohort and open from yesterday (an exit survey's year is dropped by create_survey)."""
    survey = operations.create_survey("How is year one going?", audience, 1, None)
    questions = [
        operations.add_question(survey, None, QuestionKind.SCALE, "Meetings helped me?", [], True),
        operations.add_question(
            survey, None, QuestionKind.SINGLE, "Best format?", ["In person", "Video"], False
        ),
        operations.add_question(
            survey, None, QuestionKind.MULTIPLE, "Topics?", ["Ethics", "Data", "Crisis"], False
        ),
        operations.add_question(survey, None, QuestionKind.LONG_TEXT, "Anything else?", [], False),
    ]
    run = operations.give_to_cohorts(
        survey,
        [cohort],
        None,
        opens_on or TODAY - timedelta(days=1),
        closes_on or TODAY + timedelta(days=30),
    )[0]
    db.session.commit()
    return survey, questions, run


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


def answer_form(questions, scale="4", single="0", multiple=("0", "2"), text="Good year") -> dict:
    """The answer form's fields for the four questions of make_survey."""
    scale_q, single_q, multiple_q, text_q = questions
    return {
        f"q{scale_q.id}": scale,
        f"q{single_q.id}": single,
        f"q{multiple_q.id}": list(multiple),
        f"q{text_q.id}": text,
    }


def submit(run, questions, user, scale=4, single=0, multiple=(0, 2), text="Good year") -> None:
    """One person's answers, through the operation (the pages are tested on their own)."""
    scale_q, single_q, multiple_q, text_q = questions
    operations.submit(
        run,
        {scale_q.id: scale, single_q.id: single, multiple_q.id: list(multiple), text_q.id: text},
        user,
    )
    db.session.commit()
