"""Year sign-offs, sent reminders and the year tallies (requirements: cohorts/requirements.py)."""

import enum
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.core.models import TimestampMixin, UTCDateTime, enum_column, utcnow
from mentoring.extensions import db


class YearSignOff(TimestampMixin, db.Model):
    """The mentor's end-of-year confirmation for one mentee's program year."""

    __tablename__ = "year_sign_offs"
    __table_args__ = (
        UniqueConstraint("enrollment_id", "program_year"),
        CheckConstraint("program_year IN (1, 2)", name="program_year_1_or_2"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("enrollments.id", ondelete="CASCADE"), nullable=False
    )
    program_year: Mapped[int] = mapped_column(nullable=False)
    met: Mapped[bool] = mapped_column(nullable=False)
    # Visible to the mentee and to specialists.
    comment: Mapped[str] = mapped_column(String(1000), nullable=False)
    # Indexed: the mentor activity report counts a page of mentors' sign-offs.
    signed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    # Required when a specialist signs off in the mentor's place.
    on_behalf_reason: Mapped[str | None] = mapped_column(String(1000), nullable=True)

    def __repr__(self) -> str:
        return f"<YearSignOff enrollment={self.enrollment_id} year={self.program_year} {self.met}>"


class ReminderKind(enum.StrEnum):
    MENTOR_NO_MEETING = "mentor_no_meeting"
    MENTEE_NO_REFLECTION = "mentee_no_reflection"


class SentReminder(db.Model):
    """A reminder email sent, so that nobody gets the same one more than once a week."""

    __tablename__ = "sent_reminders"
    __table_args__ = (Index("ix_sent_reminders_user_id_sent_at", "user_id", "sent_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[ReminderKind] = mapped_column(
        enum_column(ReminderKind, "reminder_kind"), nullable=False
    )
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    summary: Mapped[str] = mapped_column(String(300), nullable=False)

    def __repr__(self) -> str:
        return f"<SentReminder {self.kind} user={self.user_id} {self.sent_at:%Y-%m-%d}>"


class YearTally(db.Model):
    """What one enrollment has done in one program year, counted from meetings and reflections.

    progress/tallies.py keeps it current in the same transaction as every change to attendance
    or reflections, so the dashboards read one row per mentee and year instead of aggregating
    every attendance row of the program on each visit. It can always be rebuilt from the
    source tables.
    """

    __tablename__ = "year_tallies"
    # The figures counted from the source rows, in the order the recount writes them.
    FIGURES = (
        "meetings",
        "contact_minutes",
        "reflections",
        "last_meeting_on",
        "experiences",
        "plan_agreed",
    )
    __table_args__ = (
        CheckConstraint("program_year IN (1, 2)", name="program_year_1_or_2"),
        # The at-risk list: a range scan of the rows at risk by today.
        Index("ix_year_tallies_at_risk_from", "at_risk_from"),
    )

    enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("enrollments.id", ondelete="CASCADE"), primary_key=True
    )
    program_year: Mapped[int] = mapped_column(primary_key=True)
    meetings: Mapped[int] = mapped_column(nullable=False)
    contact_minutes: Mapped[int] = mapped_column(nullable=False)
    reflections: Mapped[int] = mapped_column(nullable=False)
    last_meeting_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Essential experiences ticked off for this year, and 1 when the year's plan is agreed.
    experiences: Mapped[int] = mapped_column(nullable=False, default=0, server_default="0")
    plan_agreed: Mapped[int] = mapped_column(nullable=False, default=0, server_default="0")
    # Kept with the counts, in the same recount (tallies.kept_status): the first day the year is
    # at risk under the status rule (progress/queries.py, year_columns) unless it is complete,
    # None when it never is (a carried year 1); and whether every minimum (and the plan, where
    # required) is met, so that only the sign-off makes the year complete. The rule is monotone
    # in the date, so the year is at risk on a day d exactly when at_risk_from <= d (d capped
    # at a withdrawal) and it is not complete: the sign-off and the withdrawal are read live.
    at_risk_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    minimums_met: Mapped[bool] = mapped_column(
        nullable=False, default=False, server_default=false()
    )

    def __repr__(self) -> str:
        return (
            f"<YearTally enrollment={self.enrollment_id} year={self.program_year} "
            f"{self.meetings} meetings, {self.contact_minutes} min, {self.reflections} reflections>"
        )


class GroupAttendee(db.Model):
    """Who attended each PLC group's meetings in each program year: one row per group, program
    year and enrollment that attended at least one of them.

    Kept with the year tallies, in the same recount (progress/tallies.py), so that the mentor
    activity report's "mentees served" counts a few rows per group and year instead of every
    attendance row of the mentor's history. It can always be rebuilt from the source tables.
    """

    __tablename__ = "group_attendees"
    __table_args__ = (CheckConstraint("program_year IN (1, 2)", name="program_year_1_or_2"),)

    plc_group_id: Mapped[int] = mapped_column(
        ForeignKey("plc_groups.id", ondelete="CASCADE"), primary_key=True
    )
    program_year: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("enrollments.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    def __repr__(self) -> str:
        return (
            f"<GroupAttendee group={self.plc_group_id} year={self.program_year} "
            f"enrollment={self.enrollment_id}>"
        )
