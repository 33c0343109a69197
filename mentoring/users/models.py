"""Accounts: one User per email, with a role."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column, validates

from mentoring.core.models import TimestampMixin, UTCDateTime, enum_column
from mentoring.core.roles import Role
from mentoring.extensions import db


def normalise_email(email: str) -> str:
    """Emails are unique without regard to case: keep one canonical, lower-case form."""
    return email.strip().lower()


def normalise_name(name: str | None) -> str:
    """A person's name as typed, with runs of spaces made one and none at either end."""
    return " ".join((name or "").split())


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"
    # People of one role in name order (the mentor lists and reports page them by name): read
    # in order from the index, a page stops after its rows; lookups by role use its prefix.
    __table_args__ = (Index("ix_users_role_name", "role", "name", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), nullable=False, unique=True)
    # The full legal name: certificates, the register and official records. Program staff
    # correct it; the person chooses only how the app shows them (preferred_name).
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    preferred_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"), nullable=False)
    is_active: Mapped[bool] = mapped_column(default=True, nullable=False)
    # None until the person accepts their invitation and chooses a password.
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # Part of the session identity: raising it ends every session signed in before.
    session_version: Mapped[int] = mapped_column(default=1, nullable=False)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Second factor (TOTP): the secret is kept from enrolment; it counts once confirmed.
    totp_secret: Mapped[str | None] = mapped_column(String(32), nullable=True)
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The last time step whose code was accepted: a code works once, even within its window.
    totp_last_step: Mapped[int | None] = mapped_column(nullable=True)

    @validates("email")
    def _normalise_email(self, _key, email: str) -> str:
        return normalise_email(email)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def display_name(self) -> str:
        """How the app shows the person: the name they chose, else their full name."""
        return self.preferred_name or self.name

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    @property
    def has_second_factor(self) -> bool:
        return self.totp_confirmed_at is not None

    @property
    def needs_second_factor_enrolment(self) -> bool:
        """Specialists and the certification office (who export personal data) must use a
        second factor; for mentors and mentees it is their choice."""
        return self.must_use_second_factor and not self.has_second_factor

    @property
    def must_use_second_factor(self) -> bool:
        return self.role in (Role.SPECIALIST, Role.CERTIFICATION_OFFICE)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"
