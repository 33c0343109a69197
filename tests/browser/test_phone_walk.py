"""Every page each role can reach, at a phone's width: no sideways page scroll, and axe-core.

The walk follows the links of each page from the role's home (same origin, pages only), and
visits one page per URL shape (`/admin/cohorts/<n>` once, whichever cohort), so adding a page
that a link reaches adds it to the walk without touching this file.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from mentoring.core.roles import Role
from mentoring.demo.data import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.browser.helpers import assert_no_axe_violations, save_screenshot, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SIGN_OUT = "/logout"  # would end the walk
ACCOUNTS = {role: [email for email, _, r in DEMO_ACCOUNTS if r == role] for role in Role}
VISITORS = {
    "anonymous": None,
    **{role.value: ACCOUNTS[role][0] for role in Role},
    # The demo's last mentor also leads a finished group, and its last mentee holds a certificate.
    "other-mentor": ACCOUNTS[Role.MENTOR][-1],
    "other-mentee": ACCOUNTS[Role.MENTEE][-1],
}


def shape(path: str) -> str:
    """Return the URL's shape: numbers become <n>, query values are dropped."""
    parts = urlsplit(path)
    query = "&".join(sorted(p.split("=")[0] for p in parts.query.split("&") if p))
    return re.sub(r"/\d+", "/<n>", parts.path) + ("?" + query if query else "")


def page_width_problem(page) -> str | None:
    """Say which elements stick out when the page is wider than the window."""
    return page.evaluate(
        """() => {
          const width = window.innerWidth;
          if (document.documentElement.scrollWidth <= width) return null;
          const clipped = el => {
            for (let up = el.parentElement; up; up = up.parentElement)
              if (getComputedStyle(up).overflowX !== 'visible') return true;
            return false;
          };
          const wide = [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > width + 0.5 && !clipped(el))
            .slice(0, 5)
            .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                 (el.className && typeof el.className === 'string' ?
                  '.' + el.className.trim().split(/\\s+/).join('.') : ''));
          return `${document.documentElement.scrollWidth}px wide in ${width}px: ` +
                 wide.join(', ');
        }"""
    )


def small_targets(page) -> list[str]:
    """Name the visible buttons (and button-styled links) smaller than 44 x 44 px."""
    return page.evaluate(
        """() => [...document.querySelectorAll('button, .btn, input[type=submit]')]
          .filter(el => el.offsetParent !== null)
          .map(el => [el, el.getBoundingClientRect()])
          .filter(([el, box]) => box.width < 44 || box.height < 43.5)
          .map(([el, box]) => (el.textContent.trim() || el.value || el.ariaLabel)
                              + ` (${Math.round(box.width)}x${Math.round(box.height)})`)"""
    )


def links_of(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or parts.path == SIGN_OUT:
            continue
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def walk(page, origin: str, start: str) -> list[str]:
    """Visit each page shape reachable from `start` once; return the problems found."""
    queue, shapes, problems = [start], set(), []
    while queue:
        path = queue.pop(0)
        if shape(path) in shapes:
            continue
        shapes.add(shape(path))
        # Files (PDF, CSV, Excel, calendars, JSON) are not pages: ask first, with the same cookies.
        kind = page.request.get(path).headers.get("content-type", "").split(";")[0]
        if kind != "text/html":
            continue
        page.goto(path)
        title = page.title()
        if not re.fullmatch(r"\S.* · Counselor Mentoring Program", title) or (
            title.startswith("Home ·") and path != "/"
        ):
            problems.append(f"{path}: the title {title!r} does not name the page and the program")
        if (wide := page_width_problem(page)) is not None:
            problems.append(f"{path}: {wide}")
        if small := small_targets(page):
            problems.append(f"{path}: buttons under 44 x 44 px: {', '.join(small)}")
        try:
            assert_no_axe_violations(page)
        except AssertionError as error:
            problems.append(f"{path}: {error}")
        queue.extend(link for link in links_of(page, origin) if shape(link) not in shapes)
    assert len(shapes) > 3, f"the walk from {start} found only {sorted(shapes)}"
    return problems


@pytest.mark.parametrize("visitor", VISITORS)
def test_every_page_fits_a_phone_and_passes_axe(browser_instance, live_server, visitor):
    context = browser_instance.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        if VISITORS[visitor] is None:
            start = "/login"
        else:
            sign_in(page, VISITORS[visitor], DEMO_PASSWORD)
            expect(page.get_by_role("heading", name=re.compile("^Welcome"))).to_be_visible()
            # Each role's home as a phone shows it, kept for a person to look at.
            save_screenshot(page, f"phone-home-{visitor}")
            start = "/"
        problems = walk(page, live_server.url, start)
        assert not problems, f"{len(problems)} page(s) fail at 390 px:\n" + "\n".join(problems)
    finally:
        context.close()


def test_the_menu_opens_from_the_keyboard_on_a_phone(browser_instance, live_server):
    context = browser_instance.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, VISITORS["specialist"], DEMO_PASSWORD)
        nav = page.get_by_role("navigation", name="Main")
        users = nav.get_by_role("link", name="Users")
        expect(users).to_be_hidden()
        toggler = page.get_by_role("button", name="Show navigation")
        toggler.focus()
        page.keyboard.press("Enter")
        expect(toggler).to_have_attribute("aria-expanded", "true")
        expect(users).to_be_visible()
        page.keyboard.press("Tab")  # the first link of the open menu follows the button
        expect(nav.get_by_role("link", name="Home")).to_be_focused()
    finally:
        context.close()


def test_sign_out_stays_on_one_line_on_a_laptop(browser_instance, live_server):
    """The specialists' menu is on one line from 1400 px, "Sign out" inside the window; below
    that it folds behind the menu button, as on a phone (at 1280 px it once wrapped "Sign out",
    then pushed it past the window's edge)."""
    for width, folded in ((1440, False), (1280, True)):
        context = browser_instance.new_context(
            base_url=live_server.url, viewport={"width": width, "height": 800}
        )
        page = context.new_page()
        try:
            sign_in(page, VISITORS["specialist"], DEMO_PASSWORD)
            toggler = page.get_by_role("button", name="Show navigation")
            if folded:
                expect(toggler).to_be_visible()
                toggler.click()
            button = page.get_by_role("button", name="Sign out")
            expect(button).to_be_visible()
            box = button.bounding_box()
            # One line of the small button is 31 px high; two lines are 52.
            assert box is not None and box["height"] < 40, box
            assert box["x"] + box["width"] <= width, box
            search = page.get_by_label("Search people").bounding_box()
            assert search is not None and search["width"] >= 150, search
            assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
        finally:
            context.close()


def test_a_focused_checkbox_shows_a_clear_ring(browser_instance, live_server):
    context = browser_instance.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto("/mentors/apply")
        box = page.get_by_label("Middle school")
        box.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focus from the keyboard, so :focus-visible applies
        expect(box).to_be_focused()
        ring = box.evaluate(
            "el => { const s = getComputedStyle(el);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"
        )
        assert ring[0] == "solid" and ring[1] >= 2, ring
        assert ring[2] == "rgb(29, 79, 115)", ring  # the brand blue: 8.9:1 on white
    finally:
        context.close()
