"""Keeping survey_answer_counts true: each run's counts are recounted from its answers in the
same transaction as every response stored (operations.submit), and rebuild_all() restores every
row from the answers after a bulk load. Recounting a run (rather than adding one) keeps the
rule in one statement, which the migration that made the table runs too.
"""

from sqlalchemy import ColumnElement, Insert, delete, func, insert, select, true

from mentoring.extensions import db
from mentoring.surveys.models import SurveyAnswer, SurveyAnswerCount, SurveyResponse, SurveyRun


def counts_insert(run_where: ColumnElement[bool]) -> Insert:
    """INSERT of the counts of the runs whose responses match run_where (over
    SurveyResponse.run_id): per run, question and choice (None: the text answers)."""
    counted = (
        select(
            SurveyResponse.run_id,
            SurveyAnswer.question_id,
            SurveyAnswer.choice,
            func.count().label("answers"),
        )
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(run_where)
        .group_by(SurveyResponse.run_id, SurveyAnswer.question_id, SurveyAnswer.choice)
    )
    return insert(SurveyAnswerCount).from_select(
        ["run_id", "question_id", "choice", "answers"], counted
    )


def recount(run_id: int) -> None:
    """Recount one run's answers (call after flushing a response). Two responses to the same
    run queue on the run's row (FOR NO KEY UPDATE: each already holds a KEY SHARE lock on it,
    through its response's foreign key), so the second recounts with the first one's answers
    committed."""
    db.session.flush()
    db.session.execute(
        select(SurveyRun.id).where(SurveyRun.id == run_id).with_for_update(key_share=True)
    )
    db.session.execute(delete(SurveyAnswerCount).where(SurveyAnswerCount.run_id == run_id))
    db.session.execute(counts_insert(SurveyResponse.run_id == run_id))


def rebuild_all() -> int:
    """Recount every run's answers (after a bulk load); returns the number of count rows."""
    db.session.execute(delete(SurveyAnswerCount))
    db.session.execute(counts_insert(true()))
    return db.session.scalar(select(func.count()).select_from(SurveyAnswerCount))
