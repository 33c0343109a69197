"""A mentee reads their notifications, chooses a weekly digest for one kind, and stops
another kind of email from an email's one-click link without signing in."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from mentoring.demo.data import DEMO_PASSWORD
from mentoring.extensions import db
from mentoring.notifications import operations
from mentoring.notifications.models import Choice, Kind
from mentoring.users.models import User
from tests.browser.helpers import assert_no_axe_violations, sign_in, sign_out

pytestmark = pytest.mark.browser
EMAIL = "mentee.chen@example.org"


def test_a_mentee_reads_notifications_chooses_a_digest_and_unsubscribes(page, live_server):
    sign_in(page, EMAIL, DEMO_PASSWORD)
    # The demo assigned Lily Chen her mentor: one unread notification, counted in the menu.
    navigation = page.get_by_role("navigation", name="Main")
    link = navigation.get_by_role("link", name=re.compile(r"^Notifications\W+1 unread$"))
    link.click()
    expect(page.get_by_role("heading", name="Notifications", exact=True)).to_be_visible()
    item = page.get_by_role("listitem").filter(has_text="Alex Rivera is your mentor in")
    expect(item).to_contain_text("New")
    assert_no_axe_violations(page)
    item.get_by_role("button", name=re.compile("^Open and mark read")).click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(navigation.get_by_role("link", name="Notifications", exact=True)).to_be_visible()

    page.goto("/account/notifications")
    assert_no_axe_violations(page)
    page.get_by_role("group", name=re.compile("^A mentee shares a reflection")).get_by_label(
        "Once a week, in a digest"
    ).check()
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_role("status")).to_contain_text("Your choices are saved.")
    sign_out(page)

    with live_server.app.app_context():
        user = db.session.scalar(select(User).where(User.email == EMAIL))
        token = operations.unsubscribe_token(user.id, Kind.MEETINGS)
    page.goto(f"/unsubscribe/{token}")
    expect(
        page.get_by_role("heading", name="Stop emails about scheduled meetings?")
    ).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Stop these emails").click()
    expect(page.get_by_role("heading", name="Emails stopped")).to_be_visible()
    assert_no_axe_violations(page)
    with live_server.app.app_context():
        chosen = operations.choices(user.id)
    assert chosen[Kind.MEETINGS] == Choice.OFF
    assert chosen[Kind.REFLECTIONS] == Choice.DIGEST
    assert chosen[Kind.PLANS] == Choice.IMMEDIATE
