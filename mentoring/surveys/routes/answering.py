"""Answering a survey: its audience signed in, or anyone with an administrators' link."""

from flask import abort, render_template
from flask_login import current_user

from mentoring.cohorts.models import Cohort
from mentoring.core import localtime
from mentoring.core.changes import change
from mentoring.core.policy import get_or_404, public, signed_in
from mentoring.extensions import db, limiter
from mentoring.surveys import operations, queries
from mentoring.surveys.forms import answer_form, answers_from
from mentoring.surveys.models import Survey, SurveyRun
from mentoring.surveys.routes import bp


def _answer_page(run: SurveyRun, survey: Survey, cohort: Cohort, user=None):
    """Show the answer form, or store the answers: shared by people and administrators' link."""
    questions = queries.questions(survey.id)
    form = answer_form(questions)
    if form.validate_on_submit():
        with change(quiet=True) as outcome:
            operations.submit(run, answers_from(form, questions), user)
        if outcome.finished:  # answered now, or already (AlreadyDone says so)
            return render_template("surveys/thanks.html", survey=survey, message=outcome.already)
    return render_template(
        "surveys/answer.html",
        survey=survey,
        cohort=cohort,
        run=run,
        form=form,
        kinds={f"q{question.id}": question.kind.value for question in questions},
    ), (400 if form.errors else 200)


@bp.route("/surveys/<int:run_id>", methods=["GET", "POST"])
@signed_in
def answer(run_id: int):
    """Answer a survey one's cohort gives, once, anonymously."""
    run = get_or_404(SurveyRun, run_id, lambda r: queries.is_asked(r.id, current_user.id))
    survey, cohort = db.session.get(Survey, run.survey_id), db.session.get(Cohort, run.cohort_id)
    if queries.has_answered(run.id, current_user.id):
        return render_template(
            "surveys/thanks.html",
            survey=survey,
            message="You have answered this survey already. Thank you.",
        )
    if not run.is_open(localtime.today()):
        return render_template(
            "surveys/closed.html", survey=survey, run=run, today=localtime.today()
        )
    return _answer_page(run, survey, cohort, current_user)


@bp.route("/surveys/link/<survey_token>", methods=["GET", "POST"])
# Anyone with the link may answer, so one address may not flood a run with answers.
@limiter.limit("30 per hour", methods=["POST"])
@public
def answer_by_link(survey_token: str):
    """Answer an administrators' survey through the link the program sent: no account."""
    found = queries.run_by_admin_token(survey_token)
    if found is None:
        abort(404)
    run, survey, cohort = found
    if not run.is_open(localtime.today()):
        return render_template(
            "surveys/closed.html", survey=survey, run=run, today=localtime.today()
        )
    return _answer_page(run, survey, cohort)
