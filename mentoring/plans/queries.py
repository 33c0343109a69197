"""Read side of the mentoring plan: a plan's page, and the counts specialists may see."""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from mentoring.cohorts.models import Enrollment
from mentoring.extensions import db
from mentoring.plans.models import GoalProgress, MentoringPlan, PlanGoal, PlanStatus
from mentoring.users.models import User


@dataclass(frozen=True)
class PlanPage:
    plan: MentoringPlan | None
    goals: list[PlanGoal]
    notes: dict[int, list[tuple[GoalProgress, User | None]]] = field(default_factory=dict)


def plan_page(enrollment_id: int, year: int) -> PlanPage:
    """A plan, its goals by target date and each goal's progress notes, oldest first: 3 queries."""
    plan = db.session.scalar(
        select(MentoringPlan).where(
            MentoringPlan.enrollment_id == enrollment_id, MentoringPlan.program_year == year
        )
    )
    if plan is None:
        return PlanPage(None, [])
    goals = list(
        db.session.scalars(
            select(PlanGoal)
            .where(PlanGoal.plan_id == plan.id)
            .order_by(PlanGoal.target_on, PlanGoal.id)
        )
    )
    notes: dict[int, list] = defaultdict(list)
    for note, author in db.session.execute(
        select(GoalProgress, User)
        .outerjoin(User, User.id == GoalProgress.author_id)
        .where(GoalProgress.goal_id.in_([goal.id for goal in goals]))
        .order_by(GoalProgress.created_at, GoalProgress.id)
    ):
        notes[note.goal_id].append((note, author))
    return PlanPage(plan, goals, dict(notes))


@dataclass(frozen=True)
class PlanCounts:
    """What a specialist may know of the plans of a program year: counts, no text."""

    plans: int
    agreed: int
    goals: int


def plan_counts(cohort_id: int, year: int) -> PlanCounts:
    """How many of a cohort's enrollments have a plan for the year, how many are agreed, and
    how many goals they hold in all: one query, reading no text."""
    goal_counts = (
        select(PlanGoal.plan_id, func.count().label("goals")).group_by(PlanGoal.plan_id).subquery()
    )
    plans, agreed, goals = db.session.execute(
        select(
            func.count(MentoringPlan.id),
            func.coalesce(
                func.sum(case((MentoringPlan.status == PlanStatus.AGREED, 1), else_=0)), 0
            ),
            func.coalesce(func.sum(goal_counts.c.goals), 0),
        )
        .select_from(MentoringPlan)
        .join(Enrollment, Enrollment.id == MentoringPlan.enrollment_id)
        .outerjoin(goal_counts, goal_counts.c.plan_id == MentoringPlan.id)
        .where(Enrollment.cohort_id == cohort_id, MentoringPlan.program_year == year)
    ).one()
    return PlanCounts(plans, int(agreed), int(goals))
