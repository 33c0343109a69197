"""Upgrade checklist forms; their rules are the operations' own."""

from datetime import date

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from mentoring.core.forms import Form
from mentoring.core.text import clean_text
from mentoring.upgrade import operations
from mentoring.upgrade.models import (
    AccreditingBody,
    ExperienceYear,
    ReactivationRoute,
    SchoolType,
    ValidityChangeKind,
    VerificationStatus,
)

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
        _check(
            operations.required_line_problem(
                field.data, "the school or district", operations.MAX_EMPLOYER
            )
        )

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

    @staticmethod
    def data_of(entry: ExperienceYear) -> dict:
        """The form's initial values from a stored year."""
        return {
            "school_year": entry.school_year,
            "employer": entry.employer,
            "school_type": entry.school_type.value,
            "accrediting_body": entry.accrediting_body.value if entry.accrediting_body else "",
            "is_contracted": entry.is_contracted,
            "is_at_least_half_time": entry.is_at_least_half_time,
        }


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
    is_graduate_credit = BooleanField("Graduate credit toward an advanced degree")
    submit = SubmitField("Save the activity")

    def validate_completed_on(self, field) -> None:
        if field.data is not None:
            _check(operations.date_problem(field.data, self.today, "date of the activity"))

    def validate_title(self, field) -> None:
        _check(operations.required_line_problem(field.data, "the title", operations.MAX_TITLE))

    def validate_provider(self, field) -> None:
        _check(
            operations.required_line_problem(field.data, "the provider", operations.MAX_PROVIDER)
        )

    def validate_contact_hours(self, field) -> None:
        _check(operations.credit_problem(field.data, self.semester_hours.data))

    def validate_is_graduate_credit(self, field) -> None:
        _check(operations.graduate_problem(field.data, self.semester_hours.data))

    def entry(self) -> dict:
        return {
            "is_graduate_credit": self.is_graduate_credit.data,
            "completed_on": self.completed_on.data,
            "title": self.title.data,
            "provider": self.provider.data,
            "contact_hours": self.contact_hours.data,
            "semester_hours": self.semester_hours.data,
        }


class ValidityChangeForm(_TodayForm):
    kind = RadioField(
        "What the Department granted",
        choices=[
            SelectChoice(ValidityChangeKind.EXTENSION.value, "An extension (before expiry)"),
            SelectChoice(ValidityChangeKind.REACTIVATION.value, "A reactivation (after expiry)"),
        ],
        validators=[InputRequired("Choose an extension or a reactivation.")],
    )
    effective_on = DateField(
        "Date it took effect", validators=[InputRequired("Give the date it took effect.")]
    )
    expires_on = DateField(
        "New expiry date", validators=[InputRequired("Give the new expiry date.")]
    )
    route = RadioField(
        "For a reactivation: how",
        choices=[SelectChoice(member.value, member.label) for member in ReactivationRoute],
        validators=[Optional()],
    )
    course_completed_on = DateField("Date you completed the course", validators=[Optional()])
    applied_on = DateField("Date you applied for the reactivation", validators=[Optional()])
    submit = SubmitField("Record it")

    def entry(self) -> dict:
        return {
            "route": self.route.data,
            "applied_on": self.applied_on.data,
            "course_completed_on": self.course_completed_on.data,
        }


class EvidenceForm(Form):
    file = FileField("File (PDF, PNG or JPEG, at most 10 MB)")
    submit = SubmitField("Attach the file")


class VerificationLinkForm(Form):
    contact_name = StringField(
        "Name of your district's certification contact",
        filters=[clean_text],
        render_kw={"maxlength": operations.MAX_EMPLOYER},
    )
    contact_email = StringField(
        "Their email address", filters=[clean_text], render_kw={"maxlength": 254}
    )
    submit = SubmitField("Send the link")

    def validate_contact_name(self, field) -> None:
        _check(
            operations.required_line_problem(
                field.data, "the contact's name", operations.MAX_EMPLOYER
            )
        )

    def validate_contact_email(self, field) -> None:
        _check(operations.email_problem(field.data))


class ItemVerificationForm(Form):
    status = RadioField(
        "Your finding",
        choices=[
            SelectChoice(VerificationStatus.VERIFIED.value, "Verified"),
            SelectChoice(VerificationStatus.NEEDS_CORRECTION.value, "Needs correction"),
        ],
        validators=[InputRequired("Choose verified or needs correction.")],
    )
    verifier_name = StringField("Your name", filters=[clean_text])
    verifier_title = StringField("Your title", filters=[clean_text])
    note = TextAreaField("Note (what needs correcting, or anything the counselor should know)")
    submit = SubmitField("Record")
