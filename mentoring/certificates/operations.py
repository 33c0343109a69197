"""Issuing, revoking and reissuing certificates.

Eligibility asks progress_for() (both program years complete); it never recounts. The database
keeps at most one valid certificate per enrollment (a partial unique index), so two clicks or
two specialists at once end with one certificate: the loser of the race gets the winner's.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from mentoring.certificates.codes import new_code
from mentoring.certificates.issuer import issuer_for_new_certificates, setting
from mentoring.certificates.models import Certificate, CertificateIssuer, CertificateStatus
from mentoring.cohorts.models import Cohort, Enrollment, EnrollmentStatus
from mentoring.cohorts.operations import complete_enrollments, reopen_enrollment
from mentoring.core import audit
from mentoring.core.errors import MentoringError, NotAllowed
from mentoring.core.policy import is_specialist
from mentoring.core.text import clean_text, paragraphs_problem
from mentoring.core.urls import public_url
from mentoring.extensions import db
from mentoring.notifications.models import Kind
from mentoring.notifications.operations import Note, notify, notify_each
from mentoring.progress.queries import EnrollmentProgress, progress_for
from mentoring.users.models import User

log = logging.getLogger(__name__)

MAX_REASON = 1000
SERIAL_ATTEMPTS = 5  # tries at a serial number when others take the next one at the same time


@dataclass(frozen=True)
class BulkResult:
    issued: list[Certificate]
    already: int  # eligible enrollments that held a valid certificate already


def serial_of(year: int, number: int) -> str:
    return f"{current_app.config['CERTIFICATE_SERIAL_PREFIX']}-{year}-{number:05d}"


def _next_serial_number(year: int) -> int:
    highest = db.session.scalar(
        select(func.max(Certificate.serial_number)).where(Certificate.serial_year == year)
    )
    return (highest or 0) + 1


def valid_certificate(enrollment_id: int) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(
            Certificate.enrollment_id == enrollment_id,
            Certificate.status == CertificateStatus.VALID,
        )
    )


def _certificate_row(
    progress: EnrollmentProgress,
    holder: User,
    actor: User,
    today: date,
    number: int,
    issuer: CertificateIssuer,
) -> dict:
    """What a certificate says, fixed at issuance."""
    return {
        "enrollment_id": progress.enrollment.id,
        "serial": serial_of(today.year, number),
        "serial_year": today.year,
        "serial_number": number,
        "code": new_code(),
        "holder_name": holder.name,
        "school_years": progress.cohort.school_years,
        "contact_minutes": sum(year.contact_minutes for year in progress.years),
        "issued_on": today,
        "issued_by_id": actor.id,
        "issuer_id": issuer.id,
        "signatory_name": setting("CERTIFICATE_SIGNATORY_NAME"),
        "signatory_title": setting("CERTIFICATE_SIGNATORY_TITLE"),
        "status": CertificateStatus.VALID,
    }


def _check_specialist(actor: User) -> None:
    if not is_specialist(actor):
        raise NotAllowed("Only program specialists issue and revoke certificates.")


def _eligible_progress(enrollment: Enrollment, today: date) -> EnrollmentProgress:
    (progress,) = progress_for(Enrollment.id == enrollment.id, today)
    if enrollment.status == EnrollmentStatus.WITHDRAWN:
        raise MentoringError("This mentee withdrew from the program: no certificate is issued.")
    if enrollment.status == EnrollmentStatus.NOT_COMPLETED:
        raise MentoringError("This cohort closed with this mentee not completed.")
    if not progress.complete:
        raise MentoringError(
            "A certificate is issued once both program years are complete: every minimum met "
            "and each year signed off as met."
        )
    return progress


def issue_certificate(
    enrollment: Enrollment, actor: User, today: date, replaces: Certificate | None = None
) -> Certificate:
    """Issue the enrollment's certificate, or return the valid one it already has."""
    _check_specialist(actor)
    existing = valid_certificate(enrollment.id)
    if existing is not None:
        return existing
    progress = _eligible_progress(enrollment, today)
    issuer = issuer_for_new_certificates()
    holder = db.session.get(User, enrollment.mentee_id)
    for _ in range(SERIAL_ATTEMPTS):
        number = _next_serial_number(today.year)
        row = _certificate_row(progress, holder, actor, today, number, issuer)
        certificate = Certificate(**row, replaces_id=replaces.id if replaces else None)
        try:
            with db.session.begin_nested():
                db.session.add(certificate)
        except IntegrityError:
            # Someone issued this enrollment's certificate, or took this serial, just now.
            existing = valid_certificate(enrollment.id)
            if existing is not None:
                return existing
            continue
        audit.record(
            actor,
            "certificate.reissued" if replaces else "certificate.issued",
            enrollment,
            f"Certificate {certificate.serial} issued for enrollment {enrollment.id}"
            + (f", replacing {replaces.serial}" if replaces else ""),
        )
        complete_enrollments([enrollment], today)
        tell_issued([(certificate, holder)])
        return certificate
    raise MentoringError("Other certificates were being issued at the same time. Try again.")


def eligible_without_certificate(cohort: Cohort, today: date) -> tuple[list, int]:
    """The cohort's enrollments complete in both years and without a valid certificate, and how
    many complete ones have one already."""
    complete = [
        progress
        for progress in progress_for(
            (Enrollment.cohort_id == cohort.id)
            & Enrollment.status.in_([EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED]),
            today,
        )
        if progress.complete
    ]
    certified = set(
        db.session.scalars(
            select(Certificate.enrollment_id).where(
                Certificate.enrollment_id.in_([p.enrollment.id for p in complete]),
                Certificate.status == CertificateStatus.VALID,
            )
        )
    )
    waiting = [p for p in complete if p.enrollment.id not in certified]
    return waiting, len(complete) - len(waiting)


def issue_for_cohort(cohort: Cohort, actor: User, today: date) -> BulkResult:
    """Issue a certificate to every eligible enrollment of a cohort in one statement: all of
    them or, if anything stands in the way, none."""
    _check_specialist(actor)
    waiting, already = eligible_without_certificate(cohort, today)
    if not waiting:
        return BulkResult([], already)
    issuer = issuer_for_new_certificates()
    holders = {
        user.id: user
        for user in db.session.scalars(
            select(User).where(User.id.in_([p.enrollment.mentee_id for p in waiting]))
        )
    }
    first = _next_serial_number(today.year)
    rows = [
        _certificate_row(
            progress, holders[progress.enrollment.mentee_id], actor, today, number, issuer
        )
        for number, progress in enumerate(waiting, start=first)
    ]
    try:
        with db.session.begin_nested():
            db.session.execute(insert(Certificate), rows)
    except IntegrityError:
        raise MentoringError(
            "Certificates were being issued for this cohort at the same time, so none were "
            "issued now. Reload the page and try again."
        ) from None
    issued = list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.serial.in_([row["serial"] for row in rows]))
            .order_by(Certificate.serial_number)
        )
    )
    audit.record(
        actor,
        "certificate.bulk_issued",
        cohort,
        f"{len(issued)} certificates issued for cohort {cohort.id}: "
        f"{issued[0].serial} to {issued[-1].serial}",
    )
    complete_enrollments([progress.enrollment for progress in waiting], today)
    holder_of = {p.enrollment.id: holders[p.enrollment.mentee_id] for p in waiting}
    tell_issued([(certificate, holder_of[certificate.enrollment_id]) for certificate in issued])
    return BulkResult(issued, already)


def tell_issued(issued: list[tuple[Certificate, User]]) -> None:
    """Tell each holder their certificate is issued, with the page to download it."""
    notify_each(
        Kind.CERTIFICATES,
        "Your completion certificate is issued",
        "certificate_issued",
        [
            Note(
                holder,
                f"Your completion certificate {certificate.serial} is issued.",
                public_url("certificates.show", certificate_id=certificate.id),
                {"certificate": certificate},
            )
            for certificate, holder in issued
        ],
    )


def _reason(reason: str | None) -> str:
    reason = clean_text(reason)
    if problem := paragraphs_problem(reason, "the reason", MAX_REASON, "Give the reason."):
        raise MentoringError(problem, field="reason")
    return reason


def revoke(
    certificate: Certificate, actor: User, reason: str | None, now: datetime, reopen: bool = True
) -> None:
    """Revoke a valid certificate with a reason; the verification page says so at once. Unless
    a reissue follows (reopen=False), the enrollment is no longer completed."""
    _check_specialist(actor)
    reason = _reason(reason)
    already = MentoringError(f"Certificate {certificate.serial} is already revoked.")
    if certificate.status == CertificateStatus.REVOKED:
        raise already
    # Conditional: of two specialists revoking (or reissuing) at once, the second waits for the
    # first's row lock, then finds it revoked, instead of revoking and auditing it again.
    revoked = db.session.execute(
        update(Certificate)
        .where(Certificate.id == certificate.id, Certificate.status == CertificateStatus.VALID)
        .values(
            status=CertificateStatus.REVOKED,
            revoked_at=now,
            revoked_by_id=actor.id,
            revocation_reason=reason,
        )
    ).rowcount
    if revoked != 1:
        raise already
    enrollment = db.session.get(Enrollment, certificate.enrollment_id)
    audit.record(
        actor, "certificate.revoked", enrollment, f"Certificate {certificate.serial} revoked"
    )
    notify(
        [db.session.get(User, enrollment.mentee_id)],
        Kind.CERTIFICATES,
        "Your completion certificate was revoked",
        "certificate_revoked",
        text=f"Your completion certificate {certificate.serial} was revoked.",
        link=public_url("certificates.show", certificate_id=certificate.id),
        certificate=certificate,
    )
    if reopen:
        reopen_enrollment(enrollment, actor, f"certificate {certificate.serial} revoked")


def reissue(
    certificate: Certificate, actor: User, reason: str | None, today: date, now: datetime
) -> Certificate:
    """Revoke a certificate and issue its replacement, with the holder's name as it is now
    (after a name correction, say), a new serial and a new code, linked to the old one."""
    revoke(certificate, actor, reason, now, reopen=False)
    enrollment = db.session.get(Enrollment, certificate.enrollment_id)
    return issue_certificate(enrollment, actor, today, replaces=certificate)
