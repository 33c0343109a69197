"""The sign-off forms (the requirements form is in cohorts/requirements.py)."""

from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, ValidationError

from mentoring.core.forms import Form
from mentoring.core.text import clean_text
from mentoring.progress import operations

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
