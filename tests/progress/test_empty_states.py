"""Empty states say what to do next; the mentor's home keeps running groups apart."""

from datetime import date

from mentoring.cohorts.models import CohortStatus
from mentoring.core.roles import Role
from tests.factories import (
    enroll,
    log_meeting,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)


def test_an_empty_cohort_shows_no_empty_chart_and_says_what_to_do(client, auth):
    auth.login_as(make_user(Role.SPECIALIST))
    cohort = make_cohort()
    page = client.get(f"/admin/cohorts/{cohort.id}").get_data(as_text=True)
    assert '<svg class="chart"' not in page
    assert "No meeting has been logged in this cohort yet." in page
    assert "Every enrolled mentee has a mentor." not in page
    assert f'href="/admin/cohorts/{cohort.id}/enroll">Enroll a mentee</a>, then assign' in page


def test_a_cohort_with_meetings_draws_its_chart(client, auth):
    auth.login_as(make_user(Role.SPECIALIST))
    cohort = make_cohort()
    group = make_group(cohort, make_mentor())
    enroll(cohort, make_mentee(), group)
    log_meeting(group, date(2026, 9, 15))
    page = client.get(f"/admin/cohorts/{cohort.id}").get_data(as_text=True)
    assert '<svg class="chart"' in page
    assert "No meeting has been logged in this cohort yet." not in page
    assert "Every enrolled mentee has a mentor." in page


def test_mentor_home_puts_planned_and_finished_groups_after_running_ones(client, auth):
    mentor = make_mentor()
    planned = make_cohort("2027 Planned Cohort", start_year=2027, status=CohortStatus.PLANNING)
    running = make_cohort("2026 Running Cohort")
    finished = make_cohort("2024 Finished Cohort", start_year=2024, status=CohortStatus.COMPLETED)
    for cohort in (planned, running, finished):
        make_group(cohort, mentor)
    auth.login_as(mentor)
    page = client.get("/").get_data(as_text=True)
    running_at = page.index("2026 Running Cohort")
    others_at = page.index("Planned and finished groups")
    assert running_at < others_at < page.index("2027 Planned Cohort")
    assert others_at < page.index("2024 Finished Cohort")


def test_mentor_home_with_no_running_group_says_so(client, auth):
    mentor = make_mentor()
    make_group(
        make_cohort("2027 Planned Cohort", start_year=2027, status=CohortStatus.PLANNING), mentor
    )
    auth.login_as(mentor)
    page = client.get("/").get_data(as_text=True)
    assert "None of your PLC groups is running now" in page
