"""A new specialist must set up a second factor before anything else, keeps the recovery codes,
and confirms their identity again before a sensitive action."""

import re

import pyotp
import pytest
from playwright.sync_api import expect

from mentoring.core.roles import Role
from mentoring.extensions import db
from tests.browser.helpers import assert_no_axe_violations, save_screenshot, sign_in, sign_out
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def new_specialist(live_server):
    """A specialist who has a password but no second factor yet."""
    with live_server.app.app_context():
        user = make_user(Role.SPECIALIST, email="new.specialist@example.org", name="Nia Newhire")
        user.totp_secret = user.totp_confirmed_at = None
        db.session.commit()
    return "new.specialist@example.org"


def test_a_new_specialist_sets_up_the_second_factor_first(page, new_specialist):
    sign_in(page, new_specialist, PASSWORD)
    expect(page).to_have_url(re.compile("/account/second-factor$"))
    page.goto("/admin/cohorts")  # anything else leads back here
    expect(page).to_have_url(re.compile("/account/second-factor$"))
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert_no_axe_violations(page)
    secret = page.locator("code.user-select-all").inner_text()
    page.get_by_label("Code from your app").fill("000000")
    page.get_by_role("button", name="Turn on the second factor").click()
    expect(page.get_by_text("That code is not right")).to_be_visible()
    page.get_by_label("Code from your app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on the second factor").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.locator("ul.font-monospace li").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", c) for c in codes)
    assert_no_axe_violations(page)
    save_screenshot(page, "recovery_codes")
    page.get_by_role("link", name=re.compile("continue")).click()
    expect(page.get_by_role("heading", name="Welcome, Nia Newhire")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile("Nia")).click()
    expect(page.get_by_text("10 unused recovery codes left")).to_be_visible()
    assert_no_axe_violations(page)
    sign_out(page)

    # Next time: password, then a recovery code instead of the phone.
    page.goto("/login")
    page.get_by_label("Email").fill(new_specialist)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Second step")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Welcome, Nia Newhire")).to_be_visible()
    page.goto("/account")
    expect(page.get_by_text("9 unused recovery codes left")).to_be_visible()
    page.goto("/account/confirm?next=/account/email")
    assert_no_axe_violations(page)
