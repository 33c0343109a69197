"""The kept counts (survey_answer_counts, surveys/counts.py) say what counting the answers says:
recounted with every response, rebuilt the same from the answers, and the results add them up;
the text answers shown stop at their limit in each question, sorted."""

import pytest
from sqlalchemy import func, select

from mentoring.extensions import db
from mentoring.surveys import counts, operations, queries
from mentoring.surveys.models import (
    QuestionKind,
    SurveyAnswer,
    SurveyAnswerCount,
    SurveyResponse,
    SurveyRun,
)
from mentoring.users.models import User
from tests.concurrency import a_then_b

# Six people's answers to make_survey's four questions and a second text question.
SIX = [
    (5, 0, [0, 2], "Zebra crossing", "More video"),
    (4, 1, [1], "Busy but fine", ""),
    (4, 0, [], "", "Fewer forms"),
    (2, None, [0], "Mentors listened", "Apples"),
    (4, 0, [0, 1, 2], "Apples", "Longer sessions"),
    (1, 1, [2], "Calm", "Apples"),
]


def _kept() -> dict[tuple, int]:
    return {
        (row.run_id, row.question_id, row.choice): row.answers
        for row in db.session.scalars(select(SurveyAnswerCount))
    }


def _counted() -> dict[tuple, int]:
    """Every answer counted, as the kept counts say it."""
    rows = db.session.execute(
        select(SurveyResponse.run_id, SurveyAnswer.question_id, SurveyAnswer.choice, func.count())
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .group_by(SurveyResponse.run_id, SurveyAnswer.question_id, SurveyAnswer.choice)
    ).all()
    return {(run, question, choice): n for run, question, choice, n in rows}


def test_the_counts_are_kept_with_each_response_and_rebuilt_the_same(scene, runner):
    scale, single, several, text = scene.questions
    second = operations.add_question(
        scene.survey, None, QuestionKind.LONG_TEXT, "What would you change?", [], False
    )
    db.session.commit()
    for person, (point, one, ticked, said, change) in zip(scene.mentees, SIX, strict=True):
        answers = {scale.id: point, single.id: one, several.id: ticked, text.id: said}
        operations.submit(scene.run, answers | {second.id: change}, person)
        db.session.commit()
        assert _kept() == _counted()

    run = scene.run.id
    kept = _kept()
    # By hand from SIX: the scale's 4 three times; "Ethics" (0) ticked three times; text
    # answers counted under no choice (five of the first text question, five of the second).
    assert kept[(run, scale.id, 4)] == 3 and kept[(run, scale.id, 1)] == 1
    assert kept[(run, single.id, 0)] == 3 and kept[(run, single.id, 1)] == 2
    assert (kept[(run, several.id, 0)], kept[(run, several.id, 2)]) == (3, 3)
    assert (kept[(run, text.id, None)], kept[(run, second.id, None)]) == (5, 5)

    found = queries.results(scene.survey.id, queries.Filters(), texts_per_question=2)
    by_text = {result.question.id: result for result in found.questions}
    assert found.answers == 6
    assert by_text[text.id].texts == ["Apples", "Busy but fine"]
    assert by_text[second.id].texts == ["Apples", "Apples"]
    assert (by_text[text.id].text_total, by_text[second.id].text_total) == (5, 5)
    assert dict(by_text[scale.id].counts) == {"1": 1, "2": 1, "3": 0, "4": 3, "5": 1}
    everything = queries.results(scene.survey.id, queries.Filters(), texts_per_question=None)
    assert [r.texts for r in everything.questions if r.question.id == second.id] == [
        ["Apples", "Apples", "Fewer forms", "Longer sessions", "More video"]
    ]

    # Rows lost or wrong (a hand-made fix, a restore): the command recounts them all.
    db.session.execute(SurveyAnswerCount.__table__.delete())
    db.session.commit()
    result = runner.invoke(args=["surveys", "recount"])
    assert result.exit_code == 0, result.output
    assert f"Recounted {len(kept)} survey answer counts." in result.output
    assert _kept() == kept
    assert counts.rebuild_all() == len(kept)


def test_two_responses_at_the_same_moment_are_both_counted(app, scene):
    """A stores its response and holds its transaction; B stores its own and waits on the run's
    row to recount, then counts A's answers with its own (PostgreSQL: two connections)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks between two connections are tested on PostgreSQL")
    run_id, mentee_ids = scene.run.id, [mentee.id for mentee in scene.mentees[:2]]
    scale = scene.questions[0].id
    db.session.remove()

    def respond(index: int) -> None:
        # B recounts while A's answers are not committed yet.
        run = db.session.get(SurveyRun, run_id)
        operations.submit(run, {scale: 4}, db.session.get(User, mentee_ids[index]))

    assert a_then_b(app, respond) == [None, None]
    assert _kept() == _counted() == {(run_id, scale, 4): 2}
