"""A long form refused with several problems lists them at its top, and the list takes focus."""

import re

import pytest
from playwright.sync_api import expect

from mentoring.core.roles import Role
from mentoring.demo.data import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.browser.helpers import assert_no_axe_violations, sign_in

pytestmark = pytest.mark.browser

MENTOR = next(email for email, _, role in DEMO_ACCOUNTS if role == Role.MENTOR)


def assert_summary_leads_to_each_field(page, expected_count: int) -> None:
    """The summary has focus, and each of its links moves focus to the field it names."""
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_count(expected_count)
    for index in range(expected_count):
        link = links.nth(index)
        target = link.get_attribute("href")
        assert target and target.startswith("#"), target
        field = page.locator(target)
        # The link says what the message beside the field says.
        described = field.get_attribute("aria-describedby") or ""
        error_id = next(i for i in described.split() if i.endswith("-error"))
        expect(page.locator(f"#{error_id}")).to_have_text(link.inner_text())
        link.click()
        expect(field).to_be_focused()
        summary.scroll_into_view_if_needed()
    assert_no_axe_violations(page)


def test_an_empty_mentor_application_lists_every_problem_at_the_top(page):
    page.goto("/mentors/apply")
    page.get_by_role("button", name="Send application").click()
    expect(page).to_have_url(re.compile(r"/mentors/apply$"))
    # 16 questions (the commitment included); grade levels and the certificate are groups.
    assert_summary_leads_to_each_field(page, 16)
    first = page.get_by_role("alert").get_by_role("link").first
    expect(first).to_have_text("Enter your full name.")


def test_an_empty_meeting_log_lists_its_problems_at_the_top(page):
    sign_in(page, MENTOR, DEMO_PASSWORD)
    page.get_by_role("link", name=re.compile("^Log a meeting")).first.click()
    for box in page.get_by_role("checkbox").all():
        box.uncheck()
    page.get_by_label("Duration in minutes").fill("")
    page.get_by_role("button", name=re.compile("Log")).last.click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_visible()
    count = summary.get_by_role("link").count()
    assert count >= 3, count
    assert_summary_leads_to_each_field(page, count)
