"""Changing the sign-in email in Chromium: asked on the account page, confirmed through the
link sent to the new address."""

import re

import pytest
from playwright.sync_api import expect

from mentoring.core.roles import Role
from mentoring.demo.data import DEMO_PASSWORD
from mentoring.extensions import db
from mentoring.users import operations
from tests.browser.helpers import assert_no_axe_violations, sign_in

pytestmark = pytest.mark.browser


def test_a_mentee_changes_their_email_through_the_link_sent_to_it(page, live_server):
    old, new = "ezra.before@example.org", "ezra.after@example.org"
    with live_server.app.app_context():
        operations.create_user(old, "Ezra Moves", Role.MENTEE, password=DEMO_PASSWORD)
        db.session.commit()
    sign_in(page, old, DEMO_PASSWORD)
    page.goto("/account/email")
    page.get_by_label("New email").fill(new)
    page.get_by_label("Current password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Change email").click()
    expect(page.get_by_role("status")).to_contain_text(f"We sent a link to {new}.")
    expect(page.get_by_text(f"{old} · Mentee")).to_be_visible()  # not changed yet

    outbox = getattr(live_server.app.extensions["mailman"], "outbox", [])
    sent = [m for m in outbox if m.to == [new]]
    link = re.search(r"https?://\S+/account/email/confirm/\S+", sent[-1].body).group(0)
    assert link.startswith(f"{live_server.url}/account/email/confirm/")
    page.goto(link)
    expect(page.get_by_role("heading", name="Confirm your new sign-in email")).to_be_visible()
    assert page.url == f"{live_server.url}/account/email/confirm"  # the token is gone
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Use this email").click()
    expect(page.get_by_role("status")).to_contain_text("Your sign-in email is changed.")
    expect(page.get_by_text(f"{new} · Mentee")).to_be_visible()
    assert_no_axe_violations(page)
