"""The individual mentoring plan: the mentee's goals, the mentor's comment and agreement, and
progress notes. Only the mentee and their current mentor reach these pages; for anyone else a
plan does not exist (404), and specialists' role is refused (403): they see counts only."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mentoring.cohorts.models import Cohort, Enrollment, PlcGroup, program_year_bounds
from mentoring.core import localtime
from mentoring.core.changes import show_error
from mentoring.core.errors import MentoringError
from mentoring.core.forms import ButtonForm
from mentoring.core.policy import (
    can_read_plan,
    get_or_404,
    is_plan_mentee,
    is_plan_mentor,
    role_required,
)
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.plans import operations, queries
from mentoring.plans.forms import CommentForm, GoalForm, ProgressForm, TickForm
from mentoring.plans.models import MentoringPlan, PlanGoal
from mentoring.users.models import User

bp = Blueprint("plans", __name__)
PLAN_ROLES = (Role.MENTOR, Role.MENTEE)


def _group(enrollment: Enrollment) -> PlcGroup | None:
    return db.session.get(PlcGroup, enrollment.plc_group_id) if enrollment.plc_group_id else None


def _enrollment(enrollment_id: int, year: int) -> Enrollment:
    if year not in (1, 2):
        abort(404)
    return get_or_404(
        Enrollment, enrollment_id, lambda e: can_read_plan(current_user, e, _group(e))
    )


def _goal(goal_id: int) -> tuple[PlanGoal, MentoringPlan, Enrollment]:
    goal = db.session.get(PlanGoal, goal_id)
    plan = db.session.get(MentoringPlan, goal.plan_id) if goal else None
    enrollment = _enrollment(plan.enrollment_id, plan.program_year) if plan else abort(404)
    return goal, plan, enrollment


def _only(allowed: bool) -> None:
    """The plan is readable, but this change belongs to the other of the pair."""
    if not allowed:
        abort(403)


def _back(enrollment: Enrollment, year: int):
    return redirect(url_for("plans.show_plan", enrollment_id=enrollment.id, year=year))


def _page(
    enrollment: Enrollment,
    year: int,
    goal_form=None,
    comment_form=None,
    progress=None,
    tick=None,
):
    page = queries.plan_page(enrollment, year)
    progress_forms = {
        goal.id: ProgressForm(formdata=None, prefix=f"goal{goal.id}") for goal in page.goals
    }
    if progress is not None:
        progress_forms[progress[0]] = progress[1]
    today = localtime.today()
    tick_forms = {
        item.id: TickForm(formdata=None, prefix=f"exp{item.id}", done_on=today)
        for item, done in page.experiences
        if done is None
    }
    if tick is not None:
        tick_forms[tick[0]] = tick[1]
    failed = any(
        f.errors for f in (goal_form, comment_form, progress and progress[1], tick and tick[1]) if f
    )
    return render_template(
        "plans/show.html",
        enrollment=enrollment,
        year=year,
        bounds=program_year_bounds(db.session.get(Cohort, enrollment.cohort_id), year),
        mentee=db.session.get(User, enrollment.mentee_id),
        page=page,
        is_mentee=is_plan_mentee(current_user, enrollment),
        is_mentor=is_plan_mentor(current_user, _group(enrollment)),
        goal_form=goal_form or GoalForm(formdata=None),
        comment_form=comment_form
        or CommentForm(formdata=None, comment=page.plan.mentor_comment if page.plan else ""),
        progress_forms=progress_forms,
        tick_forms=tick_forms,
        today=today,
        button=ButtonForm(formdata=None),
    ), (400 if failed else 200)


@bp.get("/enrollments/<int:enrollment_id>/plan/<int:year>")
@role_required(*PLAN_ROLES)
def show_plan(enrollment_id: int, year: int):
    """A mentee's plan of a program year: goals, actions, target dates, comment, progress."""
    return _page(_enrollment(enrollment_id, year), year)


@bp.post("/enrollments/<int:enrollment_id>/plan/<int:year>/goals")
@role_required(*PLAN_ROLES)
def add_goal(enrollment_id: int, year: int):
    """The mentee adds a goal to their plan."""
    enrollment = _enrollment(enrollment_id, year)
    _only(is_plan_mentee(current_user, enrollment))
    form = GoalForm()
    if form.validate_on_submit():
        try:
            operations.add_goal(enrollment, year, current_user, **form.fields())
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "goal")
        else:
            db.session.commit()
            flash("Goal added.", "success")
            return _back(enrollment, year)
    return _page(enrollment, year, goal_form=form)


@bp.route("/plan-goals/<int:goal_id>/edit", methods=["GET", "POST"])
@role_required(*PLAN_ROLES)
def edit_goal(goal_id: int):
    """The mentee changes a goal; an agreed plan becomes a draft again."""
    goal, plan, enrollment = _goal(goal_id)
    _only(is_plan_mentee(current_user, enrollment))
    form = GoalForm(
        data={
            "program_goal": goal.program_goal.value,
            "goal": goal.goal,
            "actions": goal.actions,
            "target_on": goal.target_on,
        }
    )
    if form.validate_on_submit():
        try:
            operations.update_goal(goal, current_user, **form.fields())
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "goal")
        else:
            db.session.commit()
            flash("Your changes are saved.", "success")
            return _back(enrollment, plan.program_year)
    return render_template(
        "plans/edit_goal.html", form=form, goal=goal, plan=plan, enrollment=enrollment
    ), (400 if form.errors else 200)


@bp.post("/plan-goals/<int:goal_id>/delete")
@role_required(*PLAN_ROLES)
def delete_goal(goal_id: int):
    """The mentee deletes a goal with its progress notes."""
    goal, plan, enrollment = _goal(goal_id)
    _only(is_plan_mentee(current_user, enrollment))
    if ButtonForm().validate_on_submit():
        try:
            operations.delete_goal(goal, current_user)
        except MentoringError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            db.session.commit()
            flash("Goal deleted.", "success")
    return _back(enrollment, plan.program_year)


@bp.post("/plan-goals/<int:goal_id>/progress")
@role_required(*PLAN_ROLES)
def add_progress(goal_id: int):
    """The mentee or the mentor notes progress on a goal."""
    goal, plan, enrollment = _goal(goal_id)
    form = ProgressForm(prefix=f"goal{goal.id}")
    if form.validate_on_submit():
        try:
            operations.add_progress(goal, current_user, form.note.data or "")
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "note")
        else:
            db.session.commit()
            flash("Progress noted.", "success")
            return _back(enrollment, plan.program_year)
    return _page(enrollment, plan.program_year, progress=(goal.id, form))


@bp.post("/enrollments/<int:enrollment_id>/plan/<int:year>/comment")
@role_required(*PLAN_ROLES)
def comment(enrollment_id: int, year: int):
    """The mentor's comment on the plan."""
    enrollment = _enrollment(enrollment_id, year)
    _only(is_plan_mentor(current_user, _group(enrollment)))
    form = CommentForm()
    if form.validate_on_submit():
        try:
            operations.comment(enrollment, year, current_user, form.comment.data or "")
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "comment")
        else:
            db.session.commit()
            flash("Comment saved.", "success")
            return _back(enrollment, year)
    return _page(enrollment, year, comment_form=form)


@bp.post("/enrollments/<int:enrollment_id>/plan/<int:year>/agree")
@role_required(*PLAN_ROLES)
def agree(enrollment_id: int, year: int):
    """The mentor marks the plan agreed."""
    enrollment = _enrollment(enrollment_id, year)
    _only(is_plan_mentor(current_user, _group(enrollment)))
    if ButtonForm().validate_on_submit():
        try:
            operations.agree(enrollment, year, current_user)
        except MentoringError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            db.session.commit()
            flash("The plan is agreed.", "success")
    return _back(enrollment, year)


@bp.post("/plan-goals/<int:goal_id>/done")
@role_required(*PLAN_ROLES)
def mark_goal(goal_id: int):
    """The mentee or the mentor marks a goal reached (done=1) or not reached after all."""
    goal, plan, enrollment = _goal(goal_id)
    if ButtonForm().validate_on_submit():
        done = request.form.get("done") == "1"
        try:
            changed = operations.mark_goal(goal, current_user, localtime.today(), done)
        except MentoringError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            db.session.commit()
            if changed:
                flash("Goal marked reached." if done else "Goal marked not reached.", "success")
    return _back(enrollment, plan.program_year)


def _essential(enrollment_id: int, essential_id: int):
    """The enrollment (its plan readable, else 404) and one of its cohort's experiences (else
    404), for its mentor only (the mentee reads the list but does not tick: 403)."""
    enrollment = get_or_404(
        Enrollment, enrollment_id, lambda e: can_read_plan(current_user, e, _group(e))
    )
    item = operations.experience_of(enrollment, essential_id)
    if item is None:
        abort(404)
    _only(is_plan_mentor(current_user, _group(enrollment)))
    return enrollment, item


@bp.post("/enrollments/<int:enrollment_id>/experiences/<int:essential_id>/tick")
@role_required(*PLAN_ROLES)
def tick_experience(enrollment_id: int, essential_id: int):
    """The mentor ticks an essential experience off for the mentee, with the day it happened."""
    enrollment, item = _essential(enrollment_id, essential_id)
    form = TickForm(prefix=f"exp{item.id}")
    if form.validate_on_submit():
        try:
            operations.tick_experience(
                enrollment,
                item,
                current_user,
                localtime.today(),
                done_on=form.done_on.data,
                note=form.note.data or "",
            )
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "done_on")
        else:
            db.session.commit()
            flash("Experience ticked off.", "success")
            return _back(enrollment, item.program_year)
    return _page(enrollment, item.program_year, tick=(item.id, form))


@bp.post("/enrollments/<int:enrollment_id>/experiences/<int:essential_id>/untick")
@role_required(*PLAN_ROLES)
def untick_experience(enrollment_id: int, essential_id: int):
    """The mentor takes a tick back (audited)."""
    enrollment, item = _essential(enrollment_id, essential_id)
    if ButtonForm().validate_on_submit():
        try:
            operations.untick_experience(enrollment, item, current_user)
        except MentoringError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            db.session.commit()
            flash("Tick taken back.", "success")
    return _back(enrollment, item.program_year)
