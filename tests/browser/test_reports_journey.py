"""A specialist opens the enrollment report, filters it by region and downloads it as CSV; every
page of the reports and of mentor service passes axe on a laptop and at a phone's width."""

import csv
import io

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from mentoring.demo.data import DEMO_PASSWORD
from mentoring.extensions import db
from mentoring.mentors.models import TrainingEvent
from mentoring.users.models import User
from tests.browser.helpers import assert_no_axe_violations, save_screenshot, sign_in
from tests.browser.test_phone_walk import PHONE, page_width_problem

pytestmark = pytest.mark.browser


def test_specialist_filters_the_enrollment_report_by_region_and_downloads_it(page):
    sign_in(page, "specialist@example.org", DEMO_PASSWORD)
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Enrollment and outcomes").click()
    expect(page.get_by_role("heading", name="Enrollment and outcomes")).to_be_visible()
    page.get_by_label("Region", exact=True).select_option("Central")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url("/admin/reports/enrollment?school_year=&region=Central&cohort=")
    expect(page.get_by_role("heading", name="By region")).to_be_visible()
    expect(page.locator("svg.chart")).to_be_visible()
    assert_no_axe_violations(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("enrollment-report-")
    with open(download.path(), encoding="utf-8-sig") as file:
        rows = list(csv.reader(io.StringIO(file.read())))
    assert rows[0][:3] == ["level", "cohort", "region"]
    assert {row[2] for row in rows[1:] if row[0] in ("cohort", "region")} == {"Central"}
    # A figure leads to the people behind it.
    page.get_by_role("row", name="All").get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Enrollments")).to_be_visible()
    expect(page.get_by_role("link", name="Lily Chen")).to_be_visible()


def _pages(live_server) -> tuple[list[str], list[str]]:
    with live_server.app.app_context():
        training_id = db.session.scalar(select(TrainingEvent.id).order_by(TrainingEvent.id))
        mentor_id = db.session.scalar(
            select(User.id).where(User.email == "mentor.rivera@example.org")
        )
    specialist = [
        "/admin/reports",
        "/admin/reports/enrollment",
        "/admin/reports/enrollment?region=Atlantis",
        "/admin/reports/progress",
        "/admin/reports/mentors",
        "/admin/reports/certificates",
        "/admin/reports/enrollment/list?outcome=active",
        "/admin/reports/certificates/list?kind=issued",
        "/admin/trainings",
        "/admin/trainings/new",
        f"/admin/trainings/{training_id}",
        "/admin/service",
        f"/admin/mentors/{mentor_id}",
    ]
    return specialist, ["/mentor/service"]


@pytest.mark.parametrize("viewport", ["laptop", "phone"])
def test_every_new_page_passes_axe(page, live_server, viewport):
    if viewport == "phone":
        page.set_viewport_size(PHONE)
    specialist, mentor = _pages(live_server)
    for email, urls in (
        ("specialist@example.org", specialist),
        ("mentor.rivera@example.org", mentor),
    ):
        page.context.clear_cookies()
        sign_in(page, email, DEMO_PASSWORD)
        for url in urls:
            response = page.goto(url)
            assert response.status in (200, 400), url
            assert_no_axe_violations(page)
            if viewport == "phone":
                assert page_width_problem(page) is None, url
        save_screenshot(page, f"service-{viewport}-{email.split('@')[0]}")
