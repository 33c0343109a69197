"""Read side of mentor vetting: the applications queue, one application, pages of mentors."""

from datetime import date

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import contains_eager, joinedload

from mentoring.cohorts.models import PlcGroup
from mentoring.core import audit, policy
from mentoring.core.paging import Page, paginate, paginate_rows
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.mentors.models import (
    ApplicationStatus,
    MentorApplication,
    MentorProfile,
    TrainingAttendance,
    TrainingEvent,
)
from mentoring.users.models import User


def applications_page(
    status: ApplicationStatus | None = None,
    page: int = 1,
    per_page: int = 25,
    regions: frozenset[str] | None = None,
) -> Page:
    """One page of applications, newest first, optionally of one status; of the regions of a
    scoped specialist (None: all)."""
    query = (
        select(MentorApplication)
        .where(policy.region_filter(MentorApplication.region, regions))
        .order_by(MentorApplication.submitted_at.desc(), MentorApplication.id.desc())
    )
    if status:
        query = query.where(MentorApplication.status == status)
    return paginate(query, page, per_page)


def application_with_decider(application_id: int, regions: frozenset[str] | None = None) -> Select:
    """Select one application with the specialist who decided it, in one query; none outside
    the regions of a scoped specialist."""
    return (
        select(MentorApplication)
        .options(joinedload(MentorApplication.decided_by))
        .where(
            MentorApplication.id == application_id,
            policy.region_filter(MentorApplication.region, regions),
        )
    )


def _status_condition(status: str, today: date) -> ColumnElement[bool] | None:
    serving = MentorProfile.retired_on.is_(None)
    return {
        "active": serving,
        "training_missing": and_(serving, MentorProfile.training_completed_on.is_(None)),
        "lapsed": and_(serving, MentorProfile.association_expires_on < today),
        "retired": MentorProfile.retired_on.is_not(None),
    }.get(status)


def mentors_page(
    today: date,
    region: str = "",
    status: str = "",
    page: int = 1,
    per_page: int = 25,
    regions: frozenset[str] | None = None,
) -> Page:
    """One page of (profile with its user, current mentee count) rows, sorted by name.

    The mentee counts come from one grouped subquery, so the page costs the same number of
    queries however many mentors it shows.
    """
    current = (
        select(PlcGroup.mentor_id, func.sum(PlcGroup.active_count).label("mentee_count"))
        .group_by(PlcGroup.mentor_id)
        .subquery()
    )
    query = (
        select(MentorProfile, func.coalesce(current.c.mentee_count, 0))
        .join(MentorProfile.user)
        .outerjoin(current, current.c.mentor_id == MentorProfile.user_id)
        .options(contains_eager(MentorProfile.user))
        .where(policy.region_filter(MentorProfile.region, regions))
        .order_by(User.name, User.id)
    )
    if region:
        query = query.where(MentorProfile.region == region)
    condition = _status_condition(status, today)
    if condition is not None:
        query = query.where(condition)
    return paginate_rows(query, page, per_page)


@audit.describes("MentorApplication")
def name_applications(ids) -> dict[int, str]:
    """Name mentor applications in the audit log: "Casey Jones's application"."""
    query = select(MentorApplication.id, MentorApplication.name).where(
        MentorApplication.id.in_(ids)
    )
    return audit.names_by_id(query, lambda name: f"{name}'s application")


def mentor_trainings(mentor_id: int) -> list[TrainingEvent]:
    """The training events a mentor attended, newest first."""
    return list(
        db.session.scalars(
            select(TrainingEvent)
            .join(TrainingAttendance, TrainingAttendance.training_event_id == TrainingEvent.id)
            .where(TrainingAttendance.mentor_id == mentor_id)
            .order_by(TrainingEvent.held_on.desc(), TrainingEvent.id)
        )
    )


# --- Regions (core/policy.py) ------------------------------------------------------------------


@policy.regions_by(MentorProfile)
@policy.regions_by(MentorApplication)
@policy.regions_by(TrainingEvent)
def own_region(obj) -> list[str]:
    """A mentor's profile, an application and a training belong to the region they name."""
    return [obj.region]


@policy.regions_by(User)
def account_regions_as_mentor(user: User) -> list[str]:
    if user.role != Role.MENTOR:
        return []
    return list(
        db.session.scalars(select(MentorProfile.region).where(MentorProfile.user_id == user.id))
    )


@policy.accounts_by_region
def mentors_of_regions(regions: frozenset[str]):
    """Mentors whose profile is of these regions."""
    in_region = select(MentorProfile.user_id).where(MentorProfile.region.in_(sorted(regions)))
    return (User.role == Role.MENTOR) & User.id.in_(in_region)
