"""Scheduled meetings (the plan, before a meeting is logged) and each person's calendar feed."""

from datetime import date, datetime, timedelta

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.core.models import TimestampMixin, UTCDateTime, enum_column, utcnow
from mentoring.extensions import db
from mentoring.meetings.models import MAX_MINUTES, MIN_MINUTES, MeetingKind, Topic

AGENDA_MAX = 2000
LOCATION_MAX = 200
VIDEO_URL_MAX = 500


class ScheduledMeeting(TimestampMixin, db.Model):
    """One meeting on the calendar; a monthly series is one row per occurrence sharing `series`.

    `uid` names the event in every calendar for good; `sequence` grows on every change, so a
    calendar that subscribed replaces its copy (RFC 5545, 3.8.7.4).
    """

    __tablename__ = "scheduled_meetings"
    __table_args__ = (
        CheckConstraint(
            f"duration_minutes BETWEEN {MIN_MINUTES} AND {MAX_MINUTES}", name="duration_range"
        ),
        CheckConstraint(
            "(kind = 'one_on_one') = (enrollment_id IS NOT NULL)", name="one_on_one_has_mentee"
        ),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        Index("ix_scheduled_meetings_plc_group_id_starts_at", "plc_group_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plc_group_id: Mapped[int] = mapped_column(
        ForeignKey("plc_groups.id", ondelete="CASCADE"), nullable=False
    )
    # The one mentee of a one-on-one; None for a PLC group meeting (all its active mentees).
    enrollment_id: Mapped[int | None] = mapped_column(
        ForeignKey("enrollments.id", ondelete="CASCADE"), nullable=True, index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    kind: Mapped[MeetingKind] = mapped_column(
        enum_column(MeetingKind, "meeting_kind"), nullable=False
    )
    topic: Mapped[Topic | None] = mapped_column(enum_column(Topic, "topic"), nullable=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    # The start's date in the program's time zone: a logged meeting of the group on this date
    # is this meeting's log.
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    duration_minutes: Mapped[int] = mapped_column(nullable=False)
    location: Mapped[str | None] = mapped_column(String(LOCATION_MAX), nullable=True)
    video_url: Mapped[str | None] = mapped_column(String(VIDEO_URL_MAX), nullable=True)
    agenda: Mapped[str] = mapped_column(Text, nullable=False, default="")
    series: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    uid: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    sequence: Mapped[int] = mapped_column(nullable=False, default=0)
    is_cancelled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, onupdate=utcnow)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    def __repr__(self) -> str:
        return f"<ScheduledMeeting {self.id} group={self.plc_group_id} {self.starts_at:%Y-%m-%d}>"


class CalendarFeed(TimestampMixin, db.Model):
    """A person's private calendar feed: only the SHA-256 of its token is kept."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    token_digest: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)

    def __repr__(self) -> str:
        return f"<CalendarFeed user={self.user_id}>"
