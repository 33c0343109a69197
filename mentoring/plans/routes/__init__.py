"""The individual mentoring plan: the mentee's goals, the mentor's comment and agreement, and
progress notes. Only the mentee and their current mentor reach these pages; for anyone else a
plan does not exist (404), and specialists' role is refused (403): they see counts only.

year_plan.py: the plan's page, the mentor's comment and agreement, the essential experiences;
goals.py: the mentee's goals and the progress noted on them.
"""

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user

from mentoring.cohorts.models import Cohort, Enrollment, PlcGroup, program_year_bounds
from mentoring.core import localtime
from mentoring.core.forms import ButtonForm
from mentoring.core.policy import can_read_plan, get_or_404, is_plan_mentee, is_plan_mentor
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.plans import queries
from mentoring.plans.forms import CommentForm, GoalForm, ProgressForm, TickForm
from mentoring.plans.models import MentoringPlan, PlanGoal
from mentoring.users.models import User

bp = Blueprint("plans", __name__)


PLAN_ROLES = (Role.MENTOR, Role.MENTEE)


def group_of(enrollment: Enrollment) -> PlcGroup | None:
    return db.session.get(PlcGroup, enrollment.plc_group_id) if enrollment.plc_group_id else None


def enrollment_or_404(enrollment_id: int, year: int) -> Enrollment:
    if year not in (1, 2):
        abort(404)
    return get_or_404(
        Enrollment, enrollment_id, lambda e: can_read_plan(current_user, e, group_of(e))
    )


def goal_or_404(goal_id: int) -> tuple[PlanGoal, MentoringPlan, Enrollment]:
    goal = db.session.get(PlanGoal, goal_id)
    plan = db.session.get(MentoringPlan, goal.plan_id) if goal else None
    enrollment = enrollment_or_404(plan.enrollment_id, plan.program_year) if plan else abort(404)
    return goal, plan, enrollment


def only(allowed: bool) -> None:
    """The plan is readable, but this change belongs to the other of the pair."""
    if not allowed:
        abort(403)


def back_to_plan(enrollment: Enrollment, year: int):
    return redirect(url_for("plans.show_plan", enrollment_id=enrollment.id, year=year))


def plan_page(
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
        is_mentor=is_plan_mentor(current_user, group_of(enrollment)),
        goal_form=goal_form or GoalForm(formdata=None),
        comment_form=comment_form
        or CommentForm(formdata=None, comment=page.plan.mentor_comment if page.plan else ""),
        progress_forms=progress_forms,
        tick_forms=tick_forms,
        today=today,
        button=ButtonForm(formdata=None),
    ), (400 if failed else 200)


from mentoring.plans.routes import goals, year_plan  # noqa: E402, F401  (the views)
