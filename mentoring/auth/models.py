"""Single-use links sent by email: invitations and password resets."""

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.core.models import TimestampMixin, UTCDateTime, enum_column
from mentoring.extensions import db

if TYPE_CHECKING:
    from mentoring.users.models import User


class TokenPurpose(enum.StrEnum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"  # noqa: S105 (a link purpose, not a secret)


class AccountToken(TimestampMixin, db.Model):
    """One emailed link. Only a hash of its secret is stored; using it sets used_at."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    purpose: Mapped[TokenPurpose] = mapped_column(
        enum_column(TokenPurpose, "token_purpose"), nullable=False
    )
    secret_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user: Mapped["User"] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<AccountToken {self.id} {self.purpose} user={self.user_id}>"


class RecoveryCode(db.Model):
    """One of a user's ten single-use recovery codes for the second factor; only its hash."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    def __repr__(self) -> str:
        return f"<RecoveryCode {self.id} user={self.user_id}>"


class SignInFailure(db.Model):
    """A failed sign-in (wrong password or wrong code), by the email that was typed and the
    client's address; also an attempt still being checked (see auth/throttle.py).

    Counted per email, whether or not an account has it, so the wait message says nothing about
    which accounts exist.
    """

    __tablename__ = "sign_in_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    ip_address: Mapped[str | None] = mapped_column(String(45), nullable=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    __table_args__ = (Index("ix_sign_in_failures_email_occurred_at", "email", "occurred_at"),)

    def __repr__(self) -> str:
        return f"<SignInFailure {self.email} {self.occurred_at}>"
