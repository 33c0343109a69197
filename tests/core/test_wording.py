"""The app's voice: plurals, and the shared validators' messages reworded per field."""

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import DateField, EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange

from mentoring.core.wording import field_messages, plural


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 meetings"), (1, "1 meeting"), (2, "2 meetings"), (1500, "1,500 meetings")],
)
def test_plural_agrees_with_the_count(count, expected):
    assert plural(count, "meeting") == expected


def test_plural_takes_an_irregular_form():
    assert plural(1, "activity", "activities") == "1 activity"
    assert plural(3, "activity", "activities") == "3 activities"


def test_the_plural_filter_is_in_templates(app):
    template = app.jinja_env.from_string("{{ 3|plural('more meeting') }}, {{ 1|plural('mentee') }}")
    assert template.render() == "3 more meetings, 1 mentee"


class _Form(FlaskForm):
    class Meta:
        csrf = False

    full_name = StringField("Full name", validators=[DataRequired(), Length(max=5)])
    email = EmailField("Email", validators=[DataRequired(), Email()])
    region = SelectField("Region", choices=["Central"], validators=[DataRequired()])
    years = IntegerField("Years of experience", validators=[InputRequired(), NumberRange(0, 60)])
    expires_on = DateField("Membership expires on", validators=[InputRequired()])
    reason = TextAreaField("Why is it declined?", validators=[Length(max=3)])
    own = StringField("Own", validators=[DataRequired("Give it a name of its own.")])


@pytest.mark.parametrize(
    ("data", "field", "expected"),
    [
        ({"full_name": ""}, "full_name", "Enter full name."),
        ({"full_name": "abcdefgh"}, "full_name", "Full name must be 5 characters or fewer."),
        (
            {"email": "nobody"},
            "email",
            "Enter an email address in the correct format, like name@example.org.",
        ),
        ({"region": "Atlantis"}, "region", "Choose one of the options given."),
        ({"years": "many"}, "years", "Enter a whole number, in figures."),
        ({"years": "61"}, "years", "Years of experience must be between 0 and 60."),
        ({"expires_on": "31/12/2025"}, "expires_on", "Enter a real date."),
        ({"reason": "abcd"}, "reason", "Your answer must be 3 characters or fewer."),
        ({"own": ""}, "own", "Give it a name of its own."),
    ],
)
def test_shared_validators_speak_in_one_voice(app, data, field, expected):
    with app.test_request_context(method="POST"):
        form = _Form(formdata=MultiDict(data))
        form.validate()
        assert field_messages(form[field]) == [expected]
