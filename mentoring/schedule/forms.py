"""Forms of the schedule; their rules are the operations' own."""

from datetime import date, datetime, time

from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from mentoring.core.forms import Form
from mentoring.core.text import clean_text
from mentoring.meetings.forms import KIND_CHOICES, TOPIC_CHOICES
from mentoring.meetings.models import MeetingKind
from mentoring.schedule import operations

REPEAT_CHOICES = [
    SelectChoice(operations.NO_REPEAT, "Does not repeat"),
    SelectChoice(operations.MONTHLY, "Monthly, on the same weekday (e.g. the first Thursday)"),
]


def _check(problem: str | None) -> None:
    if problem:
        raise ValidationError(problem)


class _TimesForm(Form):
    """The fields a scheduled meeting and its change share; the route gives the zone and now."""

    starts_on = DateField("Date", validators=[InputRequired("Give the date.")])
    start_time = TimeField("Start time", validators=[InputRequired("Give the start time.")])
    duration_minutes = IntegerField(
        "Duration in minutes", validators=[InputRequired("Give the duration in minutes.")]
    )
    location = StringField("Place", filters=[clean_text])
    video_url = StringField("Video link", filters=[clean_text])
    topic = SelectField(
        "Topic (optional)", choices=[SelectChoice("", "No topic yet"), *TOPIC_CHOICES]
    )
    agenda = TextAreaField("Agenda", filters=[clean_text], render_kw={"rows": 5})
    allow_overlap = BooleanField("Schedule it anyway, overlapping the other meeting")

    def __init__(self, *args, now: datetime, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.now, self.zone = now, zone

    def validate_starts_on(self, field) -> None:
        if field.data is not None and self.start_time.data is not None:
            start = operations.local_start(field.data, self.start_time.data, self.zone)
            _check(operations.start_problem(start, self.now))

    def validate_duration_minutes(self, field) -> None:
        if field.data is None:
            return
        _check(operations.duration_problem(field.data))
        if self.start_time.data is not None:
            _check(operations.midnight_problem(self.start_time.data, field.data))

    def validate_location(self, field) -> None:
        _check(operations.location_problem(field.data or "", self.video_url.data or ""))

    def validate_video_url(self, field) -> None:
        _check(operations.video_url_problem(field.data or ""))

    def validate_agenda(self, field) -> None:
        _check(operations.agenda_problem(field.data or ""))

    def times(self) -> dict:
        return {
            "starts_on": self.starts_on.data,
            "start_time": self.start_time.data,
            "duration_minutes": self.duration_minutes.data,
            "location": self.location.data or "",
            "video_url": self.video_url.data or "",
            "agenda": self.agenda.data or "",
            "topic": self.topic.data or None,
            "allow_overlap": self.allow_overlap.data,
        }


class ScheduleForm(_TimesForm):
    kind = RadioField(
        "Type of meeting",
        choices=KIND_CHOICES,
        default=MeetingKind.PLC_GROUP.value,
        validators=[InputRequired("Choose the type of meeting.")],
    )
    mentee = SelectField("Mentee of a one-on-one", choices=[], coerce=int, validate_choice=False)
    repeat = SelectField("Repeat", choices=REPEAT_CHOICES, validate_choice=False)
    repeat_until = DateField("Last date of the series", validators=[Optional()])
    submit = SubmitField("Schedule")

    def __init__(self, *args, mentees: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.mentee.choices = [SelectChoice(0, "Choose the mentee")] + [
            SelectChoice(enrollment_id, name) for enrollment_id, name in mentees
        ]

    def validate_mentee(self, field) -> None:
        if self.kind.data != MeetingKind.ONE_ON_ONE:
            return
        if field.data not in {choice.value for choice in field.choices[1:]}:
            raise ValidationError("Choose the mentee of this one-on-one from the group.")

    def validate_repeat_until(self, field) -> None:
        if self.starts_on.data is not None:
            _check(operations.repeat_problem(self.starts_on.data, self.repeat.data, field.data))

    def entry(self) -> dict:
        return {
            **self.times(),
            "kind": self.kind.data,
            "enrollment_id": self.mentee.data or None,
            "repeat": self.repeat.data or operations.NO_REPEAT,
            "repeat_until": self.repeat_until.data,
        }


class ChangeForm(_TimesForm):
    submit = SubmitField("Save changes")


def default_start(now: datetime, zone) -> tuple[date, time]:
    """The default start of a new meeting: a week from now, at 4 pm."""
    day = now.astimezone(zone).date()
    return date.fromordinal(day.toordinal() + 7), time(16, 0)
