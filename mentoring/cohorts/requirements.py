"""Requirements: the columns a cohort has (per program year: meetings, contact time,
reflections, essential experiences, the plan's due date; the at-risk days), the program's
defaults that new cohorts copy, the form (hours on screen, minutes in the database) and the
operation that changes them. Their two pages are in cohorts/routes.py (this module is below
cohorts/models.py, which builds the Cohort from these columns)."""

from datetime import date

from sqlalchemy import CheckConstraint
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import DecimalField, IntegerField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, StopValidation, ValidationError

from mentoring.core import audit, signals
from mentoring.core.errors import MentoringError
from mentoring.core.forms import Form
from mentoring.core.hours import hours_of, minutes_of
from mentoring.core.localtime import day_in_school_year
from mentoring.extensions import db
from mentoring.users.models import User

DEFAULT_MIN_MEETINGS = 8
DEFAULT_MIN_CONTACT_MINUTES = 12 * 60
DEFAULT_MIN_REFLECTIONS = 4
DEFAULT_AT_RISK_DAYS = 45
# The plan requirement is off (month 0) and no essential experience is required by default, so
# a cohort behaves as before until a specialist sets them.
DEFAULT_MIN_EXPERIENCES = 0
NO_PLAN_DUE = 0


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
    # Optional, per program year: at least n essential experiences ticked off, and a mentoring
    # plan agreed by a month and day of the year (month 0: no plan requirement). Month and day,
    # not a date, so that the program defaults name "October 31" of whichever year a cohort is in.
    year1_min_experiences: Mapped[int] = mapped_column(
        default=DEFAULT_MIN_EXPERIENCES, nullable=False
    )
    year1_plan_due_month: Mapped[int] = mapped_column(default=NO_PLAN_DUE, nullable=False)
    year1_plan_due_day: Mapped[int] = mapped_column(default=NO_PLAN_DUE, nullable=False)
    year2_min_experiences: Mapped[int] = mapped_column(
        default=DEFAULT_MIN_EXPERIENCES, nullable=False
    )
    year2_plan_due_month: Mapped[int] = mapped_column(default=NO_PLAN_DUE, nullable=False)
    year2_plan_due_day: Mapped[int] = mapped_column(default=NO_PLAN_DUE, nullable=False)

    REQUIREMENT_FIELDS = (
        "year1_min_meetings",
        "year1_min_contact_minutes",
        "year1_min_reflections",
        "year2_min_meetings",
        "year2_min_contact_minutes",
        "year2_min_reflections",
        "at_risk_days",
        "year1_min_experiences",
        "year1_plan_due_month",
        "year1_plan_due_day",
        "year2_min_experiences",
        "year2_plan_due_month",
        "year2_plan_due_day",
    )

    def requirements(self) -> dict[str, int]:
        return {field: getattr(self, field) for field in self.REQUIREMENT_FIELDS}

    def plan_due_on(self, year: int) -> date | None:
        """The date program year 1 or 2's plan must be agreed by (a cohort's own years), or None
        when the plan is not required. July to December fall in the year's first calendar year."""
        month = getattr(self, f"year{year}_plan_due_month")
        if month == NO_PLAN_DUE:
            return None
        start_year = getattr(self, "start_year", 2000) + year - 1
        return day_in_school_year(start_year, month, getattr(self, f"year{year}_plan_due_day"))


def plan_due_problem(month: int, day: int) -> str | None:
    """A month and day that exist every year (no February 29), or month 0 for no requirement."""
    if month == NO_PLAN_DUE:
        return None
    if not 1 <= month <= 12:
        return "Choose a month."
    last = (date(2001 + (month == 12), month % 12 + 1, 1) - date(2001, month, 1)).days
    if not 1 <= day <= last:
        return f"Enter a day from 1 to {last}."
    return None


def requirement_checks() -> tuple[CheckConstraint, ...]:
    """Check constraints that keep every requirement at zero or more, and plan dates real."""
    return tuple(
        CheckConstraint(f"{field} >= 0", name=f"{field}_nonneg")
        for field in RequirementColumns.REQUIREMENT_FIELDS
    ) + tuple(
        CheckConstraint(
            f"year{year}_plan_due_month <= 12 AND year{year}_plan_due_day <= 31",
            name=f"year{year}_plan_due_range",
        )
        for year in (1, 2)
    )


class RequirementDefaults(RequirementColumns, db.Model):
    """The program's default requirements (one row); new cohorts copy them."""

    __tablename__ = "requirement_defaults"
    __table_args__ = requirement_checks()

    id: Mapped[int] = mapped_column(primary_key=True)

    def __repr__(self) -> str:
        return f"<RequirementDefaults {self.requirements()}>"


def current_defaults() -> RequirementDefaults:
    """The program defaults, creating the row with the built-in values the first time."""
    defaults = db.session.get(RequirementDefaults, 1)
    if defaults is None:
        defaults = RequirementDefaults(id=1)
        for field in RequirementColumns.REQUIREMENT_FIELDS:
            setattr(defaults, field, RequirementDefaults.__table__.c[field].default.arg)
        db.session.add(defaults)
        db.session.flush()
        # The program's essential experiences are seeded with the defaults, once: a list a
        # specialist later empties stays empty. (Imported here: cohorts/models imports this.)
        from mentoring.cohorts.experiences import seed_default_experiences

        seed_default_experiences()
    return defaults


# The form ---------------------------------------------------------------------------------------

MAX_MEETINGS = 100
MAX_HOURS = 200
MAX_REFLECTIONS = 100
MAX_AT_RISK_DAYS = 365
MAX_EXPERIENCES = 50
# The program year runs July to June, so the months are offered in that order.
MONTH_CHOICES = [SelectChoice(NO_PLAN_DUE, "No plan requirement")] + [
    SelectChoice(month, date(2001, month, 1).strftime("%B"))
    for month in (*range(7, 13), *range(1, 7))
]


def _finite(_form, field) -> None:
    # Decimal() accepts "NaN" and "Infinity", which no range check can compare.
    if field.data is not None and not field.data.is_finite():
        raise StopValidation("Enter a number of hours, such as 12 or 9.5.")


def _half_hours(_form, field) -> None:
    if field.data is not None and (field.data * 2) % 1:
        raise ValidationError("Use whole or half hours, such as 12 or 9.5.")


def _count(label: str, maximum: int, minimum: int = 0) -> IntegerField:
    return IntegerField(
        label,
        validators=[InputRequired(), NumberRange(min=minimum, max=maximum)],
        render_kw={"min": minimum, "max": maximum, "step": 1, "inputmode": "numeric"},
    )


def _hours(label: str) -> DecimalField:
    return DecimalField(
        label,
        places=None,
        validators=[InputRequired(), _finite, NumberRange(min=0, max=MAX_HOURS), _half_hours],
        render_kw={"min": 0, "max": MAX_HOURS, "step": "0.5", "inputmode": "decimal"},
    )


def _plan_month() -> SelectField:
    return SelectField(
        "Mentoring plan agreed by: month", choices=MONTH_CHOICES, coerce=int, default=NO_PLAN_DUE
    )


def _plan_day() -> IntegerField:
    return IntegerField(
        "Day of the month",
        validators=[Optional(), NumberRange(min=1, max=31)],
        render_kw={"min": 1, "max": 31, "step": 1, "inputmode": "numeric"},
    )


class RequirementsForm(Form):
    year1_min_meetings = _count("Minimum meetings attended", MAX_MEETINGS)
    year1_min_contact_hours = _hours("Minimum contact hours attended")
    year1_min_reflections = _count("Minimum reflections written", MAX_REFLECTIONS)
    year2_min_meetings = _count("Minimum meetings attended", MAX_MEETINGS)
    year2_min_contact_hours = _hours("Minimum contact hours attended")
    year2_min_reflections = _count("Minimum reflections written", MAX_REFLECTIONS)
    at_risk_days = _count(
        "Days without an attended meeting before a mentee is at risk", MAX_AT_RISK_DAYS, 1
    )
    year1_min_experiences = _count("Minimum essential experiences done", MAX_EXPERIENCES)
    year1_plan_due_month = _plan_month()
    year1_plan_due_day = _plan_day()
    year2_min_experiences = _count("Minimum essential experiences done", MAX_EXPERIENCES)
    year2_plan_due_month = _plan_month()
    year2_plan_due_day = _plan_day()
    submit = SubmitField("Save requirements")

    def validate(self, extra_validators=None) -> bool:
        """A plan month needs its day (the day field is optional on its own)."""
        valid = super().validate(extra_validators)
        for year in (1, 2):
            day = self[f"year{year}_plan_due_day"]
            month = self[f"year{year}_plan_due_month"].data
            if day.errors or month == NO_PLAN_DUE:
                continue
            problem = (
                "Enter the day of the month the plan is due."
                if day.data is None
                else plan_due_problem(month, day.data)
            )
            if problem:
                day.errors = [*day.errors, problem]
                valid = False
        return valid

    @staticmethod
    def data_of(owner: RequirementColumns) -> dict:
        """The form's initial values from a cohort's or the program's requirements."""
        data = owner.requirements()
        for year in (1, 2):
            if data[f"year{year}_plan_due_month"] == NO_PLAN_DUE:
                data[f"year{year}_plan_due_day"] = None
            data[f"year{year}_min_contact_hours"] = hours_of(
                data.pop(f"year{year}_min_contact_minutes")
            )
        return data

    def entry(self) -> dict[str, int]:
        """The requirement columns to save, with hours turned into minutes."""
        values = {}
        for field in RequirementColumns.REQUIREMENT_FIELDS:
            if field.endswith("_contact_minutes"):
                hours = self[field.replace("_minutes", "_hours")].data
                values[field] = minutes_of(hours)
            else:
                values[field] = self[field].data
        for year in (1, 2):  # no day without a month
            if values[f"year{year}_plan_due_month"] == NO_PLAN_DUE:
                values[f"year{year}_plan_due_day"] = 0
        return values


# The change -------------------------------------------------------------------------------------


def update_requirements(owner: RequirementColumns, actor: User, **values: int) -> None:
    """Change the requirements of a cohort or of the program defaults (audited)."""
    changes = []
    for field, value in values.items():
        if field not in RequirementColumns.REQUIREMENT_FIELDS:
            raise ValueError(field)
        if value < 0:
            raise MentoringError("Requirements cannot be negative.", field=field)
    for year in (1, 2):
        problem = plan_due_problem(
            values.get(f"year{year}_plan_due_month", getattr(owner, f"year{year}_plan_due_month")),
            values.get(f"year{year}_plan_due_day", getattr(owner, f"year{year}_plan_due_day")),
        )
        if problem:
            raise MentoringError(problem, field=f"year{year}_plan_due_day")
    for field, value in values.items():
        if getattr(owner, field) != value:
            changes.append(f"{field}: {getattr(owner, field)} → {value}")
            setattr(owner, field, value)
    if changes:
        target = None if isinstance(owner, RequirementDefaults) else owner
        audit.record(actor, "requirements.updated", target, "; ".join(changes))
        if target is not None:
            signals.enrollments_recount.send(None, cohort_id=target.id)
