"""Helpers of the browser tests, imported from here (a conftest holds fixtures only)."""

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from mentoring.extensions import db
from mentoring.users.models import User
from tests.factories import current_code

SCREENSHOTS = Path(__file__).parent / "screenshots"


CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests may run as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """Return the Chromium to drive: Debian's, else the first one on PATH."""
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


_LIVE_APPS: list[Flask] = []  # the running app, for helpers that need its database


@dataclass
class LiveServer:
    url: str
    app: Flask


def save_screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as tests/browser/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


# WCAG 2.0 to 2.2, A and AA, and axe's best practices: naming the tags also turns on the rules
# that axe leaves off by default, such as WCAG 2.2's target size.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def assert_no_axe_violations(page) -> None:
    """Run axe-core (AXE_TAGS) on the current page and fail with a readable list of violations."""
    # A click starts a navigation without waiting for its stylesheets; axe on a half-styled page
    # reports colours the user never sees (white on white in a header not yet painted).
    page.wait_for_load_state("load")
    # The pointer rests where the last click was: a button under it is half-way through its
    # hover transition, colours no reader sees for long (axe caught 4.21:1 mid-fade once).
    page.mouse.move(0, 0)
    page.wait_for_timeout(400)  # Bootstrap's transitions take 0.15 s
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    violations = Axe().run(page, options=options).response["violations"]
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        # axe's summary of the first element says why it fails, e.g. the contrast ratio found.
        why = " ".join(violation["nodes"][0]["failureSummary"].split())
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"  at {targets}\n  {why}"
        )
    assert not violations, f"axe: {len(violations)} violation(s) on {page.url}\n" + "\n".join(lines)


def sign_in(page, email: str, password: str) -> None:
    """Fill in and submit the sign-in form, and the second step where the account has one."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if page.url.endswith("/login/second-factor"):
        with _LIVE_APPS[-1].app_context():
            user = db.session.scalar(select(User).where(User.email == email))
            code = current_code(user)
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Continue").click()


def sign_out(page) -> None:
    """Sign out from the navbar and land on the sign-in page."""
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
