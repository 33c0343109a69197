"""A specialist closes the demo's finished cohort; a specialist finds a graduate from the search
box, corrects their name and reissues their certificate under it."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from mentoring.certificates import operations as certificates
from mentoring.core import localtime
from mentoring.core.localtime import school_year_of
from mentoring.core.roles import Role
from mentoring.demo.data import DEMO_PASSWORD
from mentoring.extensions import db
from tests.browser.helpers import assert_no_axe_violations, save_screenshot, sign_in
from tests.factories import (
    complete_both_years,
    enroll,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)

pytestmark = pytest.mark.browser


def test_specialist_closes_the_demo_finished_cohort(page):
    today = localtime.today()
    finished = f"{school_year_of(today) - 2} Central PLC"
    sign_in(page, "specialist@example.org", DEMO_PASSWORD)
    page.goto("/admin/cohorts")
    page.get_by_role("link", name=finished).click()
    page.get_by_role("link", name="Close-out").click()
    expect(page.get_by_role("heading", name=f"Close {finished}")).to_be_visible()
    # The demo's finished cohort: Kwame Osei certified, Elena Diaz waiting for her certificate,
    # Daniel Park's second year never signed off.
    expect(page.get_by_role("heading", name="Completed (1)", exact=True)).to_be_visible()
    waiting = page.get_by_role("heading", name="Met both years, no certificate yet (1)")
    expect(waiting).to_be_visible()
    expect(page.get_by_role("heading", name="Not completed (1)")).to_be_visible()
    expect(page.get_by_text("Year 2 not signed off")).to_be_visible()
    assert_no_axe_violations(page)
    close_out = page.url
    page.get_by_role("button", name="Issue Elena Diaz's certificate").click()
    page.goto(close_out)
    expect(page.get_by_role("heading", name="Completed (2)", exact=True)).to_be_visible()
    page.get_by_role("button", name=f"Close {finished}").click()
    expect(page.get_by_text(f"{finished} is closed; 1 not completed.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"· Closed$"))).to_be_visible()
    assert_no_axe_violations(page)
    save_screenshot(page, "lifecycle-closed-cohort")


@pytest.fixture
def certified(live_server):
    """Rosa Grduate (a typo) completed a 2024 cohort and holds a certificate in that name."""
    with live_server.app.app_context():
        cohort = make_cohort(name="Typo 2024 Cohort", start_year=2024)
        group = make_group(cohort, make_mentor(name="Tia Mentor"))
        mentee = make_mentee(name="Rosa Grduate", email="rosa.graduate@example.org")
        enrollment = enroll(cohort, mentee, group)
        complete_both_years(group, enrollment, 2024)
        issuer = make_user(Role.SPECIALIST, name="Issuing Specialist")
        certificate = certificates.issue_certificate(enrollment, issuer, date(2026, 7, 15))
        db.session.commit()
        return certificate.serial


def test_specialist_finds_corrects_and_reissues(page, certified):
    sign_in(page, "specialist@example.org", DEMO_PASSWORD)
    page.get_by_label("Search people").fill("grduate")
    page.get_by_label("Search people").press("Enter")
    expect(page.get_by_text("1 person matches “grduate”.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Rosa Grduate").click()
    expect(page.get_by_role("heading", name="Rosa Grduate")).to_be_visible()
    expect(page.get_by_text("Typo 2024 Cohort · Completed")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Correct name, email or workplace").click()
    assert_no_axe_violations(page)
    page.get_by_label("Full name").fill("Rosa Graduate")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_text("Saved: name: Rosa Grduate → Rosa Graduate")).to_be_visible()
    page.get_by_label("Search people").fill("rosa.graduate@example.org")
    page.get_by_label("Search people").press("Enter")
    page.get_by_role("link", name=certified).click()
    page.get_by_label("Reason for reissuing").fill("Surname corrected.")
    page.get_by_role("button", name="Revoke and reissue").click()
    expect(
        page.get_by_role("heading", name=f"Revoke and reissue certificate {certified}?")
    ).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name=f"Revoke and reissue {certified}").click()
    expect(
        page.get_by_text(re.compile(f"Certificate {certified} is revoked and replaced"))
    ).to_be_visible()
    expect(page.locator("p.lead")).to_contain_text("Rosa Graduate")
    save_screenshot(page, "lifecycle-reissued")


def test_the_page_warns_before_the_idle_timeout(page, live_server):
    config = live_server.app.config
    saved = config["SESSION_IDLE_TIMEOUT"]
    config["SESSION_IDLE_TIMEOUT"] = timedelta(seconds=126)  # the warning comes after ~6 s
    try:
        sign_in(page, "specialist@example.org", DEMO_PASSWORD)
        page.goto("/admin/cohorts")
        warning = page.get_by_role("alert").filter(has_text="you will be signed out in two minutes")
        expect(warning).to_be_hidden()
        expect(warning).to_be_visible(timeout=15_000)
        expect(page.get_by_role("button", name="Stay signed in")).to_be_focused()
        assert_no_axe_violations(page)
        page.get_by_role("button", name="Stay signed in").click()
        expect(warning).to_be_hidden()
        expect(page.get_by_role("heading", name="Cohorts")).to_be_visible()
    finally:
        config["SESSION_IDLE_TIMEOUT"] = saved
