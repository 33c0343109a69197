"""Suggested matching: an optimal assignment of a cohort's unassigned mentees to its mentors.

Each mentor is expanded into one column per free place; each mentee is a row. The cost of a pair
prefers the same region and grade level and spreads the load (a mentor's next place costs more
the fuller their group is); pairs from the same district are forbidden (a conflict of interest).
scipy's linear_sum_assignment finds the assignment with the lowest total cost.
"""

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment
from sqlalchemy import select

from mentoring.cohorts.models import Cohort, Enrollment, EnrollmentStatus, MenteeProfile, PlcGroup
from mentoring.cohorts.operations import same_district
from mentoring.extensions import db
from mentoring.mentors.models import MentorProfile

REGION_MISMATCH = 10.0
GRADE_MISMATCH = 5.0
LOAD_WEIGHT = 3.0  # a full group adds at most this much: preferences outweigh load spreading
FORBIDDEN = 1e6


@dataclass
class MenteeCandidate:
    enrollment_id: int
    name: str
    district: str
    region: str
    grade_level: str | None


@dataclass
class MentorCandidate:
    group_id: int
    name: str
    district: str
    region: str
    grade_levels: frozenset
    active_count: int
    capacity: int


@dataclass
class Proposal:
    mentee: MenteeCandidate
    mentor: MentorCandidate
    reasons: list[str] = field(default_factory=list)


@dataclass
class MatchResult:
    proposals: list[Proposal]
    unmatched: list[tuple[MenteeCandidate, str]]


def pair_cost(mentee: MenteeCandidate, mentor: MentorCandidate, load_before: int) -> float:
    """The cost of giving this mentor this mentee as their (load_before + 1)-th mentee."""
    if same_district(mentee.district, mentor.district):
        return FORBIDDEN
    cost = LOAD_WEIGHT * load_before / mentor.capacity
    if mentee.region != mentor.region:
        cost += REGION_MISMATCH
    if mentee.grade_level and mentee.grade_level not in mentor.grade_levels:
        cost += GRADE_MISMATCH
    return cost


def _reasons(mentee: MenteeCandidate, mentor: MentorCandidate, load_before: int) -> list[str]:
    reasons = [
        f"same region ({mentor.region})"
        if mentee.region == mentor.region
        else f"different region ({mentee.region} / {mentor.region})",
    ]
    if mentee.grade_level:
        reasons.append(
            f"serves {mentee.grade_level} level"
            if mentee.grade_level in mentor.grade_levels
            else f"does not serve {mentee.grade_level} level"
        )
    reasons.append(f"different district ({mentor.district})")
    reasons.append(f"{load_before + 1} of {mentor.capacity} places taken with this mentee")
    return reasons


def solve(mentees: list[MenteeCandidate], mentors: list[MentorCandidate]) -> MatchResult:
    """Find the lowest-cost assignment that respects capacity and forbids same-district pairs."""
    places = [
        (mentor, mentor.active_count + offset)
        for mentor in mentors
        for offset in range(max(mentor.capacity - mentor.active_count, 0))
    ]
    if not mentees or not places:
        reason = "no mentor in this cohort has a free place" if mentees else ""
        return MatchResult([], [(mentee, reason) for mentee in mentees])
    costs = np.array(
        [[pair_cost(mentee, mentor, load) for mentor, load in places] for mentee in mentees]
    )
    rows, columns = linear_sum_assignment(costs)
    proposals, matched = [], set()
    for row, column in zip(rows, columns, strict=True):
        if costs[row, column] >= FORBIDDEN:
            continue
        mentor, load = places[column]
        proposals.append(Proposal(mentees[row], mentor, _reasons(mentees[row], mentor, load)))
        matched.add(row)
    unmatched = [
        (mentee, "no free place with a mentor from another district")
        for index, mentee in enumerate(mentees)
        if index not in matched
    ]
    proposals.sort(key=lambda proposal: proposal.mentee.name)
    return MatchResult(proposals, unmatched)


def propose_for_cohort(cohort: Cohort) -> MatchResult:
    """Propose mentors for the cohort's active, unassigned mentees (three queries in all)."""
    mentee_rows = db.session.execute(
        select(Enrollment.id, MenteeProfile)
        .join(MenteeProfile, MenteeProfile.user_id == Enrollment.mentee_id)
        .where(
            Enrollment.cohort_id == cohort.id,
            Enrollment.status == EnrollmentStatus.ACTIVE,
            Enrollment.plc_group_id.is_(None),
        )
    ).all()
    group_rows = db.session.execute(
        select(PlcGroup, MentorProfile)
        .join(MentorProfile, MentorProfile.user_id == PlcGroup.mentor_id)
        .where(PlcGroup.cohort_id == cohort.id)
    ).all()
    mentees = [
        MenteeCandidate(
            enrollment_id=enrollment_id,
            name=profile.user.name,
            district=profile.district,
            region=profile.region or cohort.region,
            grade_level=profile.grade_level.value,
        )
        for enrollment_id, profile in mentee_rows
    ]
    mentors = [
        MentorCandidate(
            group_id=group.id,
            name=profile.user.name,
            district=profile.district,
            region=profile.region,
            grade_levels=frozenset(level.value for level in profile.grade_level_set),
            active_count=group.active_count,
            capacity=group.capacity,
        )
        for group, profile in group_rows
        if profile.assignment_problem() is None
    ]
    return solve(sorted(mentees, key=lambda m: m.name), mentors)
