"""Completion certificates: one valid certificate per enrollment, revoked and reissued, never
deleted.

What the certificate says is copied onto it at issuance (holder, school years, contact hours,
signatory), so that it renders to the same bytes for as long as it exists.
"""

import enum
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.core.models import TimestampMixin, UTCDateTime, enum_column
from mentoring.extensions import db


class CertificateStatus(enum.StrEnum):
    VALID = "valid"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        return {"valid": "Valid", "revoked": "Revoked"}[self]


class CertificateIssuer(TimestampMixin, db.Model):
    """The issuer as it was configured when certificates were issued: what their PDF prints
    besides the certificate's own facts. Stored once per configuration (by fingerprint) and
    never changed, so a certificate re-renders to the same bytes after the configuration moves
    on. Certificates issued before issuers were stored have none and keep layout 1."""

    __tablename__ = "certificate_issuers"

    CURRENT_LAYOUT = 2  # the certificate template and stylesheet; see documents.LAYOUTS

    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    layout: Mapped[int] = mapped_column(nullable=False)
    department: Mapped[str] = mapped_column(String(200), nullable=False)
    association: Mapped[str] = mapped_column(String(200), nullable=False)
    program: Mapped[str] = mapped_column(String(200), nullable=False)
    # MENTORING_PUBLIC_URL at the time: the verification address printed and QR-coded.
    public_url: Mapped[str] = mapped_column(String(300), nullable=False)
    first_logo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    second_logo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    signature_image: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)

    @property
    def logos(self) -> list[bytes]:
        return [logo for logo in (self.first_logo, self.second_logo) if logo]

    def __repr__(self) -> str:
        return f"<CertificateIssuer {self.id} {self.department}>"


class Certificate(TimestampMixin, db.Model):
    __tablename__ = "certificates"
    __table_args__ = (
        # At most one valid certificate per enrollment, whoever clicks and however often.
        Index(
            "uq_certificates_valid_enrollment",
            "enrollment_id",
            unique=True,
            sqlite_where=text("status = 'valid'"),
            postgresql_where=text("status = 'valid'"),
        ),
        # The register, newest first: certificates issued together share a day (a cohort's
        # bulk issue), so the order needs the id too for the index to hand a page over in order.
        Index("ix_certificates_issued_on_id", "issued_on", "id"),
        UniqueConstraint("serial_year", "serial_number"),
        CheckConstraint("serial_number > 0", name="serial_number_positive"),
        CheckConstraint("contact_minutes >= 0", name="contact_minutes_not_negative"),
        CheckConstraint(
            "(status = 'revoked') = (revoked_at IS NOT NULL)", name="revoked_has_a_date"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("enrollments.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    serial: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    serial_year: Mapped[int] = mapped_column(nullable=False)
    serial_number: Mapped[int] = mapped_column(nullable=False)
    # 128 random bits in Crockford base32 (26 characters): the QR code and URL carry it.
    code: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    holder_name: Mapped[str] = mapped_column(String(200), nullable=False)
    school_years: Mapped[str] = mapped_column(String(40), nullable=False)
    contact_minutes: Mapped[int] = mapped_column(nullable=False)
    issued_on: Mapped[date] = mapped_column(Date, nullable=False)
    issued_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    # None for certificates issued before the issuer was configurable (layout 1).
    issuer_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificate_issuers.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    signatory_name: Mapped[str] = mapped_column(String(200), nullable=False)
    signatory_title: Mapped[str] = mapped_column(String(200), nullable=False)
    status: Mapped[CertificateStatus] = mapped_column(
        enum_column(CertificateStatus, "certificate_status"),
        default=CertificateStatus.VALID,
        nullable=False,
        index=True,
    )
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    revocation_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    # A reissued certificate points at the one it replaces. (Not ON DELETE RESTRICT: SQLite
    # checks that per row, so even deleting a whole chain at once would be refused.)
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificates.id"), nullable=True, unique=True
    )
    # SHA-256 of the PDF, stored at its first render; later renders must match it.
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)

    def __repr__(self) -> str:
        return f"<Certificate {self.serial} {self.status}>"
