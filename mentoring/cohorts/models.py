"""Cohorts, PLC groups, mentee profiles, enrollments and their assignment history."""

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.cohorts.requirements import RequirementColumns, requirement_checks
from mentoring.core.choices import GradeLevel
from mentoring.core.localtime import school_year_bounds, school_year_of
from mentoring.core.models import TimestampMixin, UTCDateTime, enum_column, utcnow
from mentoring.extensions import db

if TYPE_CHECKING:
    from mentoring.users.models import User


class CohortStatus(enum.StrEnum):
    PLANNING = "planning"
    ACTIVE = "active"
    COMPLETED = "completed"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        # A completed cohort is one a specialist closed (closeout/): every enrollment resolved.
        return "Closed" if self is CohortStatus.COMPLETED else self.value.capitalize()

    @property
    def is_running(self) -> bool:
        """Planning or active: its enrollments take places and count against capacity."""
        return self in RUNNING_COHORT_STATUSES


RUNNING_COHORT_STATUSES = (CohortStatus.PLANNING, CohortStatus.ACTIVE)

# The only moves a cohort's status can make on its edit form. Active → completed is the
# close-out (closeout/), which resolves every enrollment first; a closed cohort never reopens.
COHORT_TRANSITIONS = {
    CohortStatus.PLANNING: {CohortStatus.ACTIVE},
    CohortStatus.ACTIVE: set(),
    CohortStatus.COMPLETED: {CohortStatus.ARCHIVED},
    CohortStatus.ARCHIVED: set(),
}


def school_year_label(start_year: int) -> str:
    """The school year that starts on July 1 of start_year, e.g. 2026 → "2026–27"."""
    return f"{start_year}–{(start_year + 1) % 100:02d}"


class Cohort(RequirementColumns, TimestampMixin, db.Model):
    """A class of mentees that starts in a school year and runs two program years."""

    __tablename__ = "cohorts"
    __table_args__ = (
        CheckConstraint("start_year BETWEEN 2000 AND 2100", name="start_year_range"),
        *requirement_checks(),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    region: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    start_year: Mapped[int] = mapped_column(nullable=False, index=True)
    status: Mapped[CohortStatus] = mapped_column(
        enum_column(CohortStatus, "cohort_status"),
        default=CohortStatus.PLANNING,
        nullable=False,
        index=True,
    )

    @property
    def starts_on(self) -> date:
        return school_year_bounds(self.start_year)[0]

    @property
    def ends_on(self) -> date:
        return school_year_bounds(self.start_year + 1)[1]

    @property
    def school_years(self) -> str:
        return f"{school_year_label(self.start_year)} and {school_year_label(self.start_year + 1)}"

    def __repr__(self) -> str:
        return f"<Cohort {self.id} {self.name!r} {self.start_year}>"


def program_year_for(day: date, cohort: Cohort) -> int | None:
    """1 or 2: the cohort's program year (July 1 – June 30) holding this day; else None."""
    year = school_year_of(day) - cohort.start_year + 1
    return year if year in (1, 2) else None


def program_year_bounds(cohort: Cohort, year: int) -> tuple[date, date]:
    """The first and last day (July 1, June 30) of the cohort's program year 1 or 2."""
    return school_year_bounds(cohort.start_year + year - 1)


class PlcGroup(TimestampMixin, db.Model):
    """One mentor's mentees inside a cohort.

    active_count is kept by the assignment operations: the group's active enrollments while the
    cohort runs (completion, close-out and withdrawal give the place back). The check constraint
    makes the database refuse an assignment past capacity, even when two specialists assign at
    the same moment (the second UPDATE waits for the first's row lock, then fails the check).
    """

    __tablename__ = "plc_groups"
    __table_args__ = (
        UniqueConstraint("cohort_id", "mentor_id"),
        CheckConstraint("capacity BETWEEN 1 AND 30", name="capacity_range"),
        CheckConstraint("active_count >= 0 AND active_count <= capacity", name="within_capacity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False
    )
    mentor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    capacity: Mapped[int] = mapped_column(nullable=False)
    active_count: Mapped[int] = mapped_column(default=0, nullable=False)

    cohort: Mapped["Cohort"] = relationship(lazy="raise")
    mentor: Mapped["User"] = relationship(lazy="raise")

    @property
    def free_places(self) -> int:
        return self.capacity - self.active_count

    def __repr__(self) -> str:
        return f"<PlcGroup {self.id} cohort={self.cohort_id} mentor={self.mentor_id}>"


class MenteeKind(enum.StrEnum):
    NEW = "new"
    RETURNING = "returning"

    @property
    def label(self) -> str:
        return {"new": "New to the profession", "returning": "Returning to the profession"}[self]


class MenteeProfile(TimestampMixin, db.Model):
    """Where a mentee works and what kind of mentee they are."""

    __tablename__ = "mentee_profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    district: Mapped[str] = mapped_column(String(120), nullable=False, index=True)
    school: Mapped[str] = mapped_column(String(120), nullable=False)
    grade_level: Mapped[GradeLevel] = mapped_column(
        enum_column(GradeLevel, "grade_level"), nullable=False
    )
    kind: Mapped[MenteeKind] = mapped_column(enum_column(MenteeKind, "mentee_kind"), nullable=False)
    region: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Initial Student Services certificate: valid four years from this date.
    iss_issued_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    user: Mapped["User"] = relationship(lazy="joined", innerjoin=True)

    def __repr__(self) -> str:
        return f"<MenteeProfile user={self.user_id} {self.kind}>"


class EnrollmentStatus(enum.StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"
    COMPLETED = "completed"  # a valid completion certificate was issued
    NOT_COMPLETED = "not_completed"  # the cohort closed without it

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


# An active enrollment whose two program years are both complete, by the kept onsets.
_YEARS_CLOSED = "status = 'active' AND year1_at_risk_from IS NULL AND year2_at_risk_from IS NULL"


class Enrollment(TimestampMixin, db.Model):
    """A mentee in a cohort, with their current PLC group (None until assigned)."""

    __tablename__ = "enrollments"
    __table_args__ = (
        UniqueConstraint("cohort_id", "mentee_id"),
        # A carried year 1 always says why.
        CheckConstraint(
            "(year1_carried_from_id IS NULL) = (year1_carry_reason IS NULL)",
            name="year1_carry_has_reason",
        ),
        # One active enrollment per mentee, enforced by the database.
        Index(
            "uq_enrollments_active_mentee",
            "mentee_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
        # The specialist's waiting list reads the active enrollments (progress/queries.py,
        # waiting_for_certificate), not every enrollment in the program's history.
        Index("ix_enrollments_status", "status"),
        # The at-risk list and the waiting list start from these: the active enrollments by the
        # day a year of theirs is at risk, and those with nothing left open.
        *(
            Index(
                f"ix_enrollments_active_year{year}_at_risk",
                f"year{year}_at_risk_from",
                sqlite_where=text("status = 'active'"),
                postgresql_where=text("status = 'active'"),
            )
            for year in (1, 2)
        ),
        Index(
            "ix_enrollments_active_years_closed",
            "id",
            sqlite_where=text(_YEARS_CLOSED),
            postgresql_where=text(_YEARS_CLOSED),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # Indexed on its own: a mentee's home and certificates look up every enrollment they had,
    # which the partial unique index (active ones only) cannot answer.
    mentee_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    plc_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("plc_groups.id"), nullable=True, index=True
    )
    status: Mapped[EnrollmentStatus] = mapped_column(
        enum_column(EnrollmentStatus, "enrollment_status"),
        default=EnrollmentStatus.ACTIVE,
        nullable=False,
    )
    enrolled_on: Mapped[date] = mapped_column(Date, nullable=False)
    withdrawn_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    withdrawal_reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    # When it completed or was closed as not completed, and why it did not complete.
    ended_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    outcome_reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    # Year 1 credited from an earlier enrollment that did not complete but met year 1 and had
    # it signed off (a specialist's decision, with its reason): its tally and sign-off count as
    # this enrollment's year 1 (progress/queries.py, year_record_of).
    year1_carried_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("enrollments.id"), nullable=True
    )
    year1_carry_reason: Mapped[str | None] = mapped_column(String(500), nullable=True)

    # Kept by the recount with the year tallies (progress/tallies.py, keep_open_onsets): the
    # first day each program year is at risk (year_tallies.at_risk_from) while it is not
    # complete, None once it is (carried, or its minimums met and signed off as met).
    year1_at_risk_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    year2_at_risk_from: Mapped[date | None] = mapped_column(Date, nullable=True)

    cohort: Mapped["Cohort"] = relationship(lazy="raise")
    mentee: Mapped["User"] = relationship(lazy="raise")
    plc_group: Mapped["PlcGroup | None"] = relationship(lazy="raise")

    def __repr__(self) -> str:
        return (
            f"<Enrollment {self.id} mentee={self.mentee_id} cohort={self.cohort_id} {self.status}>"
        )


class Assignment(db.Model):
    """Who was a mentee's mentor, and when: one row per assignment, never overwritten."""

    __tablename__ = "assignments"
    __table_args__ = (
        Index(
            "uq_assignments_open_enrollment",
            "enrollment_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("enrollments.id", ondelete="CASCADE"), nullable=False, index=True
    )
    plc_group_id: Mapped[int] = mapped_column(ForeignKey("plc_groups.id"), nullable=False)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    assigned_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    # Required when the mentor and mentee work in the same district (a conflict of interest).
    conflict_reason: Mapped[str | None] = mapped_column(String(500), nullable=True)

    mentor: Mapped["User"] = relationship(foreign_keys=[mentor_id], lazy="raise")

    def __repr__(self) -> str:
        return f"<Assignment {self.id} enrollment={self.enrollment_id} mentor={self.mentor_id}>"


class EssentialExperience(db.Model):
    """One of the program manual's essential experiences for program year 1 or 2.

    The program's default list has no cohort (cohort_id NULL); a cohort copies the defaults when
    it is created, as it copies the requirements, and specialists edit either list.
    """

    __tablename__ = "essential_experiences"
    __table_args__ = (
        CheckConstraint("program_year IN (1, 2)", name="program_year_1_or_2"),
        Index("ix_essential_experiences_cohort_year", "cohort_id", "program_year", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=True
    )
    program_year: Mapped[int] = mapped_column(nullable=False)
    position: Mapped[int] = mapped_column(nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)

    def __repr__(self) -> str:
        return f"<EssentialExperience {self.id} cohort={self.cohort_id} y{self.program_year}>"
