"""A specialist of the Central region sees only their region's cohorts; the certification
office's home, register, completions report and district results pass axe."""

import pytest
from playwright.sync_api import expect

from mentoring.demo.data import DEMO_PASSWORD, OTHER_REGION_COHORT
from tests.browser.helpers import assert_no_axe_violations, save_screenshot, sign_in, sign_out
from tests.browser.test_phone_walk import PHONE, page_width_problem

pytestmark = pytest.mark.browser

SOUTHWEST = OTHER_REGION_COHORT[0]  # "Southwest PLC", behind its school year


def test_a_regional_specialist_sees_only_their_regions_cohorts(page):
    sign_in(page, "specialist@example.org", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cohorts").click()
    expect(page.get_by_role("link", name=f"{SOUTHWEST}", exact=False)).to_be_visible()
    sign_out(page)

    sign_in(page, "specialist.central@example.org", DEMO_PASSWORD)
    expect(
        page.get_by_text("You see and act on the program of your regions: Central.")
    ).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cohorts").click()
    expect(page.get_by_role("link", name="Central PLC").first).to_be_visible()
    expect(page.get_by_text(SOUTHWEST)).to_have_count(0)
    # The region filter offers only their region.
    options = page.get_by_label("Region").locator("option").all_inner_texts()
    assert options == ["All", "Central"]
    assert_no_axe_violations(page)
    save_screenshot(page, "regional-cohorts")
    # No audit log in their menu: a statewide setting.
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log")
    ).to_have_count(0)
    page.goto("/admin/audit")
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()


@pytest.mark.parametrize("viewport", ["laptop", "phone"])
def test_the_certification_offices_pages_pass_axe(page, viewport):
    if viewport == "phone":
        page.set_viewport_size(PHONE)
    sign_in(page, "certification.office@example.org", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Welcome, Avery Lindholm")).to_be_visible()
    assert_no_axe_violations(page)
    save_screenshot(page, f"office-home-{viewport}")
    for link, heading in (
        ("Certificate register", "Certificates"),
        ("Completions report", "Enrollment and outcomes"),
        ("Certificates report", "Certificates"),
        ("Verification results", "District verification results"),
    ):
        page.goto("/")
        page.get_by_role("main").get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        assert_no_axe_violations(page)
        if viewport == "phone":
            assert page_width_problem(page) is None, page.url
    page.goto("/admin/certificates")
    # The register's holders are certificate holders; the office reads no records.
    expect(page.get_by_role("link", name="Kwame Osei")).to_have_count(0)
    expect(page.get_by_text("Kwame Osei").first).to_be_visible()
