"""Survey forms: a survey, a question, giving it to cohorts, its dates, the results' filters,
and the answer form built from a survey's questions."""

from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from mentoring.core.forms import CheckboxesField, Form
from mentoring.surveys.models import SCALE_POINTS, QuestionKind, SurveyAudience, SurveyQuestion
from mentoring.surveys.operations import dates_problem, options_from_text, options_problem

AUDIENCE_CHOICES = [SelectChoice(audience.value, audience.label) for audience in SurveyAudience]
KIND_CHOICES = [SelectChoice(kind.value, kind.label) for kind in QuestionKind]
YEAR_CHOICES = [
    SelectChoice("", "None (exit survey)"),
    SelectChoice("1", "Program year 1"),
    SelectChoice("2", "Program year 2"),
]


class SurveyForm(Form):
    title = StringField(
        "Title", validators=[DataRequired("Enter the survey's title."), Length(max=200)]
    )
    audience = SelectField(
        "Who answers",
        choices=AUDIENCE_CHOICES,
        validators=[DataRequired("Choose who answers the survey.")],
    )
    program_year = SelectField("Program year", choices=YEAR_CHOICES)
    submit = SubmitField("Save survey")

    def validate_program_year(self, field) -> None:
        if self.audience.data == SurveyAudience.EXIT and field.data:
            raise ValidationError("An exit survey has no program year: choose None.")
        if self.audience.data != SurveyAudience.EXIT and not field.data:
            raise ValidationError("Choose the program year this survey is about.")


class QuestionForm(Form):
    text = TextAreaField(
        "Question", validators=[DataRequired("Enter the question."), Length(max=500)]
    )
    kind = SelectField(
        "Kind of answer", choices=KIND_CHOICES, validators=[DataRequired("Choose the kind.")]
    )
    # No Optional(): a choice question without choices must reach validate_options.
    options = TextAreaField("Choices, one per line (for one or several choices)")
    is_required = BooleanField("An answer is required")
    submit = SubmitField("Save question")

    def question(self) -> dict:
        """The question as the operations take it."""
        return {
            "kind": QuestionKind(self.kind.data),
            "text": self.text.data,
            "options": options_from_text(self.options.data),
            "is_required": self.is_required.data,
        }

    def validate_options(self, field) -> None:
        if self.kind.data in {kind.value for kind in QuestionKind}:
            problem = options_problem(QuestionKind(self.kind.data), options_from_text(field.data))
            if problem:
                raise ValidationError(problem)


class DatesMixin:
    def validate_closes_on(self, field) -> None:
        problem = dates_problem(self.opens_on.data, field.data)
        if problem:
            raise ValidationError(problem)


class GiveForm(DatesMixin, Form):
    cohorts = CheckboxesField(
        "Cohorts", choices=[], validators=[DataRequired("Choose at least one cohort.")]
    )
    opens_on = DateField("Opens on (leave blank for each cohort's default)", [Optional()])
    closes_on = DateField("Closes on (leave blank for each cohort's default)", [Optional()])
    submit = SubmitField("Give the survey")


class DatesForm(DatesMixin, Form):
    opens_on = DateField("Opens on", [DataRequired("Enter the opening date.")])
    closes_on = DateField("Closes on", [DataRequired("Enter the closing date.")])
    submit = SubmitField("Save dates")


class ResultsFilterForm(Form):
    class Meta:
        csrf = False  # a GET filter changes nothing

    cohort = SelectField("Cohort", choices=[], validators=[Optional()])
    region = SelectField("Region", choices=[], validators=[Optional()])
    year = SelectField("School year", choices=[], validators=[Optional()])


REQUIRED = "Answer this question."


def answer_form(questions: list[SurveyQuestion]) -> Form:
    """A form with one field per question, named q<id>, in the survey's order."""

    class AnswerForm(Form):
        submit = SubmitField("Send my answers")

    for question in questions:
        presence = InputRequired(REQUIRED) if question.is_required else Optional()
        if question.kind == QuestionKind.SCALE:
            choices = [SelectChoice(str(point), str(point)) for point in SCALE_POINTS]
            field = RadioField(question.text, choices=choices, validators=[presence])
        elif question.kind == QuestionKind.SINGLE:
            choices = [SelectChoice(str(i), option) for i, option in enumerate(question.options)]
            field = RadioField(question.text, choices=choices, validators=[presence])
        elif question.kind == QuestionKind.MULTIPLE:
            choices = [SelectChoice(str(i), option) for i, option in enumerate(question.options)]
            validators = [DataRequired(REQUIRED)] if question.is_required else [Optional()]
            field = CheckboxesField(question.text, choices=choices, validators=validators)
        elif question.kind == QuestionKind.SHORT_TEXT:
            field = StringField(
                question.text, validators=[_text_presence(question), Length(max=300)]
            )
        else:
            field = TextAreaField(
                question.text, validators=[_text_presence(question), Length(max=5000)]
            )
        setattr(AnswerForm, f"q{question.id}", field)
    return AnswerForm()


def _text_presence(question: SurveyQuestion):
    return DataRequired(REQUIRED) if question.is_required else Optional()


def answers_from(form: Form, questions: list[SurveyQuestion]) -> dict:
    """The form's answers as the operation takes them: question id → point, index(es) or text."""
    answers = {}
    for question in questions:
        data = form[f"q{question.id}"].data
        if question.kind == QuestionKind.MULTIPLE:
            answers[question.id] = [int(value) for value in data or []]
        elif question.kind.is_text:
            answers[question.id] = data or None
        else:
            answers[question.id] = int(data) if data else None
    return answers
