"""A mentee drafts a mentoring plan; their mentor comments on it and agrees it."""

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from mentoring.core import localtime
from mentoring.demo.data import DEMO_PASSWORD
from tests.browser.helpers import (
    assert_no_axe_violations,
    save_screenshot,
    sign_in,
    sign_out,
)

pytestmark = pytest.mark.browser

GOAL = "Build a yearly school counseling calendar"


def test_mentee_drafts_a_plan_and_the_mentor_agrees_it(page):
    sign_in(page, "mentee.chen@example.org", DEMO_PASSWORD)
    page.get_by_role("link", name="Year 1 plan").click()
    assert_no_axe_violations(page)
    lead = page.locator("p.lead").inner_text()
    first = datetime.strptime(re.search(r"(\w+ \d+, \d{4}) to", lead).group(1), "%B %d, %Y")
    page.get_by_role("button", name="Save the goal").click()  # empty: messages beside fields
    expect(page.locator("#goal-error")).to_contain_text("Write the goal.")
    assert_no_axe_violations(page)
    page.get_by_label(re.compile("^The responsibilities and administrative culture")).check()
    page.get_by_label("Goal", exact=True).fill(GOAL)
    page.get_by_label("Actions").fill("Draft it with the principal; share it with the staff")
    page.get_by_label("Target date").fill((first + timedelta(days=90)).date().isoformat())
    page.get_by_role("button", name="Save the goal").click()
    expect(page.get_by_role("heading", name=GOAL)).to_be_visible()
    page.get_by_role("link", name="Change this goal").click()
    assert_no_axe_violations(page)
    page.go_back()
    plan_url = page.url
    sign_out(page)

    sign_in(page, "mentor.rivera@example.org", DEMO_PASSWORD)
    page.get_by_role("link", name="Plan of Lily Chen").click()
    expect(page.get_by_role("heading", name=GOAL)).to_be_visible()
    page.get_by_label("Your comment on the plan").fill("Add the dates of the state tests.")
    page.get_by_role("button", name="Save the comment").click()
    page.get_by_role("button", name="Mark the plan agreed").click()
    expect(page.get_by_role("status")).to_contain_text("The plan is agreed.")
    assert_no_axe_violations(page)
    sign_out(page)

    sign_in(page, "specialist@example.org", DEMO_PASSWORD)
    assert page.goto(plan_url).status == 403
    expect(page.get_by_text(GOAL)).to_have_count(0)
    sign_out(page)

    sign_in(page, "mentee.chen@example.org", DEMO_PASSWORD)
    page.goto(plan_url)
    expect(page.locator("p.lead")).to_contain_text("Agreed on")
    expect(page.get_by_text("Add the dates of the state tests.")).to_be_visible()


def test_the_mentor_ticks_an_experience_and_specialists_see_counts_only(page):
    sign_in(page, "mentor.rivera@example.org", DEMO_PASSWORD)
    page.get_by_role("link", name=re.compile(r"essential experiences done \(Lily Chen\)")).click()
    expect(page.get_by_role("heading", name="Essential experiences")).to_be_visible()
    first = "Observed a peer's classroom guidance lesson"
    page.get_by_text(f"Tick off: {first}").click()
    day = page.get_by_label("Done on").first
    tomorrow = (localtime.today() + timedelta(days=1)).isoformat()
    day.fill(tomorrow)
    page.get_by_label("Note (optional)").first.fill("Watched a lesson on test anxiety")
    page.get_by_role("button", name="Tick off", exact=True).first.click()
    expect(page.locator("[id$='-done_on-error']")).to_contain_text("cannot be in the future")
    expect(page.get_by_label("Note (optional)").first).to_have_value(
        "Watched a lesson on test anxiety"
    )
    assert_no_axe_violations(page)
    page.get_by_label("Done on").first.fill(localtime.today().isoformat())
    page.get_by_role("button", name="Tick off", exact=True).first.click()
    expect(page.get_by_role("status")).to_contain_text("Experience ticked off.")
    expect(page.get_by_text(re.compile(r"^1 of \d+ done this program year"))).to_be_visible()
    assert_no_axe_violations(page)
    save_screenshot(page, "plan-experiences-mentor")
    plan_url = page.url
    sign_out(page)

    sign_in(page, "mentee.chen@example.org", DEMO_PASSWORD)
    page.goto(plan_url)
    expect(page.get_by_text("Watched a lesson on test anxiety")).to_be_visible()
    expect(page.get_by_role("button", name="Take the tick back")).to_have_count(0)
    sign_out(page)

    sign_in(page, "specialist@example.org", DEMO_PASSWORD)
    enrollment_id = re.search(r"/enrollments/(\d+)/plan/", plan_url).group(1)
    page.goto(f"/enrollments/{enrollment_id}/sign-off/1")
    expect(
        page.get_by_text(re.compile(r"1 of \d+ essential experiences done")).first
    ).to_be_visible()
    expect(page.get_by_text("Watched a lesson on test anxiety")).to_have_count(0)
    assert_no_axe_violations(page)
    page.locator("main a").first.click()  # ← the cohort
    page.get_by_role("link", name="Essential experiences").click()
    expect(
        page.get_by_role("heading", name=re.compile("^Essential experiences of"))
    ).to_be_visible()
    assert_no_axe_violations(page)
    page.goto("/admin/experiences")
    expect(
        page.get_by_role("heading", name="Program default essential experiences")
    ).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Add the experience").click()  # empty: message beside it
    expect(page.locator("#title-error")).to_contain_text("Write the experience.")
    assert_no_axe_violations(page)
    page.goto("/admin/requirements")
    assert_no_axe_violations(page)
    page.get_by_label("Mentoring plan agreed by: month").first.select_option(label="October")
    page.get_by_role("button", name="Save requirements").click()
    expect(page.locator("#year1_plan_due_day-error")).to_contain_text("Enter the day")
    assert_no_axe_violations(page)
    expect(page.get_by_text("Watched a lesson on test anxiety")).to_have_count(0)
