"""The PLC curriculum: a program-wide list of topics, and for each cohort and program year a
topic for each month the cohort meets, with links and files for the mentors to use."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.core.files import StoredFileMixin
from mentoring.core.models import TimestampMixin, UTCDateTime, utcnow
from mentoring.extensions import db

MAX_TITLE = 200
MAX_URL = 500
# The program year runs July to June: months in that order.
PROGRAM_MONTHS = (7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6)


class CurriculumTopic(TimestampMixin, db.Model):
    """A topic of the program-wide list that specialists keep; a month copies its title."""

    __tablename__ = "curriculum_topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(MAX_TITLE), nullable=False, unique=True)

    def __repr__(self) -> str:
        return f"<CurriculumTopic {self.id} {self.title!r}>"


class CurriculumMonth(TimestampMixin, db.Model):
    """A cohort's topic for one month of a program year (from the list or typed)."""

    __tablename__ = "curriculum_months"
    __table_args__ = (
        UniqueConstraint("cohort_id", "program_year", "month"),
        CheckConstraint("program_year IN (1, 2)", name="program_year_1_or_2"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False
    )
    program_year: Mapped[int] = mapped_column(nullable=False)
    month: Mapped[int] = mapped_column(nullable=False)  # the calendar month, 1 = January
    title: Mapped[str] = mapped_column(String(MAX_TITLE), nullable=False)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, onupdate=utcnow)

    def __repr__(self) -> str:
        return (
            f"<CurriculumMonth {self.id} cohort={self.cohort_id} "
            f"year={self.program_year} month={self.month}>"
        )


class CurriculumLink(TimestampMixin, db.Model):
    """A web page for a month's topic (https only)."""

    __tablename__ = "curriculum_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    month_id: Mapped[int] = mapped_column(
        ForeignKey("curriculum_months.id", ondelete="CASCADE"), nullable=False, index=True
    )
    url: Mapped[str] = mapped_column(String(MAX_URL), nullable=False)
    label: Mapped[str] = mapped_column(String(MAX_URL), nullable=False)  # the address if unnamed

    def __repr__(self) -> str:
        return f"<CurriculumLink {self.id} month={self.month_id}>"


class CurriculumFile(StoredFileMixin, db.Model):
    """A PDF, DOCX or PPTX file for a month's topic, kept in the database (core/files.py)."""

    __tablename__ = "curriculum_files"
    __table_args__ = (CheckConstraint("size_bytes > 0", name="size_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month_id: Mapped[int] = mapped_column(
        ForeignKey("curriculum_months.id", ondelete="CASCADE"), nullable=False, index=True
    )

    def __repr__(self) -> str:
        return f"<CurriculumFile {self.id} month={self.month_id} {self.content_type}>"
