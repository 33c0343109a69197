"""Forms of mentor service: a training event, its attendees, a year's service requirements."""

from decimal import Decimal

from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    StopValidation,
    ValidationError,
)

from mentoring.core.forms import Form
from mentoring.core.hours import hours_of, minutes_of
from mentoring.mentors.models import MAX_TRAINING_MINUTES, MIN_TRAINING_MINUTES, TrainingKind

MAX_MEETINGS = 100
MAX_TRAININGS = 20
MAX_CONTACT_HOURS = 200
MAX_ATTENDEES = 200


def _hours(message: str, minimum: Decimal, maximum: int, step: str):
    """An hours field's validators and attributes: a number such as 6 or 1.5, in the range,
    in steps of `step` hours."""
    quantum = Decimal(step)

    def finite(_form, field) -> None:
        # Decimal() accepts "NaN" and "Infinity", which no range check can compare.
        if field.data is not None and not field.data.is_finite():
            raise StopValidation(message)

    def in_steps(_form, field) -> None:
        if field.data is not None and field.data % quantum:
            raise ValidationError(message)

    validators = [InputRequired(), finite, NumberRange(min=minimum, max=maximum), in_steps]
    return validators, {"min": minimum, "max": maximum, "step": step, "inputmode": "decimal"}


_TRAINING_HOURS = _hours(
    "Enter the hours in quarter hours, such as 6 or 1.25.",
    hours_of(MIN_TRAINING_MINUTES),
    int(hours_of(MAX_TRAINING_MINUTES)),
    "0.25",
)
_CONTACT_HOURS = _hours(
    "Use whole or half hours, such as 12 or 9.5.", Decimal(0), MAX_CONTACT_HOURS, "0.5"
)


class TrainingForm(Form):
    kind = SelectField(
        "Kind",
        choices=[SelectChoice(kind.value, kind.label) for kind in TrainingKind],
        default="regional_training",
    )
    title = StringField(
        "Title", validators=[DataRequired("Enter the training's title."), Length(max=200)]
    )
    held_on = DateField("Date", validators=[InputRequired("Enter the date of the training.")])
    region = StringField("Region", validators=[DataRequired("Enter the region."), Length(max=64)])
    hours = DecimalField(
        "Hours", places=None, validators=_TRAINING_HOURS[0], render_kw=_TRAINING_HOURS[1]
    )

    @property
    def minutes(self) -> int:
        return minutes_of(self.hours.data)


class AttendeesForm(Form):
    emails = TextAreaField(
        "Email addresses of the mentors who attended, one a line",
        validators=[DataRequired("Enter at least one mentor's email address.")],
    )

    def addresses(self) -> list[str]:
        """The addresses typed, lower-cased, each once, in their order."""
        seen = dict.fromkeys(
            line.strip().lower() for line in (self.emails.data or "").splitlines() if line.strip()
        )
        return list(seen)

    def validate_emails(self, field) -> None:
        if len(self.addresses()) > MAX_ATTENDEES:
            raise ValidationError(f"Enter at most {MAX_ATTENDEES} addresses at a time.")


class RequirementForm(Form):
    min_trainings = IntegerField(
        "Minimum trainings attended",
        validators=[InputRequired(), NumberRange(min=0, max=MAX_TRAININGS)],
        render_kw={"min": 0, "max": MAX_TRAININGS, "inputmode": "numeric"},
    )
    min_meetings = IntegerField(
        "Minimum meetings logged",
        validators=[InputRequired(), NumberRange(min=0, max=MAX_MEETINGS)],
        render_kw={"min": 0, "max": MAX_MEETINGS, "inputmode": "numeric"},
    )
    min_contact_hours = DecimalField(
        "Minimum contact hours held",
        places=None,
        validators=_CONTACT_HOURS[0],
        render_kw=_CONTACT_HOURS[1],
    )
