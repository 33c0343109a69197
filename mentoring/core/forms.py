"""Form pieces that several features share."""

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


class ButtonForm(FlaskForm):
    """An empty form: carries the CSRF token for POST-only buttons."""


class CheckboxesField(SelectMultipleField):
    """Several choices, shown as a group of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
