"""Helpers of the upgrade tests, imported from here (a conftest holds fixtures only)."""

from datetime import date

from mentoring.certificates.models import Certificate, CertificateStatus
from mentoring.cohorts.models import MenteeProfile
from mentoring.core.models import utcnow
from mentoring.extensions import db
from mentoring.upgrade import operations
from mentoring.upgrade.rules import RuleSet, rule_set

TODAY = date(2026, 11, 22)  # inside school year 2026–27


def shipped(file_name: str) -> RuleSet:
    """A version the application ships (and its migration stores), read from its file."""
    return rule_set(**operations.read_rule_set_file(operations.RULE_SET_FILES / file_name))


ISS_CSS = shipped("iss-css-1.toml")


IPC_CCPC = shipped("ipc-ccpc-1.toml")


def add_year(
    mentee,
    school_year: str,
    school_type: str = "public",
    accrediting_body: str | None = None,
    contracted: bool = True,
    half_time: bool = True,
    evaluated_on: date | None = None,
    employer: str = "Columbia 93",
):
    entry = operations.add_experience(
        mentee,
        TODAY,
        school_year=school_year,
        employer=employer,
        school_type=school_type,
        accrediting_body=accrediting_body,
        is_contracted=contracted,
        is_at_least_half_time=half_time,
    )
    if evaluated_on is not None:
        operations.record_evaluation(entry, mentee, TODAY, evaluated_on)
    db.session.commit()
    return entry


def add_activity(
    mentee,
    contact_hours: str | None = None,
    semester_hours: str | None = None,
    completed_on: date = date(2026, 3, 14),
    title: str = "Trauma-informed practice",
    provider: str = "Heart of Missouri RPDC",
):
    entry = operations.add_development(
        mentee,
        TODAY,
        completed_on=completed_on,
        title=title,
        provider=provider,
        contact_hours=contact_hours,
        semester_hours=semester_hours,
    )
    db.session.commit()
    return entry


def issued(mentee, issued_on: date) -> None:
    """Set the mentee's ISS issue date directly (the factory's is August 1, 2025)."""
    db.session.get(MenteeProfile, mentee.id).iss_issued_on = issued_on
    db.session.commit()


def add_certificate(
    enrollment, status=CertificateStatus.VALID, serial="MO-SCMP-2026-00042"
) -> Certificate:
    """A completion certificate of an enrollment, issued July 15, 2026 (the row written
    directly: the checklist reads it, the certificate rules are tested elsewhere)."""
    certificate = Certificate(
        enrollment_id=enrollment.id,
        serial=serial,
        serial_year=2026,
        serial_number=int(serial[-5:]),
        code=f"CODE{serial[-5:]}",
        holder_name="Certificate Holder",
        school_years="2024–25 and 2025–26",
        contact_minutes=1440,
        issued_on=date(2026, 7, 15),
        signatory_name="Program Director",
        signatory_title="Department of Education",
        status=status,
        revoked_at=utcnow() if status == CertificateStatus.REVOKED else None,
    )
    db.session.add(certificate)
    db.session.commit()
    return certificate
