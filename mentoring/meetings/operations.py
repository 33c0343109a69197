"""Write side of the meeting log: who may change what, the rules of an entry, and the changes.

Audit summaries carry ids, dates, minutes and counts only: never the focus, the next steps or
the private notes, which specialists reading the audit log have no reason to see there.
"""

from datetime import date
from typing import NotRequired, TypedDict, Unpack

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from mentoring.cohorts.models import (
    Cohort,
    Enrollment,
    PlcGroup,
    program_year_for,
)
from mentoring.cohorts.queries import member_on
from mentoring.core import audit, signals
from mentoring.core.errors import MentoringError, NotAllowed
from mentoring.core.hours import hours_text
from mentoring.core.localtime import format_date
from mentoring.core.policy import can_edit_meeting, can_read_private_notes, can_view_group
from mentoring.core.text import clean_text, paragraphs_problem
from mentoring.curriculum.queries import is_cohorts_month
from mentoring.extensions import db
from mentoring.meetings.models import (
    EDIT_WINDOW_DAYS,
    MAX_MINUTES,
    MIN_MINUTES,
    Meeting,
    MeetingAttendance,
    MeetingFormat,
    MeetingKind,
    Topic,
)
from mentoring.users.models import User

MAX_TEXT = 4000
NOT_IN_GROUP = "Only mentees in this PLC group on the meeting's date can be marked as attending."
UNKNOWN_TOPIC = "Choose topics from the list."
NOT_IN_CURRICULUM = "Choose one of this cohort’s curriculum topics, or none."
FORM_USED = "This form was already used for another group's meeting. Reload the page."
FOCUS_MISSING = "Describe the focus of the meeting."
NEXT_STEPS_MISSING = "Write down the next steps you agreed on."


# Who may do what -----------------------------------------------------------------------------


def edit_problem(user, meeting: Meeting, today: date) -> str | None:
    """Why this user may not change or delete the entry now; None when they may."""
    group = db.session.get(PlcGroup, meeting.plc_group_id)
    if can_edit_meeting(user, meeting, group, today):
        return None
    if user.is_authenticated and group.mentor_id == user.id:
        return (
            f"Mentors can change or delete a meeting for {EDIT_WINDOW_DAYS} days after logging "
            f"it; this one could be changed until {format_date(meeting.editable_until)}. "
            "Ask the program staff to correct it."
        )
    return "Only the group's mentor and the program staff can change this meeting."


def _check_can_edit(actor: User, meeting: Meeting, today: date) -> None:
    problem = edit_problem(actor, meeting, today)
    if problem:
        raise NotAllowed(problem)


# The rules of an entry (the form asks the same functions) ------------------------------------


def held_on_problem(held_on: date, cohort: Cohort, today: date) -> str | None:
    if held_on > today:
        return "The meeting date cannot be in the future."
    if not cohort.starts_on <= held_on <= cohort.ends_on:
        return (
            f"Choose a date inside {cohort.name}'s two program years "
            f"({format_date(cohort.starts_on)} to {format_date(cohort.ends_on)})."
        )
    return None


def duration_problem(minutes: int) -> str | None:
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        return (
            f"A meeting lasts from {MIN_MINUTES} to {MAX_MINUTES} minutes "
            f"({hours_text(MAX_MINUTES)} hours)."
        )
    return None


def topics_problem(topics: list[str]) -> str | None:
    if not topics:
        return "Choose at least one topic."
    if not set(topics) <= set(Topic):
        return UNKNOWN_TOPIC
    return None


def text_problem(text: str, missing: str | None = None) -> str | None:
    """The problem with a cleaned text; `missing` is the message when it is required and empty."""
    return paragraphs_problem(text, "this", MAX_TEXT, missing)


def curriculum_problem(cohort: Cohort, curriculum_month_id: int | None) -> str | None:
    """The curriculum topic a meeting covered, if any, is one of its cohort's."""
    if curriculum_month_id is None or is_cohorts_month(curriculum_month_id, cohort.id):
        return None
    return NOT_IN_CURRICULUM


def next_meeting_problem(held_on: date, next_meeting_on: date | None) -> str | None:
    if next_meeting_on is not None and next_meeting_on <= held_on:
        return "The next meeting must come after this one."
    return None


def attendance_problem(kind: str, attendee_ids: list[int]) -> str | None:
    if not attendee_ids:
        return "Tick at least one mentee who attended."
    if kind == MeetingKind.ONE_ON_ONE and len(set(attendee_ids)) != 1:
        return "A one-on-one meeting has exactly one attendee: tick one mentee."
    return None


def _enum(enum_class, value, field: str, message: str):
    try:
        return enum_class(value)
    except ValueError:
        raise MentoringError(message, field=field) from None


class MeetingEntry(TypedDict):
    """A meeting's answers, as the form hands them to log_meeting and update_meeting."""

    held_on: date
    duration_minutes: int
    format: MeetingFormat | str
    kind: MeetingKind | str
    topics: list[str]
    focus: str
    next_steps: str
    next_meeting_on: date | None
    private_notes: str | None
    attendee_enrollment_ids: list[int]
    curriculum_month_id: NotRequired[int | None]


def _checked_entry(cohort: Cohort, today: date, entry: dict) -> dict:
    """Clean an entry's fields and check every rule; raise the first problem beside its field."""
    entry = {
        **entry,
        "format": _enum(MeetingFormat, entry["format"], "format", "Choose the format."),
        "kind": _enum(MeetingKind, entry["kind"], "kind", "Choose the type of meeting."),
        "focus": clean_text(entry["focus"]),
        "next_steps": clean_text(entry["next_steps"]),
        "private_notes": clean_text(entry["private_notes"]) or None,
    }
    problems = [
        ("held_on", held_on_problem(entry["held_on"], cohort, today)),
        ("duration_minutes", duration_problem(entry["duration_minutes"])),
        ("topics", topics_problem(entry["topics"])),
        ("curriculum_month_id", curriculum_problem(cohort, entry["curriculum_month_id"])),
        ("attendees", attendance_problem(entry["kind"], entry["attendee_enrollment_ids"])),
        ("focus", text_problem(entry["focus"], FOCUS_MISSING)),
        ("next_steps", text_problem(entry["next_steps"], NEXT_STEPS_MISSING)),
        ("next_meeting_on", next_meeting_problem(entry["held_on"], entry["next_meeting_on"])),
        ("private_notes", text_problem(entry["private_notes"] or "")),
    ]
    for field, problem in problems:
        if problem:
            raise MentoringError(problem, field=field)
    # Stored in the list's order, once each, so the same choice always reads the same.
    entry["topics"] = ",".join(topic.value for topic in Topic if topic in set(entry["topics"]))
    entry["attendee_enrollment_ids"] = set(entry["attendee_enrollment_ids"])
    return entry


def _check_attendees(
    group: PlcGroup, attendee_ids: set[int], already: set[int], held_on: date
) -> None:
    """Attendees were mentees of the group on the meeting's date (member_on); those already
    recorded stay when the date does not change."""
    newcomers = attendee_ids - already
    if not newcomers:
        return
    members = db.session.scalar(
        select(func.count())
        .select_from(Enrollment)
        .where(Enrollment.id.in_(newcomers), member_on(group.id, held_on))
    )
    if members != len(newcomers):
        raise MentoringError(NOT_IN_GROUP, field="attendees")


# Changes -------------------------------------------------------------------------------------


def _with_token(submission_token: str) -> Meeting | None:
    return db.session.scalar(select(Meeting).where(Meeting.submission_token == submission_token))


def _already_logged(meeting: Meeting, group: PlcGroup) -> Meeting:
    if meeting.plc_group_id != group.id:
        raise MentoringError(FORM_USED)
    return meeting


def _insert(meeting: Meeting, attendee_ids: set[int], submission_token: str) -> Meeting | None:
    """Insert the meeting and its attendance; None when done. A concurrent request with the
    same submission token makes the INSERT fail on the unique token (after waiting for the
    other to commit): then its meeting is returned, the answer."""
    try:
        with db.session.begin_nested():
            db.session.add(meeting)
            db.session.flush()
            db.session.add_all(
                MeetingAttendance(meeting_id=meeting.id, enrollment_id=enrollment_id)
                for enrollment_id in sorted(attendee_ids)
            )
    except IntegrityError:
        existing = _with_token(submission_token)
        if existing is None:
            raise
        return existing
    return None


def log_meeting(
    group: PlcGroup,
    actor: User,
    today: date,
    *,
    submission_token: str,
    **fields: Unpack[MeetingEntry],
) -> Meeting:
    """Log a meeting of a PLC group with its attendance, once per submission token.

    The same form sent twice (a double click, the back button, two requests racing) returns
    the meeting the first one logged, unchanged.
    """
    if not can_view_group(actor, group):
        raise NotAllowed("Only the group's mentor and the program staff can log its meetings.")
    existing = _with_token(submission_token)
    if existing is not None:
        return _already_logged(existing, group)
    cohort = db.session.get(Cohort, group.cohort_id)
    entry = _checked_entry(cohort, today, {"curriculum_month_id": None, **fields})
    attendee_ids = entry.pop("attendee_enrollment_ids")
    _check_attendees(group, attendee_ids, set(), entry["held_on"])
    meeting = Meeting(
        plc_group_id=group.id,
        logged_by_id=actor.id,
        program_year=program_year_for(entry["held_on"], cohort),
        submission_token=submission_token,
        **entry,
    )
    existing = _insert(meeting, attendee_ids, submission_token)
    if existing is not None:
        return _already_logged(existing, group)
    signals.work_changed(attendee_ids)
    audit.record(
        actor,
        "meeting.logged",
        meeting,
        f"PLC group {group.id}: meeting of {meeting.held_on.isoformat()}, "
        f"{meeting.duration_minutes} minutes, {len(attendee_ids)} attending",
    )
    return meeting


def update_meeting(
    meeting: Meeting,
    actor: User,
    today: date,
    **fields: Unpack[MeetingEntry],
) -> None:
    """Correct a logged meeting: its mentor for 30 days after logging it, specialists always.

    Private notes change only for those who may read them; for others they stay as they are.
    """
    _check_can_edit(actor, meeting, today)
    group = db.session.get(PlcGroup, meeting.plc_group_id)
    cohort = db.session.get(Cohort, group.cohort_id)
    if not can_read_private_notes(actor, meeting):
        fields["private_notes"] = meeting.private_notes
    entry = _checked_entry(cohort, today, {"curriculum_month_id": None, **fields})
    attendee_ids = entry.pop("attendee_enrollment_ids")
    current = {
        row.enrollment_id: row
        for row in db.session.scalars(
            select(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting.id)
        )
    }
    # A mentee who attended and has since left the group stays on the record, unless the date
    # moves: then everyone is checked against the new date.
    kept = set(current) if entry["held_on"] == meeting.held_on else set()
    _check_attendees(group, attendee_ids, kept, entry["held_on"])
    changes = _changes(meeting, entry, set(current), attendee_ids)
    if not changes:
        return
    for name, value in entry.items():
        setattr(meeting, name, value)
    meeting.program_year = program_year_for(meeting.held_on, cohort)
    for enrollment_id in set(current) - attendee_ids:
        db.session.delete(current[enrollment_id])
    db.session.add_all(
        MeetingAttendance(meeting_id=meeting.id, enrollment_id=enrollment_id)
        for enrollment_id in sorted(attendee_ids - set(current))
    )
    signals.work_changed(set(current) | attendee_ids)
    audit.record(actor, "meeting.updated", meeting, f"PLC group {group.id}: {'; '.join(changes)}")


def _changes(meeting: Meeting, entry: dict, current: set[int], attendee_ids: set[int]) -> list[str]:
    """What a correction changes, as the audit log says it (no text of the notes)."""
    changes = [
        f"{label}: {before or 'none'} → {after or 'none'}"
        for label, before, after in [
            ("date", meeting.held_on, entry["held_on"]),
            ("minutes", meeting.duration_minutes, entry["duration_minutes"]),
            ("format", meeting.format.value, entry["format"].value),
            ("type", meeting.kind.value, entry["kind"].value),
            ("topics", meeting.topics, entry["topics"]),
            ("curriculum topic", meeting.curriculum_month_id, entry["curriculum_month_id"]),
            ("next meeting", meeting.next_meeting_on, entry["next_meeting_on"]),
        ]
        if before != after
    ]
    if current != attendee_ids:
        changes.append(f"attending: {len(current)} → {len(attendee_ids)}")
    return changes + [
        f"{label} edited"
        for label, name in [
            ("focus", "focus"),
            ("next steps", "next_steps"),
            ("private notes", "private_notes"),
        ]
        if getattr(meeting, name) != entry[name]
    ]


def delete_meeting(meeting: Meeting, actor: User, today: date) -> None:
    """Delete a logged meeting and its attendance, under the same rule as changing it."""
    _check_can_edit(actor, meeting, today)
    attendee_ids = db.session.scalars(
        select(MeetingAttendance.enrollment_id).where(MeetingAttendance.meeting_id == meeting.id)
    ).all()
    audit.record(
        actor,
        "meeting.deleted",
        meeting,
        f"PLC group {meeting.plc_group_id}: meeting of {meeting.held_on.isoformat()} deleted "
        f"({meeting.duration_minutes} minutes, {len(attendee_ids)} attending)",
    )
    # The database deletes its attendance rows (ON DELETE CASCADE).
    db.session.delete(meeting)
    signals.work_changed(attendee_ids)
