"""Helpers of the surveys tests, imported from here (a conftest holds fixtures only)."""

from datetime import timedelta

from mentoring.core import localtime
from mentoring.core.localtime import school_year_of
from mentoring.extensions import db
from mentoring.surveys import operations
from mentoring.surveys.models import QuestionKind, SurveyAudience

TODAY = localtime.today()


START_YEAR = school_year_of(TODAY)


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
