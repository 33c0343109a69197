"""The close-out rule: each enrollment's outcome, and closing the cohort on it.

Outcomes ask progress_for() (the one progress rule) and the certificates; they never recount.
"""

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, Subquery, and_, case, func, select

from mentoring.certificates import queries as certificate_queries
from mentoring.certificates.models import Certificate
from mentoring.cohorts.models import Cohort, CohortStatus, Enrollment, EnrollmentStatus
from mentoring.cohorts.operations import close_enrollments
from mentoring.core.errors import MentoringError, NotAllowed
from mentoring.core.localtime import format_date
from mentoring.core.paging import Page, paginate_rows
from mentoring.core.policy import is_specialist
from mentoring.extensions import db
from mentoring.progress.queries import (
    EnrollmentProgress,
    Status,
    progress_columns,
    progress_for,
    with_progress,
    year_shortfall,
)
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
    sections: dict[Outcome, Page]  # a page of CloseoutRow for each outcome

    def of(self, outcome: Outcome) -> list[CloseoutRow]:
        return self.sections[outcome].items

    def total(self, outcome: Outcome) -> int:
        return self.sections[outcome].total

    @property
    def rows(self) -> list[CloseoutRow]:
        return [row for outcome in Outcome for row in self.of(outcome)]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def closeable_from(cohort: Cohort) -> date:
    """The first day a cohort can be closed: the day after its second program year ends."""
    return cohort.ends_on + timedelta(days=1)


def _outcomes(cohort: Cohort, today: date) -> Subquery:
    """Each enrollment of the cohort that did not withdraw, with its mentee's name and its
    outcome, decided in SQL (so that each outcome's list is counted and paged there):
    completed: completed, with a valid certificate; awaiting a certificate: active, both years
    complete by the progress rule; not completed: every other."""
    years = progress_columns(today)
    has_certificate = certificate_queries.holds_valid_certificate()
    outcome = case(
        (
            and_(Enrollment.status == EnrollmentStatus.COMPLETED, has_certificate),
            Outcome.COMPLETED.value,
        ),
        (
            and_(
                Enrollment.status == EnrollmentStatus.ACTIVE,
                *(columns.status == Status.COMPLETE.value for columns in years),
            ),
            Outcome.AWAITING_CERTIFICATE.value,
        ),
        else_=Outcome.NOT_COMPLETED.value,
    )
    query = (
        select(Enrollment.id, User.name, outcome.label("outcome"))
        .select_from(Enrollment)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .join(User, User.id == Enrollment.mentee_id)
    )
    return (
        with_progress(query, years)
        .where(Enrollment.cohort_id == cohort.id, Enrollment.status != EnrollmentStatus.WITHDRAWN)
        .subquery()
    )


def _listed(outcomes: Subquery, outcome: Outcome) -> Select:
    """The ids of the enrollments with this outcome, by the mentee's name."""
    return (
        select(outcomes.c.id)
        .where(outcomes.c.outcome == outcome.value)
        .order_by(outcomes.c.name, outcomes.c.id)
    )


def _rows(ids: list[int], outcome_of: dict[int, Outcome], today: date) -> dict[int, CloseoutRow]:
    """The rows of these enrollments with their reasons and certificates: 3 queries."""
    progress = progress_for(Enrollment.id.in_(ids), today)
    mentees = {
        user.id: user
        for user in db.session.scalars(
            select(User).where(User.id.in_([p.enrollment.mentee_id for p in progress]))
        )
    }
    certificates = certificate_queries.valid_by_enrollment(ids)
    rows = {}
    for p in progress:
        outcome = outcome_of[p.enrollment.id]
        reasons = [reason for reason in map(year_shortfall, p.years) if reason]
        if outcome == Outcome.NOT_COMPLETED and p.enrollment.outcome_reason:
            reasons = [p.enrollment.outcome_reason]
        rows[p.enrollment.id] = CloseoutRow(
            p, mentees[p.enrollment.mentee_id], outcome, reasons, certificates.get(p.enrollment.id)
        )
    return rows


def closeout(
    cohort: Cohort, today: date, per_page: int = 25, pages: dict[Outcome, int] | None = None
) -> Closeout:
    """A page of each outcome's list (pages: the page number of each, default the first):
    nine queries, whatever the cohort's size."""
    outcomes = _outcomes(cohort, today)
    paged = {
        outcome: paginate_rows(_listed(outcomes, outcome), (pages or {}).get(outcome, 1), per_page)
        for outcome in Outcome
    }
    outcome_of = {row.id: outcome for outcome, page in paged.items() for row in page.items}
    rows = _rows(list(outcome_of), outcome_of, today)
    return Closeout(
        cohort,
        {
            outcome: page.with_items([rows[row.id] for row in page.items])
            for outcome, page in paged.items()
        },
    )


def _unfinished(cohort: Cohort, today: date) -> tuple[list[CloseoutRow], int]:
    """Every enrollment that did not complete, and how many wait for a certificate."""
    outcomes = _outcomes(cohort, today)
    ids = list(db.session.scalars(_listed(outcomes, Outcome.NOT_COMPLETED)))
    waiting = db.session.scalar(
        select(func.count()).where(outcomes.c.outcome == Outcome.AWAITING_CERTIFICATE.value)
    )
    rows = _rows(ids, dict.fromkeys(ids, Outcome.NOT_COMPLETED), today)
    return [rows[id_] for id_ in ids], waiting


def close_problem(cohort: Cohort, today: date, waiting: int = 0) -> str | None:
    """Why the cohort cannot be closed today (waiting: how many met both years without a
    certificate); None when it can."""
    if cohort.status != CohortStatus.ACTIVE:
        return (
            f"Only an active cohort can be closed; {cohort.name} is {cohort.status.label.lower()}."
        )
    if today < closeable_from(cohort):
        return (
            f"{cohort.name} can be closed from {format_date(closeable_from(cohort))}, "
            "once its second program year has ended."
        )
    if waiting:
        return (
            f"{waiting} mentee{' has' if waiting == 1 else 's have'} met both years without a "
            "certificate: issue their certificates first."
        )
    return None


def close_cohort(cohort: Cohort, actor: User, today: date) -> list[CloseoutRow]:
    """Close a finished cohort: who did not complete is marked so, with the reason, and every
    mentor's places in it are given back. Returns who did not complete."""
    if not is_specialist(actor):
        raise NotAllowed("Only program specialists close cohorts.")
    unfinished, waiting = _unfinished(cohort, today)
    problem = close_problem(cohort, today, waiting)
    if problem:
        raise MentoringError(problem)
    close_enrollments(
        cohort,
        [
            (row.enrollment, _sentence("; ".join(row.reasons) or "not completed"))
            for row in unfinished
            if row.enrollment.status == EnrollmentStatus.ACTIVE
        ],
        actor,
        today,
    )
    return unfinished
