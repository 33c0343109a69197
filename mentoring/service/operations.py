"""Write side of mentor service: training events, their attendance, a year's requirements."""

from datetime import date

from sqlalchemy import delete, func, select

from mentoring.cohorts.models import school_year_label
from mentoring.core import audit, policy
from mentoring.core.errors import MentoringError
from mentoring.core.roles import Role
from mentoring.core.wording import plural
from mentoring.extensions import db
from mentoring.mentors.models import TrainingAttendance, TrainingEvent, TrainingKind
from mentoring.service.models import ServiceRequirement
from mentoring.users.models import User


def create_training(
    actor: User, kind: TrainingKind, title: str, held_on: date, region: str, minutes: int
) -> TrainingEvent:
    """Record a training event."""
    training = TrainingEvent(
        kind=kind, title=title.strip(), held_on=held_on, region=region.strip(), minutes=minutes
    )
    db.session.add(training)
    db.session.flush()
    audit.record(
        actor, "training.created", training, f"Training {training.id} on {held_on.isoformat()}"
    )
    return training


def record_attendance(
    training: TrainingEvent,
    actor: User | None,
    addresses: list[str],
    regions: frozenset[str] | None = None,
) -> int:
    """Record the mentors with these email addresses as attendees: all of them or, when one
    address is no mentor's (of the regions of a scoped specialist: another region's mentor is
    answered like an unknown address), none. Returns how many were added (those already
    recorded are kept as they are)."""
    found = dict(
        db.session.execute(
            select(func.lower(User.email), User.id).where(
                func.lower(User.email).in_(addresses),
                User.role == Role.MENTOR,
                policy.account_filter(regions),
            )
        ).all()
    )
    unknown = [address for address in addresses if address not in found]
    if unknown:
        whose = "No mentor" if regions is None else "No mentor of your regions"
        raise MentoringError(
            f"{whose} has the email address {', '.join(unknown)}. Nothing was recorded.",
            field="emails",
        )
    already = set(
        db.session.scalars(
            select(TrainingAttendance.mentor_id).where(
                TrainingAttendance.training_event_id == training.id,
                TrainingAttendance.mentor_id.in_(found.values()),
            )
        )
    )
    new = [mentor_id for mentor_id in found.values() if mentor_id not in already]
    actor_id = actor.id if actor is not None else None
    db.session.add_all(
        TrainingAttendance(
            training_event_id=training.id, mentor_id=mentor_id, recorded_by_id=actor_id
        )
        for mentor_id in new
    )
    if new:
        audit.record(
            actor,
            "training.attendance_recorded",
            training,
            f"{plural(len(new), 'mentor')} recorded at training {training.id}",
        )
    return len(new)


def remove_attendance(training: TrainingEvent, mentor_id: int, actor: User) -> bool:
    """Take a mentor off a training's attendees; False if they were not on it."""
    removed = db.session.execute(
        delete(TrainingAttendance).where(
            TrainingAttendance.training_event_id == training.id,
            TrainingAttendance.mentor_id == mentor_id,
        )
    ).rowcount
    if removed:
        audit.record(
            actor,
            "training.attendance_removed",
            training,
            f"Mentor {mentor_id} removed from training {training.id}",
        )
    return bool(removed)


def set_requirement(
    school_year: int, actor: User, min_trainings: int, min_meetings: int, min_contact_minutes: int
) -> ServiceRequirement:
    """Set the service requirements of a school year (made the first time)."""
    requirement = db.session.get(ServiceRequirement, school_year)
    if requirement is None:
        requirement = ServiceRequirement(school_year=school_year)
        db.session.add(requirement)
    requirement.min_trainings = min_trainings
    requirement.min_meetings = min_meetings
    requirement.min_contact_minutes = min_contact_minutes
    audit.record(
        actor,
        "service.requirements_set",
        None,
        f"Service requirements of {school_year_label(school_year)}: {min_trainings} trainings, "
        f"{min_meetings} meetings, {min_contact_minutes} contact minutes",
    )
    return requirement
