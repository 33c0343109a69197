"""The mentee's goals: added, changed, deleted, marked reached; progress noted on them."""

from flask import flash, render_template, request
from flask_login import current_user

from mentoring.core import localtime
from mentoring.core.changes import change
from mentoring.core.forms import ButtonForm
from mentoring.core.policy import is_plan_mentee, role_required
from mentoring.plans import operations
from mentoring.plans.forms import GoalForm, ProgressForm
from mentoring.plans.routes import (
    PLAN_ROLES,
    back_to_plan,
    bp,
    enrollment_or_404,
    goal_or_404,
    only,
    plan_page,
)


@bp.post("/enrollments/<int:enrollment_id>/plan/<int:year>/goals")
@role_required(*PLAN_ROLES)
def add_goal(enrollment_id: int, year: int):
    """The mentee adds a goal to their plan."""
    enrollment = enrollment_or_404(enrollment_id, year)
    only(is_plan_mentee(current_user, enrollment))
    form = GoalForm()
    if form.validate_on_submit():
        with change(form, "goal") as outcome:
            operations.add_goal(enrollment, year, current_user, **form.fields())
        if outcome.saved:
            flash("Goal added.", "success")
            return back_to_plan(enrollment, year)
    return plan_page(enrollment, year, goal_form=form)


@bp.route("/plan-goals/<int:goal_id>/edit", methods=["GET", "POST"])
@role_required(*PLAN_ROLES)
def edit_goal(goal_id: int):
    """The mentee changes a goal; an agreed plan becomes a draft again."""
    goal, plan, enrollment = goal_or_404(goal_id)
    only(is_plan_mentee(current_user, enrollment))
    form = GoalForm(
        data={
            "program_goal": goal.program_goal.value,
            "goal": goal.goal,
            "actions": goal.actions,
            "target_on": goal.target_on,
        }
    )
    if form.validate_on_submit():
        with change(form, "goal") as outcome:
            operations.update_goal(goal, current_user, **form.fields())
        if outcome.saved:
            flash("Your changes are saved.", "success")
            return back_to_plan(enrollment, plan.program_year)
    return render_template(
        "plans/edit_goal.html", form=form, goal=goal, plan=plan, enrollment=enrollment
    ), (400 if form.errors else 200)


@bp.post("/plan-goals/<int:goal_id>/delete")
@role_required(*PLAN_ROLES)
def delete_goal(goal_id: int):
    """The mentee deletes a goal with its progress notes."""
    goal, plan, enrollment = goal_or_404(goal_id)
    only(is_plan_mentee(current_user, enrollment))
    if ButtonForm().validate_on_submit():
        with change() as outcome:
            operations.delete_goal(goal, current_user)
        if outcome.saved:
            flash("Goal deleted.", "success")
    return back_to_plan(enrollment, plan.program_year)


@bp.post("/plan-goals/<int:goal_id>/progress")
@role_required(*PLAN_ROLES)
def add_progress(goal_id: int):
    """The mentee or the mentor notes progress on a goal."""
    goal, plan, enrollment = goal_or_404(goal_id)
    form = ProgressForm(prefix=f"goal{goal.id}")
    if form.validate_on_submit():
        with change(form, "note") as outcome:
            operations.add_progress(goal, current_user, form.note.data or "")
        if outcome.saved:
            flash("Progress noted.", "success")
            return back_to_plan(enrollment, plan.program_year)
    return plan_page(enrollment, plan.program_year, progress=(goal.id, form))


@bp.post("/plan-goals/<int:goal_id>/done")
@role_required(*PLAN_ROLES)
def mark_goal(goal_id: int):
    """The mentee or the mentor marks a goal reached (done=1) or not reached after all."""
    goal, plan, enrollment = goal_or_404(goal_id)
    if ButtonForm().validate_on_submit():
        done = request.form.get("done") == "1"
        with change() as outcome:
            changed = operations.mark_goal(goal, current_user, localtime.today(), done)
        if outcome.saved and changed:
            flash("Goal marked reached." if done else "Goal marked not reached.", "success")
    return back_to_plan(enrollment, plan.program_year)
