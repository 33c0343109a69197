"""Mentor application, vetting decision and mentor profile forms."""

from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from mentoring.core import localtime
from mentoring.core.choices import REGIONS, GradeLevel
from mentoring.core.forms import CheckboxesField, Form
from mentoring.mentors.models import ApplicationStatus, MentorProfile
from mentoring.users.models import normalise_email

NOTE_LENGTH = 1000  # the decision and override columns' length
STATEMENT_LENGTH = 2000

GRADE_CHOICES = [SelectChoice(level.value, level.label) for level in GradeLevel]
REGION_CHOICES = [SelectChoice(region) for region in REGIONS]
YES_NO = [SelectChoice("yes", "Yes"), SelectChoice("no", "No")]

# Filters for the mentors list; queries.mentors_page knows what each one means.
MENTOR_STATUS_CHOICES = [
    SelectChoice("", "All"),
    SelectChoice("active", "Active (not retired)"),
    SelectChoice("training_missing", "Training missing"),
    SelectChoice("lapsed", "Membership lapsed"),
    SelectChoice("retired", "Retired"),
]


def _grade_levels_field() -> CheckboxesField:
    return CheckboxesField(
        "Grade levels served",
        choices=GRADE_CHOICES,
        validators=[DataRequired(message="Choose at least one grade level.")],
    )


def _region_field() -> SelectField:
    return SelectField(
        "Region",
        choices=[SelectChoice("", "Choose a region"), *REGION_CHOICES],
        validators=[DataRequired(message="Choose a region.")],
    )


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _not_in_future(_form, field) -> None:
    if field.data and field.data > localtime.today():
        raise ValidationError("This date cannot be in the future.")


class ApplicationForm(Form):
    name = StringField(
        "Full name",
        filters=[_strip],
        validators=[DataRequired("Enter your full name."), Length(max=120)],
    )
    email = EmailField(
        "Email",
        filters=[_strip],
        validators=[DataRequired("Enter your email address."), Email(), Length(max=254)],
    )
    district = StringField(
        "School district",
        filters=[_strip],
        validators=[DataRequired("Enter your school district."), Length(max=120)],
    )
    school = StringField(
        "School",
        filters=[_strip],
        validators=[DataRequired("Enter the name of your school."), Length(max=120)],
    )
    grade_levels = _grade_levels_field()
    region = _region_field()
    years_experience = IntegerField(
        "Years as a practising school counselor",
        validators=[
            InputRequired("Enter your years of experience as a counselor."),
            NumberRange(min=0, max=60),
        ],
    )
    association_number = StringField(
        "MSCA membership number",
        filters=[_strip],
        validators=[DataRequired("Enter your MSCA membership number."), Length(max=40)],
    )
    association_expires_on = DateField(
        "Membership expires on",
        validators=[InputRequired("Enter the date your MSCA membership expires.")],
    )
    holds_career_certificate = RadioField(
        "Do you hold a Career Student Services certificate?",
        choices=YES_NO,
        validate_choice=False,  # AnyOf below says it once, without a second "not a valid choice"
        validators=[
            InputRequired(message="Say whether you hold the certificate."),
            AnyOf(["yes", "no"], message="Answer yes or no."),
        ],
    )
    statement = TextAreaField(
        "Why you want to mentor",
        filters=[_strip],
        validators=[DataRequired("Say why you want to mentor."), Length(max=STATEMENT_LENGTH)],
        render_kw={"rows": 6},
    )
    reference1_name = StringField(
        "Name",
        filters=[_strip],
        validators=[DataRequired("Enter your first reference's name."), Length(max=120)],
    )
    reference1_email = EmailField(
        "Email",
        filters=[_strip],
        validators=[
            DataRequired("Enter your first reference's email address."),
            Email(),
            Length(max=254),
        ],
    )
    reference2_name = StringField(
        "Name",
        filters=[_strip],
        validators=[DataRequired("Enter your second reference's name."), Length(max=120)],
    )
    reference2_email = EmailField(
        "Email",
        filters=[_strip],
        validators=[
            DataRequired("Enter your second reference's email address."),
            Email(),
            Length(max=254),
        ],
    )
    commits_two_years = BooleanField(
        "I commit to serving as a mentor for the full two years of the program.",
        validators=[DataRequired(message="The program asks mentors to commit to two years.")],
    )
    submit = SubmitField("Send application")

    def _same_email(self, field, other) -> bool:
        return bool(other.data) and normalise_email(field.data) == normalise_email(other.data)

    def validate_reference1_email(self, field) -> None:
        if self._same_email(field, self.email):
            raise ValidationError("A reference must be someone other than you.")

    def validate_reference2_email(self, field) -> None:
        if self._same_email(field, self.email):
            raise ValidationError("A reference must be someone other than you.")
        if self._same_email(field, self.reference1_email):
            raise ValidationError("Give two different references.")

    def entry(self) -> dict:
        """The answers as submit_application takes them."""
        return {
            "name": self.name.data,
            "email": self.email.data,
            "district": self.district.data,
            "school": self.school.data,
            "grade_levels": self.grade_levels.data,
            "region": self.region.data,
            "years_experience": self.years_experience.data,
            "association_number": self.association_number.data,
            "association_expires_on": self.association_expires_on.data,
            "holds_career_certificate": self.holds_career_certificate.data == "yes",
            "statement": self.statement.data,
            "reference1_name": self.reference1_name.data,
            "reference1_email": normalise_email(self.reference1_email.data),
            "reference2_name": self.reference2_name.data,
            "reference2_email": normalise_email(self.reference2_email.data),
            "commits_two_years": self.commits_two_years.data,
        }


class ApplicationFilterForm(Form):
    class Meta:
        csrf = False  # a GET filter changes nothing

    status = SelectField(
        "Status",
        choices=[
            SelectChoice("", "All"),
            *(SelectChoice(status.value, status.label) for status in ApplicationStatus),
        ],
        default=ApplicationStatus.SUBMITTED.value,
        validators=[Optional()],
    )


class ApproveForm(Form):
    note = TextAreaField(
        "Decision note (optional)",
        filters=[_strip],
        validators=[Optional(), Length(max=NOTE_LENGTH)],
    )
    override_reason = TextAreaField(
        "Reason to approve although a rule is not met",
        filters=[_strip],
        validators=[Optional(), Length(max=NOTE_LENGTH)],
    )
    training_completed_on = DateField(
        "Regional mentor training completed on (optional)",
        validators=[Optional(), _not_in_future],
    )
    submit = SubmitField("Approve")


class DeclineForm(Form):
    note = TextAreaField(
        "Why is it declined?",
        filters=[_strip],
        validators=[
            DataRequired(message="Say why the application is declined."),
            Length(max=NOTE_LENGTH),
        ],
    )
    submit = SubmitField("Decline")


class WithdrawForm(Form):
    note = TextAreaField(
        "Note (optional)", filters=[_strip], validators=[Optional(), Length(max=NOTE_LENGTH)]
    )
    submit = SubmitField("Withdraw")


class MentorFilterForm(Form):
    class Meta:
        csrf = False

    region = SelectField(
        "Region", choices=[SelectChoice("", "All"), *REGION_CHOICES], validators=[Optional()]
    )
    status = SelectField("Status", choices=MENTOR_STATUS_CHOICES, validators=[Optional()])


class ProfileForm(Form):
    district = StringField(
        "School district", filters=[_strip], validators=[DataRequired(), Length(max=120)]
    )
    school = StringField("School", filters=[_strip], validators=[DataRequired(), Length(max=120)])
    region = _region_field()
    grade_levels = _grade_levels_field()
    capacity = IntegerField(
        "Capacity (mentees per cohort)", validators=[InputRequired(), NumberRange(min=1, max=30)]
    )
    training_completed_on = DateField(
        "Regional mentor training completed on", validators=[Optional(), _not_in_future]
    )
    association_number = StringField(
        "MSCA membership number", filters=[_strip], validators=[DataRequired(), Length(max=40)]
    )
    association_expires_on = DateField("Membership expires on", validators=[InputRequired()])
    submit = SubmitField("Save profile")

    @staticmethod
    def data_of(profile: MentorProfile) -> dict:
        """The form's initial values from a profile (a submitted form's answers take precedence)."""
        return {
            "district": profile.district,
            "school": profile.school,
            "region": profile.region,
            "grade_levels": [level.value for level in profile.grade_level_set],
            "capacity": profile.capacity,
            "training_completed_on": profile.training_completed_on,
            "association_number": profile.association_number,
            "association_expires_on": profile.association_expires_on,
        }

    def entry(self) -> dict:
        """The answers as update_profile takes them."""
        return {
            "district": self.district.data,
            "school": self.school.data,
            "region": self.region.data,
            "grade_levels": self.grade_levels.data,
            "capacity": self.capacity.data,
            "training_completed_on": self.training_completed_on.data,
            "association_number": self.association_number.data,
            "association_expires_on": self.association_expires_on.data,
        }


class RenewForm(Form):
    association_expires_on = DateField("New membership expiry", validators=[InputRequired()])
    submit = SubmitField("Renew vetting")
