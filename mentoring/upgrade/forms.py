"""Upgrade checklist forms; their rules are the operations' own."""

from datetime import date

from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from mentoring.core.forms import Form
from mentoring.core.text import clean_text
from mentoring.upgrade import operations
from mentoring.upgrade.models import AccreditingBody, ExperienceYear, SchoolType

SCHOOL_TYPE_CHOICES = [SelectChoice(member.value, member.label) for member in SchoolType]
BODY_CHOICES = [SelectChoice("", "Not applicable (not an accredited nonpublic school)")] + [
    SelectChoice(member.value, member.label) for member in AccreditingBody
]
DATE_FORMAT = "Give the date as a full date, for example 2025-08-01."


def _check(problem: str | None) -> None:
    if problem:
        raise ValidationError(problem)


class _TodayForm(Form):
    """A form whose rules depend on today's date, which the route gives."""

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today


class IssForm(_TodayForm):
    issued_on = DateField(
        "Issue date of your ISS certificate",
        validators=[InputRequired("Give the date your ISS certificate was issued.")],
    )
    submit = SubmitField("Save the date")

    def validate_issued_on(self, field) -> None:
        if field.data is not None:
            _check(operations.date_problem(field.data, self.today, "issue date"))


class ExperienceForm(_TodayForm):
    school_year = StringField(
        "School year", filters=[clean_text], render_kw={"maxlength": 7, "placeholder": "2025–26"}
    )
    employer = StringField(
        "School or district", filters=[clean_text], render_kw={"maxlength": operations.MAX_EMPLOYER}
    )
    school_type = RadioField(
        "Kind of school",
        choices=SCHOOL_TYPE_CHOICES,
        validators=[InputRequired("Choose the kind of school.")],
    )
    accrediting_body = SelectField("Accrediting body", choices=BODY_CHOICES, default="")
    is_contracted = BooleanField("The employment was contracted")
    is_at_least_half_time = BooleanField("The employment was at least half-time")
    submit = SubmitField("Save the year")

    def validate_school_year(self, field) -> None:
        _check(operations.school_year_problem(field.data, self.today))

    def validate_employer(self, field) -> None:
        _check(operations.line_problem(field.data, "school or district", operations.MAX_EMPLOYER))

    def validate_accrediting_body(self, field) -> None:
        _check(operations.accrediting_body_problem(self.school_type.data, field.data))

    def entry(self) -> dict:
        return {
            "school_year": self.school_year.data,
            "employer": self.employer.data,
            "school_type": self.school_type.data,
            "accrediting_body": self.accrediting_body.data,
            "is_contracted": self.is_contracted.data,
            "is_at_least_half_time": self.is_at_least_half_time.data,
        }

    def fill(self, entry: ExperienceYear) -> None:
        self.school_year.data = entry.school_year
        self.employer.data = entry.employer
        self.school_type.data = entry.school_type.value
        self.accrediting_body.data = entry.accrediting_body.value if entry.accrediting_body else ""
        self.is_contracted.data = entry.is_contracted
        self.is_at_least_half_time.data = entry.is_at_least_half_time


class EvaluationForm(_TodayForm):
    completed_on = DateField("Date the evaluation was completed", validators=[Optional()])
    submit = SubmitField("Save")

    def __init__(self, *args, entry: ExperienceYear, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry = entry

    def validate_completed_on(self, field) -> None:
        if field.data is not None:
            _check(operations.evaluation_problem(field.data, self.entry, self.today))


class DevelopmentForm(_TodayForm):
    completed_on = DateField(
        "Date of the activity", validators=[InputRequired("Give the date of the activity.")]
    )
    title = StringField(
        "Title", filters=[clean_text], render_kw={"maxlength": operations.MAX_TITLE}
    )
    provider = StringField(
        "Provider", filters=[clean_text], render_kw={"maxlength": operations.MAX_PROVIDER}
    )
    contact_hours = StringField(
        "Contact hours", filters=[clean_text], render_kw={"inputmode": "decimal"}
    )
    semester_hours = StringField(
        "College semester hours", filters=[clean_text], render_kw={"inputmode": "decimal"}
    )
    submit = SubmitField("Save the activity")

    def validate_completed_on(self, field) -> None:
        if field.data is not None:
            _check(operations.date_problem(field.data, self.today, "date of the activity"))

    def validate_title(self, field) -> None:
        _check(operations.line_problem(field.data, "title", operations.MAX_TITLE))

    def validate_provider(self, field) -> None:
        _check(operations.line_problem(field.data, "provider", operations.MAX_PROVIDER))

    def validate_contact_hours(self, field) -> None:
        _check(operations.credit_problem(field.data, self.semester_hours.data))

    def entry(self) -> dict:
        return {
            "completed_on": self.completed_on.data,
            "title": self.title.data,
            "provider": self.provider.data,
            "contact_hours": self.contact_hours.data,
            "semester_hours": self.semester_hours.data,
        }
