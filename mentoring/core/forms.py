"""Form pieces that several features share."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget

from mentoring.core.text import characters_problem


class Form(FlaskForm):
    """Every form of the app: besides its own checks, each typed text field obeys the one text
    rule (mentoring.core.text): no control or invisible formatting characters, and no line
    break outside a multi-line box. Passwords may hold any character; hidden fields are the
    app's own."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if not isinstance(field, StringField) or isinstance(field, PasswordField | HiddenField):
                continue
            problem = characters_problem(field.data, multiline=isinstance(field, TextAreaField))
            if problem and problem not in field.errors:
                field.errors = [*field.errors, problem]
                valid = False
        return valid


class ButtonForm(Form):
    """An empty form: carries the CSRF token for POST-only buttons."""


class CheckboxesField(SelectMultipleField):
    """Several choices, shown as a group of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
