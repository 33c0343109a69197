"""Read side of certificates: the register (paged and as CSV), and lookups by code or hash."""

from dataclasses import dataclass

from sqlalchemy import Exists, Select, func, select
from sqlalchemy.orm import aliased

from mentoring.certificates.models import Certificate, CertificateIssuer, CertificateStatus
from mentoring.cohorts.models import Cohort, Enrollment, MenteeProfile
from mentoring.cohorts.queries import region_through
from mentoring.core import audit, localtime, policy
from mentoring.core.hours import hours_of
from mentoring.extensions import db
from mentoring.users.models import User


def holds_valid_certificate() -> Exists:
    """In a query over Enrollment: the enrollment holds a valid certificate."""
    return (
        select(Certificate.id)
        .where(
            Certificate.enrollment_id == Enrollment.id,
            Certificate.status == CertificateStatus.VALID,
        )
        .exists()
    )


# Made once per process: an alias made per call adapts its columns again on every request.
_REPLACEMENT = aliased(Certificate)


def register_query(
    cohort_id: int | None,
    start_year: int | None,
    status: CertificateStatus | None,
    regions: frozenset[str] | None = None,
) -> Select:
    """Certificates with their cohort, holder, district and the serial of the certificate that
    replaced them (if reissued), newest first, filtered (and of a scoped specialist's
    regions)."""
    replacement = _REPLACEMENT
    query = (
        select(Certificate, Cohort, User, MenteeProfile.district, replacement.serial)
        .join(Enrollment, Enrollment.id == Certificate.enrollment_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .join(User, User.id == Enrollment.mentee_id)
        .outerjoin(MenteeProfile, MenteeProfile.user_id == Enrollment.mentee_id)
        .outerjoin(replacement, replacement.replaces_id == Certificate.id)
        .order_by(Certificate.issued_on.desc(), Certificate.id.desc())
    )
    return _filtered(query, cohort_id, start_year, status, regions)


def current_name(certificate: Certificate, holder: User) -> str | None:
    """The holder's name today when it differs from the name the certificate was issued with
    (a correction since); None when it is the same."""
    return holder.name if holder.name != certificate.holder_name else None


def register_count(
    cohort_id: int | None,
    start_year: int | None,
    status: CertificateStatus | None,
    regions: frozenset[str] | None = None,
) -> Select:
    """How many certificates register_query() holds, joining only what a filter needs: the
    holder and district joins match one row each and would make the count read every
    certificate's holder (150 ms for the unfiltered register of a national program)."""
    query = select(func.count(Certificate.id))
    if cohort_id or start_year or regions is not None:
        query = query.join(Enrollment, Enrollment.id == Certificate.enrollment_id).join(
            Cohort, Cohort.id == Enrollment.cohort_id
        )
    return _filtered(query, cohort_id, start_year, status, regions)


def _filtered(
    query: Select,
    cohort_id: int | None,
    start_year: int | None,
    status: CertificateStatus | None,
    regions: frozenset[str] | None = None,
) -> Select:
    if regions is not None:
        query = query.where(policy.region_filter(Cohort.region, regions))
    if cohort_id:
        query = query.where(Cohort.id == cohort_id)
    if start_year:
        query = query.where(Cohort.start_year == start_year)
    if status:
        query = query.where(Certificate.status == status)
    return query


def by_code(code: str) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.code == code))


def by_pdf_hash(digest: str) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.pdf_sha256 == digest))


def chain(certificate: Certificate) -> tuple[Certificate | None, Certificate | None]:
    """The certificate this one replaced, and the one that replaced it (two queries)."""
    replaced = (
        db.session.get(Certificate, certificate.replaces_id) if certificate.replaces_id else None
    )
    return replaced, replacement_of(certificate)


def replacement_of(certificate: Certificate) -> Certificate | None:
    """The certificate issued to replace this one, if it was reissued."""
    return db.session.scalar(select(Certificate).where(Certificate.replaces_id == certificate.id))


def certificates_of_mentee(
    mentee_id: int, regions: frozenset[str] | None = None
) -> list[Certificate]:
    """A mentee's certificates (of cohorts in the regions; None: all), valid first, newest
    first."""
    return list(
        db.session.scalars(
            select(Certificate)
            .join(Enrollment, Enrollment.id == Certificate.enrollment_id)
            .join(Cohort, Cohort.id == Enrollment.cohort_id)
            .where(Enrollment.mentee_id == mentee_id, policy.region_filter(Cohort.region, regions))
            .order_by(
                Certificate.status.desc(), Certificate.issued_on.desc(), Certificate.id.desc()
            )
        )
    )


def valid_by_enrollment(enrollment_ids: list[int]) -> dict[int, Certificate]:
    """The valid certificate of each of these enrollments that has one (one query)."""
    if not enrollment_ids:
        return {}
    return {
        certificate.enrollment_id: certificate
        for certificate in db.session.scalars(
            select(Certificate).where(
                Certificate.enrollment_id.in_(enrollment_ids),
                Certificate.status == CertificateStatus.VALID,
            )
        )
    }


def cohort_choices(regions: frozenset[str] | None = None) -> list[tuple[int, str]]:
    return list(
        db.session.execute(
            select(Cohort.id, Cohort.name)
            .where(policy.region_filter(Cohort.region, regions))
            .order_by(Cohort.start_year.desc(), Cohort.name)
        )
    )


def issued_by(certificate: Certificate) -> User | None:
    return db.session.get(User, certificate.issued_by_id) if certificate.issued_by_id else None


FORMAT_VERSION = 2  # of the verification JSON; see the README ("Verification")
LEGACY_PROGRAM = "School Counselor Mentoring Program"  # certificates issued before issuers


@dataclass(frozen=True)
class Verification:
    """Everything the public may know about a certificate, and nothing more (no email, no
    revocation reason)."""

    certificate: Certificate
    issuer: CertificateIssuer | None
    replacement: Certificate | None  # the certificate that replaced a revoked one

    @property
    def program(self) -> str:
        return self.issuer.program if self.issuer else LEGACY_PROGRAM

    def as_json(self, url_of) -> dict:
        """The JSON answer; url_of(code) gives a certificate's verification page."""
        certificate = self.certificate
        return {
            "format_version": FORMAT_VERSION,
            "status": certificate.status.value,
            "holder": certificate.holder_name,
            "program": self.program,
            "issuer": {
                "department": self.issuer.department if self.issuer else None,
                "association": self.issuer.association if self.issuer else None,
            },
            "school_years": certificate.school_years,
            "contact_hours": float(hours_of(certificate.contact_minutes)),
            "serial": certificate.serial,
            "issued_on": certificate.issued_on.isoformat(),
            "revoked_on": certificate.revoked_at.astimezone(localtime.zone()).date().isoformat()
            if certificate.revoked_at
            else None,
            "replaced_by": {
                "serial": self.replacement.serial,
                "url": url_of(self.replacement.code),
            }
            if self.replacement
            else None,
        }


def issuer_of(certificate: Certificate) -> CertificateIssuer | None:
    """The issuer stored with the certificate (None for those issued before issuers)."""
    return (
        db.session.get(CertificateIssuer, certificate.issuer_id) if certificate.issuer_id else None
    )


def verification(certificate: Certificate) -> Verification:
    """The public facts of a certificate (two queries)."""
    return Verification(certificate, issuer_of(certificate), replacement_of(certificate))


def revoked_ids() -> list[int]:
    """The ids of every revoked certificate: the status list's set bits."""
    return list(
        db.session.scalars(
            select(Certificate.id).where(Certificate.status == CertificateStatus.REVOKED)
        )
    )


@audit.describes("Certificate")
def name_certificates(ids) -> dict[int, str]:
    """Name certificates in the audit log: "certificate MO-SCMP-2026-0001 of Kwame Osei"."""
    query = (
        select(Certificate.id, Certificate.serial, User.name)
        .join(Enrollment, Enrollment.id == Certificate.enrollment_id)
        .join(User, User.id == Enrollment.mentee_id)
        .where(Certificate.id.in_(ids))
    )
    return audit.names_by_id(query, lambda serial, holder: f"certificate {serial} of {holder}")


@policy.regions_by(Certificate)
def certificate_regions(certificate: Certificate) -> list[str]:
    """A certificate belongs to the region of its enrollment's cohort."""
    return region_through(Enrollment, certificate.enrollment_id)
