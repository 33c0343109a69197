"""Program requirements: the defaults, and the columns each cohort copies at creation."""

from sqlalchemy import CheckConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.extensions import db

DEFAULT_MIN_MEETINGS = 8
DEFAULT_MIN_CONTACT_MINUTES = 12 * 60
DEFAULT_MIN_REFLECTIONS = 4
DEFAULT_AT_RISK_DAYS = 45


class RequirementColumns:
    """Per program year: minimum meetings, contact time (minutes) and reflections; at-risk days."""

    year1_min_meetings: Mapped[int] = mapped_column(default=DEFAULT_MIN_MEETINGS, nullable=False)
    year1_min_contact_minutes: Mapped[int] = mapped_column(
        default=DEFAULT_MIN_CONTACT_MINUTES, nullable=False
    )
    year1_min_reflections: Mapped[int] = mapped_column(
        default=DEFAULT_MIN_REFLECTIONS, nullable=False
    )
    year2_min_meetings: Mapped[int] = mapped_column(default=DEFAULT_MIN_MEETINGS, nullable=False)
    year2_min_contact_minutes: Mapped[int] = mapped_column(
        default=DEFAULT_MIN_CONTACT_MINUTES, nullable=False
    )
    year2_min_reflections: Mapped[int] = mapped_column(
        default=DEFAULT_MIN_REFLECTIONS, nullable=False
    )
    at_risk_days: Mapped[int] = mapped_column(default=DEFAULT_AT_RISK_DAYS, nullable=False)

    REQUIREMENT_FIELDS = (
        "year1_min_meetings",
        "year1_min_contact_minutes",
        "year1_min_reflections",
        "year2_min_meetings",
        "year2_min_contact_minutes",
        "year2_min_reflections",
        "at_risk_days",
    )

    def requirements(self) -> dict[str, int]:
        return {field: getattr(self, field) for field in self.REQUIREMENT_FIELDS}


def requirement_checks() -> tuple[CheckConstraint, ...]:
    """Check constraints that keep every requirement at zero or more."""
    return tuple(
        CheckConstraint(f"{field} >= 0", name=f"{field}_nonneg")
        for field in RequirementColumns.REQUIREMENT_FIELDS
    )


class RequirementDefaults(RequirementColumns, db.Model):
    """The program's default requirements (one row); new cohorts copy them."""

    __tablename__ = "requirement_defaults"
    __table_args__ = requirement_checks()

    id: Mapped[int] = mapped_column(primary_key=True)

    def __repr__(self) -> str:
        return f"<RequirementDefaults {self.requirements()}>"


def current_defaults() -> RequirementDefaults:
    """Return the program defaults, creating the row with the built-in values the first time."""
    defaults = db.session.get(RequirementDefaults, 1)
    if defaults is None:
        defaults = RequirementDefaults(id=1)
        for field in RequirementColumns.REQUIREMENT_FIELDS:
            setattr(defaults, field, RequirementDefaults.__table__.c[field].default.arg)
        db.session.add(defaults)
        db.session.flush()
    return defaults
