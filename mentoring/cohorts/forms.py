"""Cohort, enrollment, assignment and matching forms."""

from datetime import date

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from mentoring.cohorts import experiences
from mentoring.cohorts.models import CohortStatus, MenteeKind
from mentoring.cohorts.operations import withdrawal_date_problem
from mentoring.core import localtime
from mentoring.core.choices import REGIONS, STATEWIDE, GradeLevel
from mentoring.core.forms import Form
from mentoring.core.text import clean_text


def _choices(pairs, blank: str | None = None) -> list[SelectChoice]:
    choices = [SelectChoice("", blank)] if blank is not None else []
    return choices + [SelectChoice(value, label) for value, label in pairs]


REGION_CHOICES = [(region, region) for region in [STATEWIDE, *REGIONS]]
STATUS_CHOICES = [(status.value, status.label) for status in CohortStatus]
GRADE_CHOICES = [(level.value, level.label) for level in GradeLevel]
KIND_CHOICES = [(kind.value, kind.label) for kind in MenteeKind]


def _not_in_future(_form, field) -> None:
    if field.data and field.data > localtime.today():
        raise ValidationError("This date cannot be in the future.")


class CohortForm(Form):
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    region = SelectField("Region", choices=_choices(REGION_CHOICES), validators=[DataRequired()])
    start_year = IntegerField(
        "Start school year",
        validators=[DataRequired(), NumberRange(min=2000, max=2100)],
        description="The year of the July 1 on which program year 1 starts.",
    )
    status = SelectField("Status", choices=_choices(STATUS_CHOICES), validators=[DataRequired()])
    submit = SubmitField("Save cohort")


class CohortFilterForm(Form):
    class Meta:
        csrf = False  # a GET filter changes nothing

    status = SelectField("Status", choices=_choices(STATUS_CHOICES, "All"), validators=[Optional()])
    region = SelectField("Region", choices=_choices(REGION_CHOICES, "All"), validators=[Optional()])
    year = IntegerField("Start year", validators=[Optional(), NumberRange(min=2000, max=2100)])


class AddMentorForm(Form):
    email = EmailField("Mentor email", validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField("Add mentor")


class AssignForm(Form):
    group = SelectField("Mentor", choices=[], validators=[DataRequired()])
    conflict_reason = TextAreaField(
        "Reason (needed only when mentor and mentee work in the same district)",
        validators=[Optional(), Length(max=500)],
    )
    submit = SubmitField("Assign")


class MenteeProfileFields(Form):
    """Where a mentee works: shared by enrolment and by a specialist's correction."""

    district = StringField("School district", validators=[DataRequired(), Length(max=120)])
    school = StringField("School", validators=[DataRequired(), Length(max=120)])
    grade_level = SelectField(
        "Grade level", choices=_choices(GRADE_CHOICES), validators=[DataRequired()]
    )
    kind = SelectField(
        "New or returning", choices=_choices(KIND_CHOICES), validators=[DataRequired()]
    )
    region = SelectField(
        "Region",
        choices=_choices(REGION_CHOICES[1:], "Same as the cohort"),
        validators=[Optional()],
    )
    iss_issued_on = DateField(
        "Initial Student Services certificate issued on",
        validators=[Optional(), _not_in_future],
    )


class EnrollForm(MenteeProfileFields, AssignForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(
        "Full name",
        validators=[Optional(), Length(max=120)],
        description="Needed for a new account.",
    )
    group = SelectField("Mentor", choices=[], validators=[Optional()])
    carry_year1 = BooleanField(
        "Carry a completed year 1 from an earlier cohort",
        description=(
            "Only for a mentee who did not complete an earlier cohort but met year 1 there and "
            "had it signed off: year 1 counts as complete here."
        ),
    )
    carry_reason = TextAreaField("Why year 1 is carried", validators=[Optional(), Length(max=500)])
    submit = SubmitField("Enroll")

    def validate_carry_reason(self, field) -> None:
        if self.carry_year1.data and not (field.data or "").strip():
            raise ValidationError("Give the reason for carrying year 1.")


class PersonForm(MenteeProfileFields):
    """A specialist's correction of a person's name, email and (for a mentee) workplace."""

    name = StringField("Full name", validators=[DataRequired(), Length(max=120)])
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField("Save the correction")


class WithdrawForm(Form):
    reason = TextAreaField("Reason", validators=[DataRequired(), Length(max=500)])
    withdrawn_on = DateField("Withdrawn on", validators=[DataRequired()])
    submit = SubmitField("Withdraw")

    def __init__(self, enrolled_on: date, **kwargs):
        super().__init__(**kwargs)
        self.enrolled_on = enrolled_on

    def validate_withdrawn_on(self, field) -> None:
        problem = withdrawal_date_problem(field.data, self.enrolled_on, localtime.today())
        if problem:
            raise ValidationError(problem)


class RosterForm(Form):
    roster = FileField(
        "Roster file (CSV or Excel)",
        validators=[FileRequired("Choose a CSV or Excel (.xlsx) file to import.")],
    )
    submit = SubmitField("Import roster")


class RenameExperienceForm(Form):
    """An essential experience's wording (also the new one's)."""

    title = StringField(
        "Experience",
        filters=[clean_text],
        validators=[DataRequired(experiences.TITLE_MISSING)],
        render_kw={"maxlength": experiences.MAX_TITLE},
    )
    submit = SubmitField("Reword")

    def validate_title(self, field) -> None:
        problem = experiences.title_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class ExperienceForm(RenameExperienceForm):
    """A new essential experience, at the end of a program year's list."""

    program_year = SelectField(
        "Program year",
        choices=[SelectChoice(1, "Year 1"), SelectChoice(2, "Year 2")],
        coerce=int,
        validators=[DataRequired()],
    )
    submit = SubmitField("Add the experience")
