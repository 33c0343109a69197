"""Upgrade checklist fixtures: a fixed today for the pages, a mentee in a mentor's group, and
helpers that record entries through the real operations."""

from dataclasses import dataclass

import pytest

from mentoring.core import localtime
from mentoring.users.models import User
from tests.factories import enroll, make_cohort, make_group, make_mentee, make_mentor
from tests.upgrade.helpers import TODAY


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """The program's date is TODAY (the operations take it as an argument)."""
    monkeypatch.setattr(localtime, "today", lambda: TODAY)


@dataclass
class People:
    mentee: User
    mentor: User
    other_mentee: User
    other_mentor: User


@pytest.fixture
def people(app) -> People:
    """Noor in Mia's group; Omar in Olu's group of the same cohort."""
    cohort = make_cohort(start_year=2026)
    mentor, other_mentor = make_mentor(name="Mia Mentor"), make_mentor(name="Olu Mentor")
    mentee, other_mentee = make_mentee(name="Noor Mentee"), make_mentee(name="Omar Mentee")
    enroll(cohort, mentee, make_group(cohort, mentor))
    enroll(cohort, other_mentee, make_group(cohort, other_mentor))
    return People(mentee, mentor, other_mentee, other_mentor)
