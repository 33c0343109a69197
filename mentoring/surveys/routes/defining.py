"""Defining surveys: their title, audience and year, and their questions in order."""

from collections.abc import Callable

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mentoring.core import localtime
from mentoring.core.changes import change
from mentoring.core.forms import ButtonForm
from mentoring.core.policy import get_or_404, role_required, statewide
from mentoring.core.roles import Role
from mentoring.core.urls import public_url
from mentoring.core.views import page_number
from mentoring.surveys import operations, queries
from mentoring.surveys.forms import QuestionForm, SurveyForm
from mentoring.surveys.models import MIN_ANSWERS_SHOWN, QuestionKind, Survey, SurveyAudience
from mentoring.surveys.routes import bp, question_or_404, year_or_none


@bp.get("/admin/surveys")
@role_required(Role.SPECIALIST)
@statewide
def list_surveys():
    """List the program's surveys, newest first."""
    page = queries.surveys_page(page_number(), current_app.config["ITEMS_PER_PAGE"])
    return render_template("surveys/list.html", page=page)


@bp.route("/admin/surveys/new", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
@statewide
def new_survey():
    """Create a survey: its title, who answers it and the program year it is about."""
    form = SurveyForm()
    if form.validate_on_submit():
        with change():
            survey = operations.create_survey(
                form.title.data,
                SurveyAudience(form.audience.data),
                year_or_none(form.program_year.data),
                current_user,
            )
        flash("Survey created. Add its questions.", "success")
        return redirect(url_for("surveys.show_survey", survey_id=survey.id))
    return render_template("surveys/survey_form.html", form=form, survey=None), (
        400 if form.errors else 200
    )


@bp.route("/admin/surveys/<int:survey_id>/edit", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
@statewide
def edit_survey(survey_id: int):
    """Change a survey's title (and, before it is given to cohorts, its audience and year)."""
    survey = get_or_404(Survey, survey_id)
    form = SurveyForm(
        title=survey.title,
        audience=survey.audience.value,
        program_year=str(survey.program_year or ""),
    )
    if form.validate_on_submit():
        with change(form, "title") as outcome:
            operations.update_survey(
                survey,
                current_user,
                form.title.data,
                SurveyAudience(form.audience.data),
                year_or_none(form.program_year.data),
            )
        if outcome.saved:
            flash("Survey saved.", "success")
            return redirect(url_for("surveys.show_survey", survey_id=survey.id))
    return render_template("surveys/survey_form.html", form=form, survey=survey), (
        400 if form.errors else 200
    )


@bp.get("/admin/surveys/<int:survey_id>")
@role_required(Role.SPECIALIST)
@statewide
def show_survey(survey_id: int):
    """A survey: its questions, the cohorts it is given in and their answer counts."""
    survey = get_or_404(Survey, survey_id)
    runs = queries.runs_page(survey.id, page_number(), current_app.config["ITEMS_PER_PAGE"])
    return render_template(
        "surveys/show.html",
        survey=survey,
        questions=queries.questions(survey.id),
        locked=queries.has_answers(survey.id),
        runs=runs,
        links={
            run.id: public_url("surveys.answer_by_link", survey_token=run.admin_token)
            for run, _, _ in runs.items
            if run.admin_token
        },
        button=ButtonForm(formdata=None),
        today=localtime.today(),
        threshold=MIN_ANSWERS_SHOWN,
    )


def _question_form_page(survey: Survey, form: QuestionForm, question=None):
    return render_template(
        "surveys/question_form.html",
        survey=survey,
        form=form,
        question=question,
        locked=queries.has_answers(survey.id),
    ), (400 if form.errors else 200)


@bp.route("/admin/surveys/<int:survey_id>/questions/new", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
@statewide
def new_question(survey_id: int):
    """Add a question at the end of a survey."""
    survey = get_or_404(Survey, survey_id)
    form = QuestionForm(kind=QuestionKind.SCALE.value)
    if form.validate_on_submit():
        with change(form, "text") as outcome:
            operations.add_question(survey, current_user, **form.question())
        if outcome.saved:
            flash("Question added.", "success")
            return redirect(url_for("surveys.show_survey", survey_id=survey.id))
    return _question_form_page(survey, form)


@bp.route(
    "/admin/surveys/<int:survey_id>/questions/<int:question_id>/edit", methods=["GET", "POST"]
)
@role_required(Role.SPECIALIST)
@statewide
def edit_question(survey_id: int, question_id: int):
    """Change a question (only its wording once people have answered)."""
    survey, question = question_or_404(survey_id, question_id)
    form = QuestionForm(
        text=question.text,
        kind=question.kind.value,
        options="\n".join(question.options),
        is_required=question.is_required,
    )
    if form.validate_on_submit():
        with change(form, "text") as outcome:
            operations.update_question(question, survey, current_user, **form.question())
        if outcome.saved:
            flash("Question saved.", "success")
            return redirect(url_for("surveys.show_survey", survey_id=survey.id))
    return _question_form_page(survey, form, question)


@bp.post("/admin/surveys/<int:survey_id>/questions/<int:question_id>/delete")
@role_required(Role.SPECIALIST)
@statewide
def delete_question(survey_id: int, question_id: int):
    """Remove a question (only before anyone answered)."""
    survey, question = question_or_404(survey_id, question_id)
    return _change_order(survey, lambda: operations.delete_question(question, survey, current_user))


@bp.post("/admin/surveys/<int:survey_id>/questions/<int:question_id>/move")
@role_required(Role.SPECIALIST)
@statewide
def move_question(survey_id: int, question_id: int):
    """Move a question one place up or down (only before anyone answered)."""
    survey, question = question_or_404(survey_id, question_id)
    step = -1 if request.form.get("direction") == "up" else 1
    return _change_order(
        survey, lambda: operations.move_question(question, survey, current_user, step)
    )


def _change_order(survey: Survey, operation: Callable[[], object]):
    """Delete or move a question from its button; a refusal is flashed (AlreadyDone as info)."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    with change() as outcome:
        operation()
    if outcome.saved:
        flash("Questions saved.", "success")
    return redirect(url_for("surveys.show_survey", survey_id=survey.id))
