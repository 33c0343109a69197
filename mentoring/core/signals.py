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
