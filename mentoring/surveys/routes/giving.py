"""Giving a survey to cohorts, each with its own run and dates."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from mentoring.cohorts.models import Cohort
from mentoring.core.changes import change
from mentoring.core.policy import get_or_404, role_required, statewide
from mentoring.core.roles import Role
from mentoring.core.wording import plural
from mentoring.extensions import db
from mentoring.surveys import operations, queries
from mentoring.surveys.forms import DatesForm, GiveForm
from mentoring.surveys.models import Survey, SurveyRun
from mentoring.surveys.routes import bp


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
        with change(form, "cohorts") as outcome:
            operations.give_to_cohorts(
                survey,
                [cohort for cohort in cohorts if cohort.id in chosen],
                current_user,
                form.opens_on.data,
                form.closes_on.data,
            )
        if outcome.saved:
            flash(f"The survey is given to {plural(len(chosen), 'cohort')}.", "success")
            return redirect(url_for("surveys.show_survey", survey_id=survey.id))
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
        with change(form, "closes_on") as outcome:
            operations.change_dates(run, current_user, form.opens_on.data, form.closes_on.data)
        if outcome.saved:
            flash("Dates saved.", "success")
            return redirect(url_for("surveys.show_survey", survey_id=survey.id))
    return render_template(
        "surveys/dates.html", survey=survey, cohort=cohort, run=run, form=form
    ), (400 if form.errors else 200)
