"""Meeting log forms; their rules are the operations' own."""

import contextlib
from datetime import date

from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from mentoring.cohorts.models import Cohort, Enrollment, EnrollmentStatus, school_year_label
from mentoring.core.forms import CheckboxesField, Form
from mentoring.core.localtime import format_date
from mentoring.core.text import clean_text
from mentoring.curriculum.models import CurriculumMonth
from mentoring.curriculum.queries import month_date
from mentoring.meetings import operations
from mentoring.meetings.models import MeetingFormat, MeetingKind, Topic
from mentoring.users.models import User

FORMAT_CHOICES = [SelectChoice(member.value, member.label) for member in MeetingFormat]
KIND_CHOICES = [SelectChoice(member.value, member.label) for member in MeetingKind]
TOPIC_CHOICES = [SelectChoice(member.value, member.label) for member in Topic]


def _check(problem: str | None) -> None:
    if problem:
        raise ValidationError(problem)


def attendance_choices(rows: list[tuple[Enrollment, User]], group_id: int) -> list[SelectChoice]:
    """One checkbox per mentee, saying so when one recorded earlier has left the group."""
    return [
        SelectChoice(
            enrollment.id,
            mentee.name
            if enrollment.plc_group_id == group_id and enrollment.status == EnrollmentStatus.ACTIVE
            else f"{mentee.name} (no longer in this group)",
        )
        for enrollment, mentee in rows
    ]


def prefill(args, attendee_ids: set[int]) -> dict:
    """The answers a link may fill in ("Log this meeting" of a scheduled one), those that
    parse; the form checks them all again when sent."""
    values: dict = {}
    with contextlib.suppress(ValueError):
        values["held_on"] = date.fromisoformat(args.get("held_on", ""))
    minutes = args.get("duration_minutes", type=int)
    if minutes is not None:
        values["duration_minutes"] = minutes
    for name, members in (("kind", MeetingKind), ("format", MeetingFormat)):
        if args.get(name) in set(members):
            values[name] = args[name]
    topics = [topic for topic in args.getlist("topics") if topic in set(Topic)]
    if topics:
        values["topics"] = topics
    attendees = [id_ for id_ in args.getlist("attendees", type=int) if id_ in attendee_ids]
    if attendees:
        values["attendees"] = attendees
    return values


class MeetingForm(Form):
    """The fields of a meeting; the route gives the cohort, today and who can attend."""

    held_on = DateField("Date of the meeting", validators=[InputRequired("Give the date.")])
    duration_minutes = IntegerField(
        "Duration in minutes", validators=[InputRequired("Give the duration in minutes.")]
    )
    kind = RadioField(
        "Type of meeting",
        choices=KIND_CHOICES,
        default=MeetingKind.PLC_GROUP.value,
        validators=[InputRequired("Choose the type of meeting.")],
    )
    format = RadioField(
        "Format",
        choices=FORMAT_CHOICES,
        default=MeetingFormat.IN_PERSON.value,
        validators=[InputRequired("Choose the format.")],
    )
    # validate_choice=False: validate_topics and validate_attendees say it in plain words, once.
    topics = CheckboxesField("Topics", choices=TOPIC_CHOICES, validate_choice=False)
    curriculum_month_id = SelectField(
        "PLC curriculum topic it covered", choices=[], validate_choice=False
    )
    attendees = CheckboxesField(
        "Who attended",
        choices=[],
        coerce=int,
        validate_choice=False,
        invalid_value_message=operations.NOT_IN_GROUP,
    )
    focus = TextAreaField("Focus of the meeting", filters=[clean_text], render_kw={"rows": 4})
    next_steps = TextAreaField("Agreed next steps", filters=[clean_text], render_kw={"rows": 4})
    next_meeting_on = DateField("Next meeting date (optional)", validators=[Optional()])
    private_notes = TextAreaField(
        "Private notes (only you and program staff see these)",
        filters=[clean_text],
        render_kw={"rows": 3},
    )

    def __init__(
        self,
        *args,
        cohort: Cohort,
        today: date,
        choices: list[SelectChoice],
        months: list[CurriculumMonth],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.cohort, self.today = cohort, today
        self.attendees.choices = choices
        self.curriculum_month_id.choices = [SelectChoice("", "None of the curriculum’s topics")] + [
            SelectChoice(
                str(entry.id),
                f"{format_date(month_date(cohort, entry.program_year, entry.month), 'month')}: "
                f"{entry.title}",
            )
            for entry in months
        ]

    def validate_curriculum_month_id(self, field) -> None:
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(operations.NOT_IN_CURRICULUM)

    def validate_held_on(self, field) -> None:
        if field.data is not None:
            _check(operations.held_on_problem(field.data, self.cohort, self.today))

    def validate_duration_minutes(self, field) -> None:
        if field.data is not None:
            _check(operations.duration_problem(field.data))

    def validate_topics(self, field) -> None:
        _check(operations.topics_problem(field.data or []))

    def validate_attendees(self, field) -> None:
        if not set(field.data or []) <= {choice.value for choice in field.choices}:
            raise ValidationError(operations.NOT_IN_GROUP)
        _check(operations.attendance_problem(self.kind.data, field.data or []))

    def validate_focus(self, field) -> None:
        _check(operations.text_problem(field.data, operations.FOCUS_MISSING))

    def validate_next_steps(self, field) -> None:
        _check(operations.text_problem(field.data, operations.NEXT_STEPS_MISSING))

    def validate_next_meeting_on(self, field) -> None:
        if field.data is not None and self.held_on.data is not None:
            _check(operations.next_meeting_problem(self.held_on.data, field.data))

    def validate_private_notes(self, field) -> None:
        _check(operations.text_problem(field.data))

    def entry(self) -> dict:
        """The answers as log_meeting and update_meeting take them."""
        return {
            "held_on": self.held_on.data,
            "duration_minutes": self.duration_minutes.data,
            "format": self.format.data,
            "kind": self.kind.data,
            "topics": self.topics.data,
            "curriculum_month_id": int(self.curriculum_month_id.data)
            if self.curriculum_month_id.data
            else None,
            "focus": self.focus.data,
            "next_steps": self.next_steps.data,
            "next_meeting_on": self.next_meeting_on.data,
            "private_notes": self.private_notes.data if self.private_notes else None,
            "attendee_enrollment_ids": self.attendees.data,
        }


class NewMeetingForm(MeetingForm):
    # One random token per rendered form: sending it twice finds the meeting it made.
    submission_token = HiddenField(validators=[Length(min=16, max=64)])
    submit = SubmitField("Log the meeting")


class EditMeetingForm(MeetingForm):
    submit = SubmitField("Save changes")


class MeetingFilterForm(Form):
    class Meta:
        csrf = False  # a GET filter changes nothing

    year = SelectField("Program year", choices=[], validators=[Optional()])

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.year.choices = [SelectChoice("", "Both years")] + [
            SelectChoice(
                str(year), f"Year {year} ({school_year_label(cohort.start_year + year - 1)})"
            )
            for year in (1, 2)
        ]
