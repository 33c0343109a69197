"""The yearly sign-off (the requirements' pages are in cohorts/routes.py)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from mentoring.cohorts.models import Enrollment, EnrollmentStatus
from mentoring.core import drafts, localtime
from mentoring.core.changes import change
from mentoring.core.policy import can_sign_off, get_or_404, is_specialist, role_required
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.plans.queries import PlanState, plan_states
from mentoring.progress import operations
from mentoring.progress.forms import CorrectSignOffForm, SignOffForm
from mentoring.progress.queries import YEARS, progress_for
from mentoring.users.models import User

bp = Blueprint("progress", __name__)


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
    outcome = None
    if form.validate_on_submit():
        reason = form.on_behalf_reason.data if "on_behalf_reason" in form else None
        with change(form) as outcome:
            if correcting:
                operations.correct_sign_off(
                    existing, current_user, form.is_met, form.comment.data, reason
                )
            else:
                operations.sign_off_year(
                    enrollment, year, current_user, today, form.is_met, form.comment.data, reason
                )
            drafts.forget(current_user)
        if outcome.saved:
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
    ), (400 if form.errors or (outcome and outcome.error) else 200)
