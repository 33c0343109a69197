"""Reflection and acknowledgement forms; their rules are the operations' own."""

from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import ValidationError

from mentoring.core.forms import Form
from mentoring.core.text import clean_text
from mentoring.reflections import operations


def _check(problem: str | None) -> None:
    if problem:
        raise ValidationError(problem)


class EditReflectionForm(Form):
    title = StringField(
        "Title", filters=[clean_text], render_kw={"maxlength": operations.MAX_TITLE}
    )
    body = TextAreaField("Your reflection", filters=[clean_text], render_kw={"rows": 14})
    submit = SubmitField("Save changes")

    def validate_title(self, field) -> None:
        _check(operations.title_problem(field.data))

    def validate_body(self, field) -> None:
        _check(operations.body_problem(field.data))


class ReflectionForm(EditReflectionForm):
    is_shared = BooleanField("Share with my mentor", default=True)
    meeting_id = SelectField("About a meeting (optional)", choices=[], default="")
    submit = SubmitField("Save reflection")


class AcknowledgeForm(Form):
    reply = TextAreaField(
        "Reply (optional; only the author reads it)",
        filters=[clean_text],
        render_kw={"rows": 3},
    )
    submit = SubmitField("Acknowledge")

    def validate_reply(self, field) -> None:
        _check(operations.reply_problem(field.data))
