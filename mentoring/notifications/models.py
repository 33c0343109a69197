"""Notifications: each person's choice per kind (an email each time, a weekly digest, or
none), and the in-app list of every notification they were sent."""

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.core.models import UTCDateTime, enum_column, utcnow
from mentoring.extensions import db


class Kind(enum.StrEnum):
    """The optional kinds; account-security emails and mentor applications are not among them:
    those always go (an applicant has no account to choose with)."""

    MENTORING = "mentoring"
    MEETINGS = "meetings"
    REFLECTIONS = "reflections"
    PLANS = "plans"
    SIGN_OFFS = "sign_offs"
    CERTIFICATES = "certificates"

    @property
    def label(self) -> str:
        return {
            "mentoring": "A mentor is assigned to you, or a mentee to you",
            "meetings": "A meeting of yours is scheduled, changed or cancelled (with its .ics)",
            "reflections": "A mentee shares a reflection with you, or your mentor acknowledges "
            "yours",
            "plans": "Your mentor comments on or agrees your mentoring plan",
            "sign_offs": "A year's sign-off opens (mentors), or your year is signed off",
            "certificates": "Your completion certificate is issued or revoked",
        }[self]

    @property
    def short(self) -> str:
        """The kind named in a sentence: "emails about …"."""
        return {
            "mentoring": "mentor assignments",
            "meetings": "scheduled meetings",
            "reflections": "shared and acknowledged reflections",
            "plans": "your mentoring plan",
            "sign_offs": "year sign-offs",
            "certificates": "your certificate",
        }[self]


class Choice(enum.StrEnum):
    IMMEDIATE = "immediate"
    DIGEST = "digest"
    OFF = "off"

    @property
    def label(self) -> str:
        return {
            "immediate": "Email me each time",
            "digest": "Once a week, in a digest",
            "off": "No email",
        }[self]


_KNOWN_KIND = "kind IN (" + ", ".join(f"'{kind.value}'" for kind in Kind) + ")"


class NotificationPreference(db.Model):
    """A person's choice for one kind; no row means the default, an email each time."""

    __tablename__ = "notification_preferences"
    __table_args__ = (CheckConstraint(_KNOWN_KIND, name="known_kind"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    choice: Mapped[Choice] = mapped_column(enum_column(Choice, "choice"), nullable=False)

    def __repr__(self) -> str:
        return f"<NotificationPreference user={self.user_id} {self.kind}={self.choice}>"


class Notification(db.Model):
    """One notification to one person, as the in-app list shows it: a short text that never
    carries confidential text (names, dates, what happened) and a link to the page."""

    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint(_KNOWN_KIND, name="known_kind"),
        # An event announced once per person (a sign-off window) carries a key; a second run
        # finds it and sends nothing.
        UniqueConstraint("user_id", "event_key"),
        # The navigation bar's unread count and the list, newest first.
        Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
        Index("ix_notifications_user_id_created_at", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    text: Mapped[str] = mapped_column(String(300), nullable=False)
    link: Mapped[str] = mapped_column(String(500), nullable=False)
    # How it was delivered by email, by the person's choice when it was made.
    delivery: Mapped[Choice] = mapped_column(enum_column(Choice, "delivery"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # When a weekly digest carried it (delivery "digest" only).
    digested_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    event_key: Mapped[str | None] = mapped_column(String(120), nullable=True)

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).short

    def __repr__(self) -> str:
        return f"<Notification {self.id} user={self.user_id} {self.kind}>"
