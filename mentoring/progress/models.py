"""Requirements (the defaults, and the columns each cohort copies), year sign-offs, reminders."""

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.core.localtime import day_in_school_year
from mentoring.core.models import TimestampMixin, UTCDateTime, enum_column, utcnow
from mentoring.extensions import db

DEFAULT_MIN_MEETINGS = 8
DEFAULT_MIN_CONTACT_MINUTES = 12 * 60
DEFAULT_MIN_REFLECTIONS = 4
DEFAULT_AT_RISK_DAYS = 45
# The plan requirement is off (month 0) and no essential experience is required by default, so
# a cohort behaves as before until a specialist sets them.
DEFAULT_MIN_EXPERIENCES = 0
NO_PLAN_DUE = 0


class RequirementColumns:
    """Per program year: minimum meetings, contact time (minutes) and reflections; at-risk days."""

    year1_min_meetings: Mapped[int] = mapped_column(default=DEFAULT_MIN_MEETINGS, nullable=False)
    year1_min_contact_minutes: Mapped[int] = mapped_column(
        default=DEFAULT_MIN_CONTACT_MINUTES, nullable=False
    )
    year1_min_reflections: Mapped[int] = mapped_column(
        default=DEFAULT_MIN_REFLECTIONS, nullable=False
    )
    year2_min_meetings: Mapped[int] = mapped_column(default=DEFAULT_MIN_MEETINGS, nullable=False)
    year2_min_contact_minutes: Mapped[int] = mapped_column(
        default=DEFAULT_MIN_CONTACT_MINUTES, nullable=False
    )
    year2_min_reflections: Mapped[int] = mapped_column(
        default=DEFAULT_MIN_REFLECTIONS, nullable=False
    )
    at_risk_days: Mapped[int] = mapped_column(default=DEFAULT_AT_RISK_DAYS, nullable=False)
    # Optional, per program year: at least n essential experiences ticked off, and a mentoring
    # plan agreed by a month and day of the year (month 0: no plan requirement). Month and day,
    # not a date, so that the program defaults name "October 31" of whichever year a cohort is in.
    year1_min_experiences: Mapped[int] = mapped_column(
        default=DEFAULT_MIN_EXPERIENCES, nullable=False
    )
    year1_plan_due_month: Mapped[int] = mapped_column(default=NO_PLAN_DUE, nullable=False)
    year1_plan_due_day: Mapped[int] = mapped_column(default=NO_PLAN_DUE, nullable=False)
    year2_min_experiences: Mapped[int] = mapped_column(
        default=DEFAULT_MIN_EXPERIENCES, nullable=False
    )
    year2_plan_due_month: Mapped[int] = mapped_column(default=NO_PLAN_DUE, nullable=False)
    year2_plan_due_day: Mapped[int] = mapped_column(default=NO_PLAN_DUE, nullable=False)

    REQUIREMENT_FIELDS = (
        "year1_min_meetings",
        "year1_min_contact_minutes",
        "year1_min_reflections",
        "year2_min_meetings",
        "year2_min_contact_minutes",
        "year2_min_reflections",
        "at_risk_days",
        "year1_min_experiences",
        "year1_plan_due_month",
        "year1_plan_due_day",
        "year2_min_experiences",
        "year2_plan_due_month",
        "year2_plan_due_day",
    )

    def requirements(self) -> dict[str, int]:
        return {field: getattr(self, field) for field in self.REQUIREMENT_FIELDS}

    def plan_due_on(self, year: int) -> date | None:
        """The date program year 1 or 2's plan must be agreed by (a cohort's own years), or None
        when the plan is not required. July to December fall in the year's first calendar year."""
        month = getattr(self, f"year{year}_plan_due_month")
        if month == NO_PLAN_DUE:
            return None
        start_year = getattr(self, "start_year", 2000) + year - 1
        return day_in_school_year(start_year, month, getattr(self, f"year{year}_plan_due_day"))


def plan_due_problem(month: int, day: int) -> str | None:
    """A month and day that exist every year (no February 29), or month 0 for no requirement."""
    if month == NO_PLAN_DUE:
        return None
    if not 1 <= month <= 12:
        return "Choose a month."
    last = (date(2001 + (month == 12), month % 12 + 1, 1) - date(2001, month, 1)).days
    if not 1 <= day <= last:
        return f"Enter a day from 1 to {last}."
    return None


def requirement_checks() -> tuple[CheckConstraint, ...]:
    """Check constraints that keep every requirement at zero or more, and plan dates real."""
    return tuple(
        CheckConstraint(f"{field} >= 0", name=f"{field}_nonneg")
        for field in RequirementColumns.REQUIREMENT_FIELDS
    ) + tuple(
        CheckConstraint(
            f"year{year}_plan_due_month <= 12 AND year{year}_plan_due_day <= 31",
            name=f"year{year}_plan_due_range",
        )
        for year in (1, 2)
    )


class RequirementDefaults(RequirementColumns, db.Model):
    """The program's default requirements (one row); new cohorts copy them."""

    __tablename__ = "requirement_defaults"
    __table_args__ = requirement_checks()

    id: Mapped[int] = mapped_column(primary_key=True)

    def __repr__(self) -> str:
        return f"<RequirementDefaults {self.requirements()}>"


def current_defaults() -> RequirementDefaults:
    """The program defaults, creating the row with the built-in values the first time."""
    defaults = db.session.get(RequirementDefaults, 1)
    if defaults is None:
        defaults = RequirementDefaults(id=1)
        for field in RequirementColumns.REQUIREMENT_FIELDS:
            setattr(defaults, field, RequirementDefaults.__table__.c[field].default.arg)
        db.session.add(defaults)
        db.session.flush()
        # The program's essential experiences are seeded with the defaults, once: a list a
        # specialist later empties stays empty. (Imported here: cohorts/models imports this.)
        from mentoring.cohorts.experiences import seed_default_experiences

        seed_default_experiences()
    return defaults


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
    signed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
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
    __table_args__ = (CheckConstraint("program_year IN (1, 2)", name="program_year_1_or_2"),)

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

    def __repr__(self) -> str:
        return (
            f"<YearTally enrollment={self.enrollment_id} year={self.program_year} "
            f"{self.meetings} meetings, {self.contact_minutes} min, {self.reflections} reflections>"
        )
