"""Each person's choice, per kind of notification, to receive it by email or not."""

import enum

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.core.models import enum_column
from mentoring.extensions import db


class Kind(enum.StrEnum):
    MEETINGS = "meetings"
    PLANS = "plans"

    @property
    def label(self) -> str:
        return {
            "meetings": "A meeting of yours is scheduled, changed or cancelled (with its .ics)",
            "plans": "Your mentor comments on or agrees your mentoring plan",
        }[self]


class Choice(enum.StrEnum):
    IMMEDIATE = "immediate"
    OFF = "off"

    @property
    def label(self) -> str:
        return {"immediate": "Email me each time", "off": "No email"}[self]


class NotificationPreference(db.Model):
    """A person's choice for one kind; no row means the default, an email each time."""

    __tablename__ = "notification_preferences"
    __table_args__ = (
        CheckConstraint(
            "kind IN (" + ", ".join(f"'{kind.value}'" for kind in Kind) + ")", name="known_kind"
        ),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    choice: Mapped[Choice] = mapped_column(enum_column(Choice, "choice"), nullable=False)

    def __repr__(self) -> str:
        return f"<NotificationPreference user={self.user_id} {self.kind}={self.choice}>"
