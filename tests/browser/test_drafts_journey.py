"""A mentee's reflection survives an idle timeout: the page keeps a draft as she types, the
session ends, she sends the form anyway, signs in again and finds her text, then saves it."""

import re
import time
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from mentoring.core.drafts import SIGNED_OUT_WHILE_TYPING
from mentoring.demo.data import DEMO_PASSWORD
from tests.browser.helpers import assert_no_axe_violations, save_screenshot, sign_in

pytestmark = pytest.mark.browser

EMAIL = "mentee.novak@example.org"
TITLE = "What I learned from the schedule change"
FIRST = "The first half, typed before the coffee break.\nSecond line."
WHOLE = FIRST + "\nThe rest, typed after the session had ended."
IDLE = 20  # seconds, instead of 30 minutes


def test_a_reflection_survives_an_idle_timeout(page, live_server):
    config = live_server.app.config
    saved = config["SESSION_IDLE_TIMEOUT"]
    config["SESSION_IDLE_TIMEOUT"] = timedelta(seconds=IDLE)
    try:
        signed_in_at = time.monotonic()
        sign_in(page, EMAIL, DEMO_PASSWORD)
        page.goto("/reflections/new")
        page.get_by_label("Title").fill(TITLE)
        page.get_by_label("Your reflection").fill(FIRST)
        status = page.locator(".draft-status")
        expect(status).to_have_text(re.compile(r"^Draft saved at .+ (CST|CDT)\.$"))
        assert_no_axe_violations(page)

        # Nothing sent for longer than the idle timeout: the session ends. Typing on, the
        # page's next save hears so, and the text is kept.
        page.wait_for_timeout(max(0, (IDLE + 1 - (time.monotonic() - signed_in_at)) * 1000))
        page.get_by_label("Your reflection").fill(WHOLE)
        expect(status).to_have_text(SIGNED_OUT_WHILE_TYPING)
        page.get_by_role("button", name="Save reflection").click()

        expect(page).to_have_url(re.compile(r"/login\?next=/reflections/new$"))
        expect(page.get_by_text(re.compile("without activity. Sign in again"))).to_be_visible()
        expect(page.get_by_text(re.compile("your text is kept: sign in again"))).to_be_visible()
        assert_no_axe_violations(page)
        page.get_by_label("Email").fill(EMAIL)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()

        expect(page).to_have_url(re.compile(r"/reflections/new$"))
        expect(page.get_by_text(re.compile(r"^Restored your unsaved draft from "))).to_be_visible()
        expect(page.get_by_role("button", name="Discard")).to_be_visible()
        expect(page.get_by_label("Title")).to_have_value(TITLE)
        expect(page.get_by_label("Your reflection")).to_have_value(WHOLE)
        assert_no_axe_violations(page)
        save_screenshot(page, "draft-restored")
        page.get_by_role("button", name="Save reflection").click()
        expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
        expect(page.locator(".plain-text")).to_contain_text("typed after the session had ended")

        # Saved: the draft is gone, and the form is empty again.
        page.goto("/reflections/new")
        expect(page.get_by_text("Restored your unsaved draft")).to_have_count(0)
        expect(page.get_by_label("Your reflection")).to_have_value("")
    finally:
        config["SESSION_IDLE_TIMEOUT"] = saved


@pytest.mark.parametrize("width", [1440, 390], ids=["laptop", "phone"])
def test_a_mentor_chooses_the_name_the_app_shows(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "mentor.okafor@example.org", DEMO_PASSWORD)
    page.goto("/account")
    page.get_by_role("link", name="Change your details").click()
    expect(page.get_by_role("heading", name="Your name and contact details")).to_be_visible()
    page.get_by_label("Name shown in the app").fill("Nkem\u202eOkafor")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#display_name-error")).to_contain_text("invisible formatting character")
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_label("Name shown in the app").fill("Nkem Okafor")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved: the app now shows you as Nkem Okafor.")).to_be_visible()
    assert_no_axe_violations(page)
    # Back as before, for the other journeys.
    page.get_by_role("link", name="Change your details").click()
    page.get_by_label("Name shown in the app").fill("")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text(re.compile("the app now shows you as"))).to_be_visible()
