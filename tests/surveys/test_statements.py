"""The survey pages, and the home page's survey card, run the same number of SQL statements
whatever the number of surveys, cohorts and answers."""

from mentoring.extensions import db
from mentoring.surveys import operations
from mentoring.surveys.models import QuestionKind, SurveyAudience
from tests.factories import count_statements, make_cohort
from tests.surveys.helpers import START_YEAR, make_survey, submit


def test_the_home_card_costs_the_same_for_one_or_three_open_surveys(client, auth, scene):
    auth.login_as(scene.mentees[0])
    one = count_statements(client, "/")
    make_survey(scene.cohort)
    make_survey(scene.cohort)
    page = client.get("/").get_data(as_text=True)
    assert page.count('href="/surveys/') == 3
    assert count_statements(client, "/") == one


def test_a_mentors_home_costs_the_same_with_or_without_a_survey(client, auth, scene):
    auth.login_as(scene.mentor)
    none = count_statements(client, "/")
    make_survey(scene.cohort, SurveyAudience.MENTORS)
    make_survey(scene.cohort, SurveyAudience.MENTORS)
    assert client.get("/").get_data(as_text=True).count('href="/surveys/') == 2
    assert count_statements(client, "/") == none


def test_results_and_exports_cost_the_same_for_5_or_6_answers_and_more_cohorts(client, auth, scene):
    for person in scene.mentees[:5]:
        submit(scene.run, scene.questions, person, text=f"Note of {person.id}")
    auth.login_as(scene.specialist)
    url = f"/admin/surveys/{scene.survey.id}"
    pages = [url, f"{url}/results", f"{url}/results.csv", "/admin/surveys"]
    before = [count_statements(client, page) for page in pages]
    submit(scene.run, scene.questions, scene.mentees[5], text="One more")
    for number in range(3):
        cohort = make_cohort(name=f"Extra {number}", start_year=START_YEAR)
        make_survey(cohort, SurveyAudience.ADMINISTRATORS)
    assert [count_statements(client, page) for page in pages] == before


def test_the_answer_page_costs_the_same_for_any_number_of_questions(client, auth, scene):
    auth.login_as(scene.mentees[0])
    url = f"/surveys/{scene.run.id}"
    four = count_statements(client, url)
    survey, _, bigger = make_survey(scene.cohort)
    for number in range(6):
        operations.add_question(survey, None, QuestionKind.SCALE, f"Extra {number}?", [], False)
    db.session.commit()
    assert count_statements(client, f"/surveys/{bigger.id}") == four
