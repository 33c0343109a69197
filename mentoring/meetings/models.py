"""Logged PLC-group and one-on-one meetings, with the attendance of each mentee."""

import enum
from datetime import date, datetime, timedelta

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.core import localtime
from mentoring.core.models import TimestampMixin, UTCDateTime, enum_column, utcnow
from mentoring.extensions import db

MIN_MINUTES, MAX_MINUTES = 15, 480
EDIT_WINDOW_DAYS = 30  # a mentor may change their own entry for this long; then only specialists


class MeetingFormat(enum.StrEnum):
    IN_PERSON = "in_person"
    VIRTUAL = "virtual"
    PHONE = "phone"

    @property
    def label(self) -> str:
        return {"in_person": "In person", "virtual": "Virtual", "phone": "Phone"}[self]


class MeetingKind(enum.StrEnum):
    PLC_GROUP = "plc_group"
    ONE_ON_ONE = "one_on_one"

    @property
    def label(self) -> str:
        return {"plc_group": "PLC group", "one_on_one": "One-on-one"}[self]


class Topic(enum.StrEnum):
    """Topics aligned to the program's three goals."""

    COUNSELING_SKILLS = "counseling_skills"
    COMPREHENSIVE_PROGRAM = "comprehensive_program"
    ADMINISTRATIVE_CULTURE = "administrative_culture"
    ETHICS = "ethics"
    STUDENT_SUPPORT = "student_support"
    COLLABORATION = "collaboration"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "counseling_skills": "Counseling skills",
            "comprehensive_program": "The comprehensive school counseling program",
            "administrative_culture": "Administrative culture and responsibilities",
            "ethics": "Ethics and confidentiality",
            "student_support": "Student support",
            "collaboration": "Collaboration and reflection",
            "other": "Other",
        }[self]


class Meeting(TimestampMixin, db.Model):
    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint(
            f"duration_minutes BETWEEN {MIN_MINUTES} AND {MAX_MINUTES}", name="duration_range"
        ),
        CheckConstraint("program_year IN (1, 2)", name="program_year_1_or_2"),
        Index("ix_meetings_plc_group_id_held_on", "plc_group_id", "held_on"),
        # The progress report's meetings per month of the school year, program-wide: a range.
        Index("ix_meetings_held_on", "held_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plc_group_id: Mapped[int] = mapped_column(
        ForeignKey("plc_groups.id", ondelete="CASCADE"), nullable=False
    )
    logged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    held_on: Mapped[date] = mapped_column(Date, nullable=False)
    program_year: Mapped[int] = mapped_column(nullable=False)
    duration_minutes: Mapped[int] = mapped_column(nullable=False)
    format: Mapped[MeetingFormat] = mapped_column(
        enum_column(MeetingFormat, "meeting_format"), nullable=False
    )
    kind: Mapped[MeetingKind] = mapped_column(
        enum_column(MeetingKind, "meeting_kind"), nullable=False
    )
    topics: Mapped[str] = mapped_column(String(200), nullable=False)  # comma-separated Topic codes
    # The month's PLC curriculum topic the meeting covered, if any (mentoring/curriculum).
    curriculum_month_id: Mapped[int | None] = mapped_column(
        ForeignKey("curriculum_months.id", ondelete="SET NULL"), nullable=True, index=True
    )
    focus: Mapped[str] = mapped_column(Text, nullable=False)
    next_steps: Mapped[str] = mapped_column(Text, nullable=False)
    next_meeting_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Visible only to the mentor who wrote them and to specialists.
    private_notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    # One random token per rendered form: a double submit finds the meeting it already made.
    submission_token: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, onupdate=utcnow)

    attendance: Mapped[list["MeetingAttendance"]] = relationship(
        back_populates="meeting", lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def editable_until(self) -> date:
        """The last day its group's mentor may change or delete it; after that, specialists."""
        logged_on = self.created_at.astimezone(localtime.zone()).date()
        return logged_on + timedelta(days=EDIT_WINDOW_DAYS)

    def __repr__(self) -> str:
        return f"<Meeting {self.id} group={self.plc_group_id} {self.held_on}>"


class MeetingAttendance(db.Model):
    """One row per mentee who attended a meeting."""

    __tablename__ = "meeting_attendance"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("enrollments.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    meeting: Mapped[Meeting] = relationship(back_populates="attendance", lazy="raise")

    def __repr__(self) -> str:
        return f"<MeetingAttendance meeting={self.meeting_id} enrollment={self.enrollment_id}>"
