"""Mentees' reflections: confidential between the author and their mentor.

The title and body are deferred with raiseload: a query that does not ask for them explicitly
(undefer) raises instead of loading them, so a page or export built for specialists cannot
read reflection text by accident.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from mentoring.core.models import TimestampMixin, UTCDateTime, utcnow
from mentoring.extensions import db

MAX_BODY = 10_000
EDIT_WINDOW_DAYS = 14


class Reflection(TimestampMixin, db.Model):
    __tablename__ = "reflections"
    __table_args__ = (
        CheckConstraint("program_year IN (1, 2)", name="program_year_1_or_2"),
        Index("ix_reflections_enrollment_id_written_on", "enrollment_id", "written_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("enrollments.id", ondelete="CASCADE"), nullable=False
    )
    # The mentor assigned when it was written: only they may read it, and only if shared.
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), nullable=True
    )
    written_on: Mapped[date] = mapped_column(Date, nullable=False)
    program_year: Mapped[int] = mapped_column(nullable=False)
    title: Mapped[str] = deferred(mapped_column(String(200), nullable=False), raiseload=True)
    body: Mapped[str] = deferred(mapped_column(Text, nullable=False), raiseload=True)
    is_shared: Mapped[bool] = mapped_column(default=True, nullable=False)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, onupdate=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The mentor's short reply: only the author reads it.
    mentor_reply: Mapped[str | None] = deferred(
        mapped_column(String(1000), nullable=True), raiseload=True
    )

    def __repr__(self) -> str:  # never the title or body
        return f"<Reflection {self.id} author={self.author_id} {self.written_on}>"
