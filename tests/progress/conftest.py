"""Progress fixtures: a fixed "today" for the views, and a small program to measure."""

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import event

from mentoring.cohorts.models import Cohort, Enrollment, PlcGroup
from mentoring.core import localtime
from mentoring.extensions import db
from mentoring.progress import tallies
from mentoring.users.models import User
from tests.factories import enroll, make_cohort, make_group, make_mentee, make_mentor


@pytest.fixture
def freeze_today(monkeypatch):
    """Make the progress pages believe today is the given date (the operations take it as an
    argument; the routes ask localtime.today())."""

    def freeze(day: date) -> None:
        monkeypatch.setattr(localtime, "today", lambda: day)

    return freeze


@dataclass
class Program:
    cohort: Cohort
    mentor: User
    group: PlcGroup
    mentee: User
    enrollment: Enrollment


def make_program(
    start_year: int = 2026,
    enrolled_on: date | None = date(2026, 7, 1),
    mentee_name: str = "Noor Mentee",
    mentor_name: str = "Mia Mentor",
) -> Program:
    """A cohort with one mentor's group and one mentee, enrolled on the given day."""
    cohort = make_cohort(start_year=start_year)
    mentor = make_mentor(name=mentor_name)
    group = make_group(cohort, mentor)
    mentee = make_mentee(name=mentee_name)
    enrollment = enroll(cohort, mentee, group)
    if enrolled_on is not None:
        enrollment.enrolled_on = enrolled_on
        tallies.refresh([enrollment.id])  # what the tallies keep depends on the enrollment date
        db.session.commit()
    return Program(cohort, mentor, group, mentee, enrollment)


@pytest.fixture
def program(app) -> Program:
    """Noor, enrolled on July 1, 2026 in Mia's group of a cohort that started that day."""
    return make_program()


def count_queries(client, url: str, status: int = 200) -> int:
    """The number of SQL statements one request issues."""
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == status
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)
