"""Suggested matching: optimal, within capacity, never the same district."""

from datetime import date

from sqlalchemy import select

from mentoring.cohorts import operations
from mentoring.cohorts.matching import MenteeCandidate, MentorCandidate, propose_for_cohort, solve
from mentoring.cohorts.models import Enrollment
from mentoring.core.choices import GradeLevel
from mentoring.extensions import db
from tests.factories import enroll, make_cohort, make_group, make_mentee, make_mentor


def mentee(name, district="A", region="Central", grade="middle"):
    return MenteeCandidate(len(name), name, district, region, grade)


def mentor(name, group_id, district="M", region="Central", grades=("middle",), load=0, capacity=1):
    return MentorCandidate(group_id, name, district, region, frozenset(grades), load, capacity)


def pairs(result):
    return {(p.mentee.name, p.mentor.name) for p in result.proposals}


def test_optimal_answer_differs_from_greedy():
    # Greedy in name order gives Ann her cheapest mentor, Xavier (cost 0 against Yara's 5, who
    # serves another level), and leaves Bo only Yara, from his own district: Bo gets nobody.
    # The optimum gives Ann Yara and Bo Xavier: everyone is matched.
    ann = mentee("Ann", district="Fulton", grade="middle")
    bo = mentee("Bo", district="Rolla", grade="middle")
    xavier = mentor("Xavier", 1, district="Columbia", grades=("middle",))
    yara = mentor("Yara", 2, district="Rolla", grades=("elementary",))
    result = solve([ann, bo], [xavier, yara])
    assert pairs(result) == {("Ann", "Yara"), ("Bo", "Xavier")}
    assert result.unmatched == []


def test_same_district_is_never_proposed_even_when_it_is_the_only_place():
    result = solve([mentee("Ann", district="Joplin")], [mentor("Xavier", 1, district="JOPLIN ")])
    assert result.proposals == []
    assert (
        result.unmatched[0][1] == "only mentors from their own district (Joplin) have free places"
    )


def test_capacity_is_respected_and_the_load_is_spread():
    mentees = [mentee(f"Mentee {i}") for i in range(4)]
    busy = mentor("Busy", 1, load=2, capacity=4)
    free = mentor("Free", 2, load=0, capacity=4)
    result = solve(mentees, [busy, free])
    given = [p.mentor.name for p in result.proposals]
    # Busy has 2 of 4 already: spreading gives Free three and Busy one (3 + 3 of 4 each).
    assert given.count("Free") == 3 and given.count("Busy") == 1
    small = solve(mentees, [mentor("Only", 1, capacity=2)])
    assert len(small.proposals) == 2 and len(small.unmatched) == 2


def test_region_and_grade_preferences_win_over_load():
    ann = mentee("Ann", region="Southwest", grade="elementary")
    near = mentor("Near", 1, region="Southwest", grades=("elementary",), load=3, capacity=4)
    far = mentor("Far", 2, region="Northeast", grades=("high",), capacity=4)
    assert pairs(solve([ann], [near, far])) == {("Ann", "Near")}


def test_propose_and_accept_for_a_cohort(app):
    cohort = make_cohort()
    rivera = make_group(cohort, make_mentor(name="Rivera", district="Columbia 93", capacity=2))
    okafor = make_group(
        cohort,
        make_mentor(name="Okafor", district="Jefferson City", grade_levels=[GradeLevel.HIGH]),
    )
    make_group(cohort, make_mentor(name="Untrained", district="Elsewhere", trained=False))
    chen = enroll(cohort, make_mentee(name="Chen", district="Columbia 93", grade_level="high"))
    baker = enroll(cohort, make_mentee(name="Baker", district="Fulton", grade_level="middle"))
    result = propose_for_cohort(cohort)
    assert pairs(result) == {("Chen", "Okafor"), ("Baker", "Rivera")}
    assert not any("Untrained" in p.mentor.name for p in result.proposals)
    accepted = operations.accept_matches(
        cohort, [(p.mentee.enrollment_id, p.mentor.group_id) for p in result.proposals], None
    )
    db.session.commit()
    assert accepted == 2
    assigned = dict(db.session.execute(select(Enrollment.id, Enrollment.plc_group_id)).all())
    assert assigned == {chen.id: okafor.id, baker.id: rivera.id}
    assert propose_for_cohort(cohort).proposals == []


def test_the_at_risk_and_longest_waiting_are_served_first():
    """Two places, four mentees. Cheapest for the solver would be the two who match region and
    grade (Cy and Di, cost 0 each); but Ann is at risk and Bo has waited longest (enrolled
    August 1), so they are served, although both cost more (another region: 10 each)."""
    ann = MenteeCandidate(1, "Ann", "A", "Southwest", "middle", True, date(2026, 9, 1))
    bo = MenteeCandidate(2, "Bo", "B", "Southwest", "middle", False, date(2026, 8, 1))
    cy = MenteeCandidate(3, "Cy", "C", "Central", "middle", False, date(2026, 9, 2))
    di = MenteeCandidate(4, "Di", "D", "Central", "middle", False, date(2026, 9, 3))
    result = solve([cy, di, bo, ann], [mentor("Xavier", 1, capacity=2)])
    assert [p.mentee.name for p in result.proposals] == ["Ann", "Bo"]
    assert [(m.name, reason) for m, reason in result.unmatched] == [
        ("Cy", "the free places went to mentees served first (at risk, then waiting longer)"),
        ("Di", "the free places went to mentees served first (at risk, then waiting longer)"),
    ]


def test_the_true_reason_when_nobody_can_be_proposed():
    ann = mentee("Ann")
    assert solve([ann], []).unmatched[0][1] == "no mentor in this cohort has a free place"
    untrained = solve([ann], [], ["Tess Trainee has not completed regional mentor training yet."])
    assert untrained.unmatched[0][1] == (
        "no mentor who can take mentees has a free place (Tess Trainee has not completed "
        "regional mentor training yet.)"
    )
