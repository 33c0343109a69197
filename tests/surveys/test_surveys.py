"""Surveys: answering once and anonymously, the 5-answer threshold, results and exports,
emails and reminders, the exit survey, and refused input."""

import csv
import io
import logging
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, inspect, select

from mentoring.cohorts import operations as cohort_operations
from mentoring.core.audit import AuditEvent
from mentoring.core.errors import AlreadyDone, MentoringError
from mentoring.core.localtime import school_year_of
from mentoring.extensions import db
from mentoring.surveys import operations
from mentoring.surveys.models import (
    QuestionKind,
    SurveyAnswer,
    SurveyAudience,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
    SurveyRun,
)
from tests.factories import enroll, link_from, make_cohort, make_group, make_mentee, make_mentor
from tests.surveys.helpers import START_YEAR, TODAY, answer_form, make_survey, submit

# Five people's answers, with the counts expected from them worked out by hand below.
FIVE = [
    dict(scale=5, single=0, multiple=(0, 2), text="Zebra crossing"),
    dict(scale=4, single=1, multiple=(1,), text="Busy but fine"),
    dict(scale=4, single=0, multiple=(), text=""),
    dict(scale=2, single=None, multiple=(0,), text="Mentors listened"),
    dict(scale=4, single=0, multiple=(0, 1, 2), text="Apples"),
]


def _responses() -> int:
    return db.session.scalar(select(func.count()).select_from(SurveyResponse))


# Answering ------------------------------------------------------------------------------------


def test_a_mentee_answers_from_the_home_card_once(client, auth, scene):
    mentee = scene.mentees[0]
    auth.login_as(mentee)
    home = client.get("/").get_data(as_text=True)
    assert "waiting for your answers" in home
    assert f'href="/surveys/{scene.run.id}"' in home

    response = client.post(f"/surveys/{scene.run.id}", data=answer_form(scene.questions))
    assert response.status_code == 200
    assert "are saved, without your name" in response.get_data(as_text=True)
    assert _responses() == 1
    # Ethics and Crisis ticked (two rows), the scale, the single choice and the text: 5 rows.
    assert db.session.scalar(select(func.count()).select_from(SurveyAnswer)) == 5

    # The card is gone, and a second answer is refused without storing anything.
    assert "waiting for your answers" not in client.get("/").get_data(as_text=True)
    again = client.post(f"/surveys/{scene.run.id}", data=answer_form(scene.questions))
    assert "answered this survey already" in again.get_data(as_text=True)
    assert _responses() == 1


def test_two_answers_from_one_person_store_one_response(scene):
    submit(scene.run, scene.questions, scene.mentees[0])
    with pytest.raises(AlreadyDone):
        submit(scene.run, scene.questions, scene.mentees[0])
    db.session.rollback()
    assert _responses() == 1
    assert db.session.scalar(select(func.count()).select_from(SurveyParticipation)) == 1


def test_a_person_the_run_does_not_ask_gets_404(client, auth, scene):
    other = make_mentee(name="Not Enrolled")
    auth.login_as(other)
    assert client.get(f"/surveys/{scene.run.id}").status_code == 404
    assert (
        client.post(f"/surveys/{scene.run.id}", data=answer_form(scene.questions)).status_code
        == 404
    )
    assert _responses() == 0


def test_a_closed_survey_cannot_be_answered(client, auth, scene):
    scene.run.opens_on = TODAY - timedelta(days=20)
    scene.run.closes_on = TODAY - timedelta(days=1)
    db.session.commit()
    auth.login_as(scene.mentees[0])
    page = client.post(f"/surveys/{scene.run.id}", data=answer_form(scene.questions))
    closed_on = scene.run.closes_on
    assert (
        f"This survey closed on {closed_on:%B} {closed_on.day}, {closed_on.year}"
        in page.get_data(as_text=True)
    )
    assert _responses() == 0
    assert "waiting for your answers" not in client.get("/").get_data(as_text=True)


def test_a_required_question_left_blank_is_refused_beside_it(client, auth, scene):
    auth.login_as(scene.mentees[0])
    data = answer_form(scene.questions, scale="", text="Kept text")
    response = client.post(f"/surveys/{scene.run.id}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="q{scene.questions[0].id}-error"' in page
    assert "Answer this question." in page
    assert "Kept text" in page  # nothing typed is lost
    assert _responses() == 0
    assert db.session.scalar(select(func.count()).select_from(SurveyParticipation)) == 0


def test_administrators_answer_through_the_link_without_an_account(client, scene):
    survey, questions, run = make_survey(scene.cohort, SurveyAudience.ADMINISTRATORS)
    assert run.admin_token and len(run.admin_token) >= 32  # 24 random bytes, URL-safe
    assert client.get(f"/surveys/link/{run.admin_token}").status_code == 200
    for _ in range(2):
        response = client.post(f"/surveys/link/{run.admin_token}", data=answer_form(questions))
        assert "are saved" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).where(SurveyResponse.run_id == run.id)) == 2
    assert client.get("/surveys/link/not-the-token").status_code == 404


# Anonymity ------------------------------------------------------------------------------------


def test_no_answer_row_can_name_or_date_a_person(app):
    """The response and answer tables hold no user, no time and no sequential id; the
    participation table holds no response and no time."""
    for model in (SurveyResponse, SurveyAnswer):
        table = inspect(model).local_table
        targets = {fk.column.table.name for fk in table.foreign_keys}
        assert "users" not in targets
        assert not any("user" in column.name or column.name.endswith("_at") for column in table.c)
        assert str(table.c.id.type).startswith("VARCHAR")  # random UUIDs, not a sequence
    participation = inspect(SurveyParticipation).local_table
    names = {column.name for column in participation.c}
    assert names == {"id", "run_id", "user_id", "has_answered", "emailed_on"}


def test_no_page_export_log_or_audit_event_ties_an_answer_to_its_person(
    client, auth, scene, caplog
):
    for person, answers in zip(scene.mentees[1:5], FIVE[1:5], strict=True):
        submit(scene.run, scene.questions, person, **answers)
    secret = "A private remark on the program"
    events_before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    auth.login_as(scene.mentees[0])
    events_after_sign_in = db.session.scalar(select(func.count()).select_from(AuditEvent))
    with caplog.at_level(logging.DEBUG):
        client.post(f"/surveys/{scene.run.id}", data=answer_form(scene.questions, text=secret))
    assert events_before <= events_after_sign_in
    # Answering writes no audit event, and no log line carries the answer or the person.
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == events_after_sign_in
    survey_events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action.startswith("survey."))
    ).all()
    assert {event.target_type for event in survey_events} <= {"Survey", "SurveyRun"}
    assert all(event.actor_id is None for event in survey_events)  # the factories' actor
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert secret not in logged
    assert scene.mentees[0].email not in logged

    auth.logout()
    auth.login_as(scene.specialist)
    pages = [
        client.get(f"/admin/surveys/{scene.survey.id}"),
        client.get(f"/admin/surveys/{scene.survey.id}/results"),
        client.get(f"/admin/surveys/{scene.survey.id}/results.csv"),
        client.get("/admin/surveys"),
    ]
    results = pages[1].get_data(as_text=True)
    assert secret in results  # the answer is shown, among five…
    for page in pages:
        body = page.get_data(as_text=True)
        for mentee in scene.mentees:  # …but nothing names who wrote it
            assert mentee.name not in body and mentee.email not in body


# The threshold and the results -----------------------------------------------------------------


def test_four_answers_show_and_export_nothing_five_show_everything(client, auth, scene):
    for person, answers in zip(scene.mentees[:4], FIVE[:4], strict=True):
        submit(scene.run, scene.questions, person, **answers)
    auth.login_as(scene.specialist)
    url = f"/admin/surveys/{scene.survey.id}/results"
    page = client.get(url).get_data(as_text=True)
    assert "4 answers in this group" in page
    assert "only for groups of 5 answers or more" in page
    for hidden in ("Zebra crossing", "Busy but fine", "chart-bar", "In person"):
        assert hidden not in page
    for file_format in ("csv", "xlsx"):
        refused = client.get(f"{url}.{file_format}")
        assert refused.status_code == 302 and refused.headers["Location"].startswith(url)

    submit(scene.run, scene.questions, scene.mentees[4], **FIVE[4])
    page = client.get(url).get_data(as_text=True)
    assert "5 answers in this group" in page
    # Scale: one 2, three 4s, one 5 (by hand from FIVE).
    assert page.count('class="chart-bar"') == 5
    for title in ("1: 0 answers", "2: 1 answer", "3: 0 answers", "4: 3 answers", "5: 1 answer"):
        assert f"<title>{title}</title>" in page
    # Text answers in alphabetical order, never in the order they came.
    texts = ["Apples", "Busy but fine", "Mentors listened", "Zebra crossing"]
    positions = [page.index(f"<li>{text}</li>") for text in texts]
    assert positions == sorted(positions)

    rows = list(csv.reader(io.StringIO(client.get(f"{url}.csv").get_data(as_text=True)[1:])))
    assert rows[0] == ["Question", "Kind", "Answer", "Count"]
    counts = {(row[0], row[2]): row[3] for row in rows[1:]}
    assert [counts[("Meetings helped me?", str(point))] for point in range(1, 6)] == [
        "0",
        "1",
        "0",
        "3",
        "1",
    ]
    assert counts[("Best format?", "In person")] == "3"
    assert counts[("Best format?", "Video")] == "1"
    assert counts[("Topics?", "Ethics")] == "3"
    assert counts[("Topics?", "Data")] == "2"
    assert counts[("Topics?", "Crisis")] == "2"
    assert [row[2] for row in rows if row[0] == "Anything else?"] == texts
    sheet = load_workbook(io.BytesIO(client.get(f"{url}.xlsx").data)).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0] == ["Question", "Kind", "Answer", "Count"]
    assert ["Topics?", "Several choices", "Ethics", 3] in cells
    assert [row[2] for row in cells if row[0] == "Anything else?"] == texts


def test_results_by_cohort_region_and_year_each_keep_the_threshold(client, auth, scene):
    north = make_cohort(name="North Cohort", region="Kansas City", start_year=START_YEAR)
    mentor = make_mentor(name="Nia North", capacity=10)
    group = make_group(north, mentor)
    northern = [make_mentee(name=f"North {n}") for n in range(3)]
    for mentee in northern:
        enroll(north, mentee, group)
    operations.give_to_cohorts(
        scene.survey, [north], None, TODAY - timedelta(days=1), TODAY + timedelta(days=9)
    )
    db.session.commit()
    north_run = db.session.scalar(select(SurveyRun).where(SurveyRun.cohort_id == north.id))
    for person, answers in zip(scene.mentees[:3], FIVE[:3], strict=True):
        submit(scene.run, scene.questions, person, **answers)
    for person, answers in zip(northern, FIVE[3:] + FIVE[:1], strict=True):
        submit(north_run, scene.questions, person, **answers)
    auth.login_as(scene.specialist)
    url = f"/admin/surveys/{scene.survey.id}/results"
    # 3 answers in each cohort and region: hidden; 6 in the school year and overall: shown.
    assert "3 answers in this group" in client.get(f"{url}?region=Central").get_data(as_text=True)
    assert "3 answers in this group" in client.get(f"{url}?cohort={north.id}").get_data(
        as_text=True
    )
    school_year = school_year_of(TODAY)
    shown = client.get(f"{url}?year={school_year}").get_data(as_text=True)
    assert "6 answers in this group" in shown and "<title>4: 3 answers</title>" in shown
    # The overview counts each region's answers in the year; neither has 5, so neither links.
    overview = client.get(f"{url}?region=Central").get_data(as_text=True)  # results hidden
    for region in ("Central", "Kansas City"):
        assert f"<td>{region}</td>" in overview
        assert f"region={region.replace(' ', '+')}" not in overview
    assert overview.count('<td class="text-end">3</td>') == 2
    # A region that does not exist is a message beside the field, not an error page.
    unknown = client.get(f"{url}?region=Atlantis")
    assert unknown.status_code == 400
    assert "Choose one of the options given." in unknown.get_data(as_text=True)


# Defining a survey and its bad input ----------------------------------------------------------


def test_a_specialist_defines_a_survey_and_gives_it_with_default_dates(client, auth, scene):
    auth.login_as(scene.specialist)
    response = client.post(
        "/admin/surveys/new",
        data={"title": "End of year two", "audience": "mentors", "program_year": "2"},
    )
    survey_id = int(response.headers["Location"].rsplit("/", 1)[1])
    # A question without text, and a choice question without choices: refused, nothing saved.
    blank = client.post(
        f"/admin/surveys/{survey_id}/questions/new", data={"text": " ", "kind": "scale"}
    )
    assert blank.status_code == 400 and "Enter the question." in blank.get_data(as_text=True)
    no_options = client.post(
        f"/admin/surveys/{survey_id}/questions/new",
        data={"text": "Which?", "kind": "single", "options": "Only one"},
    )
    assert "Give at least two choices, one per line." in no_options.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).where(SurveyQuestion.survey_id == survey_id)) == 0
    client.post(
        f"/admin/surveys/{survey_id}/questions/new",
        data={"text": "How was it?", "kind": "scale", "is_required": "y"},
    )
    client.post(
        f"/admin/surveys/{survey_id}/questions/new",
        data={"text": "What next?", "kind": "short_text"},
    )
    # Moving the second question up puts it first.
    second = db.session.scalar(select(SurveyQuestion).where(SurveyQuestion.text == "What next?"))
    client.post(f"/admin/surveys/{survey_id}/questions/{second.id}/move", data={"direction": "up"})
    order = db.session.scalars(
        select(SurveyQuestion.text)
        .where(SurveyQuestion.survey_id == survey_id)
        .order_by(SurveyQuestion.position)
    ).all()
    assert order == ["What next?", "How was it?"]

    # Closing before opening: refused beside the field.
    early = client.post(
        f"/admin/surveys/{survey_id}/give",
        data={
            "cohorts": [str(scene.cohort.id)],
            "opens_on": "2027-05-01",
            "closes_on": "2027-04-01",
        },
    )
    assert early.status_code == 400
    assert "The closing date cannot be before the opening date." in early.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).where(SurveyRun.survey_id == survey_id)) == 0
    # Dates left blank: program year 2 of a cohort starting July 1, START_YEAR opens with its
    # sign-off window: June 30 of START_YEAR + 2, less 59 days, is May 2; it closes June 30.
    client.post(f"/admin/surveys/{survey_id}/give", data={"cohorts": [str(scene.cohort.id)]})
    run = db.session.scalar(select(SurveyRun).where(SurveyRun.survey_id == survey_id))
    assert (run.opens_on, run.closes_on) == (
        date(START_YEAR + 2, 5, 2),
        date(START_YEAR + 2, 6, 30),
    )
    assert run.admin_token is None

    dates = client.post(
        f"/admin/surveys/runs/{run.id}/dates",
        data={"opens_on": "2030-05-10", "closes_on": "2030-05-09"},
    )
    assert "The closing date cannot be before the opening date." in dates.get_data(as_text=True)
    db.session.refresh(run)
    assert run.opens_on == date(START_YEAR + 2, 5, 2)


def test_after_the_first_answer_only_wording_can_change(client, auth, scene):
    submit(scene.run, scene.questions, scene.mentees[0])
    auth.login_as(scene.specialist)
    single = scene.questions[1]
    url = f"/admin/surveys/{scene.survey.id}/questions/{single.id}/edit"
    structural = client.post(
        url, data={"text": "Best format?", "kind": "single", "options": "In person\nVideo\nPhone"}
    )
    assert structural.status_code == 400
    assert "only the wording can be corrected" in structural.get_data(as_text=True)
    kind = client.post(url, data={"text": "Best format?", "kind": "short_text"})
    assert "only the wording can be corrected" in kind.get_data(as_text=True)
    added = client.post(
        f"/admin/surveys/{scene.survey.id}/questions/new", data={"text": "More?", "kind": "scale"}
    )
    assert "only the wording can be corrected" in added.get_data(as_text=True)
    removed = client.post(f"/admin/surveys/{scene.survey.id}/questions/{single.id}/delete")
    assert removed.status_code == 302
    db.session.expire_all()
    assert db.session.get(SurveyQuestion, single.id) is not None
    assert len(single.options) == 2 and single.kind == QuestionKind.SINGLE

    fixed = client.post(
        url,
        data={
            "text": "Which format suited you best?",
            "kind": "single",
            "options": "In person\nVideo call",
        },
    )
    assert fixed.status_code == 302
    db.session.refresh(single)
    assert single.text == "Which format suited you best?"
    assert single.options == ["In person", "Video call"]


def test_an_exit_survey_needs_no_program_year_and_others_need_one(client, auth, scene):
    auth.login_as(scene.specialist)
    missing = client.post(
        "/admin/surveys/new", data={"title": "Mentors", "audience": "mentors", "program_year": ""}
    )
    assert "Choose the program year this survey is about." in missing.get_data(as_text=True)
    exit_with_year = client.post(
        "/admin/surveys/new", data={"title": "Exit", "audience": "exit", "program_year": "1"}
    )
    assert "An exit survey has no program year" in exit_with_year.get_data(as_text=True)


def test_operations_refuse_choice_questions_without_choices(scene):
    with pytest.raises(MentoringError, match="at least two choices"):
        operations.add_question(scene.survey, None, QuestionKind.MULTIPLE, "Which?", [], False)


# Emails ---------------------------------------------------------------------------------------


def _send(runner, day: date) -> str:
    result = runner.invoke(args=["surveys", "send", "--today", day.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def test_emails_go_when_a_survey_opens_then_weekly_until_answered(runner, outbox, scene):
    opens = TODAY - timedelta(days=1)
    assert "6 opening email(s), 0 weekly reminder(s)" in _send(runner, opens)
    assert sorted(message.to[0] for message in outbox) == sorted(m.email for m in scene.mentees)
    assert link_from(outbox[0], "/surveys/") == f"/surveys/{scene.run.id}"
    # The same day again, and the next six days: nothing.
    for later in range(0, 7):
        assert "0 opening email(s), 0 weekly reminder(s)" in _send(
            runner, opens + timedelta(days=later)
        )
    assert len(outbox) == 6
    # Two answer; a week after the first email the other four are reminded, once.
    submit(scene.run, scene.questions, scene.mentees[0])
    submit(scene.run, scene.questions, scene.mentees[1])
    assert "0 opening email(s), 4 weekly reminder(s)" in _send(runner, opens + timedelta(days=7))
    reminded = sorted(message.to[0] for message in outbox[6:])
    assert reminded == sorted(m.email for m in scene.mentees[2:])
    assert all(message.subject.startswith("Reminder:") for message in outbox[6:])
    assert "0 opening email(s), 0 weekly reminder(s)" in _send(runner, opens + timedelta(days=8))
    # After it closes, nobody hears of it again.
    assert "0 opening" in _send(runner, scene.run.closes_on + timedelta(days=7))
    assert len(outbox) == 10


def test_a_survey_of_mentors_goes_to_the_cohorts_mentors_only(runner, outbox, scene):
    make_survey(scene.cohort, SurveyAudience.MENTORS)
    _send(runner, TODAY)
    to_mentor = [message for message in outbox if message.to == [scene.mentor.email]]
    assert len(to_mentor) == 1
    assert len(outbox) == 7  # the mentor, and the six mentees of the mentees' survey


def test_an_exit_survey_goes_to_a_mentee_who_withdraws(client, auth, outbox, scene):
    survey, questions, run = make_survey(
        scene.cohort, SurveyAudience.EXIT, opens_on=date(START_YEAR, 7, 1)
    )
    auth.login_as(scene.specialist)
    leaving = scene.enrollments[0]
    client.post(
        f"/admin/enrollments/{leaving.id}/withdraw",
        data={"reason": "Moved away", "withdrawn_on": TODAY.isoformat()},
    )
    exit_mails = [message for message in outbox if message.to == [scene.mentees[0].email]]
    assert len(exit_mails) == 1
    assert link_from(exit_mails[0], "/surveys/") == f"/surveys/{run.id}"
    auth.logout()
    auth.login_as(scene.mentees[0])
    assert "waiting for your answers" in client.get("/").get_data(as_text=True)
    answered = client.post(f"/surveys/{run.id}", data=answer_form(questions))
    assert "are saved" in answered.get_data(as_text=True)
    # The cron does not send exit surveys, and mentees still enrolled are not asked.
    outbox.clear()
    _send_runner = client.application.test_cli_runner()
    _send(_send_runner, TODAY + timedelta(days=8))
    assert all("exit" not in message.body.lower() for message in outbox)
    auth.logout()
    auth.login_as(scene.mentees[1])
    assert client.get(f"/surveys/{run.id}").status_code == 404


def test_an_unanswered_exit_survey_is_reminded_weekly_like_the_others(runner, outbox, scene):
    survey, questions, run = make_survey(
        scene.cohort, SurveyAudience.EXIT, opens_on=date(START_YEAR, 7, 1)
    )
    cohort_operations.withdraw(scene.enrollments[0], None, "Moved away", TODAY)
    db.session.commit()
    leaving = scene.mentees[0].email
    assert [message.to for message in outbox] == [[leaving]]  # the invitation, on withdrawal

    def about_exit(message) -> bool:
        return link_from(message, "/surveys/") == f"/surveys/{run.id}"

    def exit_mails() -> list:
        return [m for m in outbox if about_exit(m)]

    # Six days later: not yet. A week after the invitation: one reminder; the next day: none.
    _send(runner, TODAY + timedelta(days=6))
    assert len(exit_mails()) == 1
    assert "1 weekly reminder(s)" in _send(runner, TODAY + timedelta(days=7))
    assert exit_mails()[-1].subject == f"Reminder: {survey.title}"
    assert exit_mails()[-1].to == [leaving]
    _send(runner, TODAY + timedelta(days=8))
    assert len(exit_mails()) == 2
    # Once answered, no more; mentees still enrolled never hear of the exit survey.
    submit(run, questions, scene.mentees[0])
    _send(runner, TODAY + timedelta(days=14))
    assert len(exit_mails()) == 2
    assert {message.to[0] for message in exit_mails()} == {leaving}


def test_no_exit_survey_no_email_on_withdrawal(outbox, scene):
    cohort_operations.withdraw(scene.enrollments[0], None, "Moved away", TODAY)
    db.session.commit()
    assert outbox == []
