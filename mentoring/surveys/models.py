"""Surveys, their questions, their runs in cohorts, and the anonymous answers.

Anonymity is kept by the shape of the tables. A response and its answers carry no person, no
time and no sequential id (random UUIDs), so neither their order nor their ids say who answered
or when. Who has answered is kept apart, in survey_participations, with no response id and no
time either: it only says "this person answered this run", so each person answers once and
reminders stop.
"""

import enum
import uuid
from datetime import date

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.core.models import TimestampMixin, enum_column
from mentoring.extensions import db

# Results of a group with fewer answers than this are never shown or exported.
MIN_ANSWERS_SHOWN = 5


class SurveyAudience(enum.StrEnum):
    MENTEES = "mentees"
    MENTORS = "mentors"
    ADMINISTRATORS = "administrators"
    EXIT = "exit"  # mentees who withdraw: the exit survey

    @property
    def label(self) -> str:
        return {
            "mentees": "Mentees",
            "mentors": "Mentors",
            "administrators": "Administrators (through a link)",
            "exit": "Mentees who withdraw (exit survey)",
        }[self]

    @property
    def has_program_year(self) -> bool:
        return self is not SurveyAudience.EXIT


class QuestionKind(enum.StrEnum):
    SCALE = "scale"
    SINGLE = "single"
    MULTIPLE = "multiple"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"

    @property
    def label(self) -> str:
        return {
            "scale": "Scale from 1 to 5",
            "single": "One choice",
            "multiple": "Several choices",
            "short_text": "Short text",
            "long_text": "Long text",
        }[self]

    @property
    def has_options(self) -> bool:
        return self in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)

    @property
    def is_text(self) -> bool:
        return self in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)


SCALE_POINTS = (1, 2, 3, 4, 5)


def _uuid() -> str:
    return uuid.uuid4().hex


class Survey(TimestampMixin, db.Model):
    """A program-wide survey: its audience, its program year and its questions."""

    __tablename__ = "surveys"
    __table_args__ = (
        CheckConstraint(
            "(audience = 'exit' AND program_year IS NULL) OR "
            "(audience <> 'exit' AND program_year IS NOT NULL AND program_year IN (1, 2))",
            name="program_year_unless_exit",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    audience: Mapped[SurveyAudience] = mapped_column(
        enum_column(SurveyAudience, "survey_audience"), nullable=False
    )
    program_year: Mapped[int | None] = mapped_column(nullable=True)

    def __repr__(self) -> str:
        return f"<Survey {self.id} {self.title!r} {self.audience}>"


class SurveyQuestion(db.Model):
    """One question of a survey, at its place in the order."""

    __tablename__ = "survey_questions"
    __table_args__ = (UniqueConstraint("survey_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(nullable=False)
    kind: Mapped[QuestionKind] = mapped_column(
        enum_column(QuestionKind, "question_kind"), nullable=False
    )
    text: Mapped[str] = mapped_column(String(500), nullable=False)
    # The choices of a one- or several-choice question, in order; an answer stores the index.
    options: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    is_required: Mapped[bool] = mapped_column(default=False, nullable=False)

    def __repr__(self) -> str:
        return f"<SurveyQuestion {self.id} survey={self.survey_id} {self.kind}>"


class SurveyRun(TimestampMixin, db.Model):
    """A survey given in one cohort, between two dates (the copy a cohort gets)."""

    __tablename__ = "survey_runs"
    __table_args__ = (
        UniqueConstraint("survey_id", "cohort_id"),
        CheckConstraint("closes_on >= opens_on", name="closes_after_opening"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE"), nullable=False, index=True
    )
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    opens_on: Mapped[date] = mapped_column(Date, nullable=False)
    closes_on: Mapped[date] = mapped_column(Date, nullable=False)
    # The school year (its July 1 year) the run opens in: results are grouped by it.
    school_year: Mapped[int] = mapped_column(nullable=False, index=True)
    # Administrators answer through this link's token (192 random bits); other audiences: None.
    admin_token: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today <= self.closes_on

    def __repr__(self) -> str:
        return f"<SurveyRun {self.id} survey={self.survey_id} cohort={self.cohort_id}>"


class SurveyParticipation(db.Model):
    """That a person answered a run (or was emailed about it): never which response is theirs.

    No timestamp: a time of answering could be matched with a response's.
    """

    __tablename__ = "survey_participations"
    __table_args__ = (UniqueConstraint("run_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("survey_runs.id", ondelete="CASCADE"), nullable=False
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    has_answered: Mapped[bool] = mapped_column(default=False, nullable=False)
    # The day of the last email about this run (the opening notice or a weekly reminder).
    emailed_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    def __repr__(self) -> str:
        return f"<SurveyParticipation run={self.run_id} user={self.user_id}>"


class SurveyResponse(db.Model):
    """One anonymous set of answers to a run: no person, no time, a random id."""

    __tablename__ = "survey_responses"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_uuid)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("survey_runs.id", ondelete="CASCADE"), nullable=False, index=True
    )

    def __repr__(self) -> str:
        return f"<SurveyResponse {self.id} run={self.run_id}>"


class SurveyAnswer(db.Model):
    """One answer of a response: a scale point or a choice's index, or text.

    A several-choice question gives one row per choice ticked.
    """

    __tablename__ = "survey_answers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_uuid)
    response_id: Mapped[str] = mapped_column(
        ForeignKey("survey_responses.id", ondelete="CASCADE"), nullable=False, index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_questions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    choice: Mapped[int | None] = mapped_column(nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)

    def __repr__(self) -> str:
        return f"<SurveyAnswer question={self.question_id}>"


class SurveyAnswerCount(db.Model):
    """How many of a run's answers gave each choice of a question (choice None: how many text
    answers it has), kept by surveys/counts.py whenever a response is stored, so the results
    add a few rows per run instead of counting every answer. Counts only: no person, no time."""

    __tablename__ = "survey_answer_counts"
    __table_args__ = (Index("ix_survey_answer_counts_run_question", "run_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("survey_runs.id", ondelete="CASCADE"), nullable=False
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_questions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    choice: Mapped[int | None] = mapped_column(nullable=True)
    answers: Mapped[int] = mapped_column(nullable=False)

    def __repr__(self) -> str:
        return f"<SurveyAnswerCount run={self.run_id} question={self.question_id} {self.answers}>"
