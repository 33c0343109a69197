"""Forms of the mentoring plan; their rules are the operations' own."""

from wtforms import DateField, RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from mentoring.core.forms import Form
from mentoring.core.text import clean_text
from mentoring.meetings.operations import text_problem
from mentoring.plans import operations
from mentoring.plans.models import ProgramGoal


def _check(problem: str | None) -> None:
    if problem:
        raise ValidationError(problem)


GOAL_CHOICES = [SelectChoice(member.value, member.label) for member in ProgramGoal]


class GoalForm(Form):
    program_goal = RadioField(
        "Program goal it serves",
        choices=GOAL_CHOICES,
        validators=[InputRequired("Choose one of the program's three goals.")],
    )
    goal = TextAreaField("Goal", filters=[clean_text], render_kw={"rows": 2})
    actions = TextAreaField("Actions", filters=[clean_text], render_kw={"rows": 3})
    target_on = DateField("Target date", validators=[InputRequired("Give the target date.")])
    submit = SubmitField("Save the goal")

    def validate_goal(self, field) -> None:
        _check(text_problem(field.data or "", operations.GOAL_MISSING))

    def validate_actions(self, field) -> None:
        _check(text_problem(field.data or "", operations.ACTIONS_MISSING))

    def fields(self) -> dict:
        return {
            "program_goal": self.program_goal.data,
            "goal": self.goal.data or "",
            "actions": self.actions.data or "",
            "target_on": self.target_on.data,
        }


class CommentForm(Form):
    comment = TextAreaField("Your comment on the plan", filters=[clean_text], render_kw={"rows": 3})
    submit = SubmitField("Save the comment")


class ProgressForm(Form):
    note = TextAreaField("Progress note", filters=[clean_text], render_kw={"rows": 2})
    submit = SubmitField("Add the note")


class TickForm(Form):
    """The mentor ticks an essential experience off: the day it happened, an optional note."""

    done_on = DateField("Done on", validators=[InputRequired("Give the day it happened.")])
    note = TextAreaField("Note (optional)", filters=[clean_text], render_kw={"rows": 2})
    submit = SubmitField("Tick off")

    def validate_note(self, field) -> None:
        _check(text_problem(field.data or ""))
