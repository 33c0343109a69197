"""Browser fixtures: the app on a live server, Chromium through Playwright, screenshots, axe."""

import os
import threading

import flask_migrate
import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from mentoring import _ENVIRONMENT, create_app
from mentoring.demo.data import seed_demo
from mentoring.extensions import db
from tests.browser.helpers import (
    _LIVE_APPS,
    CHROMIUM_ARGS,
    LiveServer,
    chromium_path,
    save_screenshot,
)


@pytest.fixture(scope="session", autouse=True)
def _require_chromium() -> None:
    """Skip the browser tests without Chromium, but fail in CI, where a skip would hide a gap."""
    if chromium_path() is None:
        reason = "Chromium not found (looked for /usr/bin/chromium and `chromium` on PATH)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


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
