"""The individual mentoring plan: one per enrollment and program year, its goals (each tied to
one of the program's three goals) and the progress notes on them.

Confidential like a reflection: only the mentee and their current mentor read its text.
"""

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.core.models import TimestampMixin, UTCDateTime, enum_column, utcnow
from mentoring.extensions import db


class ProgramGoal(enum.StrEnum):
    """The program's three goals."""

    GROWTH = "growth"
    PROGRAM = "program"
    COHORT = "cohort"

    @property
    def label(self) -> str:
        return {
            "growth": "Professional growth through skill development, collaboration and reflection",
            "program": "The responsibilities and administrative culture of a comprehensive school "
            "counseling program",
            "cohort": "Supporting students and building a cohort of peers",
        }[self]


class PlanStatus(enum.StrEnum):
    DRAFT = "draft"
    AGREED = "agreed"

    @property
    def label(self) -> str:
        return {"draft": "Draft", "agreed": "Agreed"}[self]


class MentoringPlan(TimestampMixin, db.Model):
    __tablename__ = "mentoring_plans"
    __table_args__ = (
        UniqueConstraint("enrollment_id", "program_year"),
        CheckConstraint("program_year IN (1, 2)", name="program_year_1_or_2"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("enrollments.id", ondelete="CASCADE"), nullable=False
    )
    program_year: Mapped[int] = mapped_column(nullable=False)
    status: Mapped[PlanStatus] = mapped_column(
        enum_column(PlanStatus, "plan_status"), nullable=False, default=PlanStatus.DRAFT
    )
    mentor_comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    agreed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, onupdate=utcnow)

    def __repr__(self) -> str:  # never the text
        return f"<MentoringPlan {self.id} enrollment={self.enrollment_id} y{self.program_year}>"


class PlanGoal(TimestampMixin, db.Model):
    __tablename__ = "plan_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("mentoring_plans.id", ondelete="CASCADE"), nullable=False, index=True
    )
    program_goal: Mapped[ProgramGoal] = mapped_column(
        enum_column(ProgramGoal, "program_goal"), nullable=False
    )
    goal: Mapped[str] = mapped_column(Text, nullable=False)
    actions: Mapped[str] = mapped_column(Text, nullable=False)
    target_on: Mapped[date] = mapped_column(Date, nullable=False)
    # The day the pair marked the goal reached (None while it is not).
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    def __repr__(self) -> str:
        return f"<PlanGoal {self.id} plan={self.plan_id}>"


class GoalProgress(TimestampMixin, db.Model):
    """A progress note on a goal, by the mentee or the mentor."""

    __tablename__ = "goal_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(
        ForeignKey("plan_goals.id", ondelete="CASCADE"), nullable=False, index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    note: Mapped[str] = mapped_column(Text, nullable=False)

    def __repr__(self) -> str:
        return f"<GoalProgress {self.id} goal={self.goal_id}>"


class ExperienceDone(TimestampMixin, db.Model):
    """An essential experience of the mentee's cohort that their mentor ticked off, with the day
    it happened and an optional note (confidential like the plan's text)."""

    __tablename__ = "experiences_done"
    __table_args__ = (UniqueConstraint("enrollment_id", "experience_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("enrollments.id", ondelete="CASCADE"), nullable=False
    )
    experience_id: Mapped[int] = mapped_column(
        ForeignKey("essential_experiences.id", ondelete="CASCADE"), nullable=False, index=True
    )
    done_on: Mapped[date] = mapped_column(Date, nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    ticked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    def __repr__(self) -> str:  # never the note
        return f"<ExperienceDone {self.id} enrollment={self.enrollment_id} {self.experience_id}>"
