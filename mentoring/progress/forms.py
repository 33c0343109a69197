"""The requirements form (hours on screen, minutes in the database) and the sign-off forms."""

from datetime import date

from wtforms import DecimalField, IntegerField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from mentoring.core.forms import Form
from mentoring.core.hours import hours_of, minutes_of
from mentoring.core.text import clean_text
from mentoring.progress import operations
from mentoring.progress.models import NO_PLAN_DUE, RequirementColumns, plan_due_problem

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


MET_CHOICES = [
    SelectChoice("met", "Met the year's requirements"),
    SelectChoice("not_met", "Did not meet them"),
]


class SignOffForm(Form):
    met = RadioField(
        "Did the mentee meet this year's requirements?",
        choices=MET_CHOICES,
        validators=[InputRequired("Choose met or not met.")],
    )
    comment = TextAreaField(
        "Comment (the mentee and program staff read it)",
        filters=[clean_text],
        validators=[DataRequired("Write a comment for the mentee.")],
        render_kw={"rows": 4, "maxlength": operations.MAX_TEXT},
    )
    on_behalf_reason = TextAreaField(
        "Why you sign off in the mentor's place",
        filters=[clean_text],
        render_kw={"rows": 3, "maxlength": operations.MAX_TEXT},
    )
    submit = SubmitField("Sign off the year")

    def validate_comment(self, field) -> None:
        problem = operations.text_problem(field.data, "comment")
        if problem:
            raise ValidationError(problem)

    def validate_on_behalf_reason(self, field) -> None:
        problem = operations.text_problem(field.data, "reason")
        if problem:
            raise ValidationError(problem)

    @property
    def is_met(self) -> bool:
        return self.met.data == "met"


class CorrectSignOffForm(SignOffForm):
    on_behalf_reason = TextAreaField(
        "Reason for the correction",
        filters=[clean_text],
        validators=[DataRequired("Give the reason for the correction.")],
        render_kw={"rows": 3, "maxlength": operations.MAX_TEXT},
    )
    submit = SubmitField("Correct the sign-off")
