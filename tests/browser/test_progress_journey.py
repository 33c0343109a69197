"""A program year from start to finish in the browser: a specialist sets a cohort's requirements,
the mentor logs meetings with attendance, the mentee reflects and watches their progress move,
the mentor signs the year off, and the specialist's dashboard shows the mentee go from
not started to on track to complete.

The pages take "today" from localtime.today(); the server runs in this process, so the test sets its
clock to June 1 of the cohort's first year, when the year's sign-off is open.
"""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from mentoring.core import localtime
from mentoring.extensions import db
from mentoring.progress import tallies
from tests.browser.helpers import assert_no_axe_violations, save_screenshot, sign_in, sign_out
from tests.factories import PASSWORD, enroll, make_cohort, make_group, make_mentee, make_mentor

pytestmark = pytest.mark.browser

START_YEAR = 2030
TODAY = date(2031, 6, 1)  # program year 1 runs to June 30, 2031; its sign-off opened May 2
COHORT = "Journey 2030 Cohort"


@pytest.fixture
def journey(live_server, monkeypatch):
    """A cohort of 2030 with one mentor and a mentee who joined a week before "today"."""

    monkeypatch.setattr(localtime, "today", lambda: TODAY)
    with live_server.app.app_context():
        cohort = make_cohort(name=COHORT, start_year=START_YEAR)
        mentor = make_mentor(name="Jules Journey", email="jules.journey@example.org")
        mentee = make_mentee(name="Rae Journey", email="rae.journey@example.org")
        enrollment = enroll(cohort, mentee, make_group(cohort, mentor))
        enrollment.enrolled_on = date(2031, 5, 25)
        tallies.refresh([enrollment.id])  # the kept status reads the enrollment date
        db.session.commit()
        return cohort.id


def cohort_status(page, status: str) -> str:
    """The "n of m" the specialist home shows for a status of the journey cohort."""
    page.goto("/")
    card = page.get_by_role("region", name=COHORT)
    return card.locator("div.d-flex", has_text=status).locator("span").nth(1).inner_text()


def log_meeting(page, held_on: str, minutes: str) -> None:
    page.get_by_role("link", name=re.compile("^Log a meeting")).first.click()
    page.get_by_label("Date of the meeting").fill(held_on)
    page.get_by_label("Duration").fill(minutes)
    page.get_by_label("Counseling skills").check()
    expect(page.get_by_label("Rae Journey")).to_be_checked()  # everyone attends by default
    page.get_by_label("Focus of the meeting").fill("Building a calendar for the spring.")
    page.get_by_label("Agreed next steps").fill("Each of us drafts a month.")
    assert_no_axe_violations(page)
    page.get_by_role("button", name=re.compile("Log|Save")).click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        "logged"
    )


def test_a_year_goes_from_not_started_to_on_track_to_complete(page, journey):
    sign_in(page, "specialist@example.org", "demo-mentoring-pass")
    page.goto(f"/admin/cohorts/{journey}/requirements")
    page.get_by_label("Minimum meetings attended").first.fill("2")
    page.get_by_label("Minimum contact hours attended").first.fill("2")
    page.get_by_label("Minimum reflections written").first.fill("1")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save requirements").click()
    expect(page.get_by_text(f"Requirements of {COHORT} saved.")).to_be_visible()
    assert cohort_status(page, "Not started") == "1 of 1"
    assert_no_axe_violations(page)
    sign_out(page)

    sign_in(page, "jules.journey@example.org", PASSWORD)
    log_meeting(page, "2031-05-28", "90")
    assert_no_axe_violations(page)
    sign_out(page)

    sign_in(page, "specialist@example.org", "demo-mentoring-pass")
    assert cohort_status(page, "On track") == "1 of 1"
    assert cohort_status(page, "Not started") == "0 of 1"
    sign_out(page)

    sign_in(page, "rae.journey@example.org", PASSWORD)
    year_one = page.get_by_role("region", name=re.compile("Program year 1"))
    expect(year_one).to_contain_text("1 of 2 meetings, 1.5 of 2 contact hours, 0 of 1 reflections")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My reflections").click()
    page.get_by_role("link", name="Write a reflection").click()
    page.get_by_label("Title").fill("What the calendar taught me")
    page.get_by_label("Your reflection").fill("Planning a month ahead left room for students.")
    page.get_by_role("button", name="Save reflection").click()
    page.goto("/")
    expect(year_one).to_contain_text("1 of 2 meetings, 1.5 of 2 contact hours, 1 of 1 reflections")
    expect(year_one).to_contain_text(re.compile(r"\b1 more meeting(?!s)"))
    assert_no_axe_violations(page)
    sign_out(page)

    sign_in(page, "jules.journey@example.org", PASSWORD)
    log_meeting(page, "2031-05-31", "60")
    page.goto("/")
    page.get_by_role("link", name="Sign off year 1 for Rae Journey").click()
    page.get_by_label("Met the year's requirements").check()
    page.get_by_label(re.compile("^Comment")).fill("A strong first year. Keep the calendar going.")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Sign off the year").click()
    expect(page.get_by_text("Program year 1 is signed off: met.")).to_be_visible()
    sign_out(page)

    sign_in(page, "rae.journey@example.org", PASSWORD)
    expect(year_one).to_contain_text("Nothing is left to do: this year is complete.")
    expect(year_one).to_contain_text("A strong first year.")
    save_screenshot(page, "mentee_home_year_complete")
    sign_out(page)

    sign_in(page, "specialist@example.org", "demo-mentoring-pass")
    assert cohort_status(page, "Complete") == "1 of 1"
    assert cohort_status(page, "On track") == "0 of 1"
    save_screenshot(page, "specialist_home_year_complete")
    page.get_by_role("link", name=COHORT).click()
    assert_no_axe_violations(page)
    save_screenshot(page, "cohort_page_year_complete")
