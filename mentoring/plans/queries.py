"""Read side of the mentoring plan: a plan's page, and the counts specialists may see."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, func, select

from mentoring.cohorts.models import Enrollment, EssentialExperience
from mentoring.extensions import db
from mentoring.plans.models import (
    ExperienceDone,
    GoalProgress,
    MentoringPlan,
    PlanGoal,
    PlanStatus,
)
from mentoring.users.models import User


@dataclass(frozen=True)
class PlanPage:
    plan: MentoringPlan | None
    goals: list[PlanGoal]
    notes: dict[int, list[tuple[GoalProgress, User | None]]] = field(default_factory=dict)
    experiences: list[tuple[EssentialExperience, ExperienceDone | None]] = field(
        default_factory=list
    )


def experiences_page(enrollment: Enrollment, year: int):
    """The essential experiences of the enrollment's cohort for the year, in order, each with
    its tick for this mentee or None: one query."""
    return [
        (item, done)
        for item, done in db.session.execute(
            select(EssentialExperience, ExperienceDone)
            .outerjoin(
                ExperienceDone,
                (ExperienceDone.experience_id == EssentialExperience.id)
                & (ExperienceDone.enrollment_id == enrollment.id),
            )
            .where(
                EssentialExperience.cohort_id == enrollment.cohort_id,
                EssentialExperience.program_year == year,
            )
            .order_by(EssentialExperience.position, EssentialExperience.id)
        )
    ]


def plan_page(enrollment: Enrollment, year: int) -> PlanPage:
    """A plan, its goals by target date and each goal's progress notes, oldest first, and the
    year's essential experiences: 4 queries."""
    experiences = experiences_page(enrollment, year)
    plan = db.session.scalar(
        select(MentoringPlan).where(
            MentoringPlan.enrollment_id == enrollment.id, MentoringPlan.program_year == year
        )
    )
    if plan is None:
        return PlanPage(None, [], experiences=experiences)
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
    return PlanPage(plan, goals, dict(notes), experiences)


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


@dataclass(frozen=True)
class PlanState:
    """Where a mentee's plan of a program year stands, in counts and dates: what the sign-off
    page and the home pages show, to specialists too. Never the plan's text."""

    exists: bool = False
    agreed_at: datetime | None = None
    goals: int = 0
    goals_done: int = 0


def plan_states(enrollment_ids: list[int]) -> dict[tuple[int, int], PlanState]:
    """The plan state of each (enrollment, program year) that has a plan: one query, reading
    no text. A missing key means no plan yet (PlanState())."""
    if not enrollment_ids:
        return {}
    rows = db.session.execute(
        select(
            MentoringPlan.enrollment_id,
            MentoringPlan.program_year,
            MentoringPlan.status,
            MentoringPlan.agreed_at,
            func.count(PlanGoal.id),
            func.count(PlanGoal.done_on),
        )
        .outerjoin(PlanGoal, PlanGoal.plan_id == MentoringPlan.id)
        .where(MentoringPlan.enrollment_id.in_(enrollment_ids))
        .group_by(
            MentoringPlan.id,
            MentoringPlan.enrollment_id,
            MentoringPlan.program_year,
            MentoringPlan.status,
            MentoringPlan.agreed_at,
        )
    )
    return {
        (enrollment_id, year): PlanState(
            True, agreed_at if status == PlanStatus.AGREED else None, goals, done
        )
        for enrollment_id, year, status, agreed_at, goals, done in rows
    }
