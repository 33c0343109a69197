"""The demo data of `make run`: whatever the day it is loaded, every role has each of its jobs
to try (README, "Demo accounts")."""

from datetime import date

import pytest
from sqlalchemy import select

from mentoring.cohorts.models import Enrollment
from mentoring.dashboards.queries import mentor_dashboard, specialist_dashboard
from mentoring.demo.data import DEMO_ACCOUNTS, running_cohort_start, seed_demo
from mentoring.extensions import db
from mentoring.mentors.models import MentorApplication
from mentoring.mentors.operations import eligibility_problems
from mentoring.progress.queries import Status
from mentoring.users.models import User

# The first and last day of a school year, the days around the running cohort's switch from
# last year's cohort to this year's (October 1), mid-year, a leap day and today's date.
DAYS = [
    date(2026, 7, 1),
    date(2026, 8, 20),
    date(2026, 9, 30),
    date(2026, 10, 1),
    date(2026, 12, 6),
    date(2028, 2, 29),
    date(2027, 6, 30),
]


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_every_role_has_its_jobs_on_the_day_the_demo_is_loaded(app, today):
    seed_demo(today)
    db.session.commit()
    assert db.session.scalar(select(User.id).where(User.email == DEMO_ACCOUNTS[-1][0]))

    # Specialist: mentees at risk, and one who met both years and waits for a certificate.
    home = specialist_dashboard(today, 1, 1, 25)
    assert home.at_risk.total >= 1
    waiting = [row.mentee.email for row in home.certificates.items]
    assert waiting == ["mentee.diaz@example.org"]

    # A mentee with an unassigned place.
    hughes = db.session.scalar(
        select(Enrollment).where(Enrollment.mentee_id == _user("mentee.hughes@example.org").id)
    )
    assert hughes.plc_group_id is None

    # Mentors: Alex Rivera's mentees are on track; Grace Okafor can sign off Daniel Park's
    # second year, and Maria Novak or Daniel Park is at risk.
    rivera = mentor_dashboard(_user("mentor.rivera@example.org").id, today)
    statuses = {
        row.mentee.email: row.progress.current_year(today).status
        for card in rivera
        for row in card.rows
    }
    assert statuses == {
        "mentee.chen@example.org": Status.ON_TRACK,
        "mentee.baker@example.org": Status.ON_TRACK,
    }
    okafor = mentor_dashboard(_user("mentor.okafor@example.org").id, today)
    open_for = {
        row.mentee.email: [year.year for year in row.sign_off_open(today)]
        for card in okafor
        for row in card.rows
        if row.sign_off_open(today)
    }
    assert open_for["mentee.park@example.org"] == [2]
    # From July to September the running cohort is in its second year, and Maria Novak's
    # first year, not met, waits for its sign-off too.
    assert set(open_for) <= {"mentee.park@example.org", "mentee.novak@example.org"}

    # Applications: one passes vetting, one needs an override.
    problems = {
        application.email: eligibility_problems(application, today)
        for application in db.session.scalars(select(MentorApplication))
    }
    assert problems["priya.shah@example.org"] == []
    assert len(problems["tom.becker@example.org"]) == 1


@pytest.mark.parametrize(
    ("today", "start"),
    [
        (date(2026, 7, 1), 2025),
        (date(2026, 9, 30), 2025),
        (date(2026, 10, 1), 2026),
        (date(2027, 6, 30), 2026),
    ],
)
def test_the_running_cohort_has_run_long_enough_to_show_progress(today, start):
    assert running_cohort_start(today) == start
