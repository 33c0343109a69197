"""Surveys: specialists define them, give them to cohorts and read the results; mentees,
mentors and administrators (through a link) answer them."""

from collections.abc import Callable

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from mentoring.cohorts.models import Cohort, school_year_label
from mentoring.core import localtime
from mentoring.core.changes import show_error
from mentoring.core.errors import AlreadyDone, MentoringError
from mentoring.core.forms import ButtonForm
from mentoring.core.policy import get_or_404, public, role_required, signed_in, statewide
from mentoring.core.roles import Role
from mentoring.core.spreadsheets import spreadsheet_download
from mentoring.core.urls import public_url
from mentoring.core.views import page_number
from mentoring.core.wording import plural
from mentoring.extensions import db, limiter
from mentoring.surveys import charts, operations, queries
from mentoring.surveys.forms import (
    DatesForm,
    GiveForm,
    QuestionForm,
    ResultsFilterForm,
    SurveyForm,
    answer_form,
    answers_from,
)
from mentoring.surveys.models import (
    MIN_ANSWERS_SHOWN,
    QuestionKind,
    Survey,
    SurveyAudience,
    SurveyQuestion,
    SurveyRun,
)

bp = Blueprint("surveys", __name__)


def _question_of(survey_id: int, question_id: int) -> tuple[Survey, SurveyQuestion]:
    survey = get_or_404(Survey, survey_id)
    question = get_or_404(SurveyQuestion, question_id, lambda q: q.survey_id == survey.id)
    return survey, question


def _saved(form, fallback: str, message: str, back: str, change: Callable[[], object]):
    """Run a change: a domain error goes beside its field (or the fallback) and nothing is
    saved (None is returned); else commit, say so and go back."""
    try:
        change()
    except MentoringError as error:
        db.session.rollback()
        show_error(form, error, fallback)
        return None
    db.session.commit()
    flash(message, "success")
    return redirect(back)


def _year(value: str | None) -> int | None:
    return int(value) if value else None


# Defining surveys ----------------------------------------------------------------------------


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
        survey = operations.create_survey(
            form.title.data,
            SurveyAudience(form.audience.data),
            _year(form.program_year.data),
            current_user,
        )
        db.session.commit()
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
        done = _saved(
            form,
            "title",
            "Survey saved.",
            url_for("surveys.show_survey", survey_id=survey.id),
            lambda: operations.update_survey(
                survey,
                current_user,
                form.title.data,
                SurveyAudience(form.audience.data),
                _year(form.program_year.data),
            ),
        )
        if done:
            return done
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
        done = _saved(
            form,
            "text",
            "Question added.",
            url_for("surveys.show_survey", survey_id=survey.id),
            lambda: operations.add_question(survey, current_user, **form.question()),
        )
        if done:
            return done
    return _question_form_page(survey, form)


@bp.route(
    "/admin/surveys/<int:survey_id>/questions/<int:question_id>/edit", methods=["GET", "POST"]
)
@role_required(Role.SPECIALIST)
@statewide
def edit_question(survey_id: int, question_id: int):
    """Change a question (only its wording once people have answered)."""
    survey, question = _question_of(survey_id, question_id)
    form = QuestionForm(
        text=question.text,
        kind=question.kind.value,
        options="\n".join(question.options),
        is_required=question.is_required,
    )
    if form.validate_on_submit():
        done = _saved(
            form,
            "text",
            "Question saved.",
            url_for("surveys.show_survey", survey_id=survey.id),
            lambda: operations.update_question(question, survey, current_user, **form.question()),
        )
        if done:
            return done
    return _question_form_page(survey, form, question)


@bp.post("/admin/surveys/<int:survey_id>/questions/<int:question_id>/delete")
@role_required(Role.SPECIALIST)
@statewide
def delete_question(survey_id: int, question_id: int):
    """Remove a question (only before anyone answered)."""
    survey, question = _question_of(survey_id, question_id)
    return _change_order(survey, lambda: operations.delete_question(question, survey, current_user))


@bp.post("/admin/surveys/<int:survey_id>/questions/<int:question_id>/move")
@role_required(Role.SPECIALIST)
@statewide
def move_question(survey_id: int, question_id: int):
    """Move a question one place up or down (only before anyone answered)."""
    survey, question = _question_of(survey_id, question_id)
    step = -1 if request.form.get("direction") == "up" else 1
    return _change_order(
        survey, lambda: operations.move_question(question, survey, current_user, step)
    )


def _change_order(survey: Survey, change):
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        change()
    except MentoringError as error:
        db.session.rollback()
        flash(error.message, "info" if isinstance(error, AlreadyDone) else "danger")
    else:
        db.session.commit()
        flash("Questions saved.", "success")
    return redirect(url_for("surveys.show_survey", survey_id=survey.id))


# Giving surveys to cohorts -------------------------------------------------------------------


@bp.route("/admin/surveys/<int:survey_id>/give", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
@statewide
def give_survey(survey_id: int):
    """Give a survey to cohorts, each with its own run and dates."""
    survey = get_or_404(Survey, survey_id)
    cohorts = queries.cohorts_without(survey.id)
    form = GiveForm()
    form.cohorts.choices = [
        SelectChoice(str(cohort.id), f"{cohort.name} ({cohort.region}, {cohort.school_years})")
        for cohort in cohorts
    ]
    if not form.is_submitted():
        form.cohorts.data = [str(cohort.id) for cohort in cohorts]
    if form.validate_on_submit():
        chosen = {int(value) for value in form.cohorts.data}
        done = _saved(
            form,
            "cohorts",
            f"The survey is given to {plural(len(chosen), 'cohort')}.",
            url_for("surveys.show_survey", survey_id=survey.id),
            lambda: operations.give_to_cohorts(
                survey,
                [cohort for cohort in cohorts if cohort.id in chosen],
                current_user,
                form.opens_on.data,
                form.closes_on.data,
            ),
        )
        if done:
            return done
    defaults = [(cohort, *operations.default_dates(survey, cohort)) for cohort in cohorts]
    return render_template("surveys/give.html", survey=survey, form=form, defaults=defaults), (
        400 if form.errors else 200
    )


@bp.route("/admin/surveys/runs/<int:run_id>/dates", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
@statewide
def run_dates(run_id: int):
    """Change when a survey opens and closes in one cohort."""
    run = get_or_404(SurveyRun, run_id)
    survey, cohort = db.session.get(Survey, run.survey_id), db.session.get(Cohort, run.cohort_id)
    form = DatesForm(obj=run)
    if form.validate_on_submit():
        done = _saved(
            form,
            "closes_on",
            "Dates saved.",
            url_for("surveys.show_survey", survey_id=survey.id),
            lambda: operations.change_dates(
                run, current_user, form.opens_on.data, form.closes_on.data
            ),
        )
        if done:
            return done
    return render_template(
        "surveys/dates.html", survey=survey, cohort=cohort, run=run, form=form
    ), (400 if form.errors else 200)


# Results -------------------------------------------------------------------------------------


def _filters(survey: Survey) -> tuple[ResultsFilterForm, queries.Filters, bool]:
    cohorts, regions, years = queries.filter_choices(survey.id)
    form = ResultsFilterForm(request.args)
    form.cohort.choices = [SelectChoice("", "All cohorts")] + [
        SelectChoice(str(cohort_id), name) for cohort_id, name in cohorts
    ]
    form.region.choices = [SelectChoice("", "All regions")] + [
        SelectChoice(region) for region in regions
    ]
    form.year.choices = [SelectChoice("", "All school years")] + [
        SelectChoice(str(year), school_year_label(year)) for year in years
    ]
    valid = form.validate()
    filters = (
        queries.Filters(
            cohort_id=int(form.cohort.data) if form.cohort.data else None,
            region=form.region.data or None,
            school_year=int(form.year.data) if form.year.data else None,
        )
        if valid
        else queries.Filters()
    )
    return form, filters, valid


@bp.get("/admin/surveys/<int:survey_id>/results")
@role_required(Role.SPECIALIST)
@statewide
def results(survey_id: int):
    """A survey's results for a cohort, a region, a school year or all: charts of the scale
    questions, counts of the choices, and the text answers (sorted). Nothing below 5 answers."""
    survey = get_or_404(Survey, survey_id)
    form, filters, valid = _filters(survey)
    found = queries.results(survey.id, filters) if valid else queries.Results(0, [])
    return render_template(
        "surveys/results.html",
        survey=survey,
        form=form,
        valid=valid,
        results=found,
        charts={
            result.question.id: charts.scale_chart(result.counts)
            for result in found.questions
            if result.question.kind == QuestionKind.SCALE
        },
        threshold=MIN_ANSWERS_SHOWN,
        texts_shown=queries.TEXTS_SHOWN,
        groups=[
            (region, year, school_year_label(year), answers)
            for region, year, answers in queries.answers_by_region_and_year(survey.id)
        ],
    ), (200 if valid else 400)


@bp.get("/admin/surveys/<int:survey_id>/results.<any(csv, xlsx):file_format>")
@role_required(Role.SPECIALIST)
@statewide
def export_results(survey_id: int, file_format: str):
    """Download the results the filters select as CSV or Excel, only from 5 answers up."""
    survey = get_or_404(Survey, survey_id)
    form, filters, valid = _filters(survey)
    found = queries.results(survey.id, filters, texts_per_question=None) if valid else None
    if found is None or not found.shown:
        flash(
            f"Results are exported only for groups of {MIN_ANSWERS_SHOWN} answers or more.",
            "info",
        )
        return redirect(url_for("surveys.results", survey_id=survey.id, **request.args))
    return spreadsheet_download(
        f"survey-{survey.id}-results", file_format, *queries.export_rows(found)
    )


# Answering -----------------------------------------------------------------------------------


def _answer_page(run: SurveyRun, survey: Survey, cohort: Cohort, user=None):
    """Show the answer form, or store the answers: shared by people and administrators' link."""
    questions = queries.questions(survey.id)
    form = answer_form(questions)
    if form.validate_on_submit():
        try:
            operations.submit(run, answers_from(form, questions), user)
        except AlreadyDone as error:
            db.session.rollback()
            return render_template("surveys/thanks.html", survey=survey, message=error.message)
        db.session.commit()
        return render_template("surveys/thanks.html", survey=survey, message=None)
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
