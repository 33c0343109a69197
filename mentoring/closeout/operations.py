"""The close-out rule: each enrollment's outcome, and closing the cohort on it.

Outcomes ask progress_for() (the one progress rule) and the certificates; they never recount.
"""

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from mentoring.certificates.models import Certificate, CertificateStatus
from mentoring.cohorts.models import Cohort, CohortStatus, Enrollment, EnrollmentStatus
from mentoring.cohorts.operations import close_enrollments
from mentoring.core.errors import MentoringError, NotAllowed
from mentoring.core.policy import is_specialist
from mentoring.extensions import db
from mentoring.progress.queries import EnrollmentProgress, YearProgress, cohort_progress
from mentoring.users.models import User


class Outcome(enum.StrEnum):
    COMPLETED = "completed"
    AWAITING_CERTIFICATE = "awaiting_certificate"  # met both years, no certificate yet
    NOT_COMPLETED = "not_completed"


@dataclass(frozen=True)
class CloseoutRow:
    progress: EnrollmentProgress
    mentee: User
    outcome: Outcome
    reasons: list[str]  # why not completed, one per program year that fell short
    certificate: Certificate | None

    @property
    def enrollment(self) -> Enrollment:
        return self.progress.enrollment


@dataclass(frozen=True)
class Closeout:
    cohort: Cohort
    rows: list[CloseoutRow]

    def of(self, outcome: Outcome) -> list[CloseoutRow]:
        return [row for row in self.rows if row.outcome == outcome]


def year_shortfall(year: YearProgress) -> str | None:
    """Why a program year is not complete, in words; None when it is."""
    if not year.minimums_met:
        return (
            f"did not meet year {year.year} ({year.meetings} of {year.min_meetings} meetings, "
            f"{year.contact_hours:g} of {year.min_contact_hours:g} contact hours, "
            f"{year.reflections} of {year.min_reflections} reflections)"
        )
    if year.sign_off is None:
        return f"year {year.year} not signed off"
    if not year.sign_off.met:
        return f"year {year.year} signed off as not met"
    return None


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def closeable_from(cohort: Cohort) -> date:
    """The first day a cohort can be closed: the day after its second program year ends."""
    return cohort.ends_on + timedelta(days=1)


def closeout(cohort: Cohort, today: date) -> Closeout:
    """Every enrollment of the cohort that did not withdraw, with its outcome: 3 queries."""
    progress = cohort_progress(cohort, today)
    ids = [p.enrollment.id for p in progress]
    mentees = {
        user.id: user
        for user in db.session.scalars(
            select(User).where(User.id.in_([p.enrollment.mentee_id for p in progress]))
        )
    }
    certificates = {
        certificate.enrollment_id: certificate
        for certificate in db.session.scalars(
            select(Certificate).where(
                Certificate.enrollment_id.in_(ids), Certificate.status == CertificateStatus.VALID
            )
        )
    }
    rows = []
    for p in progress:
        certificate = certificates.get(p.enrollment.id)
        reasons = [reason for reason in map(year_shortfall, p.years) if reason]
        if p.enrollment.status == EnrollmentStatus.COMPLETED and certificate is not None:
            outcome = Outcome.COMPLETED
        elif p.enrollment.status == EnrollmentStatus.ACTIVE and p.complete:
            outcome = Outcome.AWAITING_CERTIFICATE
        else:
            outcome = Outcome.NOT_COMPLETED
            if p.enrollment.outcome_reason:
                reasons = [p.enrollment.outcome_reason]
        rows.append(CloseoutRow(p, mentees[p.enrollment.mentee_id], outcome, reasons, certificate))
    rows.sort(key=lambda row: (row.mentee.name, row.enrollment.id))
    return Closeout(cohort, rows)


def close_problem(cohort: Cohort, today: date, view: Closeout | None = None) -> str | None:
    """Why the cohort cannot be closed today; None when it can."""
    if cohort.status != CohortStatus.ACTIVE:
        return (
            f"Only an active cohort can be closed; {cohort.name} is {cohort.status.label.lower()}."
        )
    if today < closeable_from(cohort):
        return (
            f"{cohort.name} can be closed from {closeable_from(cohort):%B %-d, %Y}, "
            "once its second program year has ended."
        )
    waiting = len(view.of(Outcome.AWAITING_CERTIFICATE)) if view else 0
    if waiting:
        return (
            f"{waiting} mentee{' has' if waiting == 1 else 's have'} met both years without a "
            "certificate: issue their certificates first."
        )
    return None


def close_cohort(cohort: Cohort, actor, today: date) -> Closeout:
    """Close a finished cohort: who did not complete is marked so, with the reason, and every
    mentor's places in it are given back."""
    if not is_specialist(actor):
        raise NotAllowed("Only program specialists close cohorts.")
    view = closeout(cohort, today)
    problem = close_problem(cohort, today, view)
    if problem:
        raise MentoringError(problem)
    close_enrollments(
        cohort,
        [
            (row.enrollment, _sentence("; ".join(row.reasons) or "not completed"))
            for row in view.of(Outcome.NOT_COMPLETED)
            if row.enrollment.status == EnrollmentStatus.ACTIVE
        ],
        actor,
        today,
    )
    return view
