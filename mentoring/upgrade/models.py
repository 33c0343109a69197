"""The ISS → CSS upgrade checklist: a mentee's years of experience and professional development.

The figures of the rules (years, hours, windows) are data: RuleSetVersion rows, one per version
of a certificate path, read by the functions of rules.py. What an approved year of experience
is (experience_problems) stays here.

Professional development is stored as whole minutes of contact-hour credit, with the unit the
mentee entered it in: quarter hours (15 minutes) and quarter semester hours (3.75 contact hours,
225 minutes) are exact integers, the total is a plain SUM in SQL, and no Decimal goes through
SQLite (which would store it as a float).
"""

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.cohorts.models import school_year_label
from mentoring.core.files import StoredFileMixin
from mentoring.core.localtime import school_year_bounds
from mentoring.core.models import TimestampMixin, UTCDateTime, enum_column
from mentoring.extensions import db
from mentoring.upgrade.rules import RuleSet, rule_set

CONTACT_HOUR_MINUTES = 60
# A semester-hour entry is stored at 15 contact hours a semester hour (the department's
# equivalence when it was entered); the checklist rescales it by its rule set's own equivalence.
STORED_SEMESTER_HOUR_CONTACT_HOURS = 15
SEMESTER_HOUR_MINUTES = STORED_SEMESTER_HOUR_CONTACT_HOURS * CONTACT_HOUR_MINUTES
# Credit comes in quarter hours: 15 minutes of contact-hour credit, or a quarter semester hour.
CONTACT_QUARTER_MINUTES = CONTACT_HOUR_MINUTES // 4
SEMESTER_QUARTER_MINUTES = SEMESTER_HOUR_MINUTES // 4


class RuleSetVersion(TimestampMixin, db.Model):
    """One version of a certificate path's rule set (rules.RuleSet): its identity and source in
    columns, its figures in `parameters`. Versions are added, never changed: by a migration or
    `flask upgrade rules add`, with an audit event."""

    __tablename__ = "upgrade_rule_sets"
    __table_args__ = (
        UniqueConstraint("path", "version"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(40), nullable=False)
    version: Mapped[int] = mapped_column(nullable=False)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    effective_on: Mapped[date] = mapped_column(Date, nullable=False)
    source_document: Mapped[str] = mapped_column(String(300), nullable=False)
    source_section: Mapped[str] = mapped_column(String(300), nullable=False)
    parameters: Mapped[dict] = mapped_column(JSON, nullable=False)

    @property
    def rules(self) -> RuleSet:
        return rule_set(
            path=self.path,
            version=self.version,
            name=self.name,
            effective_on=self.effective_on,
            source_document=self.source_document,
            source_section=self.source_section,
            parameters=self.parameters,
        )

    def __repr__(self) -> str:
        return f"<RuleSetVersion {self.path} v{self.version}>"


class SchoolType(enum.StrEnum):
    PUBLIC = "public"
    ACCREDITED_NONPUBLIC = "accredited_nonpublic"
    UNACCREDITED_NONPUBLIC = "unaccredited_nonpublic"

    @property
    def label(self) -> str:
        return {
            "public": "Public school",
            "accredited_nonpublic": "Nonpublic school, accredited by a body the Department names",
            "unaccredited_nonpublic": "Nonpublic school, not accredited by one of those bodies",
        }[self]


class AccreditingBody(enum.StrEnum):
    """The bodies whose accredited nonpublic schools count, as the Department names them."""

    NCA = "nca"
    MSA = "msa"
    NEASC = "neasc"
    NWAC = "nwac"
    WASC = "wasc"
    SACS = "sacs"
    NFNSSAA = "nfnssaa"
    ISACS = "isacs"
    NLSA = "nlsa"
    MAPCY = "mapcy"

    @property
    def label(self) -> str:
        return ACCREDITING_BODY_NAMES[self]


ACCREDITING_BODY_NAMES = {
    AccreditingBody.NCA: "North Central Association of Colleges and Schools",
    AccreditingBody.MSA: "Middle States Association of Colleges and Schools",
    AccreditingBody.NEASC: "New England Association of Schools and Colleges",
    AccreditingBody.NWAC: "Northwest Association of Schools and Colleges",
    AccreditingBody.WASC: "Western Association of Schools and Colleges",
    AccreditingBody.SACS: "Southern Association of Colleges and Schools",
    AccreditingBody.NFNSSAA: (
        "National Federation of Nonpublic School State Accrediting Association"
    ),
    AccreditingBody.ISACS: "Independent Schools Association of the Central States",
    AccreditingBody.NLSA: "National Lutheran School Accreditation",
    AccreditingBody.MAPCY: "Missouri Accreditation of Programs for Children and Youth",
}


class CreditUnit(enum.StrEnum):
    CONTACT_HOURS = "contact_hours"
    SEMESTER_HOURS = "semester_hours"

    @property
    def minutes(self) -> int:
        """Minutes of contact-hour credit in one of this unit."""
        return CONTACT_HOUR_MINUTES if self == CreditUnit.CONTACT_HOURS else SEMESTER_HOUR_MINUTES

    @property
    def label(self) -> str:
        return {"contact_hours": "contact hours", "semester_hours": "semester hours"}[self]


class ExperienceYear(TimestampMixin, db.Model):
    """One school year of student-services employment, and that year's evaluation.

    The evaluation lives on the year: there is one per school year of experience, so a year
    without one is simply a year whose evaluation_completed_on is empty.
    """

    __tablename__ = "experience_years"
    __table_args__ = (
        UniqueConstraint("mentee_id", "start_year"),
        CheckConstraint("start_year BETWEEN 1950 AND 2100", name="start_year_range"),
        CheckConstraint(
            "(school_type = 'accredited_nonpublic') = (accrediting_body IS NOT NULL)",
            name="accrediting_body_when_accredited",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    # The school year that starts on July 1 of start_year ("2025–26" is 2025).
    start_year: Mapped[int] = mapped_column(nullable=False)
    employer: Mapped[str] = mapped_column(String(120), nullable=False)
    school_type: Mapped[SchoolType] = mapped_column(
        enum_column(SchoolType, "school_type"), nullable=False
    )
    accrediting_body: Mapped[AccreditingBody | None] = mapped_column(
        enum_column(AccreditingBody, "accrediting_body"), nullable=True
    )
    is_contracted: Mapped[bool] = mapped_column(nullable=False)
    is_at_least_half_time: Mapped[bool] = mapped_column(nullable=False)
    evaluation_completed_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    @property
    def school_year(self) -> str:
        return school_year_label(self.start_year)

    @property
    def first_day(self) -> date:
        return school_year_bounds(self.start_year)[0]

    @property
    def last_day(self) -> date:
        return school_year_bounds(self.start_year)[1]

    @property
    def reasons_not_approved(self) -> list[str]:
        """Why this year is not approved experience; empty when it is."""
        return experience_problems(self.school_type, self.is_contracted, self.is_at_least_half_time)

    @property
    def is_approved(self) -> bool:
        return not self.reasons_not_approved

    def __repr__(self) -> str:
        return f"<ExperienceYear {self.id} mentee={self.mentee_id} {self.school_year}>"


class DevelopmentActivity(TimestampMixin, db.Model):
    """One professional-development activity: a workshop, a course, a conference."""

    __tablename__ = "development_activities"
    __table_args__ = (
        Index("ix_development_activities_mentee_id_completed_on", "mentee_id", "completed_on"),
        # Whole quarter hours (15 minutes), or whole quarter semester hours (3.75 contact
        # hours, 225 minutes). Integer division rather than %, which the PostgreSQL driver
        # would read as a parameter marker.
        CheckConstraint(
            "(unit = 'contact_hours' AND credit_minutes > 0"
            " AND credit_minutes = (credit_minutes / 15) * 15)"
            " OR (unit = 'semester_hours' AND credit_minutes > 0"
            " AND credit_minutes = (credit_minutes / 225) * 225)",
            name="credit_in_quarter_units",
        ),
        CheckConstraint(
            "unit = 'semester_hours' OR NOT is_graduate_credit", name="graduate_in_semester_hours"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    completed_on: Mapped[date] = mapped_column(Date, nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    provider: Mapped[str] = mapped_column(String(200), nullable=False)
    # How the mentee gave the credit; credit_minutes is always contact-hour minutes.
    unit: Mapped[CreditUnit] = mapped_column(enum_column(CreditUnit, "credit_unit"), nullable=False)
    credit_minutes: Mapped[int] = mapped_column(nullable=False)
    # Graduate semester hours toward an advanced degree (5 CSR 20-400.650): enough of them
    # satisfy the requirement on their own.
    is_graduate_credit: Mapped[bool] = mapped_column(
        default=False, server_default=false(), nullable=False
    )

    @property
    def amount(self) -> float:
        """The credit in the unit it was entered in (2 semester hours, 1.5 contact hours)."""
        return self.credit_minutes / self.unit.minutes

    def __repr__(self) -> str:
        return f"<DevelopmentActivity {self.id} mentee={self.mentee_id} {self.completed_on}>"


class ValidityChangeKind(enum.StrEnum):
    EXTENSION = "extension"
    REACTIVATION = "reactivation"

    @property
    def label(self) -> str:
        return {"extension": "Extension", "reactivation": "Reactivation"}[self]


class ReactivationRoute(enum.StrEnum):
    """How an expired certificate was reactivated (the department's two ways)."""

    COURSE = "course"
    EMPLOYMENT = "employment"

    @property
    def label(self) -> str:
        return {
            "course": "A college course",
            "employment": "Hired at least half-time, with professional development",
        }[self]


class ValidityChange(TimestampMixin, db.Model):
    """An extension or a reactivation of the mentee's initial certificate, as the Department
    granted it: from `effective_on` the certificate is valid again until `expires_on`.

    An extension is granted before expiry and continues the validity; a reactivation follows
    an expiry, so professional development in the gap between does not count.
    """

    __tablename__ = "upgrade_validity_changes"
    __table_args__ = (
        CheckConstraint("expires_on > effective_on", name="expires_after_start"),
        CheckConstraint(
            "kind = 'reactivation' OR reactivation_route IS NULL", name="route_of_reactivation"
        ),
        CheckConstraint(
            "course_completed_on IS NULL OR (reactivation_route = 'course'"
            " AND applied_on IS NOT NULL AND course_completed_on <= applied_on)",
            name="course_before_application",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[ValidityChangeKind] = mapped_column(
        enum_column(ValidityChangeKind, "validity_change_kind"), nullable=False
    )
    effective_on: Mapped[date] = mapped_column(Date, nullable=False)
    expires_on: Mapped[date] = mapped_column(Date, nullable=False)
    # A reactivation's way, and for a course the dates the six-month rule compares (none for
    # reactivations recorded before these were asked).
    reactivation_route: Mapped[ReactivationRoute | None] = mapped_column(
        enum_column(ReactivationRoute, "reactivation_route"), nullable=True
    )
    applied_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    course_completed_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    def __repr__(self) -> str:
        return f"<ValidityChange {self.id} mentee={self.mentee_id} {self.kind} {self.expires_on}>"


class EvidenceFile(StoredFileMixin, db.Model):
    """A file that backs one checklist item: a year of experience, an activity, or an
    extension or reactivation. Its bytes live in the database, so every app server reads them;
    its type is the one its content shows (PDF, PNG or JPEG): core/files.py."""

    __tablename__ = "upgrade_evidence_files"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN experience_year_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN development_activity_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN validity_change_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_item",
        ),
        CheckConstraint("size_bytes > 0", name="size_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    experience_year_id: Mapped[int | None] = mapped_column(
        ForeignKey("experience_years.id", ondelete="CASCADE"), nullable=True, index=True
    )
    development_activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("development_activities.id", ondelete="CASCADE"), nullable=True, index=True
    )
    validity_change_id: Mapped[int | None] = mapped_column(
        ForeignKey("upgrade_validity_changes.id", ondelete="CASCADE"), nullable=True, index=True
    )

    def __repr__(self) -> str:
        return f"<EvidenceFile {self.id} mentee={self.mentee_id} {self.content_type}>"


class VerificationLink(TimestampMixin, db.Model):
    """A link for the district's certification contact to verify a mentee's checklist without
    an account. Only the SHA-256 of its token is kept; it expires after 30 days and can be
    revoked at any time."""

    __tablename__ = "upgrade_verification_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    contact_name: Mapped[str] = mapped_column(String(120), nullable=False)
    contact_email: Mapped[str] = mapped_column(String(254), nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    def __repr__(self) -> str:
        return f"<VerificationLink {self.id} mentee={self.mentee_id}>"


class VerificationStatus(enum.StrEnum):
    VERIFIED = "verified"
    NEEDS_CORRECTION = "needs_correction"

    @property
    def label(self) -> str:
        return {"verified": "Verified", "needs_correction": "Needs correction"}[self]


class ItemVerification(db.Model):
    """The district's word on one checklist item, through one link: the latest one counts."""

    __tablename__ = "upgrade_item_verifications"
    __table_args__ = (
        Index("ix_upgrade_item_verifications_item", "mentee_id", "item_kind", "item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(
        ForeignKey("upgrade_verification_links.id", ondelete="CASCADE"), nullable=False
    )
    mentee_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    item_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    item_id: Mapped[int] = mapped_column(nullable=False)
    status: Mapped[VerificationStatus] = mapped_column(
        enum_column(VerificationStatus, "verification_status"), nullable=False
    )
    verifier_name: Mapped[str] = mapped_column(String(120), nullable=False)
    verifier_title: Mapped[str] = mapped_column(String(120), nullable=False)
    note: Mapped[str] = mapped_column(String(1000), nullable=False, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    def __repr__(self) -> str:
        return f"<ItemVerification {self.id} {self.item_kind} {self.item_id} {self.status}>"


class ExpiryReminder(db.Model):
    """An expiry reminder sent: one per mentee, expiry date and threshold (180, 60, 30 days), so
    each goes out once; a new expiry date (an extension) starts over."""

    __tablename__ = "upgrade_expiry_reminders"
    __table_args__ = (UniqueConstraint("mentee_id", "expires_on", "days_before"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    expires_on: Mapped[date] = mapped_column(Date, nullable=False)
    days_before: Mapped[int] = mapped_column(nullable=False)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    def __repr__(self) -> str:
        return f"<ExpiryReminder mentee={self.mentee_id} {self.expires_on} -{self.days_before}d>"


class ExpiryReminderOptOut(TimestampMixin, db.Model):
    """A mentee who asked for no expiry reminders (they are on by default)."""

    __tablename__ = "upgrade_expiry_reminder_opt_outs"

    mentee_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )

    def __repr__(self) -> str:
        return f"<ExpiryReminderOptOut mentee={self.mentee_id}>"


# The rules ------------------------------------------------------------------------------------


def experience_problems(
    school_type: SchoolType, is_contracted: bool, is_at_least_half_time: bool
) -> list[str]:
    """Why a year is not approved experience: it must be contracted, at least half-time, in a
    public school or a nonpublic school accredited by a body the Department names."""
    problems = []
    if not is_contracted:
        problems.append("not contracted employment")
    if not is_at_least_half_time:
        problems.append("less than half-time")
    if school_type == SchoolType.UNACCREDITED_NONPUBLIC:
        problems.append("a nonpublic school not accredited by a body the Department names")
    return problems


def format_amount(value: float) -> str:
    """A number of hours to the quarter: 2.25 → "2.25", 40.5 → "40.5", 40.0 → "40"."""
    return f"{value:,.2f}".rstrip("0").removesuffix(".")
