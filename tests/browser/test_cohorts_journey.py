"""The specialist's cohort journey in Chromium, then the mentor's view of exactly their group."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from mentoring.cohorts.models import Cohort, Enrollment, PlcGroup
from mentoring.core import localtime
from mentoring.demo.data import DEMO_PASSWORD
from mentoring.extensions import db
from mentoring.users.models import User
from tests.browser.helpers import assert_no_axe_violations, sign_in, sign_out

pytestmark = pytest.mark.browser

COHORT = "Spring pilot PLC"
ROSTER = (
    "email,name,district,school,grade_level,kind,region,iss_issued_on,mentor_email\n"
    "ava.stone@example.org,Ava Stone,Sedalia 200,Smith-Cotton High,high,new,Central,2025-08-01,\n"
    "ben.ortiz@example.org,Ben Ortiz,Warrensburg R-VI,Warrensburg Middle,middle,returning,,,\n"
    "cara.diaz@example.org,Cara Diaz,Marshall,Bueker Middle,middle,new,Central,,\n"
)


def test_specialist_vets_a_mentor_builds_a_cohort_and_the_mentor_sees_their_group(
    page, live_server
):
    sign_in(page, "specialist@example.org", DEMO_PASSWORD)
    nav = page.get_by_role("navigation", name="Main")

    # Approve a mentor application, recording the regional training.
    nav.get_by_role("link", name="Applications").click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Priya Shah").click()
    assert_no_axe_violations(page)
    page.get_by_label("Regional mentor training completed on (optional)").fill("2026-06-15")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("Priya Shah")

    # Create a cohort.
    nav.get_by_role("link", name="Cohorts").click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Create a cohort").click()
    page.get_by_label("Name").fill(COHORT)
    page.get_by_label("Region").select_option("Central")
    page.get_by_label("Start school year").fill(str(localtime.today().year))
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save cohort").click()
    expect(page.get_by_role("heading", name=COHORT)).to_be_visible()

    # Two mentors lead PLC groups in it: the new one and a demo mentor.
    for email in ("priya.shah@example.org", "mentor.rivera@example.org"):
        page.get_by_label("Mentor email").fill(email)
        page.get_by_role("button", name="Add mentor").click()
        expect(page.get_by_role("status")).to_contain_text("now leads a PLC group")
    assert_no_axe_violations(page)

    # Import a roster of three new counselors.
    page.get_by_role("link", name="Import a roster").click()
    assert_no_axe_violations(page)
    page.get_by_label("Roster file (CSV or Excel)").set_input_files(
        {"name": "roster.csv", "mimeType": "text/csv", "buffer": ROSTER.encode()}
    )
    page.get_by_role("button", name="Import roster").click()
    expect(page.get_by_role("status")).to_contain_text("Roster imported: 3 created")

    # Accept every suggested match.
    page.get_by_role("link", name="Suggest matches").click()
    assert_no_axe_violations(page)
    expect(page.get_by_role("checkbox")).to_have_count(3)
    page.get_by_role("button", name="Accept the selected pairs").click()
    expect(page.get_by_role("status")).to_contain_text("3 mentees assigned.")
    expect(
        page.get_by_role("heading", name=re.compile(r"waiting for a mentor \(0\)"))
    ).to_be_visible()
    sign_out(page)

    with live_server.app.app_context():
        cohort = db.session.scalar(select(Cohort).where(Cohort.name == COHORT))
        rivera = db.session.scalar(select(User).where(User.email == "mentor.rivera@example.org"))
        group = db.session.scalar(
            select(PlcGroup).where(PlcGroup.cohort_id == cohort.id, PlcGroup.mentor_id == rivera.id)
        )
        names = dict(
            db.session.execute(
                select(User.name, Enrollment.plc_group_id)
                .join(Enrollment, Enrollment.mentee_id == User.id)
                .where(Enrollment.cohort_id == cohort.id)
            ).all()
        )
    mine = {name for name, group_id in names.items() if group_id == group.id}
    others = set(names) - mine
    assert mine and others, "the matching should spread three mentees over both mentors"

    # The mentor sees exactly their own PLC group.
    sign_in(page, "mentor.rivera@example.org", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My PLC groups").click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=COHORT, exact=True).click()
    table = page.get_by_role("table")
    for name in mine:
        expect(table).to_contain_text(name)
    for name in others:
        expect(table).not_to_contain_text(name)
    assert_no_axe_violations(page)
