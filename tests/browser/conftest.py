"""Browser fixtures: the app on a live server, Chromium through Playwright, screenshots, axe."""

import os
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import flask_migrate
import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

from mentoring import _ENVIRONMENT, create_app
from mentoring.demo.data import seed_demo
from mentoring.extensions import db
from mentoring.users.models import User
from tests.conftest import current_code

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


@pytest.fixture(scope="session", autouse=True)
def _require_chromium() -> None:
    """Skip the browser tests without Chromium, but fail in CI, where a skip would hide a gap."""
    if chromium_path() is None:
        reason = "Chromium not found (looked for /usr/bin/chromium and `chromium` on PATH)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


_LIVE_APPS: list[Flask] = []  # the running app, for helpers that need its database


@dataclass
class LiveServer:
    url: str
    app: Flask


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Serve the app with the demo accounts on a SQLite database built by the real migrations."""
    tmp = tmp_path_factory.mktemp("browser")
    with pytest.MonkeyPatch.context() as env:
        # A developer's own DATABASE_URL, SERVER_NAME or secret key must not reach this app.
        for variable in _ENVIRONMENT:
            env.delenv(variable, raising=False)
        env.setenv("MENTORING_INSTANCE_PATH", str(tmp / "instance"))
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/browser.sqlite",
                "MAIL_BACKEND": "locmem",
                # Sent right after each commit, so a journey reads its email at once (the
                # thread of development would race it).
                "MAIL_QUEUE": "inline",
                "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                "SECRET_KEY": "browser-tests",
                "ENV_NAME": "testing",
            }
        )
    with app.app_context():
        flask_migrate.upgrade()
        seed_demo()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["PUBLIC_URL"] = f"http://127.0.0.1:{server.server_port}"  # emailed links
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _LIVE_APPS.append(app)
    yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    server.shutdown()
    server.server_close()
    thread.join()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser_instance():
    """Launch one headless Chromium for the whole run."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser_instance, live_server, request):
    """Open a page in a fresh context (no cookies), and screenshot where the test ends."""
    # A laptop's window, wide enough for the specialists' one-line menu (1400 px and up; the
    # phone walk and test_sign_out_stays_on_one_line_on_a_laptop cover narrower windows).
    context = browser_instance.new_context(
        base_url=live_server.url, viewport={"width": 1440, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    save_screenshot(page, request.node.name)
    context.close()


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
