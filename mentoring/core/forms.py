"""Form pieces that several features share."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget

from mentoring.core.text import characters_problem


class Form(FlaskForm):
    """Every form of the app: besides its own checks, each typed text field obeys the one text
    rule (mentoring.core.text): no control or invisible formatting characters, no line break
    outside a multi-line box, and no more characters sent than the field's stated limit (its
    maxlength), whatever its filters trim. Passwords may hold any character; hidden fields are
    the app's own."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if not isinstance(field, StringField) or isinstance(field, PasswordField | HiddenField):
                continue
            problem = characters_problem(field.data, multiline=isinstance(field, TextAreaField))
            if not problem and not field.errors:
                problem = _over_limit(field)
            if problem and problem not in field.errors:
                field.errors = [*field.errors, problem]
                valid = False
        return valid


def _over_limit(field: StringField) -> str | None:
    """WTForms' own words for a text sent longer than the field's maxlength (mentoring.core.wording
    turns them into the app's voice), or None. The limit is judged on what was sent, not on what
    the filters keep: 600 spaces in a box of 500 are refused, not trimmed to nothing and saved.
    A line break counts as one character, as a browser counts it for maxlength while it sends
    \\r\\n."""
    # The maxlength the page shows: the field's own, or its Length validator's.
    limit = (field.render_kw or {}).get("maxlength", getattr(field.flags, "maxlength", None))
    sent = field.raw_data[0] if field.raw_data else None
    if limit is None or not isinstance(sent, str):
        return None
    if len(sent.replace("\r\n", "\n")) > limit:
        return f"Field cannot be longer than {limit} characters."
    return None


class ButtonForm(Form):
    """An empty form: carries the CSRF token for POST-only buttons."""


class CheckboxesField(SelectMultipleField):
    """Several choices, shown as a group of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
