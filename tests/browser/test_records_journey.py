"""Records that stay true, in the browser: the demo's certified mentee shows Completed; a mentor
whose only cohort finished has a true count, and once it closes can be retired; the register
shows a corrected name beside the issued one; a specialist carries a met year 1 into a new
cohort. Each journey builds its own people, so the order of the browser tests does not matter."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from mentoring.certificates import operations as certificates
from mentoring.cohorts import operations as cohorts
from mentoring.core import localtime
from mentoring.core.localtime import school_year_of
from mentoring.core.roles import Role
from mentoring.demo.data import DEMO_PASSWORD
from mentoring.extensions import db
from tests.browser.helpers import assert_no_axe_violations, save_screenshot, sign_in
from tests.factories import (
    complete_both_years,
    complete_year,
    enroll,
    log_meeting,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)

pytestmark = pytest.mark.browser


def _search(page, text: str) -> None:
    page.get_by_label("Search people").fill(text)
    page.get_by_label("Search people").press("Enter")


def test_the_demo_certified_mentee_shows_completed(page):
    sign_in(page, "specialist@example.org", DEMO_PASSWORD)
    _search(page, "Kwame")
    page.get_by_role("link", name="Kwame Osei").click()
    expect(page.get_by_role("heading", name="Kwame Osei", exact=True)).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile(r"Central PLC · Completed$"))
    ).to_be_visible()
    expect(page.get_by_text(re.compile(r"^MO-SCMP-\d{4}-\d{5}$"))).to_be_visible()
    assert_no_axe_violations(page)


@pytest.fixture
def finished_mentor(live_server):
    """Fern Mentor's only cohort (2023) has ended: Gil certified, Hal short of year 2."""
    with live_server.app.app_context():
        cohort = make_cohort(name="Fern 2023 Cohort", start_year=2023)
        group = make_group(cohort, make_mentor(name="Fern Mentor", capacity=2))
        gil = enroll(cohort, make_mentee(name="Gil Finished"), group)
        complete_both_years(group, gil, 2023)
        hal = enroll(cohort, make_mentee(name="Hal Unfinished"), group)
        log_meeting(group, date(2023, 9, 5), 90, [hal])
        issuer = make_user(Role.SPECIALIST, name="Ivo Issuer")
        certificates.issue_certificate(gil, issuer, date(2025, 7, 10))
        db.session.commit()
        return cohort.id


def test_a_finished_cohorts_mentor_counts_truly_and_retires_after_the_close(page, finished_mentor):
    sign_in(page, "specialist@example.org", DEMO_PASSWORD)
    page.goto("/admin/mentors")
    page.get_by_role("link", name="Fern Mentor").click()
    # Gil's certificate completed his enrollment: only Hal takes a place.
    expect(page.get_by_text("1 (capacity 2 per cohort)")).to_be_visible()
    expect(page.get_by_text("Reassign their 1 current mentee first.")).to_be_visible()
    mentor_page = page.url
    page.goto(f"/admin/cohorts/{finished_mentor}/close")
    expect(page.get_by_role("heading", name="Completed (1)", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Not completed (1)")).to_be_visible()
    expect(page.get_by_role("link", name="Hal Unfinished")).to_be_visible()
    page.get_by_role("button", name="Close Fern 2023 Cohort").click()
    expect(page.get_by_text("Fern 2023 Cohort is closed; 1 not completed.")).to_be_visible()
    page.goto(mentor_page)
    expect(page.get_by_text("0 (capacity 2 per cohort)")).to_be_visible()
    page.get_by_role("button", name="Retire Fern Mentor").click()
    expect(page.get_by_text("Fern Mentor is retired as a mentor.", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
    save_screenshot(page, "records-mentor-retired")


@pytest.fixture
def misspelt_graduate(live_server):
    """Ivy Grduate (a typo) completed a 2024 cohort and holds a certificate in that name."""
    with live_server.app.app_context():
        cohort = make_cohort(name="Ivy 2024 Cohort", start_year=2024)
        group = make_group(cohort, make_mentor(name="Ike Mentor"))
        enrollment = enroll(cohort, make_mentee(name="Ivy Grduate"), group)
        complete_both_years(group, enrollment, 2024)
        issuer = make_user(Role.SPECIALIST, name="Ina Issuer")
        certificate = certificates.issue_certificate(enrollment, issuer, date(2026, 7, 15))
        db.session.commit()
        return certificate.serial, cohort.id


def test_the_register_shows_a_corrected_name_beside_the_issued_one(page, misspelt_graduate):
    serial, cohort_id = misspelt_graduate
    sign_in(page, "specialist@example.org", DEMO_PASSWORD)
    _search(page, "grduate")
    page.get_by_role("link", name="Ivy Grduate").click()
    page.get_by_role("link", name="Correct name, email or workplace").click()
    page.get_by_label("Full name").fill("Ivy Graduate")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_text("Saved: name: Ivy Grduate → Ivy Graduate")).to_be_visible()
    page.goto(f"/admin/certificates?cohort={cohort_id}")
    row = page.get_by_role("row").filter(has_text=serial)
    expect(row).to_contain_text("Ivy Grduate (now Ivy Graduate)")
    assert_no_axe_violations(page)
    row.get_by_role("link", name="Ivy Grduate").click()
    expect(page.get_by_role("heading", name="Ivy Graduate", exact=True)).to_be_visible()


@pytest.fixture
def returning_mentee(live_server):
    """Cara met year 1 of a 2024 cohort (signed off) and withdrew in year 2; a cohort runs now."""
    with live_server.app.app_context():
        specialist = make_user(Role.SPECIALIST, name="Cal Specialist")
        old = make_cohort(name="Cara 2024 Cohort", start_year=2024)
        group = make_group(old, make_mentor(name="Cole Mentor"))
        cara = make_mentee(name="Cara Carry", email="cara.carry@example.org")
        earlier = enroll(old, cara, group)
        complete_year(group, earlier, 2024, 1)
        cohorts.withdraw(earlier, specialist, "Moved away", date(2025, 9, 1))
        today = localtime.today()
        now = make_cohort(
            name="Cara Running Cohort",
            start_year=school_year_of(today),
        )
        make_group(now, make_mentor(name="Cody Mentor"))
        db.session.commit()
        return now.id


def test_a_specialist_carries_a_met_year_1_into_a_new_cohort(page, returning_mentee):
    sign_in(page, "specialist@example.org", DEMO_PASSWORD)
    page.goto(f"/admin/cohorts/{returning_mentee}")
    page.get_by_role("link", name="Enroll a mentee").first.click()
    page.get_by_label("Email").fill("cara.carry@example.org")
    page.get_by_label("School district").fill("Mentee District")
    page.get_by_label("School", exact=True).fill("Mentee District Middle")
    page.get_by_label("Grade level").select_option("middle")
    page.get_by_label("New or returning").select_option("returning")
    page.get_by_label("Carry a completed year 1 from an earlier cohort").check()
    page.get_by_role("button", name="Enroll").click()
    # No reason: said beside the field, in the summary at the top, and nothing saved.
    expect(page.locator("#carry_reason-error")).to_have_text("Give the reason for carrying year 1.")
    assert_no_axe_violations(page)
    page.get_by_label("Why year 1 is carried").fill("Met year 1 in 2024; back in the region.")
    page.get_by_role("button", name="Enroll").click()
    expect(page.get_by_text("Year 1 is carried from Cara 2024 Cohort.")).to_be_visible()
    expect(page.get_by_text("Year 1 carried from Cara 2024 Cohort")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Cara Carry").first.click()
    expect(
        page.get_by_text("Why it is carried: Met year 1 in 2024; back in the region.")
    ).to_be_visible()
    save_screenshot(page, "records-year1-carried")
