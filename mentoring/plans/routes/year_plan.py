"""A year's plan: its page, the mentor's comment and agreement, the essential experiences."""

from flask import abort, flash
from flask_login import current_user

from mentoring.cohorts.models import Enrollment
from mentoring.core import localtime
from mentoring.core.changes import change
from mentoring.core.forms import ButtonForm
from mentoring.core.policy import can_read_plan, get_or_404, is_plan_mentor, role_required
from mentoring.plans import operations
from mentoring.plans.forms import CommentForm, TickForm
from mentoring.plans.routes import (
    PLAN_ROLES,
    back_to_plan,
    bp,
    enrollment_or_404,
    group_of,
    only,
    plan_page,
)


@bp.get("/enrollments/<int:enrollment_id>/plan/<int:year>")
@role_required(*PLAN_ROLES)
def show_plan(enrollment_id: int, year: int):
    """A mentee's plan of a program year: goals, actions, target dates, comment, progress."""
    return plan_page(enrollment_or_404(enrollment_id, year), year)


@bp.post("/enrollments/<int:enrollment_id>/plan/<int:year>/comment")
@role_required(*PLAN_ROLES)
def comment(enrollment_id: int, year: int):
    """The mentor's comment on the plan."""
    enrollment = enrollment_or_404(enrollment_id, year)
    only(is_plan_mentor(current_user, group_of(enrollment)))
    form = CommentForm()
    if form.validate_on_submit():
        with change(form, "comment") as outcome:
            operations.comment(enrollment, year, current_user, form.comment.data or "")
        if outcome.saved:
            flash("Comment saved.", "success")
            return back_to_plan(enrollment, year)
    return plan_page(enrollment, year, comment_form=form)


@bp.post("/enrollments/<int:enrollment_id>/plan/<int:year>/agree")
@role_required(*PLAN_ROLES)
def agree(enrollment_id: int, year: int):
    """The mentor marks the plan agreed."""
    enrollment = enrollment_or_404(enrollment_id, year)
    only(is_plan_mentor(current_user, group_of(enrollment)))
    if ButtonForm().validate_on_submit():
        with change() as outcome:
            operations.agree(enrollment, year, current_user)
        if outcome.saved:
            flash("The plan is agreed.", "success")
    return back_to_plan(enrollment, year)


def _essential(enrollment_id: int, essential_id: int):
    """The enrollment (its plan readable, else 404) and one of its cohort's experiences (else
    404), for its mentor only (the mentee reads the list but does not tick: 403)."""
    enrollment = get_or_404(
        Enrollment, enrollment_id, lambda e: can_read_plan(current_user, e, group_of(e))
    )
    item = operations.experience_of(enrollment, essential_id)
    if item is None:
        abort(404)
    only(is_plan_mentor(current_user, group_of(enrollment)))
    return enrollment, item


@bp.post("/enrollments/<int:enrollment_id>/experiences/<int:essential_id>/tick")
@role_required(*PLAN_ROLES)
def tick_experience(enrollment_id: int, essential_id: int):
    """The mentor ticks an essential experience off for the mentee, with the day it happened."""
    enrollment, item = _essential(enrollment_id, essential_id)
    form = TickForm(prefix=f"exp{item.id}")
    if form.validate_on_submit():
        with change(form, "done_on") as outcome:
            operations.tick_experience(
                enrollment,
                item,
                current_user,
                localtime.today(),
                done_on=form.done_on.data,
                note=form.note.data or "",
            )
        if outcome.saved:
            flash("Experience ticked off.", "success")
            return back_to_plan(enrollment, item.program_year)
    return plan_page(enrollment, item.program_year, tick=(item.id, form))


@bp.post("/enrollments/<int:enrollment_id>/experiences/<int:essential_id>/untick")
@role_required(*PLAN_ROLES)
def untick_experience(enrollment_id: int, essential_id: int):
    """The mentor takes a tick back (audited)."""
    enrollment, item = _essential(enrollment_id, essential_id)
    if ButtonForm().validate_on_submit():
        with change() as outcome:
            operations.untick_experience(enrollment, item, current_user)
        if outcome.saved:
            flash("Tick taken back.", "success")
    return back_to_plan(enrollment, item.program_year)
