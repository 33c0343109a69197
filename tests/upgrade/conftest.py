"""Upgrade checklist fixtures: a fixed today for the pages, a mentee in a mentor's group, and
helpers that record entries through the real operations."""

from dataclasses import dataclass
from datetime import date

import pytest

import mentoring.upgrade.routes
from mentoring.cohorts.models import MenteeProfile
from mentoring.extensions import db
from mentoring.upgrade import operations
from mentoring.upgrade.rules import RuleSet, rule_set
from mentoring.users.models import User
from tests.factories import enroll, make_cohort, make_group, make_mentee, make_mentor

TODAY = date(2026, 11, 22)  # inside school year 2026–27


def shipped(file_name: str) -> RuleSet:
    """A version the application ships (and its migration stores), read from its file."""
    return rule_set(**operations.read_rule_set_file(operations.RULE_SET_FILES / file_name))


ISS_CSS = shipped("iss-css-1.toml")
IPC_CCPC = shipped("ipc-ccpc-1.toml")


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """The pages believe today is TODAY (the operations take it as an argument)."""
    monkeypatch.setattr(mentoring.upgrade.routes, "_today", lambda: TODAY)


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


def add_year(
    mentee,
    school_year: str,
    school_type: str = "public",
    accrediting_body: str | None = None,
    contracted: bool = True,
    half_time: bool = True,
    evaluated_on: date | None = None,
    employer: str = "Columbia 93",
):
    entry = operations.add_experience(
        mentee,
        TODAY,
        school_year=school_year,
        employer=employer,
        school_type=school_type,
        accrediting_body=accrediting_body,
        is_contracted=contracted,
        is_at_least_half_time=half_time,
    )
    if evaluated_on is not None:
        operations.record_evaluation(entry, mentee, TODAY, evaluated_on)
    db.session.commit()
    return entry


def add_activity(
    mentee,
    contact_hours: str | None = None,
    semester_hours: str | None = None,
    completed_on: date = date(2026, 3, 14),
    title: str = "Trauma-informed practice",
    provider: str = "Heart of Missouri RPDC",
):
    entry = operations.add_development(
        mentee,
        TODAY,
        completed_on=completed_on,
        title=title,
        provider=provider,
        contact_hours=contact_hours,
        semester_hours=semester_hours,
    )
    db.session.commit()
    return entry


def issued(mentee, issued_on: date) -> None:
    """Set the mentee's ISS issue date directly (the factory's is August 1, 2025)."""
    db.session.get(MenteeProfile, mentee.id).iss_issued_on = issued_on
    db.session.commit()
