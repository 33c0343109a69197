"""Requirements (program defaults and per cohort) and the yearly sign-off."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from mentoring.cohorts.models import Cohort, Enrollment, EnrollmentStatus
from mentoring.cohorts.operations import update_requirements
from mentoring.core import drafts, localtime
from mentoring.core.changes import show_error
from mentoring.core.errors import MentoringError
from mentoring.core.policy import (
    can_sign_off,
    get_or_404,
    is_specialist,
    role_required,
    statewide,
)
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.plans.queries import PlanState, plan_states
from mentoring.progress import operations
from mentoring.progress.forms import CorrectSignOffForm, RequirementsForm, SignOffForm
from mentoring.progress.models import RequirementColumns, current_defaults
from mentoring.progress.queries import YEARS, hours_text, progress_for
from mentoring.users.models import User

bp = Blueprint("progress", __name__)


@bp.app_template_filter("hours")
def hours(minutes: int) -> str:
    """Minutes as hours for people (queries.hours_text)."""
    return hours_text(minutes)


# Requirements --------------------------------------------------------------------------------


def _edit_requirements(owner: RequirementColumns, cohort: Cohort | None, done_url: str):
    form = RequirementsForm(data=RequirementsForm.data_of(owner))
    if form.validate_on_submit():
        try:
            update_requirements(owner, current_user, **form.values())
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "at_risk_days")
        else:
            db.session.commit()
            flash(
                f"Requirements of {cohort.name} saved."
                if cohort
                else "Program defaults saved. Cohorts created from now on copy them.",
                "success",
            )
            return redirect(done_url)
    return render_template("progress/requirements.html", form=form, cohort=cohort), (
        400 if form.errors else 200
    )


@bp.route("/admin/requirements", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
@statewide
def default_requirements():
    """Edit the program's default requirements, which new cohorts copy."""
    return _edit_requirements(current_defaults(), None, url_for("progress.default_requirements"))


@bp.route("/admin/cohorts/<int:cohort_id>/requirements", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def cohort_requirements(cohort_id: int):
    """Edit one cohort's requirements (audited)."""
    cohort = get_or_404(Cohort, cohort_id)
    return _edit_requirements(cohort, cohort, url_for("cohorts.show_cohort", cohort_id=cohort.id))


# Sign-off ------------------------------------------------------------------------------------


@bp.route("/enrollments/<int:enrollment_id>/sign-off/<int:year>", methods=["GET", "POST"])
@role_required(Role.MENTOR, Role.SPECIALIST)
@drafts.keeps_drafts({"comment": operations.MAX_TEXT, "on_behalf_reason": operations.MAX_TEXT})
def sign_off_year(enrollment_id: int, year: int):
    """Sign off a mentee's program year; a specialist may sign in the mentor's place or correct."""
    if year not in YEARS:
        abort(404)
    enrollment = get_or_404(
        Enrollment, enrollment_id, lambda e: can_sign_off(current_user, operations.current_group(e))
    )
    if year == 1 and enrollment.year1_carried_from_id is not None:
        abort(404)  # its year 1 is the earlier enrollment's, signed off there
    today = localtime.today()
    (progress,) = progress_for(Enrollment.id == enrollment.id, today)
    cohort = progress.cohort
    existing = progress.years[year - 1].sign_off
    correcting = existing is not None and is_specialist(current_user)
    form = CorrectSignOffForm() if correcting else SignOffForm()
    if not is_specialist(current_user):
        del form.on_behalf_reason
    problem = None
    if form.validate_on_submit():
        reason = form.on_behalf_reason.data if "on_behalf_reason" in form else None
        try:
            if correcting:
                operations.correct_sign_off(
                    existing, current_user, form.is_met, form.comment.data, reason
                )
            else:
                operations.sign_off_year(
                    enrollment, year, current_user, today, form.is_met, form.comment.data, reason
                )
        except MentoringError as error:
            db.session.rollback()
            if error.field and error.field in form:
                show_error(form, error, error.field)
            else:
                problem = error.message
        else:
            drafts.forget(current_user)
            db.session.commit()
            flash(
                f"Program year {year} is {'corrected' if correcting else 'signed off'}: "
                f"{'met' if form.is_met else 'not met'}.",
                "success",
            )
            return redirect(
                url_for("progress.sign_off_year", enrollment_id=enrollment.id, year=year)
            )
    elif correcting and not form.is_submitted():
        form.met.data = "met" if existing.met else "not_met"
        form.comment.data = existing.comment
    return render_template(
        "progress/sign_off.html",
        form=form,
        draft=drafts.prepare(current_user, form),
        enrollment=enrollment,
        cohort=cohort,
        mentee=db.session.get(User, enrollment.mentee_id),
        year=progress.years[year - 1],
        plan=plan_states([enrollment.id]).get((enrollment.id, year), PlanState()),
        sign_off=existing,
        signed_by=db.session.get(User, existing.signed_by_id)
        if existing and existing.signed_by_id
        else None,
        correcting=correcting,
        timing_problem=operations.timing_problem(cohort, year, today),
        withdrawn=enrollment.status == EnrollmentStatus.WITHDRAWN,
        problem=problem,
    ), (400 if form.errors or problem else 200)
