"""A specialist issues a certificate, the mentee downloads it (PDF and Open Badges credential),
and anyone verifies it; revoking it flips the public page at once, and a reissued one leads to
its replacement."""

import re

import pytest
from playwright.sync_api import expect

from mentoring.demo.data import DEMO_PASSWORD
from tests.browser.helpers import assert_no_axe_violations, sign_in, sign_out
from tests.factories import (
    PASSWORD,
    complete_both_years,
    enroll,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
)

pytestmark = pytest.mark.browser

COHORT = "Finished 2024 Cohort"


def _graduate(live_server, cohort_name: str, mentee_name: str, email: str) -> int:
    """A cohort of 2024 with one mentee who completed both years."""
    with live_server.app.app_context():
        cohort = make_cohort(name=cohort_name, start_year=2024)
        group = make_group(cohort, make_mentor())
        mentee = make_mentee(name=mentee_name, email=email)
        complete_both_years(group, enroll(cohort, mentee, group), 2024)
        return cohort.id


@pytest.fixture
def graduate(live_server):
    return _graduate(live_server, COHORT, "Ana Graduada", "ana.graduada@example.org")


def test_specialist_issues_mentee_downloads_anyone_verifies(page, graduate, tmp_path):
    sign_in(page, "specialist@example.org", DEMO_PASSWORD)
    page.goto(f"/admin/cohorts/{graduate}")
    expect(page.get_by_text("1 mentee completed both years")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Issue the certificate").click()
    page.get_by_role("button", name="Yes, issue them").click()
    expect(page.get_by_role("link", name=re.compile(r"^MO-SCMP-\d{4}-\d{5}$"))).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^MO-SCMP-")).click()
    expect(page.get_by_role("heading", name=re.compile("^Certificate MO-SCMP-"))).to_be_visible()
    assert_no_axe_violations(page)
    certificate_url = page.url
    code = page.locator("dd code").inner_text()
    sign_out(page)

    sign_in(page, "ana.graduada@example.org", PASSWORD)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the certificate (PDF)").click()
    download = download_info.value
    assert re.fullmatch(r"certificate-MO-SCMP-\d{4}-\d{5}\.pdf", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Digital credential (Open Badges 3.0)").click()
    credential = download_info.value
    assert re.fullmatch(r"certificate-MO-SCMP-\d{4}-\d{5}\.jwt", credential.suggested_filename)
    credential_path = tmp_path / credential.suggested_filename
    credential.save_as(credential_path)
    token = credential_path.read_text()
    assert token.count(".") == 2 and token.startswith("eyJ")  # a compact JWS
    assert_no_axe_violations(page)
    sign_out(page)

    # An employer types the printed code, in lower case with spaces.
    page.goto("/verify")
    assert_no_axe_violations(page)
    page.get_by_label("Verification code").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Valid.")
    expect(page.get_by_text("Ana Graduada")).to_be_visible()
    assert_no_axe_violations(page)
    verify_url = page.url

    page.goto("/verify")
    page.get_by_label("Certificate PDF").set_input_files(saved)
    page.get_by_role("button", name="Check the PDF").click()
    expect(page.get_by_role("status")).to_contain_text("Valid.")

    sign_in(page, "specialist@example.org", DEMO_PASSWORD)
    page.goto(certificate_url)
    page.get_by_label("Reason for revoking").fill("Issued to the wrong person.")
    page.get_by_role("button", name="Revoke", exact=True).click()
    page.get_by_role("button", name=re.compile(r"^Revoke MO-SCMP-")).click()
    expect(page.get_by_text(re.compile("is revoked"))).to_be_visible()
    sign_out(page)
    page.goto(verify_url)
    expect(page.get_by_role("status")).to_contain_text("Revoked")
    assert_no_axe_violations(page)


def test_the_public_follows_a_reissued_certificate_to_its_replacement(page, live_server):
    cohort_id = _graduate(live_server, "Reissued 2024 Cohort", "Rui Reissued", "rui@example.org")
    sign_in(page, "specialist@example.org", DEMO_PASSWORD)
    page.goto(f"/admin/cohorts/{cohort_id}")
    page.get_by_role("button", name="Issue the certificate").click()
    page.get_by_role("button", name="Yes, issue them").click()
    page.get_by_role("link", name=re.compile(r"^MO-SCMP-")).click()
    old_code = page.locator("dd code").inner_text()
    page.get_by_label("Reason for reissuing").fill("Name corrected.")
    page.get_by_role("button", name="Revoke and reissue").click()
    # The page that says what will happen, then its button.
    page.get_by_role("button", name=re.compile(r"^Revoke and reissue MO-SCMP-")).click()
    expect(page.get_by_text(re.compile("is revoked and replaced by"))).to_be_visible()
    new_serial = page.get_by_role("heading", name=re.compile("^Certificate MO-SCMP-")).inner_text()
    sign_out(page)

    # Someone holding the old printed certificate types its code, with a typo first.
    page.goto("/verify")
    wrong = "1" if old_code[0] != "1" else "2"
    page.get_by_label("Verification code").fill(wrong + old_code[1:])
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.get_by_text("This code has a typo")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Verification code").fill(old_code)
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Revoked")
    expect(page.get_by_role("status")).to_contain_text(new_serial.removeprefix("Certificate "))
    assert_no_axe_violations(page)
    page.get_by_role("link", name="verify the replacement").click()
    expect(page.get_by_role("status")).to_contain_text("Valid.")
    expect(page.get_by_text(new_serial.removeprefix("Certificate "))).to_be_visible()
    assert_no_axe_violations(page)
