"""A specialist sets this month's PLC topic with a file; the mentor sees it on their home and
in the meeting log (chosen there), and downloads the file; the cohort page shows coverage."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from mentoring.core import localtime
from mentoring.demo.data import DEMO_PASSWORD, handout_pdf
from tests.browser.helpers import (
    assert_no_axe_violations,
    save_screenshot,
    sign_in,
    sign_out,
)

pytestmark = pytest.mark.browser

TOPIC = "Working with the principal on the school counseling calendar"
PDF = handout_pdf(TOPIC)


def test_specialist_sets_a_months_topic_with_a_file_and_the_mentor_downloads_it(page, tmp_path):
    month = f"{localtime.today():%B %Y}"
    sign_in(page, "specialist@example.org", DEMO_PASSWORD)
    page.get_by_role("link", name="Cohorts", exact=True).first.click()
    page.get_by_role("link", name=re.compile(r"Central PLC$")).first.click()
    expect(page.get_by_role("heading", name="PLC curriculum")).to_be_visible()
    assert_no_axe_violations(page)  # the cohort page with its coverage tables
    page.locator("#curriculum-heading").scroll_into_view_if_needed()
    save_screenshot(page, "curriculum-cohort-page")
    page.get_by_role("link", name="the program’s topic list").click()
    expect(page.get_by_text("Skill development, collaboration and reflection")).to_be_visible()
    assert_no_axe_violations(page)
    page.go_back()
    year = page.get_by_role("link", name=re.compile(r"^year [12]$"))
    # The year this month falls in: the link whose page lists this month with a topic.
    for index in range(2):
        year.nth(index).click()
        if page.get_by_role("heading", name=month).count():
            break
        page.go_back()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=f"Change the topic of {month}").click()
    expect(page.get_by_role("heading", name=f"PLC topic for {month}")).to_be_visible()
    assert_no_axe_violations(page)

    # Bad input first: a picture named .pdf and a link that is not https. Nothing is saved.
    picture = tmp_path / "looks-like.pdf"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    page.get_by_label("Topic from the program’s list").select_option("")
    page.get_by_label("Or type the topic").fill(TOPIC)
    page.get_by_label("Add a link (optional, https:// only)").fill("http://example.org/guide")
    page.locator("#file").set_input_files(str(picture))
    page.get_by_role("button", name="Save the month").click()
    expect(page.locator("#link_url-error")).to_have_text(
        "Give a link that starts with https:// (e.g. https://dese.mo.gov/…)."
    )
    expect(page.locator("#file-error")).to_have_text(
        "Attach a PDF, DOCX or PPTX file; this file is none of them."
    )
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("Or type the topic")).to_have_value(TOPIC)  # nothing typed is lost
    assert_no_axe_violations(page)
    save_screenshot(page, "curriculum-month-refused")

    handout = tmp_path / "Calendar with the principal.pdf"
    handout.write_bytes(PDF)
    page.get_by_label("Add a link (optional, https:// only)").fill("https://dese.mo.gov/calendar")
    page.get_by_label("Name of the link (optional)").fill("The calendar guide")
    page.locator("#file").set_input_files(str(handout))
    page.get_by_role("button", name="Save the month").click()
    expect(page.get_by_role("status")).to_contain_text("The month’s topic is saved.")
    expect(page.get_by_role("heading", name=f"Now: {TOPIC}")).to_be_visible()
    expect(page.get_by_role("link", name="Calendar with the principal.pdf")).to_be_visible()
    assert_no_axe_violations(page)
    sign_out(page)

    sign_in(page, "mentor.rivera@example.org", DEMO_PASSWORD)
    section = page.locator(
        "section", has=page.get_by_role("heading", name="This month’s PLC topic")
    )
    expect(section).to_contain_text(TOPIC)
    expect(section.get_by_role("link", name="The calendar guide")).to_have_attribute(
        "href", "https://dese.mo.gov/calendar"
    )
    assert_no_axe_violations(page)
    save_screenshot(page, "curriculum-mentor-home")
    with page.expect_download() as download:
        section.get_by_role("link", name="Calendar with the principal.pdf").click()
    saved = Path(download.value.path())
    assert download.value.suggested_filename == "Calendar with the principal.pdf"
    assert saved.read_bytes() == PDF

    # The meeting log shows the topic and has it chosen.
    page.get_by_role("link", name=re.compile("^Log a meeting")).first.click()
    expect(page.get_by_role("heading", name=f"This month’s PLC topic: {TOPIC}")).to_be_visible()
    chosen = page.get_by_label("PLC curriculum topic it covered")
    expect(chosen.locator("option:checked")).to_have_text(f"{month}: {TOPIC}")
    assert_no_axe_violations(page)
    page.goto("/")
    page.get_by_role("link", name=re.compile("^The whole year’s topics")).click()
    expect(page.get_by_role("heading", name=month)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Change the topic"))).to_have_count(0)
    assert_no_axe_violations(page)
