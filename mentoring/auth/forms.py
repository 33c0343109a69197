"""Sign-in and password forms."""

from flask import current_app
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from mentoring.auth.operations import password_problem
from mentoring.core.forms import Form


def _acceptable_password(_form, field) -> None:
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


class LoginForm(Form):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    submit = SubmitField("Sign in")


class ForgotPasswordForm(Form):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField("Email me a link")


class SetPasswordForm(Form):
    password = PasswordField("New password", validators=[DataRequired(), _acceptable_password])
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
    )
    submit = SubmitField("Set password")

    def password_hint(self) -> str:
        return (
            f"At least {current_app.config['PASSWORD_MIN_LENGTH']} characters; a phrase works well."
        )


class ChangePasswordForm(SetPasswordForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired(), Length(max=1024)]
    )
    submit = SubmitField("Change password")


class SecondFactorForm(Form):
    code = StringField(
        "Code",
        validators=[DataRequired("Enter the code."), Length(max=32)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "off"},
    )
    submit = SubmitField("Continue")


class EnrolSecondFactorForm(Form):
    code = StringField(
        "Code from your app",
        validators=[DataRequired("Enter the six digits your app shows."), Length(max=16)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
    submit = SubmitField("Turn on the second factor")


class ConfirmIdentityForm(Form):
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    code = StringField(
        "Code from your authenticator app, or a recovery code",
        validators=[Length(max=32)],
        render_kw={"autocomplete": "one-time-code"},
    )
    submit = SubmitField("Confirm")


class ChangeEmailForm(Form):
    email = EmailField("New email", validators=[DataRequired(), Email(), Length(max=254)])
    current_password = PasswordField(
        "Current password", validators=[DataRequired(), Length(max=1024)]
    )
    submit = SubmitField("Change email")


class RemoveSecondFactorForm(Form):
    current_password = PasswordField(
        "Current password", validators=[DataRequired(), Length(max=1024)]
    )
    submit = SubmitField("Turn off the second factor")


class DetailsForm(Form):
    display_name = StringField("Name shown in the app", validators=[Optional(), Length(max=120)])
    submit = SubmitField("Save")
