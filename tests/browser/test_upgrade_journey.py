"""A mentee keeps their CSS upgrade checklist: a year of experience and a college course."""

import re

import pytest
from playwright.sync_api import expect

from mentoring.demo.data import DEMO_PASSWORD
from tests.browser.conftest import assert_no_axe_violations, sign_in

pytestmark = pytest.mark.browser


def test_mentee_adds_a_year_and_semester_hours_and_sees_the_totals(page):
    sign_in(page, "mentee.chen@example.org", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Upgrade checklist"
    ).click()
    expect(page.get_by_role("heading", name="Your CSS upgrade checklist")).to_be_visible()
    total = page.locator("#development-total")
    expect(total).to_contain_text("0 of 40 contact hours")
    assert_no_axe_violations(page)

    # A wrong school year is explained beside the field, then corrected.
    page.get_by_role("link", name="Add a school year").click()
    page.get_by_label("School year").fill("2025/26")
    page.get_by_label("School or district").fill("Columbia Public Schools")
    page.get_by_label("Public school", exact=True).check()
    page.get_by_label("The employment was contracted").check()
    page.get_by_label("The employment was at least half-time").check()
    page.get_by_role("button", name="Save the year").click()
    expect(page.locator("#school_year-error")).to_contain_text("Write the school year as 2025–26")
    assert_no_axe_violations(page)
    page.get_by_label("School year").fill("2025-26")
    page.get_by_role("button", name="Save the year").click()
    expect(page.get_by_role("status")).to_contain_text("The school year is saved.")
    expect(
        page.get_by_role("row", name=re.compile("2025–26 Columbia Public Schools"))
    ).to_be_visible()
    expect(page.get_by_text("1 of 4 approved years.")).to_be_visible()

    page.get_by_role("link", name="Add an activity").click()
    page.get_by_label("Date of the activity").fill("2026-03-14")
    page.get_by_label("Title").fill("Counseling law and ethics")
    page.get_by_label("Provider").fill("University of Missouri")
    page.get_by_label("College semester hours").fill("2")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save the activity").click()
    expect(total).to_contain_text("30 of 40 contact hours from 1 activity")

    page.get_by_role("link", name="Add an activity").click()
    page.get_by_label("Date of the activity").fill("2026-04-02")
    page.get_by_label("Title").fill("Crisis response")
    page.get_by_label("Provider").fill("Heart of Missouri RPDC")
    page.get_by_label("Contact hours").fill("10.5")
    page.get_by_role("button", name="Save the activity").click()
    expect(total).to_contain_text("40.5 of 40 contact hours from 2 activities")
    expect(
        page.get_by_role("listitem").filter(has_text="40 contact hours of professional")
    ).to_contain_text("Met")
    assert_no_axe_violations(page)
