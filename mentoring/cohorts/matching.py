"""Suggested matching: an optimal assignment of a cohort's unassigned mentees to its mentors.

Each mentor is expanded into one column per free place; each mentee is a row. The cost of a pair
prefers the same region and grade level and spreads the load (a mentor's next place costs more
the fuller their group is); pairs from the same district are forbidden (a conflict of interest).
scipy's linear_sum_assignment finds the assignment with the lowest total cost.

When there are fewer places than mentees, the mentees are served in the order a specialist
would defend (at risk first, then the longest waiting): each mentee also has a column of their
own for "no place", whose cost grows with their priority by more than any set of pairs can
cost, so the solver never leaves a mentee out for one served later; among the served, the
total cost is minimised. Each mentee left out gets the true reason.
"""

from dataclasses import dataclass, field
from datetime import date

import numpy as np
from blinker import Namespace
from scipy.optimize import linear_sum_assignment
from sqlalchemy import ColumnElement, select

from mentoring.cohorts.models import Cohort, Enrollment, EnrollmentStatus, MenteeProfile, PlcGroup
from mentoring.cohorts.operations import same_district
from mentoring.extensions import db
from mentoring.mentors.models import MentorProfile

REGION_MISMATCH = 10.0
GRADE_MISMATCH = 5.0
LOAD_WEIGHT = 3.0  # a full group adds at most this much: preferences outweigh load spreading
FORBIDDEN = 1e6


# Sent by at_risk_among(): the status rule is progress/'s (above cohorts/), so
# progress/operations.py answers with the ids of the enrollments at risk now.
at_risk_asked = Namespace().signal("at-risk-asked")


def at_risk_among(where: ColumnElement[bool], today: date) -> set[int]:
    """The ids of the enrollments matching `where` whose year in progress is at risk today."""
    answers = at_risk_asked.send(where, today=today)
    if not answers:
        raise RuntimeError("Nothing answers at_risk_asked: progress/operations.py is not loaded.")
    return set().union(*(ids for _receiver, ids in answers))


@dataclass
class MenteeCandidate:
    enrollment_id: int
    name: str
    district: str
    region: str
    grade_level: str | None
    at_risk: bool = False
    enrolled_on: date | None = None
    mentee_id: int | None = None  # their account, for the link to their record

    def priority(self) -> tuple:
        """Served first: at risk, then enrolled longest ago."""
        return (not self.at_risk, self.enrolled_on or date.max, self.name, self.enrollment_id)


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


def _left_out_reason(
    mentee: MenteeCandidate, places: list, unavailable: list[str], served_first: bool
) -> str:
    """Why a mentee got no proposal, in words."""
    if not places:
        if unavailable:
            return (
                "no mentor who can take mentees has a free place (" + "; ".join(unavailable) + ")"
            )
        return "no mentor in this cohort has a free place"
    districts = {mentor.district.strip() for mentor, _ in places}
    if all(same_district(mentee.district, district) for district in districts):
        return f"only mentors from their own district ({mentee.district}) have free places"
    if served_first:
        return "the free places went to mentees served first (at risk, then waiting longer)"
    return "no free place with a mentor from another district"


def solve(
    mentees: list[MenteeCandidate],
    mentors: list[MentorCandidate],
    unavailable: list[str] | None = None,
) -> MatchResult:
    """Serve mentees in priority order, then find the lowest-cost assignment that respects
    capacity and forbids same-district pairs. unavailable: why mentors with free places cannot
    take mentees (training, retirement), for the reasons."""
    mentees = sorted(mentees, key=MenteeCandidate.priority)
    unavailable = unavailable or []
    places = [
        (mentor, mentor.active_count + offset)
        for mentor in mentors
        for offset in range(max(mentor.capacity - mentor.active_count, 0))
    ]
    if not mentees or not places:
        return MatchResult(
            [],
            [(mentee, _left_out_reason(mentee, places, unavailable, False)) for mentee in mentees],
        )
    pair_costs = np.array(
        [[pair_cost(mentee, mentor, load) for mentor, load in places] for mentee in mentees]
    )
    # Leaving out the mentee of rank r costs step × (n − r): more than every pair together.
    step = (REGION_MISMATCH + GRADE_MISMATCH + LOAD_WEIGHT) * len(places) + 1
    count = len(mentees)
    forbidden = step * (count + 1)
    left_out = np.full((count, count), forbidden)
    np.fill_diagonal(left_out, [step * (count - rank) for rank in range(count)])
    costs = np.hstack([np.where(pair_costs >= FORBIDDEN, forbidden, pair_costs), left_out])
    rows, columns = linear_sum_assignment(costs)
    proposals, matched = [], set()
    for row, column in zip(rows, columns, strict=True):
        if column >= len(places):
            continue
        mentor, load = places[column]
        proposals.append(Proposal(mentees[row], mentor, _reasons(mentees[row], mentor, load)))
        matched.add(row)
    served = len(matched) > 0
    unmatched = [
        (mentee, _left_out_reason(mentee, places, unavailable, served))
        for index, mentee in enumerate(mentees)
        if index not in matched
    ]
    return MatchResult(proposals, unmatched)


def propose_for_cohort(cohort: Cohort, at_risk: set[int] | None = None) -> MatchResult:
    """Propose mentors for the cohort's active, unassigned mentees (three queries in all);
    at_risk: the enrollment ids at risk now (progress), served first."""
    mentee_rows = db.session.execute(
        select(Enrollment.id, Enrollment.enrolled_on, MenteeProfile)
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
            at_risk=enrollment_id in (at_risk or set()),
            enrolled_on=enrolled_on,
            mentee_id=profile.user_id,
        )
        for enrollment_id, enrolled_on, profile in mentee_rows
    ]
    unavailable = [
        problem
        for group, profile in group_rows
        if group.free_places > 0 and (problem := profile.assignment_problem()) is not None
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
    return solve(mentees, mentors, unavailable)
