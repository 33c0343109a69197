"""Account administration forms."""

from wtforms import EmailField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from mentoring.core.choices import REGIONS
from mentoring.core.forms import CheckboxesField, Form
from mentoring.core.roles import Role

ROLE_CHOICES = [SelectChoice(role.value, role.label) for role in Role]


class InviteUserForm(Form):
    name = StringField("Full name", validators=[DataRequired(), Length(max=120)])
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField("Role", choices=ROLE_CHOICES, validators=[DataRequired()])
    submit = SubmitField("Send invitation")


class RoleForm(Form):
    role = SelectField("Role", choices=ROLE_CHOICES, validators=[DataRequired()])
    submit = SubmitField("Change role")


class RegionsForm(Form):
    regions = CheckboxesField(
        "Regions",
        choices=[SelectChoice(region, region) for region in REGIONS],
    )
    submit = SubmitField("Save regions")


class UserFilterForm(Form):
    class Meta:
        csrf = False  # a GET search form changes nothing

    q = StringField("Search name or email", validators=[Optional(), Length(max=254)])
    role = SelectField(
        "Role", choices=[SelectChoice("", "All roles"), *ROLE_CHOICES], validators=[Optional()]
    )
    status = SelectField(
        "Status",
        choices=[
            SelectChoice("", "All"),
            SelectChoice("active", "Active"),
            SelectChoice("deactivated", "Deactivated"),
        ],
        validators=[Optional()],
    )


class AuditFilterForm(Form):
    class Meta:
        csrf = False

    actor = StringField("Actor email", validators=[Optional(), Length(max=254)])
    action = SelectField(
        "Action", choices=[SelectChoice("", "All actions")], validators=[Optional()]
    )
