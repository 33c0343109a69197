"""Surveys: specialists define them, give them to cohorts and read the results; mentees,
mentors and administrators (through a link) answer them.

defining.py: surveys and their questions; giving.py: giving a survey to cohorts, with dates;
results.py: the results and their exports; answering.py: the answer form.
"""

from flask import Blueprint

from mentoring.core.policy import get_or_404
from mentoring.surveys.models import Survey, SurveyQuestion

bp = Blueprint("surveys", __name__)


def question_or_404(survey_id: int, question_id: int) -> tuple[Survey, SurveyQuestion]:
    survey = get_or_404(Survey, survey_id)
    question = get_or_404(SurveyQuestion, question_id, lambda q: q.survey_id == survey.id)
    return survey, question


def year_or_none(value: str | None) -> int | None:
    return int(value) if value else None


from mentoring.surveys.routes import answering, defining, giving, results  # noqa: E402, F401  (the views)
