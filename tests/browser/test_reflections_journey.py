"""A mentee writes a reflection; their mentor reads and acknowledges it; a specialist cannot."""

import re

import pytest
from playwright.sync_api import expect

from mentoring.demo.data import DEMO_PASSWORD
from tests.browser.helpers import assert_no_axe_violations, sign_in, sign_out

pytestmark = pytest.mark.browser

TITLE = "After our October PLC"
BODY = "Line one about <b>bold</b> plans.\nLine two: scheduling small groups."


def test_mentee_writes_mentor_acknowledges_specialist_never_reads(page):
    sign_in(page, "mentee.chen@example.org", DEMO_PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="My reflections").click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Write a reflection").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Your reflection").fill(BODY)
    expect(page.get_by_label("Share with my mentor")).to_be_checked()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save reflection").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    # Plain text with its line breaks; markup is shown, never run.
    expect(page.locator(".plain-text")).to_contain_text("<b>bold</b>")
    assert_no_axe_violations(page)
    url = page.url
    sign_out(page)

    sign_in(page, "mentor.rivera@example.org", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Shared reflections"
    ).click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator(".plain-text")).to_contain_text("Line two")
    page.get_by_label(re.compile("reply", re.IGNORECASE)).fill(
        "Great plan. Let's talk groups next time."
    )
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert_no_axe_violations(page)
    sign_out(page)

    sign_in(page, "specialist@example.org", DEMO_PASSWORD)
    response = page.goto(url)
    assert response.status == 403
    expect(page.get_by_text(TITLE)).to_have_count(0)
    sign_out(page)

    sign_in(page, "mentee.chen@example.org", DEMO_PASSWORD)
    page.goto(url)
    expect(page.get_by_text("Let's talk groups next time.")).to_be_visible()
