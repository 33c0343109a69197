"""Reminder emails: mentors of PLC groups that have not met, mentees who have not reflected;
and the notice to mentors that a program year's sign-off is open.

`flask reminders send` runs daily. Each person gets each kind of reminder at most once a week
(SentReminder rows remember what went out), and a run takes the same few queries whatever the
number of people.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, insert, select

from mentoring.cohorts.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentStatus,
    PlcGroup,
    program_year_bounds,
)
from mentoring.core import mail
from mentoring.core.urls import public_url
from mentoring.extensions import db
from mentoring.meetings.models import Meeting
from mentoring.notifications.models import Kind
from mentoring.notifications.operations import Note, notify_each
from mentoring.progress.models import ReminderKind, SentReminder
from mentoring.progress.operations import sign_off_opens_on
from mentoring.reflections.models import Reflection
from mentoring.users.models import User

QUIET_GROUP_DAYS = 30  # a group with no meeting for this long: its mentor is reminded
QUIET_MENTEE_DAYS = 45  # a mentee with no reflection for this long is reminded
REMIND_EVERY_DAYS = 7


def days_quiet(last_on: date | None, since: date, today: date) -> int:
    """Days from the last event (or from `since`, if later or if there was none) to today."""
    return (today - max(last_on or since, since)).days


def group_quiet_days(group: PlcGroup, cohort: Cohort, last_on: date | None, today: date):
    """Days a PLC group has gone without a meeting; None when it is not expected to meet.

    A group is expected to meet while its cohort is active and running, and it has mentees.
    """
    if cohort.status != CohortStatus.ACTIVE or group.active_count == 0:
        return None
    if not cohort.starts_on <= today <= cohort.ends_on:
        return None
    return days_quiet(last_on, cohort.starts_on, today)


@dataclass(frozen=True)
class QuietGroup:
    group: PlcGroup
    cohort: Cohort
    last_on: date | None
    days: int


@dataclass
class RunResult:
    mentors: int = 0
    mentees: int = 0
    skipped: int = 0  # due, but reminded of the same thing in the last week


def _quiet_groups(today: date) -> dict[int, tuple[User, list[QuietGroup]]]:
    """Every mentor with a group that has not met for 30 days, with those groups: one query."""
    last = (
        select(Meeting.plc_group_id, func.max(Meeting.held_on).label("last_on"))
        .where(Meeting.held_on <= today)
        .group_by(Meeting.plc_group_id)
        .subquery()
    )
    rows = db.session.execute(
        select(PlcGroup, Cohort, User, last.c.last_on)
        .join(Cohort, Cohort.id == PlcGroup.cohort_id)
        .join(User, User.id == PlcGroup.mentor_id)
        .outerjoin(last, last.c.plc_group_id == PlcGroup.id)
        .where(
            Cohort.status == CohortStatus.ACTIVE,
            PlcGroup.active_count > 0,
            User.is_active.is_(True),
        )
        .order_by(User.id, Cohort.start_year, Cohort.name, PlcGroup.id)
    )
    mentors: dict[int, tuple[User, list[QuietGroup]]] = {}
    for group, cohort, mentor, last_on in rows:
        days = group_quiet_days(group, cohort, last_on, today)
        if days is not None and days >= QUIET_GROUP_DAYS:
            mentors.setdefault(mentor.id, (mentor, []))[1].append(
                QuietGroup(group, cohort, last_on, days)
            )
    return mentors


def _quiet_mentees(today: date) -> list[tuple[User, Cohort, date | None, int]]:
    """Every active mentee with no reflection for 45 days, and how long: one query."""
    last = (
        select(Reflection.enrollment_id, func.max(Reflection.written_on).label("last_on"))
        .where(Reflection.written_on <= today)
        .group_by(Reflection.enrollment_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Enrollment, Cohort, User, last.c.last_on)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .join(User, User.id == Enrollment.mentee_id)
        .outerjoin(last, last.c.enrollment_id == Enrollment.id)
        .where(
            Enrollment.status == EnrollmentStatus.ACTIVE,
            Cohort.status == CohortStatus.ACTIVE,
            User.is_active.is_(True),
        )
        .order_by(User.id)
    )
    quiet = []
    for enrollment, cohort, mentee, last_on in rows:
        if not cohort.starts_on <= today <= cohort.ends_on:
            continue
        days = days_quiet(last_on, max(cohort.starts_on, enrollment.enrolled_on), today)
        if days >= QUIET_MENTEE_DAYS:
            quiet.append((mentee, cohort, last_on, days))
    return quiet


def _remind_mentor(mentor: User, groups: list, now: datetime) -> dict:
    """Email a mentor whose groups have not met for a while; return the reminder's row."""
    mail.send(
        mentor.email,
        "Your PLC group has not met for a while",
        "reminder_mentor",
        mentor=mentor,
        groups=[
            (quiet, public_url("meetings.new_meeting", group_id=quiet.group.id)) for quiet in groups
        ],
        days=QUIET_GROUP_DAYS,
        home=public_url("home.index"),
    )
    return {
        "user_id": mentor.id,
        "kind": ReminderKind.MENTOR_NO_MEETING,
        "sent_at": now,
        "summary": "No meeting for 30 days: "
        + ", ".join(f"group {quiet.group.id} ({quiet.days} days)" for quiet in groups),
    }


def _remind_mentee(
    mentee: User, cohort: Cohort, last_on: date | None, days: int, now: datetime
) -> dict:
    """Email a mentee who has not written a reflection for a while; return the reminder's row."""
    mail.send(
        mentee.email,
        "Time for a reflection",
        "reminder_mentee",
        mentee=mentee,
        cohort=cohort,
        last_on=last_on,
        days=days,
        link=public_url("reflections.new_reflection"),
    )
    return {
        "user_id": mentee.id,
        "kind": ReminderKind.MENTEE_NO_REFLECTION,
        "sent_at": now,
        "summary": f"No reflection for {days} days in cohort {cohort.id}",
    }


def send_reminders(today: date, now: datetime) -> RunResult:
    """Queue today's reminders and record them; the caller commits (and the mail goes then)."""
    cutoff = datetime.combine(today - timedelta(days=REMIND_EVERY_DAYS - 1), time.min, UTC)
    recent = set(
        db.session.execute(
            select(SentReminder.user_id, SentReminder.kind)
            .where(SentReminder.sent_at >= cutoff)
            .distinct()
        ).all()
    )
    result = RunResult()
    sent = []

    for mentor, groups in _quiet_groups(today).values():
        if (mentor.id, ReminderKind.MENTOR_NO_MEETING) in recent:
            result.skipped += 1
            continue
        sent.append(_remind_mentor(mentor, groups, now))
        result.mentors += 1

    for mentee, cohort, last_on, days in _quiet_mentees(today):
        if (mentee.id, ReminderKind.MENTEE_NO_REFLECTION) in recent:
            result.skipped += 1
            continue
        sent.append(_remind_mentee(mentee, cohort, last_on, days, now))
        result.mentees += 1

    if sent:
        db.session.execute(insert(SentReminder), sent)
    return result


def announce_sign_off_windows(today: date) -> int:
    """Tell each mentor with mentees in a running cohort that a program year's sign-off is
    open, once per cohort and year (the notification's key remembers it): meant for the same
    daily cron as the reminders. Return how many mentors were told now. Two queries for the
    groups, two for the notifications, whatever the number of cohorts."""
    groups = db.session.execute(
        select(PlcGroup, Cohort, User)
        .join(Cohort, Cohort.id == PlcGroup.cohort_id)
        .join(User, User.id == PlcGroup.mentor_id)
        .where(Cohort.status == CohortStatus.ACTIVE, PlcGroup.active_count > 0)
        .order_by(Cohort.id, PlcGroup.id)
    ).all()
    notes = []
    for group, cohort, mentor in groups:
        for year in (1, 2):
            opens_on = sign_off_opens_on(cohort, year)
            ends_on = program_year_bounds(cohort, year)[1]
            if not opens_on <= today <= ends_on:
                continue
            notes.append(
                Note(
                    mentor,
                    f"The sign-off of program year {year} in {cohort.name} is open.",
                    public_url("cohorts.show_group", group_id=group.id),
                    {"cohort": cohort, "year": year, "opens_on": opens_on, "ends_on": ends_on},
                    event_key=f"sign-off-open:{cohort.id}:{year}",
                )
            )
    return notify_each(Kind.SIGN_OFFS, "A program year's sign-off is open", "sign_off_open", notes)
