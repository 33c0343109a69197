"""The program's default requirements and each cohort's own, edited by specialists."""

import html
from datetime import date

import pytest
from sqlalchemy import select

from mentoring.cohorts.models import Cohort
from mentoring.cohorts.requirements import current_defaults
from mentoring.core.audit import AuditEvent
from mentoring.core.roles import Role
from mentoring.extensions import db
from tests.factories import make_cohort, make_user

GOOD = {
    "year1_min_meetings": "10",
    "year1_min_contact_hours": "9.5",
    "year1_min_reflections": "5",
    "year2_min_meetings": "6",
    "year2_min_contact_hours": "15",
    "year2_min_reflections": "3",
    "at_risk_days": "30",
    "year1_min_experiences": "3",
    "year1_plan_due_month": "10",
    "year1_plan_due_day": "31",
    "year2_min_experiences": "0",
    "year2_plan_due_month": "0",
    "year2_plan_due_day": "",
}
SAVED = {
    "year1_min_meetings": 10,
    "year1_min_contact_minutes": 570,  # 9.5 h × 60
    "year1_min_reflections": 5,
    "year2_min_meetings": 6,
    "year2_min_contact_minutes": 900,  # 15 h × 60
    "year2_min_reflections": 3,
    "at_risk_days": 30,
    "year1_min_experiences": 3,
    "year1_plan_due_month": 10,
    "year1_plan_due_day": 31,
    "year2_min_experiences": 0,
    "year2_plan_due_month": 0,  # no plan requirement in year 2
    "year2_plan_due_day": 0,
}
BUILT_IN = {
    "year1_min_meetings": 8,
    "year1_min_contact_minutes": 720,
    "year1_min_reflections": 4,
    "year2_min_meetings": 8,
    "year2_min_contact_minutes": 720,
    "year2_min_reflections": 4,
    "at_risk_days": 45,
    "year1_min_experiences": 0,
    "year1_plan_due_month": 0,
    "year1_plan_due_day": 0,
    "year2_min_experiences": 0,
    "year2_plan_due_month": 0,
    "year2_plan_due_day": 0,
}


def _requirement_events() -> list[AuditEvent]:
    return db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "requirements.updated")
    ).all()


@pytest.fixture
def specialist(auth):
    user = make_user(Role.SPECIALIST)
    auth.login_as(user)
    return user


def test_the_defaults_page_shows_the_built_in_values_and_explains_the_copy(client, specialist):
    page = client.get("/admin/requirements").get_data(as_text=True)
    assert "New cohorts copy these defaults" in page and "Existing cohorts keep" in page
    assert 'name="year1_min_contact_hours"' in page and 'step="0.5"' in page
    assert 'value="12"' in page and 'value="45"' in page


def test_saving_the_defaults_changes_new_cohorts_but_not_existing_ones(client, specialist):
    existing = make_cohort(name="Existing")
    response = client.post("/admin/requirements", data=GOOD)
    assert response.status_code == 302
    assert current_defaults().requirements() == SAVED
    db.session.refresh(existing)
    assert existing.requirements() == BUILT_IN

    client.post(
        "/admin/cohorts/new", data={"name": "Fresh", "region": "Central", "start_year": "2027"}
    )
    fresh = db.session.scalar(select(Cohort).where(Cohort.name == "Fresh"))
    assert fresh.requirements() == SAVED
    page = client.get("/admin/requirements").get_data(as_text=True)
    assert 'value="9.5"' in page and 'value="15"' in page
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "requirements.updated"))
    assert (
        event.actor_id == specialist.id and "year1_min_contact_minutes: 720 → 570" in event.summary
    )


def test_a_cohort_keeps_its_own_requirements_and_the_change_is_audited(client, specialist):
    cohort = make_cohort()
    page = client.get(f"/admin/cohorts/{cohort.id}/requirements").get_data(as_text=True)
    assert cohort.name in page and "this cohort only" in page
    response = client.post(f"/admin/cohorts/{cohort.id}/requirements", data=GOOD)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/cohorts/{cohort.id}"
    db.session.refresh(cohort)
    assert cohort.requirements() == SAVED
    assert current_defaults().requirements() == BUILT_IN
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "requirements.updated"))
    assert (event.target_type, event.target_id) == ("Cohort", cohort.id)
    shown = client.get(f"/admin/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Year 1: 10 meetings, 9.5 contact hours" in shown
    # make_cohort starts in 2026: year 1's October 31 is in 2026.
    assert (
        "Year 1 also asks for a mentoring plan agreed by October 31, 2026 and "
        "3 essential experiences." in " ".join(shown.split())
    )


def test_saving_unchanged_requirements_writes_no_audit_event(client, specialist):
    cohort = make_cohort()
    data = {**GOOD, **{"year1_min_meetings": "8", "year2_min_meetings": "8"}}
    data.update(year1_min_contact_hours="12", year2_min_contact_hours="12.0")
    data.update(year1_min_reflections="4", year2_min_reflections="4", at_risk_days="45")
    data.update(year1_min_experiences="0", year1_plan_due_month="0", year1_plan_due_day="")
    assert client.post(f"/admin/cohorts/{cohort.id}/requirements", data=data).status_code == 302
    assert _requirement_events() == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("year1_min_meetings", "", "Enter minimum meetings attended."),
        ("year1_min_meetings", "-1", "Minimum meetings attended must be between 0 and 100."),
        ("year2_min_meetings", "101", "Minimum meetings attended must be between 0 and 100."),
        ("year1_min_meetings", "2.5", "Enter a whole number, in figures."),
        ("year1_min_meetings", "eight", "Enter a whole number, in figures."),
        ("year1_min_contact_hours", "", "Enter minimum contact hours attended."),
        (
            "year1_min_contact_hours",
            "-0.5",
            "Minimum contact hours attended must be between 0 and 200.",
        ),
        (
            "year2_min_contact_hours",
            "200.5",
            "Minimum contact hours attended must be between 0 and 200.",
        ),
        ("year1_min_contact_hours", "9.25", "Use whole or half hours"),
        ("year1_min_contact_hours", "twelve", "Enter a number, in figures."),
        ("year1_min_contact_hours", "NaN", "Enter a number of hours"),
        ("year2_min_contact_hours", "Infinity", "Enter a number of hours"),
        ("year1_min_reflections", "-3", "Minimum reflections written must be between 0 and 100."),
        ("year2_min_reflections", "1000", "Minimum reflections written must be between 0 and 100."),
        (
            "at_risk_days",
            "0",
            "Days without an attended meeting before a mentee is at risk must be between 1 and 365.",  # noqa: E501
        ),
        (
            "at_risk_days",
            "366",
            "Days without an attended meeting before a mentee is at risk must be between 1 and 365.",  # noqa: E501
        ),
        ("at_risk_days", "", "Enter days without an attended meeting before a mentee is at risk."),
        (
            "year1_min_experiences",
            "51",
            "Minimum essential experiences done must be between 0 and 50.",
        ),
        ("year1_plan_due_day", "", "Enter the day of the month the plan is due."),
        ("year1_plan_due_day", "31", "Enter a day from 1 to 30."),  # with September below
        ("year1_plan_due_day", "32", "Day of the month must be between 1 and 31."),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_changes(
    client, specialist, field, value, message
):
    cohort = make_cohort()
    # A day needs its month; September has 30 days.
    month = {"year1_plan_due_month": "9"} if value == "31" else {}
    for url in ("/admin/requirements", f"/admin/cohorts/{cohort.id}/requirements"):
        response = client.post(url, data={**GOOD, field: value, **month})
        assert response.status_code == 400
        page = html.unescape(response.get_data(as_text=True))
        # The message sits in the field's own error element, linked to the input.
        assert f'id="{field}-error"' in page and message in page
        assert f'aria-describedby="{field}-hint {field}-error"' in page
        # The summary at the top links to the field.
        assert "There is a problem" in page and f'href="#{field}"' in page
    db.session.refresh(cohort)
    assert cohort.requirements() == BUILT_IN
    assert current_defaults().requirements() == BUILT_IN
    assert _requirement_events() == []


def test_a_missing_field_is_required_not_kept(client, specialist):
    data = dict(GOOD)
    del data["at_risk_days"]
    response = client.post("/admin/requirements", data=data)
    assert response.status_code == 400
    assert current_defaults().requirements() == BUILT_IN


def test_an_unknown_cohort_is_404(client, specialist):
    assert client.get("/admin/cohorts/999999/requirements").status_code == 404
    assert client.post("/admin/cohorts/999999/requirements", data=GOOD).status_code == 404


def test_mentors_and_mentees_cannot_change_requirements(client, auth):
    cohort = make_cohort()
    for role in (Role.MENTOR, Role.MENTEE):
        auth.login_as(make_user(role))
        assert client.post("/admin/requirements", data=GOOD).status_code == 403
        assert client.post(f"/admin/cohorts/{cohort.id}/requirements", data=GOOD).status_code == 403
        auth.logout()
    db.session.refresh(cohort)
    assert cohort.requirements() == BUILT_IN


def test_february_29_is_refused_as_a_due_date(client, specialist):
    data = {**GOOD, "year2_plan_due_month": "2", "year2_plan_due_day": "29"}
    response = client.post("/admin/requirements", data=data)
    assert response.status_code == 400
    assert "Enter a day from 1 to 28." in html.unescape(response.get_data(as_text=True))
    assert current_defaults().requirements() == BUILT_IN


def test_the_plan_due_date_falls_in_the_cohorts_own_program_year(client, specialist):
    cohort = make_cohort(start_year=2026)
    data = {**GOOD, "year2_plan_due_month": "1", "year2_plan_due_day": "15"}
    assert client.post(f"/admin/cohorts/{cohort.id}/requirements", data=data).status_code == 302
    db.session.refresh(cohort)
    # Year 1 runs July 2026 to June 2027: October 31, 2026. Year 2 runs July 2027 to June 2028:
    # January 15 falls in 2028.
    assert cohort.plan_due_on(1) == date(2026, 10, 31)
    assert cohort.plan_due_on(2) == date(2028, 1, 15)
