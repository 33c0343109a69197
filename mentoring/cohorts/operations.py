"""Cohorts, PLC groups, enrollment, assignment and withdrawal.

Capacity and "one active enrollment per mentee" are kept by the database: a seat is taken with
one conditional UPDATE (which waits for a concurrent assignment's row lock and then sees its
result), a check constraint backs it, and a partial unique index guards active enrollments.
"""

from datetime import date

from blinker import Namespace
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from mentoring.auth.operations import send_invitation
from mentoring.cohorts.experiences import copy_defaults
from mentoring.cohorts.models import (
    COHORT_TRANSITIONS,
    Assignment,
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentStatus,
    MenteeKind,
    MenteeProfile,
    PlcGroup,
)
from mentoring.cohorts.requirements import current_defaults
from mentoring.core import audit, mail, signals
from mentoring.core.choices import GradeLevel
from mentoring.core.errors import AlreadyDone, MentoringError
from mentoring.core.models import utcnow
from mentoring.core.roles import Role
from mentoring.core.urls import public_url
from mentoring.extensions import db
from mentoring.mentors.models import MentorProfile
from mentoring.notifications.models import Kind
from mentoring.notifications.operations import notify
from mentoring.users.models import User, normalise_email, normalise_name
from mentoring.users.operations import create_user, find_by_email


class CapacityError(MentoringError):
    """The mentor's PLC group in this cohort is full."""


# Sent by withdraw() with the enrollment: features above cohorts/ (the exit survey) act on it
# without cohorts/ importing them. Receivers run inside the withdrawal's transaction.
enrollment_withdrawn = Namespace().signal("enrollment-withdrawn")

# Sent by carry_year1(): whether a year 1 can be carried is progress/'s rule (above cohorts/),
# so progress/operations.py answers it. Its receiver runs inside the enrollment's transaction and
# raises a MentoringError (on the carry_year1 field) when there is nothing to carry.
year1_carry_asked = Namespace().signal("year1-carry-asked")


# Cohorts -------------------------------------------------------------------------------------


def duplicate_cohort_problem(
    name: str, region: str, start_year: int, cohort_id: int | None = None
) -> str | None:
    """Two cohorts may not share a name, region and start year (names compared ignoring case)."""
    twin = db.session.scalar(
        select(Cohort.id).where(
            func.lower(Cohort.name) == name.strip().lower(),
            Cohort.region == region,
            Cohort.start_year == start_year,
            Cohort.id != (cohort_id or 0),
        )
    )
    if twin is None:
        return None
    return (
        f"A cohort named {name.strip()} in {region} starting in {start_year} exists already. "
        "Give this one another name."
    )


def create_cohort(name: str, region: str, start_year: int, actor: User) -> Cohort:
    """Create a cohort in planning, with a copy of the program's current default requirements
    and essential experiences."""
    problem = duplicate_cohort_problem(name, region, start_year)
    if problem:
        raise MentoringError(problem, field="name")
    cohort = Cohort(name=name.strip(), region=region, start_year=start_year)
    cohort.status = CohortStatus.PLANNING
    for field, value in current_defaults().requirements().items():
        setattr(cohort, field, value)
    db.session.add(cohort)
    db.session.flush()
    copy_defaults(cohort)
    audit.record(actor, "cohort.created", cohort, f"Created cohort {cohort.name} ({start_year})")
    return cohort


def update_cohort(
    cohort: Cohort, actor: User, name: str, region: str, start_year: int, status: CohortStatus
) -> None:
    """Edit a cohort; its status moves only along planning → active → completed → archived."""
    status = CohortStatus(status)
    if status == CohortStatus.COMPLETED and cohort.status == CohortStatus.ACTIVE:
        raise MentoringError(
            "A cohort is closed from its close-out page, once its second year has ended.",
            field="status",
        )
    if status != cohort.status and status not in COHORT_TRANSITIONS[cohort.status]:
        raise MentoringError(
            f"A {cohort.status.label.lower()} cohort cannot become {status.label.lower()}.",
            field="status",
        )
    if start_year != cohort.start_year and cohort.status != CohortStatus.PLANNING:
        raise MentoringError(
            "The start year can change only while the cohort is in planning.", field="start_year"
        )
    problem = duplicate_cohort_problem(name, region, start_year, cohort.id)
    if problem:
        raise MentoringError(problem, field="name")
    changes = [
        f"{label}: {before} → {after}"
        for label, before, after in [
            ("name", cohort.name, name.strip()),
            ("region", cohort.region, region),
            ("start year", cohort.start_year, start_year),
            ("status", cohort.status.value, status.value),
        ]
        if before != after
    ]
    start_year_changed = start_year != cohort.start_year
    cohort.name, cohort.region, cohort.start_year, cohort.status = (
        name.strip(),
        region,
        start_year,
        status,
    )
    if changes:
        audit.record(actor, "cohort.updated", cohort, f"{cohort.name}: {'; '.join(changes)}")
    if start_year_changed:
        signals.enrollments_recount.send(None, cohort_id=cohort.id)


def carry_year1(enrollment: Enrollment, actor: User, reason: str, today: date) -> None:
    """Credit a new enrollment with the mentee's earlier completed year 1, for the reason given
    (progress/operations.py's carry_year1 does it; enrollment.year1_carried_from_id tells from
    which enrollment)."""
    if not year1_carry_asked.receivers:
        raise RuntimeError(
            "Nothing answers year1_carry_asked: progress/operations.py is not loaded."
        )
    year1_carry_asked.send(enrollment, actor=actor, reason=reason, today=today)


# PLC groups ----------------------------------------------------------------------------------


def add_mentor(cohort: Cohort, profile: MentorProfile, actor: User) -> PlcGroup:
    """Give a vetted mentor a PLC group in this cohort, with their capacity."""
    if profile.retired_on is not None:
        raise MentoringError(f"{profile.user.name} is retired as a mentor.", field="mentor")
    existing = db.session.scalar(
        select(PlcGroup).where(
            PlcGroup.cohort_id == cohort.id, PlcGroup.mentor_id == profile.user_id
        )
    )
    if existing is not None:
        raise AlreadyDone(
            f"{profile.user.name} already leads a PLC group in {cohort.name}; nothing changed.",
            field="email",
        )
    group = PlcGroup(
        cohort_id=cohort.id, mentor_id=profile.user_id, capacity=profile.capacity, active_count=0
    )
    db.session.add(group)
    db.session.flush()
    audit.record(actor, "cohort.mentor_added", cohort, f"{profile.user.email} leads a PLC group")
    return group


def apply_mentor_capacity(mentor_id: int, capacity: int) -> None:
    """Carry a mentor's new capacity to their groups in cohorts that are not finished."""
    open_cohorts = select(Cohort.id).where(
        Cohort.status.in_([CohortStatus.PLANNING, CohortStatus.ACTIVE])
    )
    crowded = db.session.scalar(
        select(Cohort.name)
        .join(PlcGroup, PlcGroup.cohort_id == Cohort.id)
        .where(
            PlcGroup.mentor_id == mentor_id,
            PlcGroup.cohort_id.in_(open_cohorts),
            PlcGroup.active_count > capacity,
        )
        .limit(1)
    )
    if crowded is not None:
        raise MentoringError(
            f"This mentor already has more than {capacity} mentees in {crowded}. "
            "Reassign some first.",
            field="capacity",
        )
    db.session.execute(
        update(PlcGroup)
        .where(PlcGroup.mentor_id == mentor_id, PlcGroup.cohort_id.in_(open_cohorts))
        .values(capacity=capacity)
        .execution_options(synchronize_session=False)
    )


# Mentees and enrollments ---------------------------------------------------------------------


def save_mentee_profile(
    user: User,
    district: str,
    school: str,
    grade_level: GradeLevel,
    kind: MenteeKind,
    region: str | None = None,
    iss_issued_on: date | None = None,
) -> MenteeProfile:
    """Create or update a mentee's profile."""
    profile = db.session.get(MenteeProfile, user.id) or MenteeProfile(user=user)
    profile.district = district.strip()
    profile.school = school.strip()
    profile.grade_level = GradeLevel(grade_level)
    profile.kind = MenteeKind(kind)
    profile.region = region or None
    profile.iss_issued_on = iss_issued_on
    db.session.add(profile)
    return profile


# The enrolment and assignment rules: the enrol and assign operations below and the roster
# import's check of every row (roster.py) call these, so the two paths cannot drift apart.


def mentee_account_problem(mentee: User) -> str | None:
    """Why this account cannot be enrolled or assigned as a mentee: not a mentee's account, or
    deactivated; None when it can."""
    if mentee.role != Role.MENTEE:
        return f"{mentee.email} belongs to a {mentee.role.label.lower()} account, not a mentee."
    if not mentee.is_active:
        return f"{mentee.email}'s account is deactivated; reactivate it on the Users page first."
    return None


def enrolment_problem(
    mentee: User, enrolled_elsewhere_in: str | None, completed_here: bool
) -> str | None:
    """Why a mentee cannot be enrolled in a cohort: already active in another (its name), or
    already completed this one; None when they can."""
    if enrolled_elsewhere_in is not None:
        return (
            f"{mentee.email} is already enrolled in {enrolled_elsewhere_in}; "
            "withdraw them there first."
        )
    if completed_here:
        return f"{mentee.email} has already completed this cohort."
    return None


def mentor_problem(mentor: MentorProfile | None, name: str) -> str | None:
    """Why mentees cannot be assigned to this mentor (name: the account's name): not vetted,
    retired, deactivated or untrained; None when they can."""
    if mentor is None:
        return f"{name} is not a vetted mentor."
    return mentor.assignment_problem()


def district_conflict(mentee_district: str | None, mentor: MentorProfile) -> str | None:
    """The conflict of interest when mentor and mentee work in the same district, in words;
    None when there is none."""
    if not mentee_district or not same_district(mentee_district, mentor.district):
        return None
    return f"{mentor.user.name} works in the same district ({mentor.district}) as this mentee."


def enroll(cohort: Cohort, mentee: User, actor: User, today: date) -> Enrollment:
    """Enroll a mentee in a cohort (one active enrollment per mentee)."""
    if problem := mentee_account_problem(mentee):
        raise MentoringError(problem, field="email")
    if not cohort.status.is_running:
        raise MentoringError(
            f"{cohort.name} is {cohort.status.label.lower()}; it takes no new mentees."
        )
    current = db.session.scalar(
        select(Enrollment).where(
            Enrollment.mentee_id == mentee.id, Enrollment.status == EnrollmentStatus.ACTIVE
        )
    )
    if current is not None and current.cohort_id == cohort.id:
        raise AlreadyDone(
            f"{mentee.name} is already enrolled in {cohort.name}; nothing changed.", field="email"
        )
    enrollment = db.session.scalar(
        select(Enrollment).where(
            Enrollment.cohort_id == cohort.id, Enrollment.mentee_id == mentee.id
        )
    )
    if problem := enrolment_problem(
        mentee,
        db.session.get(Cohort, current.cohort_id).name if current is not None else None,
        enrollment is not None and enrollment.status == EnrollmentStatus.COMPLETED,
    ):
        raise MentoringError(problem, field="email")
    action = "enrollment.created"
    if enrollment is None:
        enrollment = Enrollment(cohort_id=cohort.id, mentee_id=mentee.id, enrolled_on=today)
    else:
        # A withdrawn mentee who returns to the same cohort keeps one enrollment and its history.
        action = "enrollment.reactivated"
        enrollment.withdrawn_on = enrollment.withdrawal_reason = None
    enrollment.status = EnrollmentStatus.ACTIVE
    try:
        with db.session.begin_nested():
            db.session.add(enrollment)
    except IntegrityError:
        raise MentoringError(
            f"{mentee.name} is already enrolled (perhaps by someone else just now).", field="email"
        ) from None
    audit.record(actor, action, enrollment, f"{mentee.email} enrolled in {cohort.name}")
    signals.enrollments_recount.send(None, enrollment_ids=[enrollment.id])
    return enrollment


def _give_back_place(group_id: int) -> None:
    db.session.execute(
        update(PlcGroup)
        .where(PlcGroup.id == group_id)
        .values(active_count=PlcGroup.active_count - 1)
        .execution_options(synchronize_session=False)
    )


def _take_place(group_id: int) -> bool:
    """Take one place in a PLC group if it has one free; False when it is full."""
    taken = db.session.execute(
        update(PlcGroup)
        .where(PlcGroup.id == group_id, PlcGroup.active_count < PlcGroup.capacity)
        .values(active_count=PlcGroup.active_count + 1)
        .execution_options(synchronize_session=False)
    )
    return taken.rowcount == 1


def _end_assignment(enrollment: Enrollment) -> None:
    """Close the enrollment's open assignment: it has no mentor from now on."""
    db.session.execute(
        update(Assignment)
        .where(Assignment.enrollment_id == enrollment.id, Assignment.ended_at.is_(None))
        .values(ended_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    enrollment.plc_group_id = None


def _release_seat(enrollment: Enrollment) -> None:
    """Free the enrollment's place in its PLC group and close its open assignment."""
    if enrollment.plc_group_id is None:
        return
    _give_back_place(enrollment.plc_group_id)
    _end_assignment(enrollment)


def same_district(district: str, other: str) -> bool:
    """Mentor and mentee in the same school district may be in a reporting relationship."""
    return district.strip().casefold() == other.strip().casefold()


def assign(
    enrollment: Enrollment, group: PlcGroup, actor: User | None, conflict_reason: str | None = None
) -> Assignment | None:
    """Assign (or reassign) an enrolled mentee to a PLC group, keeping the history."""
    if enrollment.status != EnrollmentStatus.ACTIVE:
        raise MentoringError("Only an active enrollment can be assigned to a mentor.")
    if group.cohort_id != enrollment.cohort_id:
        raise MentoringError("That mentor leads no PLC group in this cohort.", field="mentor")
    if enrollment.plc_group_id == group.id:
        return None
    if problem := mentee_account_problem(db.session.get(User, enrollment.mentee_id)):
        raise MentoringError(problem)
    mentor = db.session.get(MentorProfile, group.mentor_id)
    if problem := mentor_problem(mentor, "This user"):
        raise MentoringError(problem, field="mentor")
    mentee_profile = db.session.get(MenteeProfile, enrollment.mentee_id)
    conflict_reason = (conflict_reason or "").strip() or None
    conflict = district_conflict(mentee_profile.district if mentee_profile else None, mentor)
    if conflict and not conflict_reason:
        raise MentoringError(
            f"{conflict} Give a reason to assign them anyway.", field="conflict_reason"
        )

    _release_seat(enrollment)
    if not _take_place(group.id):
        db.session.refresh(group)
        raise CapacityError(
            f"{mentor.user.name} already has {group.capacity} mentees in this cohort, "
            f"the most they can take (capacity {group.capacity}).",
            field="mentor",
        )
    enrollment.plc_group_id = group.id
    assignment = Assignment(
        enrollment_id=enrollment.id,
        plc_group_id=group.id,
        mentor_id=group.mentor_id,
        assigned_by_id=actor.id if actor is not None else None,
        conflict_reason=conflict_reason,
    )
    db.session.add(assignment)
    db.session.flush()
    db.session.expire(group)
    summary = f"Enrollment {enrollment.id} assigned to {mentor.user.email}"
    if conflict_reason:
        summary += f" despite the same district. Reason: {conflict_reason}"
    audit.record(actor, "enrollment.assigned", enrollment, summary)
    _tell_assigned(enrollment, group, mentor.user)
    return assignment


def _tell_assigned(enrollment: Enrollment, group: PlcGroup, mentor: User) -> None:
    """Tell the mentee who their mentor is, and the mentor who joined their group."""
    cohort = db.session.get(Cohort, enrollment.cohort_id)
    mentee = db.session.get(User, enrollment.mentee_id)
    subject = f"Your mentoring in {cohort.name}"
    context = {"cohort": cohort, "mentor": mentor, "mentee": mentee}
    notify(
        [mentee],
        Kind.MENTORING,
        subject,
        "assigned_mentee",
        text=f"{mentor.name} is your mentor in {cohort.name}.",
        link=public_url("home.index"),
        **context,
    )
    notify(
        [mentor],
        Kind.MENTORING,
        subject,
        "assigned_mentor",
        text=f"{mentee.name} joined your PLC group in {cohort.name}.",
        link=public_url("cohorts.show_group", group_id=group.id),
        **context,
    )


def withdrawal_date_problem(withdrawn_on: date, enrolled_on: date, today: date) -> str | None:
    """Why a withdrawal date cannot be: it falls between the enrollment and today."""
    if withdrawn_on < enrolled_on:
        return (
            f"The withdrawal date cannot be before the enrollment date "
            f"({enrolled_on:%B} {enrolled_on.day}, {enrolled_on.year})."
        )
    if withdrawn_on > today:
        return "The withdrawal date cannot be in the future."
    return None


def withdraw(enrollment: Enrollment, actor: User, reason: str, withdrawn_on: date) -> None:
    """Withdraw a mentee from their cohort with a reason and date; their data stays."""
    if enrollment.status != EnrollmentStatus.ACTIVE:
        raise MentoringError("This enrollment is not active.")
    if not (reason or "").strip():
        raise MentoringError("Give the reason for the withdrawal.", field="reason")
    _release_seat(enrollment)
    enrollment.status = EnrollmentStatus.WITHDRAWN
    enrollment.withdrawn_on = withdrawn_on
    enrollment.withdrawal_reason = reason.strip()
    audit.record(actor, "enrollment.withdrawn", enrollment, f"Enrollment {enrollment.id} withdrawn")
    enrollment_withdrawn.send(enrollment)


def complete_enrollments(enrollments: list[Enrollment], today: date) -> None:
    """Mark active enrollments completed (their certificate was just issued) and give their
    mentors' places back; they stay in their PLC group, so their mentor still sees them.

    The caller audits the issue that completed them."""
    for enrollment in enrollments:
        if enrollment.status != EnrollmentStatus.ACTIVE:
            continue
        if enrollment.plc_group_id is not None:
            _give_back_place(enrollment.plc_group_id)
        enrollment.status = EnrollmentStatus.COMPLETED
        enrollment.ended_on = today
    db.session.flush()


def reopen_enrollment(enrollment: Enrollment, actor: User, why: str) -> None:
    """Undo a completion (its certificate was revoked and not reissued).

    It returns to active while its cohort runs and the mentee holds no other active enrollment,
    taking its place with its mentor back if one is free (else it waits unassigned); otherwise it
    becomes not completed. Audited either way."""
    if enrollment.status != EnrollmentStatus.COMPLETED:
        return
    cohort = db.session.get(Cohort, enrollment.cohort_id)
    elsewhere = db.session.scalar(
        select(Enrollment.id).where(
            Enrollment.mentee_id == enrollment.mentee_id,
            Enrollment.status == EnrollmentStatus.ACTIVE,
        )
    )
    if not cohort.status.is_running or elsewhere is not None:
        enrollment.status = EnrollmentStatus.NOT_COMPLETED
        enrollment.outcome_reason = why
        audit.record(
            actor,
            "enrollment.not_completed",
            enrollment,
            f"Enrollment {enrollment.id} not completed: {why}",
        )
        return
    enrollment.status = EnrollmentStatus.ACTIVE
    enrollment.ended_on = None
    summary = f"Enrollment {enrollment.id} active again: {why}"
    if enrollment.plc_group_id is not None and not _take_place(enrollment.plc_group_id):
        _end_assignment(enrollment)  # its place was given back on completion
        summary += "; their mentor's group is full, so they wait for a mentor"
    db.session.flush()
    audit.record(actor, "enrollment.reopened", enrollment, summary)


def close_enrollments(
    cohort: Cohort, not_completed: list[tuple[Enrollment, str]], actor: User, today: date
) -> None:
    """Close a cohort: mark its unfinished active enrollments not completed with their reasons
    and give every mentor's places in it back (audited)."""
    for enrollment, reason in not_completed:
        enrollment.status = EnrollmentStatus.NOT_COMPLETED
        enrollment.ended_on = today
        enrollment.outcome_reason = reason[:500]
        audit.record(
            actor, "enrollment.not_completed", enrollment, f"Enrollment {enrollment.id}: {reason}"
        )
    db.session.flush()
    db.session.execute(
        update(PlcGroup)
        .where(PlcGroup.cohort_id == cohort.id)
        .values(active_count=0)
        .execution_options(synchronize_session=False)
    )
    cohort.status = CohortStatus.COMPLETED
    audit.record(
        actor,
        "cohort.closed",
        cohort,
        f"Closed {cohort.name}: {len(not_completed)} enrollment(s) not completed",
    )


PROFILE_FIELDS = ("district", "school", "grade_level", "kind", "region", "iss_issued_on")


def correct_person(
    user: User, actor: User, name: str, email: str, profile: dict | None = None
) -> list[str]:
    """A specialist corrects a person's name and email, and a mentee's workplace (profile: some
    of PROFILE_FIELDS, the others kept). One audit event lists each old and new value; the person is
    emailed (at both addresses when it changes) on a name or email change. Returns the changes.
    """
    name, email = normalise_name(name), normalise_email(email)
    if not name:
        raise MentoringError("Give the full name.", field="name")
    other = find_by_email(email)
    if other is not None and other.id != user.id:
        raise MentoringError("Another account already uses this email.", field="email")
    before = {"name": user.name, "email": user.email}
    after = {"name": name, "email": email}
    current = db.session.get(MenteeProfile, user.id)
    if profile is not None and current is not None:
        before |= _profile_values(current)
        kept = {field: getattr(current, field) for field in PROFILE_FIELDS}
        after |= _profile_values(save_mentee_profile(user, **(kept | profile)))
    user.name, user.email = name, email
    changes = [
        f"{field.replace('_', ' ')}: {before[field] or 'none'} → {after[field] or 'none'}"
        for field in after
        if before[field] != after[field]
    ]
    if not changes:
        return []
    audit.record(actor, "user.corrected", user, f"{user.email}: {'; '.join(changes)}")
    if before["name"] != name or before["email"] != email:
        for address in dict.fromkeys([before["email"], email]):
            mail.send(
                address,
                "Your Counselor Mentoring Program account was corrected",
                "details_corrected",
                user=user,
                before=before,
            )
    return changes


def _profile_values(profile: MenteeProfile) -> dict:
    return {
        "district": profile.district,
        "school": profile.school,
        "grade_level": GradeLevel(profile.grade_level).label,
        "kind": MenteeKind(profile.kind).label,
        "region": profile.region,
        "iss_issued_on": profile.iss_issued_on.isoformat() if profile.iss_issued_on else None,
    }


def enroll_person(
    cohort: Cohort,
    actor: User,
    today: date,
    email: str,
    name: str | None,
    profile: dict,
    group: PlcGroup | None = None,
    conflict_reason: str | None = None,
) -> Enrollment:
    """Enroll someone by email: match an existing mentee or create and invite a new one."""
    mentee = find_by_email(email)
    if mentee is None:
        if not (name or "").strip():
            raise MentoringError("Give the full name of a new mentee.", field="name")
        mentee = create_user(email, name, Role.MENTEE, actor)
        send_invitation(mentee, actor)
    elif mentee.role != Role.MENTEE:
        raise MentoringError(
            f"{mentee.email} is a {mentee.role.label.lower()} account.", field="email"
        )
    save_mentee_profile(mentee, **profile)
    enrollment = enroll(cohort, mentee, actor, today)
    if group is not None:
        assign(enrollment, group, actor, conflict_reason)
    return enrollment


def accept_matches(cohort: Cohort, pairs: list[tuple[int, int]], actor: User) -> int:
    """Assign the accepted (enrollment id, group id) pairs; any failure leaves all unassigned."""
    enrollments = {
        enrollment.id: enrollment
        for enrollment in db.session.scalars(
            select(Enrollment).where(
                Enrollment.cohort_id == cohort.id, Enrollment.id.in_([e for e, _ in pairs])
            )
        )
    }
    groups = {
        group.id: group
        for group in db.session.scalars(
            select(PlcGroup).where(
                PlcGroup.cohort_id == cohort.id, PlcGroup.id.in_([g for _, g in pairs])
            )
        )
    }
    for enrollment_id, group_id in pairs:
        if enrollment_id not in enrollments or group_id not in groups:
            raise MentoringError(
                "A proposed pair no longer belongs to this cohort. Reload the page."
            )
        if enrollments[enrollment_id].plc_group_id is not None:
            raise MentoringError("A mentee was assigned meanwhile. Reload the proposal.")
        assign(enrollments[enrollment_id], groups[group_id], actor)
    return len(pairs)
