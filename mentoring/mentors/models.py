"""Mentor applications and the profiles of vetted mentors."""

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.core.choices import GradeLevel, parse_grade_levels
from mentoring.core.models import TimestampMixin, UTCDateTime, enum_column, utcnow
from mentoring.extensions import db

if TYPE_CHECKING:
    from mentoring.users.models import User

DEFAULT_CAPACITY = 4
MIN_YEARS_EXPERIENCE = 3


class ApplicationStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class MentorApplication(db.Model):
    """A practising counselor's request to become a mentor, and the specialist's decision."""

    __tablename__ = "mentor_applications"
    __table_args__ = (
        # One application per email waits for a decision at a time, even under a double submit.
        Index(
            "uq_mentor_applications_open_email",
            "email",
            unique=True,
            sqlite_where=text("status = 'submitted'"),
            postgresql_where=text("status = 'submitted'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    district: Mapped[str] = mapped_column(String(120), nullable=False)
    school: Mapped[str] = mapped_column(String(120), nullable=False)
    grade_levels: Mapped[str] = mapped_column(String(32), nullable=False)
    region: Mapped[str] = mapped_column(String(64), nullable=False)
    years_experience: Mapped[int] = mapped_column(nullable=False)
    association_number: Mapped[str] = mapped_column(String(40), nullable=False)
    association_expires_on: Mapped[date] = mapped_column(Date, nullable=False)
    holds_career_certificate: Mapped[bool] = mapped_column(nullable=False)
    statement: Mapped[str] = mapped_column(Text, nullable=False)
    reference1_name: Mapped[str] = mapped_column(String(120), nullable=False)
    reference1_email: Mapped[str] = mapped_column(String(254), nullable=False)
    reference2_name: Mapped[str] = mapped_column(String(120), nullable=False)
    reference2_email: Mapped[str] = mapped_column(String(254), nullable=False)
    commits_two_years: Mapped[bool] = mapped_column(nullable=False)

    status: Mapped[ApplicationStatus] = mapped_column(
        enum_column(ApplicationStatus, "application_status"),
        default=ApplicationStatus.SUBMITTED,
        nullable=False,
        index=True,
    )
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    decision_note: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    # Required when approving although an eligibility rule is not met.
    override_reason: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    decided_by: Mapped["User | None"] = relationship(foreign_keys=[decided_by_id], lazy="raise")
    user: Mapped["User | None"] = relationship(foreign_keys=[user_id], lazy="raise")

    @property
    def grade_level_set(self) -> frozenset[GradeLevel]:
        return parse_grade_levels(self.grade_levels)

    def __repr__(self) -> str:
        return f"<MentorApplication {self.id} {self.email} {self.status}>"


class MentorProfile(TimestampMixin, db.Model):
    """A vetted mentor: where they work, whom they can mentor, and how many."""

    __tablename__ = "mentor_profiles"
    __table_args__ = (CheckConstraint("capacity BETWEEN 1 AND 30", name="capacity_range"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    district: Mapped[str] = mapped_column(String(120), nullable=False)
    school: Mapped[str] = mapped_column(String(120), nullable=False)
    region: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    grade_levels: Mapped[str] = mapped_column(String(32), nullable=False)
    capacity: Mapped[int] = mapped_column(default=DEFAULT_CAPACITY, nullable=False)
    years_experience: Mapped[int] = mapped_column(nullable=False)
    association_number: Mapped[str] = mapped_column(String(40), nullable=False)
    association_expires_on: Mapped[date] = mapped_column(Date, nullable=False)
    holds_career_certificate: Mapped[bool] = mapped_column(default=False, nullable=False)
    vetting_approved_on: Mapped[date] = mapped_column(Date, nullable=False)
    # A mentor may be approved before regional training, but not assigned until it is recorded.
    training_completed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    retired_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    user: Mapped["User"] = relationship(lazy="joined", innerjoin=True)

    @property
    def grade_level_set(self) -> frozenset[GradeLevel]:
        return parse_grade_levels(self.grade_levels)

    def membership_lapsed(self, today: date) -> bool:
        return self.association_expires_on < today

    def assignment_problem(self) -> str | None:
        """Why mentees cannot be assigned to this mentor, or None if they can.

        A lapsed membership is flagged on the mentors list, not a bar to assignment.
        """
        if self.retired_on is not None:
            return f"{self.user.name} is retired as a mentor."
        if not self.user.is_active:
            return f"{self.user.name}'s account is deactivated."
        if self.training_completed_on is None:
            return f"{self.user.name} has not completed regional mentor training yet."
        return None

    def __repr__(self) -> str:
        return f"<MentorProfile user={self.user_id} capacity={self.capacity}>"


# Trainings -------------------------------------------------------------------------------------

MIN_TRAINING_MINUTES, MAX_TRAINING_MINUTES = 15, 40 * 60


class TrainingKind(enum.StrEnum):
    REGIONAL_TRAINING = "regional_training"
    MENTOR_FORUM = "mentor_forum"

    @property
    def label(self) -> str:
        return {"regional_training": "Regional training", "mentor_forum": "Mentor forum"}[self]


class TrainingEvent(TimestampMixin, db.Model):
    """A regional mentor training or a mentor forum; specialists record who attended."""

    __tablename__ = "training_events"
    __table_args__ = (
        CheckConstraint(
            f"minutes BETWEEN {MIN_TRAINING_MINUTES} AND {MAX_TRAINING_MINUTES}",
            name="minutes_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[TrainingKind] = mapped_column(
        enum_column(TrainingKind, "training_kind"), nullable=False
    )
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    held_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    region: Mapped[str] = mapped_column(String(64), nullable=False)
    minutes: Mapped[int] = mapped_column(nullable=False)

    def __repr__(self) -> str:
        return f"<TrainingEvent {self.id} {self.kind} {self.held_on}>"


class TrainingAttendance(db.Model):
    """One mentor who attended one training event."""

    __tablename__ = "training_attendance"

    training_event_id: Mapped[int] = mapped_column(
        ForeignKey("training_events.id", ondelete="CASCADE"), primary_key=True
    )
    mentor_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    def __repr__(self) -> str:
        return f"<TrainingAttendance training={self.training_event_id} mentor={self.mentor_id}>"
