"""Read side of the upgrade checklist: a whole checklist in a fixed number of queries.

checklist() reads the mentee's profile, their years of experience, one page of their
professional development, its total, and their latest valid certificate: five statements (six
with the page's count), however many entries there are. Everything else is computed here, once,
for the page and the PDF alike.
"""

from dataclasses import dataclass, field
from datetime import date

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select

from mentoring.certificates.models import Certificate, CertificateStatus
from mentoring.cohorts.models import (
    Enrollment,
    EnrollmentStatus,
    MenteeProfile,
    PlcGroup,
    school_year_label,
)
from mentoring.core import audit
from mentoring.extensions import db
from mentoring.upgrade.models import (
    PD_MINUTES_NEEDED,
    YEARS_NEEDED,
    DevelopmentActivity,
    ExperienceYear,
    format_hours,
    iss_expires_on,
)
from mentoring.users.models import Role, User


def current_mentor_ids(mentee_id: int) -> set[int]:
    """The mentors whose PLC group holds the mentee now: the group of their active enrollment,
    or of a completed one (as the mentor's home page lists them); never after a withdrawal or
    a reassignment to another group."""
    return set(
        db.session.scalars(
            select(PlcGroup.mentor_id)
            .join(Enrollment, Enrollment.plc_group_id == PlcGroup.id)
            .where(
                Enrollment.mentee_id == mentee_id,
                Enrollment.status != EnrollmentStatus.WITHDRAWN,
            )
        )
    )


def mentee_profile(mentee_id: int) -> MenteeProfile | None:
    return db.session.get(MenteeProfile, mentee_id)


def mentee_or_none(user_id: int) -> User | None:
    user = db.session.get(User, user_id)
    return user if user is not None and user.role == Role.MENTEE else None


@dataclass(frozen=True)
class IssStatus:
    issued_on: date
    expires_on: date
    days_left: int  # negative once expired

    @property
    def is_expired(self) -> bool:
        return self.days_left < 0

    @property
    def words(self) -> str:
        if self.days_left > 0:
            return f"{self.days_left:,} day{'' if self.days_left == 1 else 's'} left"
        if self.days_left == 0:
            return "expires today"
        ago = -self.days_left
        return f"expired {ago:,} day{'' if ago == 1 else 's'} ago"


def iss_status(issued_on: date | None, today: date) -> IssStatus | None:
    if issued_on is None:
        return None
    expires_on = iss_expires_on(issued_on)
    return IssStatus(issued_on, expires_on, (expires_on - today).days)


@dataclass(frozen=True)
class Requirement:
    """One of the four things the CSS upgrade needs: met, or what is missing."""

    key: str
    name: str
    is_met: bool
    detail: str


@dataclass
class Checklist:
    mentee: User
    profile: MenteeProfile | None
    today: date
    iss: IssStatus | None
    years: list[ExperienceYear]
    development: Pagination
    development_minutes: int
    development_count: int
    certificate: Certificate | None
    requirements: list[Requirement] = field(default_factory=list)

    @property
    def approved_years(self) -> list[ExperienceYear]:
        return [year for year in self.years if year.is_approved]

    @property
    def evaluated_years(self) -> list[ExperienceYear]:
        return [year for year in self.approved_years if year.evaluation_completed_on]

    @property
    def missing_evaluations(self) -> list[ExperienceYear]:
        """Approved years of experience without a recorded evaluation, oldest first."""
        return [
            year for year in reversed(self.approved_years) if year.evaluation_completed_on is None
        ]

    @property
    def development_hours(self) -> str:
        return format_hours(self.development_minutes)

    @property
    def met_count(self) -> int:
        return sum(requirement.is_met for requirement in self.requirements)

    @property
    def is_complete(self) -> bool:
        return all(requirement.is_met for requirement in self.requirements)


def _requirements(checklist: Checklist) -> list[Requirement]:
    approved = len(checklist.approved_years)
    evaluated = len(checklist.evaluated_years)
    minutes = checklist.development_minutes
    certificate = checklist.certificate
    experience_left = YEARS_NEEDED - approved
    evaluations_left = YEARS_NEEDED - evaluated
    return [
        Requirement(
            "experience",
            "Four years of approved student-services experience",
            approved >= YEARS_NEEDED,
            f"{approved} of {YEARS_NEEDED} approved years"
            + ("" if experience_left <= 0 else f": {experience_left} more needed"),
        ),
        Requirement(
            "mentoring",
            "The two-year mentoring program",
            certificate is not None,
            f"completion certificate {certificate.serial}, issued "
            f"{certificate.issued_on:%B %-d, %Y}"
            if certificate
            else "not met yet: complete both program years and receive the completion certificate",
        ),
        Requirement(
            "development",
            "40 contact hours of professional development",
            minutes >= PD_MINUTES_NEEDED,
            f"{format_hours(minutes)} of 40 contact hours"
            + (
                ""
                if minutes >= PD_MINUTES_NEEDED
                else f": {format_hours(PD_MINUTES_NEEDED - minutes)} more needed"
            ),
        ),
        Requirement(
            "evaluation",
            "The annual Performance-Based Student Services Evaluation",
            evaluated >= YEARS_NEEDED,
            f"{evaluated} of {YEARS_NEEDED} approved years evaluated"
            + ("" if evaluations_left <= 0 else f": {evaluations_left} more needed"),
        ),
    ]


def checklist(mentee: User, today: date, page: int = 1, per_page: int = 10) -> Checklist:
    """Everything a mentee's checklist shows, with one page of professional development."""
    profile = mentee_profile(mentee.id)
    years = list(
        db.session.scalars(
            select(ExperienceYear)
            .where(ExperienceYear.mentee_id == mentee.id)
            .order_by(ExperienceYear.start_year.desc())
        )
    )
    development = db.paginate(
        select(DevelopmentActivity)
        .where(DevelopmentActivity.mentee_id == mentee.id)
        .order_by(DevelopmentActivity.completed_on.desc(), DevelopmentActivity.id.desc()),
        page=page,
        per_page=per_page,
        error_out=False,
    )
    minutes, count = db.session.execute(
        select(
            func.coalesce(func.sum(DevelopmentActivity.credit_minutes), 0),
            func.count(DevelopmentActivity.id),
        ).where(DevelopmentActivity.mentee_id == mentee.id)
    ).one()
    certificate = db.session.scalar(
        select(Certificate)
        .join(Enrollment, Enrollment.id == Certificate.enrollment_id)
        .where(Enrollment.mentee_id == mentee.id, Certificate.status == CertificateStatus.VALID)
        .order_by(Certificate.issued_on.desc(), Certificate.id.desc())
        .limit(1)
    )
    result = Checklist(
        mentee=mentee,
        profile=profile,
        today=today,
        iss=iss_status(profile.iss_issued_on if profile else None, today),
        years=years,
        development=development,
        development_minutes=int(minutes),
        development_count=int(count),
        certificate=certificate,
    )
    result.requirements = _requirements(result)
    return result


@audit.describes("ExperienceYear")
def name_experience_years(ids) -> dict[int, str]:
    """Name experience entries in the audit log: "Lily Chen's school year 2025–26"."""
    query = (
        select(ExperienceYear.id, ExperienceYear.start_year, User.name)
        .join(User, User.id == ExperienceYear.mentee_id)
        .where(ExperienceYear.id.in_(ids))
    )
    return audit.names_by_id(
        query, lambda start, name: f"{name}'s school year {school_year_label(start)}"
    )


@audit.describes("DevelopmentActivity")
def name_development_activities(ids) -> dict[int, str]:
    """Name development entries in the audit log: "Lily Chen's activity of March 1, 2026"."""
    query = (
        select(DevelopmentActivity.id, DevelopmentActivity.completed_on, User.name)
        .join(User, User.id == DevelopmentActivity.mentee_id)
        .where(DevelopmentActivity.id.in_(ids))
    )
    return audit.names_by_id(
        query,
        lambda completed_on, name: f"{name}'s activity of {completed_on.strftime('%B %-d, %Y')}",
    )
