"""Read side of cohorts: whole pages at once, in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, and_, func, literal, or_, select
from sqlalchemy.orm import aliased

from mentoring.cohorts.models import (
    Assignment,
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentStatus,
    EssentialExperience,
    MenteeProfile,
    PlcGroup,
)
from mentoring.core import audit, policy
from mentoring.core.paging import Page, paginate_rows
from mentoring.core.roles import Role
from mentoring.core.sqldates import day_number, day_of
from mentoring.extensions import db
from mentoring.mentors.models import MentorProfile
from mentoring.users.models import User, normalise_email


def active_enrollment_of(mentee_id: int) -> Enrollment | None:
    return db.session.scalar(
        select(Enrollment).where(
            Enrollment.mentee_id == mentee_id, Enrollment.status == EnrollmentStatus.ACTIVE
        )
    )


def member_on(group_id, day: date | ColumnElement) -> ColumnElement[bool]:
    """Whether an Enrollment row was a mentee of the PLC group on the day (a date, or a date
    column such as a meeting's): enrolled on or before it, not withdrawn or finished by then
    (a withdrawal takes effect on its date), and assigned to the group then. An enrollment's
    first assignment counts from its enrolment date; a reassignment from the day it was made;
    an assignment holds until the day it ended, included.
    """
    on = literal(day_of(day)) if isinstance(day, date) else day_number(day)
    held, earlier = aliased(Assignment), aliased(Assignment)
    # correlate_except: a meeting's date column belongs to the outermost query, two levels up.
    is_first = ~(
        select(earlier.id)
        .where(earlier.enrollment_id == held.enrollment_id, earlier.id < held.id)
        .correlate_except(earlier)
        .exists()
    )
    assigned = (
        select(held.id)
        .where(
            held.enrollment_id == Enrollment.id,
            held.plc_group_id == group_id,
            or_(is_first, day_number(held.started_at) <= on),
            or_(held.ended_at.is_(None), day_number(held.ended_at) >= on),
        )
        .correlate_except(held)
        .exists()
    )
    return and_(
        day_number(Enrollment.enrolled_on) <= on,
        or_(Enrollment.withdrawn_on.is_(None), day_number(Enrollment.withdrawn_on) > on),
        or_(Enrollment.ended_on.is_(None), day_number(Enrollment.ended_on) > on),
        assigned,
    )


def active_mentee_count(mentor_id: int) -> int:
    """How many mentees a mentor has now, across cohorts."""
    return db.session.scalar(
        select(func.coalesce(func.sum(PlcGroup.active_count), 0)).where(
            PlcGroup.mentor_id == mentor_id
        )
    )


def cohorts_page(
    status: CohortStatus | None = None,
    region: str = "",
    start_year: int | None = None,
    page: int = 1,
    per_page: int = 25,
    regions: frozenset[str] | None = None,
) -> Page:
    """One page of cohorts, newest first, each with its number of mentors and active mentees;
    of the regions of a scoped specialist (None: all)."""
    groups = (
        select(
            PlcGroup.cohort_id,
            func.count().label("mentors"),
            func.sum(PlcGroup.active_count).label("assigned"),
        )
        .group_by(PlcGroup.cohort_id)
        .subquery()
    )
    mentees = (
        select(Enrollment.cohort_id, func.count().label("active"))
        .where(Enrollment.status == EnrollmentStatus.ACTIVE)
        .group_by(Enrollment.cohort_id)
        .subquery()
    )
    query = (
        select(
            Cohort,
            func.coalesce(groups.c.mentors, 0).label("mentors"),
            func.coalesce(mentees.c.active, 0).label("mentees"),
            func.coalesce(groups.c.assigned, 0).label("assigned"),
        )
        .outerjoin(groups, groups.c.cohort_id == Cohort.id)
        .outerjoin(mentees, mentees.c.cohort_id == Cohort.id)
        .where(policy.region_filter(Cohort.region, regions))
        .order_by(Cohort.start_year.desc(), Cohort.name, Cohort.id)
    )
    if status:
        query = query.where(Cohort.status == status)
    if region:
        query = query.where(Cohort.region == region)
    if start_year:
        query = query.where(Cohort.start_year == start_year)
    return paginate_rows(query, page, per_page)


@dataclass
class GroupView:
    group: PlcGroup
    mentor: User
    profile: MentorProfile
    members: list = field(default_factory=list)


@dataclass
class CohortRoster:
    groups: list[GroupView]
    unassigned: list  # (Enrollment, User, MenteeProfile | None)
    withdrawn: list


def cohort_roster(cohort: Cohort) -> CohortRoster:
    """The cohort page's groups with their mentees, the unassigned and the withdrawn: 2 queries."""
    group_rows = db.session.execute(
        select(PlcGroup, User, MentorProfile)
        .join(User, User.id == PlcGroup.mentor_id)
        .join(MentorProfile, MentorProfile.user_id == PlcGroup.mentor_id)
        .where(PlcGroup.cohort_id == cohort.id)
        .order_by(User.name)
    ).all()
    groups = {group.id: GroupView(group, mentor, profile) for group, mentor, profile in group_rows}
    enrollment_rows = db.session.execute(
        select(Enrollment, User, MenteeProfile)
        .join(User, User.id == Enrollment.mentee_id)
        .outerjoin(MenteeProfile, MenteeProfile.user_id == Enrollment.mentee_id)
        .where(Enrollment.cohort_id == cohort.id)
        .order_by(User.name)
    ).all()
    unassigned, withdrawn = [], []
    for row in enrollment_rows:
        enrollment = row[0]
        if enrollment.status == EnrollmentStatus.WITHDRAWN:
            withdrawn.append(row)
        elif enrollment.plc_group_id in groups:
            groups[enrollment.plc_group_id].members.append(row)
        else:
            unassigned.append(row)
    return CohortRoster(list(groups.values()), unassigned, withdrawn)


def cohort_groups(cohort_id: int) -> list[tuple[PlcGroup, User]]:
    """The cohort's PLC groups with their mentors, for a choice list."""
    return list(
        db.session.execute(
            select(PlcGroup, User)
            .join(User, User.id == PlcGroup.mentor_id)
            .where(PlcGroup.cohort_id == cohort_id)
            .order_by(User.name)
        ).all()
    )


def mentor_profile_by_email(email: str) -> MentorProfile | None:
    return db.session.scalar(
        select(MentorProfile).join(User).where(User.email == normalise_email(email))
    )


def assignment_history(enrollment_id: int) -> list[tuple[Assignment, User, User | None]]:
    """Every mentor an enrollment has had, oldest first, with who assigned them."""
    assigner = aliased(User)
    return list(
        db.session.execute(
            select(Assignment, User, assigner)
            .join(User, User.id == Assignment.mentor_id)
            .outerjoin(assigner, assigner.id == Assignment.assigned_by_id)
            .where(Assignment.enrollment_id == enrollment_id)
            .order_by(Assignment.started_at, Assignment.id)
        ).all()
    )


def mentor_groups(mentor_id: int) -> list[tuple[PlcGroup, Cohort]]:
    """A mentor's PLC groups with their cohorts, current cohorts first."""
    return list(
        db.session.execute(
            select(PlcGroup, Cohort)
            .join(Cohort, Cohort.id == PlcGroup.cohort_id)
            .where(PlcGroup.mentor_id == mentor_id)
            .order_by(Cohort.start_year.desc(), Cohort.name)
        ).all()
    )


def group_members(group_id: int) -> list[tuple[Enrollment, User, MenteeProfile | None]]:
    """The active mentees of one PLC group with their profiles."""
    return list(
        db.session.execute(
            select(Enrollment, User, MenteeProfile)
            .join(User, User.id == Enrollment.mentee_id)
            .outerjoin(MenteeProfile, MenteeProfile.user_id == Enrollment.mentee_id)
            .where(
                Enrollment.plc_group_id == group_id, Enrollment.status == EnrollmentStatus.ACTIVE
            )
            .order_by(User.name)
        ).all()
    )


@dataclass
class MenteePlacement:
    cohort: Cohort
    enrollment: Enrollment
    mentor: User | None


def mentee_placement(mentee_id: int) -> MenteePlacement | None:
    """A mentee's current (or else latest) enrollment, cohort and mentor, in one query."""
    row = db.session.execute(
        select(Enrollment, Cohort, User)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .outerjoin(PlcGroup, PlcGroup.id == Enrollment.plc_group_id)
        .outerjoin(User, User.id == PlcGroup.mentor_id)
        .where(Enrollment.mentee_id == mentee_id)
        .order_by((Enrollment.status == EnrollmentStatus.ACTIVE).desc(), Enrollment.id.desc())
        .limit(1)
    ).first()
    return MenteePlacement(row[1], row[0], row[2]) if row else None


@audit.describes("Cohort")
def name_cohorts(ids) -> dict[int, str]:
    """Name cohorts in the audit log by their current name."""
    return dict(db.session.execute(select(Cohort.id, Cohort.name).where(Cohort.id.in_(ids))).all())


@audit.describes("Enrollment")
def name_enrollments(ids) -> dict[int, str]:
    """Name enrollments in the audit log: "Lily Chen in 2026 Central PLC"."""
    query = (
        select(Enrollment.id, User.name, Cohort.name)
        .join(User, User.id == Enrollment.mentee_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(Enrollment.id.in_(ids))
    )
    return audit.names_by_id(query, lambda mentee, cohort: f"{mentee} in {cohort}")


@audit.concerns_mentee("Enrollment")
def enrollment_mentees(ids) -> dict[int, int]:
    """The mentee of each enrollment."""
    query = select(Enrollment.id, Enrollment.mentee_id).where(Enrollment.id.in_(ids))
    return dict(db.session.execute(query).all())


@audit.describes("PlcGroup")
def name_groups(ids) -> dict[int, str]:
    """Name PLC groups in the audit log: "Alex Rivera's PLC group in 2026 Central PLC"."""
    query = (
        select(PlcGroup.id, User.name, Cohort.name)
        .join(User, User.id == PlcGroup.mentor_id)
        .join(Cohort, Cohort.id == PlcGroup.cohort_id)
        .where(PlcGroup.id.in_(ids))
    )
    return audit.names_by_id(query, lambda mentor, cohort: f"{mentor}'s PLC group in {cohort}")


# --- Regions (core/policy.py): which regions a cohort's objects belong to ---------------------


def _cohort_region(cohort_id: int) -> list[str]:
    return [db.session.scalar(select(Cohort.region).where(Cohort.id == cohort_id))]


def region_through(model, object_id: int) -> list[str]:
    """The region of the cohort of a row of `model` (a table with a cohort_id: enrollments,
    PLC groups, curriculum months), for the features' @policy.regions_by."""
    return [
        db.session.scalar(
            select(Cohort.region)
            .join(model, model.cohort_id == Cohort.id)
            .where(model.id == object_id)
        )
    ]


@policy.regions_by(Cohort)
def cohort_regions(cohort: Cohort) -> list[str]:
    return [cohort.region]


@policy.regions_by(Enrollment)
@policy.regions_by(PlcGroup)
@policy.regions_by(EssentialExperience)
def regions_through_cohort(obj) -> list[str]:
    """An enrollment, a PLC group or a cohort's essential experience: its cohort's region (the
    program's default experiences have none: statewide)."""
    return _cohort_region(obj.cohort_id) if obj.cohort_id else []


def mentee_regions(mentee_id: int) -> list[str]:
    """A mentee's regions: their profile's, and those of the cohorts they were enrolled in."""
    profile = select(MenteeProfile.region).where(MenteeProfile.user_id == mentee_id)
    cohorts = (
        select(Cohort.region)
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.mentee_id == mentee_id)
    )
    return list(db.session.scalars(profile.union(cohorts)))


@policy.regions_by(User)
def account_regions_as_mentee(user: User) -> list[str]:
    return mentee_regions(user.id) if user.role == Role.MENTEE else []


@policy.regions_by(MenteeProfile)
def profile_regions(profile: MenteeProfile) -> list[str]:
    return mentee_regions(profile.user_id)


@policy.accounts_by_region
def mentees_of_regions(regions: frozenset[str]):
    """Mentees whose profile, or one of whose enrollments' cohorts, is of these regions."""
    in_cohorts = (
        select(Enrollment.mentee_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(Cohort.region.in_(sorted(regions)))
    )
    by_profile = select(MenteeProfile.user_id).where(MenteeProfile.region.in_(sorted(regions)))
    return (User.role == Role.MENTEE) & (User.id.in_(in_cohorts) | User.id.in_(by_profile))
