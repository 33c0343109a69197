"""Journeys through the real UI in Chromium: sign-in per role, inviting a mentor, keyboard use."""

import re

import pytest
from playwright.sync_api import expect

from mentoring.core.roles import Role
from mentoring.demo.data import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.browser.helpers import assert_no_axe_violations, sign_in, sign_out

pytestmark = pytest.mark.browser

FIRST_OF_ROLE = {
    role: next((email, name) for email, name, r in DEMO_ACCOUNTS if r == role)
    for role in (Role.SPECIALIST, Role.MENTOR, Role.MENTEE)
}
WRONG = "The email or password is not correct."


def invitation_link(app, email: str) -> str:
    """Return the invitation link of the last email sent to this address."""
    # locmem keeps messages on each app's Flask-Mailman state; `mail.outbox` is the last app's.
    sent = [m for m in getattr(app.extensions["mailman"], "outbox", []) if m.to == [email]]
    assert sent, f"no email was sent to {email}"
    match = re.search(r"https?://\S+/invitation/\S+", sent[-1].body)
    assert match, "no /invitation/ link in the email"
    return match.group(0)


@pytest.mark.parametrize("role", FIRST_OF_ROLE, ids=lambda role: role.value)
def test_each_role_signs_in_sees_its_name_and_signs_out(page, role):
    email, name = FIRST_OF_ROLE[role]
    page.goto("/login")
    assert_no_axe_violations(page)
    sign_in(page, email, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=f"Welcome, {name}")).to_be_visible()
    assert_no_axe_violations(page)
    sign_out(page)


def test_specialist_invites_a_mentor_who_sets_a_password_and_signs_in(page, live_server):
    email, name = "robin.mentor@example.org", "Robin Mentor"
    sign_in(page, FIRST_OF_ROLE[Role.SPECIALIST][0], DEMO_PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", name="Users", level=1)).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Invite a user").click()
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Role").select_option(label="Mentor")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_have_text(f"Invitation sent to {email}.")
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    assert_no_axe_violations(page)

    nav.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("cell", name=f"Invitation sent to {email} as Mentor")).to_be_visible()
    assert_no_axe_violations(page)

    link = invitation_link(live_server.app, email)
    assert link.startswith(f"{live_server.url}/invitation/")
    sign_out(page)
    page.goto(link)
    expect(page.get_by_role("heading", name="Welcome: choose your password")).to_be_visible()
    assert_no_axe_violations(page)
    new_password = "a mentor's own long passphrase"
    page.get_by_label("New password", exact=True).fill(new_password)
    page.get_by_label("Repeat the new password").fill(new_password)
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("status")).to_contain_text("Your password is set.")

    sign_in(page, email, new_password)
    expect(page.get_by_role("heading", name=f"Welcome, {name}")).to_be_visible()


def test_first_tab_on_the_login_page_reaches_the_skip_link(page):
    page.goto("/login")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()


def test_wrong_password_is_explained_next_to_the_field(page):
    sign_in(page, FIRST_OF_ROLE[Role.SPECIALIST][0], "not-the-demo-password")
    password = page.get_by_label("Password")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(WRONG)
    expect(page.locator("#password-error")).to_have_text(WRONG)
    assert_no_axe_violations(page)
