"""Signals from a lower feature to a higher one, so that the lower one imports nothing above it.

A feature sends; the feature that owns the rule connects a receiver when its module is imported
(create_app imports every feature's routes, and with them their operations). Receivers run
inside the sender's transaction: what they write commits or rolls back with the change.
Features that send one of their own keep it beside the sender (cohorts/operations.py
``enrollment_withdrawn``, ``year1_carry_asked``; cohorts/matching.py ``at_risk_asked``;
cohorts/experiences.py ``experience_removing``).
"""

from collections.abc import Iterable

from blinker import Namespace

_signals = Namespace()

# Sent with the ids of the enrollments whose meetings, reflections, ticked essential experiences
# or agreed plan changed (after the change): progress/tallies.py recounts their year tallies.
year_work_changed = _signals.signal("year-work-changed")


def work_changed(enrollment_ids: Iterable[int]) -> None:
    """Tell progress/ that these enrollments' year work changed, so it recounts their tallies."""
    if not year_work_changed.receivers:
        raise RuntimeError("Nothing receives year_work_changed: progress/tallies.py is not loaded.")
    year_work_changed.send(None, enrollment_ids=list(enrollment_ids))


# Sent when what the year tallies keep (progress/tallies.py: counts and the at-risk onset) must
# be recounted: a new enrollment (enrollment_ids=[...]), or a cohort's requirements or start
# year (cohort_id=...).
enrollments_recount = _signals.signal("enrollments-recount")


# Asked with an enrollment id and a program year: progress/operations.py answers whether that
# year is signed off as met (reflections/ asks before a reflection is deleted).
year_met_asked = _signals.signal("year-met-asked")


def year_signed_off_as_met(enrollment_id: int, program_year: int) -> bool:
    """Whether progress/ has this enrollment's program year signed off as met."""
    answers = year_met_asked.send(None, enrollment_id=enrollment_id, program_year=program_year)
    if not answers:
        raise RuntimeError("Nothing answers year_met_asked: progress/operations.py is not loaded.")
    return any(met for _receiver, met in answers)
