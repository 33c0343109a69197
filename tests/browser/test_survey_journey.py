"""A survey from start to results in the browser: a specialist builds one and gives it to a
cohort, five mentees answer it from their home page, and the results appear only once the
fifth has answered. Every page is checked with axe, on a laptop and at 390 px."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from mentoring.core import localtime
from mentoring.core.localtime import school_year_of
from mentoring.extensions import db
from mentoring.surveys import operations
from mentoring.surveys.models import QuestionKind, SurveyAudience
from tests.browser.helpers import assert_no_axe_violations, save_screenshot, sign_in, sign_out
from tests.factories import PASSWORD, enroll, make_cohort, make_mentee

pytestmark = pytest.mark.browser

TODAY = localtime.today()
START_YEAR = school_year_of(TODAY)
COHORT = "Survey Journey Cohort"
TITLE = "Journey: how is year one going?"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def mentees(live_server):
    with live_server.app.app_context():
        cohort = make_cohort(name=COHORT, start_year=START_YEAR)
        people = [
            make_mentee(name=f"Journey Mentee {n}", email=f"survey.journey{n}@example.org")
            for n in range(1, 6)
        ]
        for mentee in people:
            enroll(cohort, mentee)
        return [mentee.email for mentee in people]


def check_on_a_phone(page) -> None:
    """The page at 390 px: no sideways scrolling and nothing for axe; then back to a laptop."""
    page.set_viewport_size(PHONE)
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 1440, "height": 900})


def answer(page, email: str, points: str, text: str, first: bool = False) -> None:
    sign_in(page, email, PASSWORD)
    card = page.get_by_role("region", name=re.compile("waiting for your answers"))
    card.get_by_role("link", name=TITLE).click()
    if first:
        assert_no_axe_violations(page)
        # A required question left blank: the message stands beside it; nothing is saved.
        page.get_by_role("button", name="Send my answers").click()
        expect(page.get_by_role("alert")).to_contain_text("Answer this question.")
        assert_no_axe_violations(page)
        check_on_a_phone(page)
    page.get_by_role("group", name=re.compile("How helpful")).get_by_label(points).check()
    page.get_by_label("Anything to add?").fill(text)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("status")).to_contain_text("saved, without your name")
    if first:
        assert_no_axe_violations(page)
        check_on_a_phone(page)
    page.goto("/")
    expect(page.get_by_role("region", name=re.compile("waiting for your answers"))).to_have_count(0)
    sign_out(page)


def test_a_survey_shows_results_once_five_mentees_have_answered(page, mentees):
    sign_in(page, "specialist@example.org", "demo-mentoring-pass")
    page.get_by_role("link", name="Surveys", exact=True).first.click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Create a survey").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Who answers").select_option(label="Mentees")
    page.get_by_label("Program year").select_option(label="Program year 1")
    assert_no_axe_violations(page)
    check_on_a_phone(page)
    page.get_by_role("button", name="Save survey").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()

    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Kind of answer").select_option(label="One choice")
    page.get_by_role("button", name="Save question").click()  # no text, no choices
    expect(page.get_by_role("alert")).to_contain_text("Enter the question.")
    expect(page.get_by_role("alert")).to_contain_text("Give at least two choices")
    assert_no_axe_violations(page)
    check_on_a_phone(page)
    page.get_by_label("Question").fill("How helpful were the PLC meetings?")
    page.get_by_label("Kind of answer").select_option(label="Scale from 1 to 5")
    page.get_by_label("An answer is required").check()
    page.get_by_role("button", name="Save question").click()
    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Question").fill("Anything to add?")
    page.get_by_label("Kind of answer").select_option(label="Long text")
    page.get_by_role("button", name="Save question").click()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Give to cohorts").click()
    for box in page.locator("input[name=cohorts]").all():
        box.uncheck()
    page.get_by_label(re.compile(COHORT)).check()
    page.get_by_label(re.compile("^Opens on")).fill((TODAY + timedelta(days=5)).isoformat())
    page.get_by_label(re.compile("^Closes on")).fill(TODAY.isoformat())
    page.get_by_role("button", name="Give the survey").click()
    expect(page.get_by_role("alert")).to_contain_text("cannot be before the opening date")
    assert_no_axe_violations(page)
    check_on_a_phone(page)
    page.get_by_label(re.compile("^Opens on")).fill(TODAY.isoformat())
    page.get_by_label(re.compile("^Closes on")).fill((TODAY + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Give the survey").click()
    expect(page.get_by_text("The survey is given to 1 cohort.")).to_be_visible()
    page.get_by_role("link", name=f"Change dates in {COHORT}").click()
    assert_no_axe_violations(page)
    check_on_a_phone(page)
    page.get_by_role("link", name="Cancel").click()
    check_on_a_phone(page)
    survey_url = page.url
    sign_out(page)

    for number, email in enumerate(mentees[:4], start=1):
        answer(page, email, str(number % 5 + 1), f"Note {number}", first=number == 1)

    sign_in(page, "specialist@example.org", "demo-mentoring-pass")
    page.goto(survey_url)
    page.get_by_role("link", name="Results", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("4 answers in this group")
    expect(page.locator("svg.chart")).to_have_count(0)
    assert_no_axe_violations(page)
    check_on_a_phone(page)
    sign_out(page)

    answer(page, mentees[4], "5", "Note 5")

    sign_in(page, "specialist@example.org", "demo-mentoring-pass")
    page.goto(survey_url)
    page.get_by_role("link", name="Results", exact=True).click()
    expect(page.get_by_text("5 answers in this group")).to_be_visible()
    chart = page.get_by_role("img", name=re.compile("Answers to question 1"))
    expect(chart).to_be_visible()
    # Points 2, 3, 4, 5 from the first four, 5 from the fifth: 0, 1, 1, 1, 2.
    table = page.get_by_role("table", name="Answers to question 1")
    counts = [cell.inner_text() for cell in table.locator("tbody td.text-end").all()]
    assert counts == ["0", "1", "1", "1", "2"]
    expect(page.get_by_text("Note 5")).to_be_visible()
    assert_no_axe_violations(page)
    check_on_a_phone(page)
    save_screenshot(page, "survey_results")


def test_administrators_answer_through_a_link_and_a_closed_survey_says_so(page, live_server):
    with live_server.app.app_context():
        cohort = make_cohort(name="Survey Link Cohort", start_year=START_YEAR)
        survey = operations.create_survey(
            "Principals' view", SurveyAudience.ADMINISTRATORS, 1, None
        )
        operations.add_question(
            survey, None, QuestionKind.SINGLE, "Did your counselor grow?", ["Yes", "No"], True
        )
        run = operations.give_to_cohorts(
            survey, [cohort], None, TODAY - timedelta(days=1), TODAY + timedelta(days=9)
        )[0]
        closed = make_cohort(name="Survey Closed Cohort", start_year=START_YEAR)
        closed_run = operations.give_to_cohorts(
            survey, [closed], None, TODAY - timedelta(days=9), TODAY - timedelta(days=1)
        )[0]
        db.session.commit()
        token, closed_token = run.admin_token, closed_run.admin_token
    page.goto(f"/surveys/link/{token}")
    assert_no_axe_violations(page)
    check_on_a_phone(page)
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("status")).to_contain_text("saved, without your name")
    assert_no_axe_violations(page)
    page.goto(f"/surveys/link/{closed_token}")
    expect(page.get_by_text("cannot be answered today")).to_be_visible()
    assert_no_axe_violations(page)
    check_on_a_phone(page)
