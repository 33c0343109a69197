"""The signals by which a lower feature reaches a higher one (core/signals.py and the features'
own): once the app is built, each has its one receiver; without it, the sender fails loudly
instead of silently skipping the higher feature's rule."""

import pytest

from mentoring.cohorts import experiences, matching
from mentoring.cohorts import operations as cohort_operations
from mentoring.cohorts.models import Enrollment
from mentoring.core import signals

ASKED = [
    signals.year_work_changed,
    signals.year_met_asked,
    cohort_operations.year1_carry_asked,
    matching.at_risk_asked,
    experiences.experience_ticks_asked,
]


@pytest.mark.parametrize("signal", ASKED, ids=lambda signal: signal.name)
def test_each_signal_has_one_receiver_once_the_app_is_built(app, signal):
    assert len(signal.receivers) == 1


def test_a_signal_nobody_answers_fails_loudly(app, monkeypatch):
    for signal in ASKED:
        monkeypatch.setattr(signal, "receivers", {})
    with pytest.raises(RuntimeError, match="year_work_changed"):
        signals.work_changed([1])
    with pytest.raises(RuntimeError, match="year_met_asked"):
        signals.year_signed_off_as_met(1, 1)
    with app.app_context(), pytest.raises(RuntimeError, match="at_risk_asked"):
        matching.at_risk_among(Enrollment.id == 1, None)
