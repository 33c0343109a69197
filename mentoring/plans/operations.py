"""Write side of the mentoring plan: the mentee drafts goals, the mentor comments and agrees,
both note progress. Audit summaries carry ids and counts only, never the plan's text."""

from datetime import date

from sqlalchemy import func, select

from mentoring.cohorts.experiences import experience_ticks_asked
from mentoring.cohorts.models import (
    Cohort,
    Enrollment,
    EnrollmentStatus,
    EssentialExperience,
    PlcGroup,
    program_year_bounds,
)
from mentoring.core import audit, signals
from mentoring.core.errors import MentoringError, NotAllowed
from mentoring.core.localtime import format_date
from mentoring.core.models import utcnow
from mentoring.core.policy import is_plan_mentee, is_plan_mentor
from mentoring.core.text import clean_text
from mentoring.core.urls import public_url
from mentoring.extensions import db
from mentoring.meetings.operations import text_problem
from mentoring.notifications.models import Kind
from mentoring.notifications.operations import notify
from mentoring.plans.models import (
    ExperienceDone,
    GoalProgress,
    MentoringPlan,
    PlanGoal,
    PlanStatus,
    ProgramGoal,
)
from mentoring.users.models import User

GOAL_MISSING = "Write the goal."
ACTIONS_MISSING = "Write the actions that lead to the goal."
NOTE_MISSING = "Write the progress note."


def _group(enrollment: Enrollment) -> PlcGroup | None:
    return db.session.get(PlcGroup, enrollment.plc_group_id) if enrollment.plc_group_id else None


def _check_mentee(actor: User, enrollment: Enrollment) -> None:
    if not is_plan_mentee(actor, enrollment) or enrollment.status != EnrollmentStatus.ACTIVE:
        raise NotAllowed("Only the mentee writes the goals of their plan, while enrolled.")


def _check_mentor(actor: User, enrollment: Enrollment) -> None:
    if not is_plan_mentor(actor, _group(enrollment)):
        raise NotAllowed("Only the mentee's current mentor comments on and agrees the plan.")


def _tell(enrollment: Enrollment, year: int, mentor: User, what: str) -> None:
    """Notify the mentee that their mentor acted on their plan: no plan text."""
    notify(
        [db.session.get(User, enrollment.mentee_id)],
        Kind.PLANS,
        f"Your mentor {what} your mentoring plan",
        "plan",
        text=f"{mentor.name} {what} your mentoring plan for program year {year}.",
        link=public_url("plans.show_plan", enrollment_id=enrollment.id, year=year),
        mentor=mentor,
        what=what,
        year=year,
    )


def plan_of(enrollment: Enrollment, year: int) -> MentoringPlan | None:
    return db.session.scalar(
        select(MentoringPlan).where(
            MentoringPlan.enrollment_id == enrollment.id, MentoringPlan.program_year == year
        )
    )


def _plan(enrollment: Enrollment, year: int) -> MentoringPlan:
    plan = plan_of(enrollment, year)
    if plan is None:
        plan = MentoringPlan(
            enrollment_id=enrollment.id,
            program_year=year,
            status=PlanStatus.DRAFT,
            mentor_comment="",
        )
        db.session.add(plan)
        db.session.flush()
    return plan


def target_problem(target_on: date, cohort: Cohort, year: int) -> str | None:
    first, last = program_year_bounds(cohort, year)
    if not first <= target_on <= last:
        return (
            f"Choose a target date inside program year {year} "
            f"({format_date(first)} to {format_date(last)})."
        )
    return None


def _checked_goal(enrollment: Enrollment, year: int, fields: dict) -> dict:
    try:
        program_goal = ProgramGoal(fields["program_goal"])
    except ValueError:
        raise MentoringError("Choose one of the program's three goals.", "program_goal") from None
    fields = {
        **fields,
        "goal": clean_text(fields["goal"]),
        "actions": clean_text(fields["actions"]),
    }
    cohort = db.session.get(Cohort, enrollment.cohort_id)
    for field, problem in [
        ("goal", text_problem(fields["goal"], GOAL_MISSING)),
        ("actions", text_problem(fields["actions"], ACTIONS_MISSING)),
        ("target_on", target_problem(fields["target_on"], cohort, year)),
    ]:
        if problem:
            raise MentoringError(problem, field)
    return {**fields, "program_goal": program_goal}


def _reopen(plan: MentoringPlan, actor: User) -> None:
    """A changed goal makes an agreed plan a draft again: the mentor agrees it anew."""
    if plan.status == PlanStatus.AGREED:
        plan.status, plan.agreed_at, plan.agreed_by_id = PlanStatus.DRAFT, None, None
        signals.work_changed([plan.enrollment_id])  # an agreed plan counts toward the year
        audit.record(actor, "plan.reopened", plan, f"Plan {plan.id}: a draft again")


def _goal_count(plan: MentoringPlan) -> int:
    return db.session.scalar(
        select(func.count()).select_from(PlanGoal).where(PlanGoal.plan_id == plan.id)
    )


def add_goal(
    enrollment: Enrollment,
    year: int,
    actor: User,
    *,
    program_goal: str,
    goal: str,
    actions: str,
    target_on: date,
) -> PlanGoal:
    """Add a goal to the mentee's plan of a program year (made on the first goal)."""
    _check_mentee(actor, enrollment)
    fields = _checked_goal(
        enrollment,
        year,
        {"program_goal": program_goal, "goal": goal, "actions": actions, "target_on": target_on},
    )
    plan = _plan(enrollment, year)
    item = PlanGoal(plan_id=plan.id, **fields)
    db.session.add(item)
    db.session.flush()
    _reopen(plan, actor)
    audit.record(
        actor,
        "plan.goal_added",
        plan,
        f"Plan {plan.id} (enrollment {enrollment.id}, year {year}): goal {item.id} added, "
        f"{_goal_count(plan)} in all",
    )
    return item


def update_goal(
    item: PlanGoal,
    actor: User,
    *,
    program_goal: str,
    goal: str,
    actions: str,
    target_on: date,
) -> bool:
    plan = db.session.get(MentoringPlan, item.plan_id)
    enrollment = db.session.get(Enrollment, plan.enrollment_id)
    _check_mentee(actor, enrollment)
    fields = _checked_goal(
        enrollment,
        plan.program_year,
        {"program_goal": program_goal, "goal": goal, "actions": actions, "target_on": target_on},
    )
    if all(getattr(item, name) == value for name, value in fields.items()):
        return False
    for name, value in fields.items():
        setattr(item, name, value)
    _reopen(plan, actor)
    audit.record(actor, "plan.goal_changed", plan, f"Plan {plan.id}: goal {item.id} changed")
    return True


def delete_goal(item: PlanGoal, actor: User) -> None:
    plan = db.session.get(MentoringPlan, item.plan_id)
    _check_mentee(actor, db.session.get(Enrollment, plan.enrollment_id))
    db.session.delete(item)
    db.session.flush()
    _reopen(plan, actor)
    audit.record(actor, "plan.goal_deleted", plan, f"Plan {plan.id}: goal {item.id} deleted")


def comment(enrollment: Enrollment, year: int, actor: User, text: str) -> None:
    """The mentor's comment on the plan (replacing the last one)."""
    _check_mentor(actor, enrollment)
    text = clean_text(text)
    problem = text_problem(text)
    if problem:
        raise MentoringError(problem, "comment")
    plan = _plan(enrollment, year)
    plan.mentor_comment = text
    _tell(enrollment, year, actor, "commented on")
    audit.record(actor, "plan.commented", plan, f"Plan {plan.id}: mentor's comment saved")


def agree(enrollment: Enrollment, year: int, actor: User) -> MentoringPlan:
    """The mentor marks the plan agreed; it needs at least one goal."""
    _check_mentor(actor, enrollment)
    plan = plan_of(enrollment, year)
    if plan is None or _goal_count(plan) == 0:
        raise MentoringError("A plan needs at least one goal before it can be agreed.")
    if plan.status == PlanStatus.AGREED:
        raise MentoringError("This plan is already agreed.")
    plan.status, plan.agreed_at, plan.agreed_by_id = PlanStatus.AGREED, utcnow(), actor.id
    signals.work_changed([enrollment.id])
    _tell(enrollment, year, actor, "agreed")
    audit.record(actor, "plan.agreed", plan, f"Plan {plan.id}: agreed")
    return plan


def add_progress(item: PlanGoal, actor: User, note: str) -> GoalProgress:
    """A progress note on a goal, by the mentee or their current mentor."""
    plan = db.session.get(MentoringPlan, item.plan_id)
    enrollment = db.session.get(Enrollment, plan.enrollment_id)
    if not (is_plan_mentee(actor, enrollment) or is_plan_mentor(actor, _group(enrollment))):
        raise NotAllowed("Only the mentee and their mentor note progress on the plan.")
    note = clean_text(note)
    problem = text_problem(note, NOTE_MISSING)
    if problem:
        raise MentoringError(problem, "note")
    entry = GoalProgress(goal_id=item.id, author_id=actor.id, note=note)
    db.session.add(entry)
    db.session.flush()
    audit.record(actor, "plan.progress", plan, f"Plan {plan.id}: progress noted on goal {item.id}")
    return entry


def _check_pair(actor: User, enrollment: Enrollment, what: str) -> None:
    if not (is_plan_mentee(actor, enrollment) or is_plan_mentor(actor, _group(enrollment))):
        raise NotAllowed(f"Only the mentee and their mentor {what}.")


def mark_goal(item: PlanGoal, actor: User, today: date, done: bool) -> bool:
    """The mentee or their mentor marks a goal reached (today) or not reached after all."""
    plan = db.session.get(MentoringPlan, item.plan_id)
    _check_pair(actor, db.session.get(Enrollment, plan.enrollment_id), "mark a goal reached")
    if (item.done_on is not None) == done:
        return False
    item.done_on = today if done else None
    audit.record(
        actor,
        "plan.goal_done" if done else "plan.goal_not_done",
        plan,
        f"Plan {plan.id}: goal {item.id} {'reached' if done else 'not reached after all'}",
    )
    return True


# Essential experiences -----------------------------------------------------------------------


def done_on_problem(done_on: date, enrollment: Enrollment, today: date) -> str | None:
    """An experience is ticked off for a day that has come, and not before the enrollment."""
    if done_on > today:
        return "The day it happened cannot be in the future."
    if done_on < enrollment.enrolled_on:
        return (
            f"The day it happened cannot be before the mentee enrolled "
            f"({format_date(enrollment.enrolled_on)})."
        )
    return None


def experience_of(enrollment: Enrollment, experience_id: int) -> EssentialExperience | None:
    """One of the essential experiences of the enrollment's cohort (None for any other)."""
    item = db.session.get(EssentialExperience, experience_id)
    return item if item is not None and item.cohort_id == enrollment.cohort_id else None


def tick_experience(
    enrollment: Enrollment,
    item: EssentialExperience,
    actor: User,
    today: date,
    *,
    done_on: date,
    note: str = "",
) -> ExperienceDone:
    """The mentor ticks an essential experience off for their mentee, with the day it happened
    and an optional note that only the two of them read."""
    if not is_plan_mentor(actor, _group(enrollment)):
        raise NotAllowed("Only the mentee's current mentor ticks off essential experiences.")
    if item.cohort_id != enrollment.cohort_id:
        raise NotAllowed("This experience belongs to another cohort.")
    note = clean_text(note)
    for field, problem in (
        ("done_on", done_on_problem(done_on, enrollment, today)),
        ("note", text_problem(note)),
    ):
        if problem:
            raise MentoringError(problem, field)
    already = db.session.scalar(
        select(ExperienceDone.id).where(
            ExperienceDone.enrollment_id == enrollment.id,
            ExperienceDone.experience_id == item.id,
        )
    )
    if already:
        raise MentoringError("This experience is already ticked off.")
    done = ExperienceDone(
        enrollment_id=enrollment.id,
        experience_id=item.id,
        done_on=done_on,
        note=note,
        ticked_by_id=actor.id,
    )
    db.session.add(done)
    db.session.flush()
    signals.work_changed([enrollment.id])
    audit.record(
        actor,
        "experience.ticked",
        enrollment,
        f"Enrollment {enrollment.id}: essential experience {item.id} (year {item.program_year}) "
        f"ticked off, done on {done_on.isoformat()}",
    )
    return done


def untick_experience(enrollment: Enrollment, item: EssentialExperience, actor: User) -> None:
    """The mentor takes a tick back (recorded in the audit log with the day it had)."""
    if not is_plan_mentor(actor, _group(enrollment)):
        raise NotAllowed("Only the mentee's current mentor ticks off essential experiences.")
    done = db.session.scalar(
        select(ExperienceDone).where(
            ExperienceDone.enrollment_id == enrollment.id,
            ExperienceDone.experience_id == item.id,
        )
    )
    if done is None:
        raise MentoringError("This experience is not ticked off.")
    audit.record(
        actor,
        "experience.unticked",
        enrollment,
        f"Enrollment {enrollment.id}: essential experience {item.id} no longer ticked off "
        f"(it said done on {done.done_on.isoformat()})",
    )
    db.session.delete(done)
    db.session.flush()
    signals.work_changed([enrollment.id])


@experience_ticks_asked.connect
def _ticks_of(experience: EssentialExperience) -> int:
    """How many mentees ticked the experience off (cohorts/experiences.py asks before removing)."""
    return db.session.scalar(
        select(func.count()).where(ExperienceDone.experience_id == experience.id)
    )
