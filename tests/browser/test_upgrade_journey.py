"""A mentee keeps their CSS upgrade checklist: a year of experience and a college course."""

import re

import pytest
from playwright.sync_api import expect

from mentoring.demo.data import DEMO_PASSWORD
from tests.browser.conftest import assert_no_axe_violations, sign_in

pytestmark = pytest.mark.browser


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
    page.get_by_label("School year").fill("2025/26")
    page.get_by_label("School or district").fill("Columbia Public Schools")
    page.get_by_label("Public school", exact=True).check()
    page.get_by_label("The employment was contracted").check()
    page.get_by_label("The employment was at least half-time").check()
    page.get_by_role("button", name="Save the year").click()
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
    page.get_by_label("School year").fill("2024-25")
    page.get_by_label("School or district").fill("Columbia Public Schools")
    page.get_by_label("Public school", exact=True).check()
    page.get_by_label("The employment was contracted").check()
    page.get_by_label("The employment was at least half-time").check()
    page.get_by_role("button", name="Save the year").click()

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
    expect(
        page.get_by_role("heading", name="Student Services: ISS to CSS, version 1")
    ).to_be_visible()
    assert_no_axe_violations(page)
