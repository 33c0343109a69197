"""A mentee keeps their CSS upgrade checklist: a year of experience and a college course."""

import re

import pytest
from playwright.sync_api import expect

from mentoring.demo.data import DEMO_PASSWORD
from tests.browser.helpers import assert_no_axe_violations, sign_in

pytestmark = pytest.mark.browser


def _fill_year(page, school_year: str, employer: str) -> None:
    """Fill in the school-year form for contracted, half-time work in a public school; save."""
    page.get_by_label("School year").fill(school_year)
    page.get_by_label("School or district").fill(employer)
    page.get_by_label("Public school", exact=True).check()
    page.get_by_label("The employment was contracted").check()
    page.get_by_label("The employment was at least half-time").check()
    page.get_by_role("button", name="Save the year").click()


def test_mentee_adds_a_year_and_semester_hours_and_sees_the_totals(page):
    sign_in(page, "mentee.chen@example.org", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Upgrade checklist"
    ).click()
    expect(page.get_by_role("heading", name="Your CSS upgrade checklist")).to_be_visible()
    total = page.locator("#development-total")
    expect(total).to_contain_text("0 of 40 contact hours")
    assert_no_axe_violations(page)

    # Activities count while the ISS is valid: its issue date first.
    page.goto("/upgrade/iss")
    page.get_by_label("Issue date of your ISS certificate").fill("2025-08-01")
    page.get_by_role("button", name="Save the date").click()

    # A wrong school year is explained beside the field, then corrected.
    page.get_by_role("link", name="Add a school year").click()
    _fill_year(page, "2025/26", "Columbia Public Schools")
    expect(page.locator("#school_year-error")).to_contain_text("Write the school year as 2025–26")
    assert_no_axe_violations(page)
    page.get_by_label("School year").fill("2025-26")
    page.get_by_role("button", name="Save the year").click()
    expect(page.get_by_role("status")).to_contain_text("The school year is saved.")
    expect(
        page.get_by_role("row", name=re.compile("2025–26 Columbia Public Schools"))
    ).to_be_visible()
    expect(page.get_by_text("1 of 4 approved years: 3 more needed.")).to_be_visible()

    page.get_by_role("link", name="Add an activity").click()
    page.get_by_label("Date of the activity").fill("2026-03-14")
    page.get_by_label("Title").fill("Counseling law and ethics")
    page.get_by_label("Provider").fill("University of Missouri")
    page.get_by_label("College semester hours").fill("2")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save the activity").click()
    expect(total).to_contain_text("30 of 40 contact hours: 10 more needed")

    page.get_by_role("link", name="Add an activity").click()
    page.get_by_label("Date of the activity").fill("2026-04-02")
    page.get_by_label("Title").fill("Crisis response")
    page.get_by_label("Provider").fill("Heart of Missouri RPDC")
    page.get_by_label("Contact hours").fill("10.5")
    page.get_by_role("button", name="Save the activity").click()
    expect(total).to_contain_text("40.5 of 40 contact hours,")
    expect(
        page.get_by_role("listitem").filter(has_text="40 contact hours of professional")
    ).to_contain_text("Met")
    assert_no_axe_violations(page)


def test_mentee_attaches_evidence_and_the_district_verifies_it(
    page, browser_instance, live_server, tmp_path
):
    sign_in(page, "mentee.chen@example.org", DEMO_PASSWORD)
    page.goto("/upgrade")
    page.get_by_role("link", name="Add a school year").click()
    _fill_year(page, "2024-25", "Columbia Public Schools")

    page.get_by_role("link", name="Attach evidence for 2024–25").click()
    assert_no_axe_violations(page)
    contract = tmp_path / "contract.pdf"
    contract.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    page.get_by_label("File (PDF, PNG or JPEG, at most 10 MB)").set_input_files(str(contract))
    page.get_by_role("button", name="Attach the file").click()
    expect(page.get_by_role("link", name="contract.pdf", exact=True)).to_be_visible()
    assert_no_axe_violations(page)

    page.goto("/upgrade")
    page.get_by_role("link", name="Send your district a verification link").click()
    page.get_by_label("Name of your district's certification contact").fill("Dana Reyes")
    page.get_by_label("Their email address").fill("dana@district.example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_text("The link is sent")).to_be_visible()
    assert_no_axe_violations(page)

    # The district's contact opens the emailed link in a browser with no session.
    message = live_server.app.extensions["mailman"].outbox[-1]
    address = re.search(r"/upgrade/district\?token=[A-Za-z0-9_-]+", message.body).group(0)
    context = browser_instance.new_context(base_url=live_server.url)
    district = context.new_page()
    district.goto(address)
    expect(district.get_by_role("heading", level=1)).to_contain_text(
        "Certificate upgrade checklist of Lily Chen"
    )
    assert_no_axe_violations(district)
    district.get_by_role("link", name="Verify 2024–25").click()
    assert_no_axe_violations(district)
    district.get_by_label("Verified", exact=True).check()
    district.get_by_label("Your name").fill("Dana Reyes")
    district.get_by_label("Your title").fill("Certification specialist")
    district.get_by_role("button", name="Record").click()
    expect(district.get_by_text("District: Verified").first).to_be_visible()
    context.close()

    page.goto("/upgrade")
    expect(page.get_by_text("District: Verified").first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the summary (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_the_new_upgrade_pages_pass_axe(page, live_server):
    sign_in(page, "mentee.chen@example.org", DEMO_PASSWORD)
    for url in ("/upgrade", "/upgrade/validity/new", "/upgrade/verification"):
        page.goto(url)
        assert_no_axe_violations(page)
    page.goto("/upgrade")
    page.get_by_role("link", name=re.compile("^Delete")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Delete")
    assert_no_axe_violations(page)
    page.goto("/upgrade/district?token=made-up")
    expect(page.locator("#refused")).to_contain_text("not valid")
    assert_no_axe_violations(page)


def test_the_specialist_reads_the_rule_sets(page):
    sign_in(page, "specialist@example.org", DEMO_PASSWORD)
    page.goto("/upgrade/rule-sets")
    page.get_by_role("link", name="Student Services: ISS to CSS, version 1").click()
    expect(page.get_by_text("Not confirmed for this path").first).to_be_visible()
    assert_no_axe_violations(page)


def test_every_upgrade_form_passes_axe_with_its_errors(page):
    """The mentee's forms, blank and with a problem beside a field, quarter hours, and a
    reactivation course too old: axe finds nothing on any of them."""
    sign_in(page, "mentee.chen@example.org", DEMO_PASSWORD)
    page.goto("/upgrade/iss")
    assert_no_axe_violations(page)
    page.get_by_label("Issue date of your ISS certificate").fill("2022-07-18")
    page.get_by_role("button", name="Save the date").click()

    page.goto("/upgrade/experience/new")
    assert_no_axe_violations(page)
    _fill_year(page, "2022-23", "Boone County R-IV")
    page.get_by_role("link", name="Record the evaluation of 2022–23").click()
    assert_no_axe_violations(page)

    page.goto("/upgrade/development/new")
    page.get_by_label("Date of the activity").fill("2023-03-14")
    page.get_by_label("Title").fill("Quarter-hour workshop")
    page.get_by_label("Provider").fill("Heart of Missouri RPDC")
    page.get_by_label("Contact hours").fill("2.1")
    page.get_by_role("button", name="Save the activity").click()
    expect(page.locator("#contact_hours-error")).to_contain_text(
        "Give the contact hours as a number in quarter hours (a multiple of 0.25)"
    )
    assert_no_axe_violations(page)
    page.get_by_label("Contact hours").fill("2.25")
    page.get_by_role("button", name="Save the activity").click()
    expect(page.get_by_role("row", name=re.compile("Quarter-hour workshop"))).to_contain_text(
        "2.25 contact hours"
    )
    page.get_by_role("link", name="Attach evidence for the activity of March 14, 2023").click()
    assert_no_axe_violations(page)

    page.goto("/upgrade/validity/new")
    page.get_by_label("A reactivation (after expiry)").check()
    page.get_by_label("Date it took effect").fill("2026-10-01")
    page.get_by_label("New expiry date").fill("2030-10-01")
    page.get_by_label("A college course").check()
    page.get_by_label("Date you completed the course").fill("2026-03-01")
    page.get_by_label("Date you applied for the reactivation").fill("2026-09-01")
    page.get_by_role("button", name="Record it").click()
    expect(page.locator("#course_completed_on-error")).to_contain_text(
        "The course must be less than 6 months old when you apply: completed after March 1, 2026"
    )
    assert_no_axe_violations(page)


def test_the_specialist_reads_a_rule_set_on_a_phone(page):
    sign_in(page, "specialist@example.org", DEMO_PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/upgrade/rule-sets")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Teachers: IPC to CCPC, version 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Teachers: IPC to CCPC, version 1")
    expect(page.get_by_text("30 contact hours completed while")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_no_axe_violations(page)
