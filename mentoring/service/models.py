"""The service requirements of a school year, set by specialists (for stipends)."""

from sqlalchemy import CheckConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.core.models import TimestampMixin
from mentoring.extensions import db


class ServiceRequirement(TimestampMixin, db.Model):
    """What a mentor must do in a school year (July 1 – June 30) to have met their service."""

    __tablename__ = "service_requirements"
    __table_args__ = (
        CheckConstraint("school_year BETWEEN 2000 AND 2100", name="school_year_range"),
        CheckConstraint("min_trainings >= 0", name="min_trainings_nonneg"),
        CheckConstraint("min_meetings >= 0", name="min_meetings_nonneg"),
        CheckConstraint("min_contact_minutes >= 0", name="min_contact_minutes_nonneg"),
    )

    school_year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    min_trainings: Mapped[int] = mapped_column(nullable=False)
    min_meetings: Mapped[int] = mapped_column(nullable=False)
    min_contact_minutes: Mapped[int] = mapped_column(nullable=False)

    def __repr__(self) -> str:
        return f"<ServiceRequirement {self.school_year}>"
