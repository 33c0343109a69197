"""Write side of the schedule: the rules of a scheduled meeting, a monthly series, the changes
and the calendar feed's token.

Every rule is a pure *_problem function that the form asks too. Audit summaries carry ids,
dates, times and counts only, never the agenda.
"""

import hashlib
import secrets
from calendar import monthrange
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update

from mentoring.cohorts.models import Cohort, Enrollment, EnrollmentStatus, PlcGroup
from mentoring.core import audit
from mentoring.core.errors import MentoringError, NotAllowed
from mentoring.core.localtime import format_date
from mentoring.core.localtime import zone as program_zone
from mentoring.core.policy import can_view_group
from mentoring.core.text import clean_text, line_problem, paragraphs_problem
from mentoring.core.urls import https_link_problem
from mentoring.extensions import db
from mentoring.meetings.models import MeetingKind, Topic
from mentoring.meetings.operations import duration_problem
from mentoring.notifications.models import Kind
from mentoring.notifications.operations import notify
from mentoring.schedule import calendar, queries  # the .ics builder
from mentoring.schedule.models import (
    AGENDA_MAX,
    LOCATION_MAX,
    VIDEO_URL_MAX,
    CalendarFeed,
    ScheduledMeeting,
)
from mentoring.users.models import User

MAX_OCCURRENCES = 24
ORDINALS = ("first", "second", "third", "fourth", "last")
NO_REPEAT, MONTHLY = "", "monthly"


def local_start(day: date, start: time, zone: ZoneInfo) -> datetime:
    """The aware datetime of a wall-clock start in the program's zone."""
    return datetime.combine(day, start, tzinfo=zone)


class Overlap(MentoringError):
    """The meeting overlaps another of the mentor's: a warning the mentor may override."""


# A monthly series: "the first Thursday of each month" -------------------------------------


def monthly_position(first: date) -> int:
    """The week of the month of a date: 1 to 4, or 5 for "last" (a fifth weekday)."""
    return (first.day - 1) // 7 + 1


def rule_label(first: date) -> str:
    """The rule a monthly series follows, in words: "the first Thursday of each month"."""
    return f"the {ORDINALS[monthly_position(first) - 1]} {first:%A} of each month"


def _weekday_in_month(year: int, month: int, position: int, weekday: int) -> date:
    """The position-th (5: last) weekday of a month."""
    if position == 5:
        last = date(year, month, monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (position - 1))


def occurrences(first: date, repeat: str, until: date | None) -> list[date]:
    """The dates of a series: the first date alone, or one a month on its rule until `until`.

    Stops one past MAX_OCCURRENCES: the rule's problem is then that it makes too many.
    """
    if repeat != MONTHLY or until is None:
        return [first]
    position, weekday = monthly_position(first), first.weekday()
    days, year, month = [], first.year, first.month
    while len(days) <= MAX_OCCURRENCES:
        day = _weekday_in_month(year, month, position, weekday)
        if day > until:
            break
        days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


# The rules of an entry (the form asks the same functions) ------------------------------------


def start_problem(start: datetime, now: datetime) -> str | None:
    if start <= now:
        return "This date and time have passed: choose a time in the future."
    return None


def midnight_problem(start: time, minutes: int) -> str | None:
    """A meeting ends on the day it starts (a calendar day in the program's time zone)."""
    end = datetime.combine(date.min, start) + timedelta(minutes=minutes)
    if end.date() != date.min and end.time() != time(0):
        return (
            f"Starting at {start:%-I:%M %p}, {minutes} minutes ends after midnight: start "
            "earlier or shorten the meeting."
        )
    return None


def video_url_problem(url: str) -> str | None:
    return https_link_problem(url, VIDEO_URL_MAX, "secure video link", "https://zoom.us/j/123")


def location_problem(location: str, video_url: str) -> str | None:
    if not location and not video_url:
        return "Give the place, a video link, or both."
    return line_problem(location, "the place", LOCATION_MAX)


def agenda_problem(agenda: str) -> str | None:
    return paragraphs_problem(agenda, "the agenda", AGENDA_MAX)


def repeat_problem(first: date, repeat: str, until: date | None) -> str | None:
    if repeat not in (NO_REPEAT, MONTHLY):
        return "Choose whether the meeting repeats."
    if repeat == MONTHLY:
        if until is None:
            return "Give the date of the last meeting of the series."
        if until <= first:
            return "The series must end after its first meeting."
        if len(occurrences(first, repeat, until)) > MAX_OCCURRENCES:
            return (
                f"This rule makes more than {MAX_OCCURRENCES} meetings, the most a series may "
                "hold: choose an earlier last date."
            )
    return None


def cohort_problem(days: list[date], cohort: Cohort) -> str | None:
    if not all(cohort.starts_on <= day <= cohort.ends_on for day in days):
        return (
            f"Every meeting must fall inside {cohort.name}'s two program years "
            f"({format_date(cohort.starts_on)} to {format_date(cohort.ends_on)})."
        )
    return None


def overlaps(
    mentor_id: int, spans: list[tuple[datetime, datetime]], except_id: int | None = None
) -> list[ScheduledMeeting]:
    """The mentor's other meetings (not cancelled) that overlap any of these spans: one query."""
    if not spans:
        return []
    earliest = min(start for start, _ in spans) - timedelta(days=1)
    latest = max(end for _, end in spans)
    query = (
        select(ScheduledMeeting)
        .join(PlcGroup, PlcGroup.id == ScheduledMeeting.plc_group_id)
        .where(
            PlcGroup.mentor_id == mentor_id,
            ScheduledMeeting.is_cancelled.is_(False),
            ScheduledMeeting.starts_at >= earliest,
            ScheduledMeeting.starts_at < latest,
        )
        .order_by(ScheduledMeeting.starts_at)
    )
    if except_id is not None:
        query = query.where(ScheduledMeeting.id != except_id)
    return [
        other
        for other in db.session.scalars(query)
        if any(other.starts_at < end and start < other.ends_at for start, end in spans)
    ]


def overlap_warning(clashes: list[ScheduledMeeting], zone: ZoneInfo) -> str:
    first = clashes[0].starts_at.astimezone(zone)
    more = f" and {len(clashes) - 1} more" if len(clashes) > 1 else ""
    return (
        f"This overlaps the mentor's meeting of {first:%A, %B %-d, %Y at %-I:%M %p}{more}. "
        "Tick “Schedule it anyway” to keep both, or choose another time."
    )


def _mentee_problem(group: PlcGroup, kind: MeetingKind, enrollment_id: int | None) -> None:
    if kind != MeetingKind.ONE_ON_ONE:
        return
    member = enrollment_id is not None and db.session.scalar(
        select(Enrollment.id).where(
            Enrollment.id == enrollment_id,
            Enrollment.plc_group_id == group.id,
            Enrollment.status == EnrollmentStatus.ACTIVE,
        )
    )
    if not member:
        raise MentoringError("Choose the mentee of this one-on-one from the group.", "mentee")


def _enum(enum_class, value, field: str, message: str):
    try:
        return enum_class(value) if value else None
    except ValueError:
        raise MentoringError(message, field) from None


def _checked(group: PlcGroup, now: datetime, entry: dict, days: list[date]) -> dict:
    """Clean an entry and check every rule, raising the first problem beside its field."""
    entry = {
        **entry,
        "kind": _enum(MeetingKind, entry["kind"], "kind", "Choose the type of meeting."),
        "topic": _enum(Topic, entry["topic"], "topic", "Choose a topic from the list."),
        "location": clean_text(entry["location"]),
        "video_url": clean_text(entry["video_url"]),
        "agenda": clean_text(entry["agenda"]),
    }
    if entry["kind"] is None:
        raise MentoringError("Choose the type of meeting.", "kind")
    cohort = db.session.get(Cohort, group.cohort_id)
    zone = program_zone()
    start = local_start(entry["starts_on"], entry["start_time"], zone)
    problems = [
        ("starts_on", start_problem(start, now)),
        ("duration_minutes", duration_problem(entry["duration_minutes"])),
        ("duration_minutes", midnight_problem(entry["start_time"], entry["duration_minutes"])),
        ("location", location_problem(entry["location"], entry["video_url"])),
        ("video_url", video_url_problem(entry["video_url"])),
        ("agenda", agenda_problem(entry["agenda"])),
        ("starts_on", cohort_problem(days, cohort)),
    ]
    for field, problem in problems:
        if problem:
            raise MentoringError(problem, field)
    _mentee_problem(group, entry["kind"], entry["enrollment_id"])
    if entry["kind"] != MeetingKind.ONE_ON_ONE:
        entry["enrollment_id"] = None
    return entry


def _spans(days: list[date], start: time, minutes: int, zone: ZoneInfo):
    return [
        (begin, begin + timedelta(minutes=minutes))
        for begin in (local_start(day, start, zone) for day in days)
    ]


def _check_overlap(group, spans, allow_overlap: bool, except_id: int | None = None) -> None:
    clashes = overlaps(group.mentor_id, spans, except_id)
    if clashes and not allow_overlap:
        raise Overlap(overlap_warning(clashes, program_zone()), "start_time")


def _check_may_schedule(actor: User, group: PlcGroup) -> None:
    if not can_view_group(actor, group):
        raise NotAllowed("Only the group's mentor and the program staff schedule its meetings.")


# Changes -------------------------------------------------------------------------------------


def _tell(meeting_ids: list[int], actor: User, what: str) -> None:
    """Email the people a meeting invites (and its mentor, when someone else acted) what
    happened, with the .ics of the meetings: after the commit, to those who want it."""
    rows = queries.rows(meeting_ids)
    if not rows:
        return
    first = rows[0]
    recipients = queries.invited_mentees(first.meeting)
    if first.mentor.id != actor.id:
        recipients.append(first.mentor)
    zone = program_zone()
    count = len(rows)
    notify(
        recipients,
        Kind.MEETINGS,
        f"{what}: {first.title}" + (f" ({count} meetings)" if count > 1 else ""),
        "meeting",
        text=f"{what}: {first.title}" + (f" ({count} meetings)" if count > 1 else "") + ".",
        link=calendar.meeting_url(first.meeting.id),
        attachment=(
            calendar.download_name(first, zone),
            calendar.build(rows, zone, "Counselor Mentoring Program", method="PUBLISH"),
            "text/calendar",
        ),
        what=what,
        rows=rows,
        zone=zone,
    )


def _new_meetings(
    group: PlcGroup, actor: User, entry: dict, days: list[date], starts: list[datetime]
) -> list[ScheduledMeeting]:
    """The meetings of one day each (a series when more than one), not added yet."""
    series = secrets.token_hex(8) if len(days) > 1 else None
    return [
        ScheduledMeeting(
            plc_group_id=group.id,
            enrollment_id=entry["enrollment_id"],
            created_by_id=actor.id,
            kind=entry["kind"],
            topic=entry["topic"],
            starts_at=begin,
            starts_on=day,
            duration_minutes=entry["duration_minutes"],
            location=entry["location"] or None,
            video_url=entry["video_url"] or None,
            agenda=entry["agenda"],
            series=series,
            uid=secrets.token_hex(16),
            sequence=0,
            is_cancelled=False,
        )
        for day, begin in zip(days, starts, strict=True)
    ]


def schedule_meetings(
    group: PlcGroup,
    actor: User,
    now: datetime,
    *,
    kind: MeetingKind | str,
    enrollment_id: int | None,
    topic: Topic | str | None,
    starts_on: date,
    start_time: time,
    duration_minutes: int,
    location: str,
    video_url: str,
    agenda: str,
    repeat: str = NO_REPEAT,
    repeat_until: date | None = None,
    allow_overlap: bool = False,
) -> list[ScheduledMeeting]:
    """Schedule a meeting of a PLC group, or a monthly series of up to 24 (all or none).

    A clash with another of the mentor's meetings is refused unless allow_overlap: the form
    warns, and the mentor may keep both.
    """
    _check_may_schedule(actor, group)
    problem = repeat_problem(starts_on, repeat, repeat_until)
    if problem:
        raise MentoringError(problem, "repeat_until" if repeat == MONTHLY else "repeat")
    days = occurrences(starts_on, repeat, repeat_until)
    entry = _checked(
        group,
        now,
        {
            "kind": kind,
            "enrollment_id": enrollment_id,
            "topic": topic,
            "starts_on": starts_on,
            "start_time": start_time,
            "duration_minutes": duration_minutes,
            "location": location,
            "video_url": video_url,
            "agenda": agenda,
        },
        days,
    )
    zone = program_zone()
    spans = _spans(days, start_time, duration_minutes, zone)
    _check_overlap(group, spans, allow_overlap)
    meetings = _new_meetings(group, actor, entry, days, [begin for begin, _ in spans])
    db.session.add_all(meetings)
    db.session.flush()
    _tell([m.id for m in meetings], actor, "Scheduled")
    audit.record(
        actor,
        "schedule.created",
        meetings[0],
        f"PLC group {group.id}: {len(meetings)} {entry['kind'].value} meeting(s) scheduled from "
        f"{starts_on.isoformat()} at {start_time:%H:%M}, {duration_minutes} minutes",
    )
    return meetings


def change_problem(meeting: ScheduledMeeting, now: datetime) -> str | None:
    """Why a scheduled meeting can no longer change; None while it can."""
    if meeting.is_cancelled:
        return "This meeting is cancelled."
    if meeting.starts_at <= now:
        return "This meeting has started or passed: log it instead of changing it."
    return None


def _new_values(entry: dict, starts_at: datetime) -> dict:
    """A changed meeting's columns, from its checked entry."""
    return {
        "starts_at": starts_at,
        "starts_on": entry["starts_on"],
        "duration_minutes": entry["duration_minutes"],
        "location": entry["location"] or None,
        "video_url": entry["video_url"] or None,
        "agenda": entry["agenda"],
        "topic": entry["topic"],
    }


def update_meeting(
    meeting: ScheduledMeeting,
    actor: User,
    now: datetime,
    *,
    starts_on: date,
    start_time: time,
    duration_minutes: int,
    location: str,
    video_url: str,
    agenda: str,
    topic: Topic | str | None,
    allow_overlap: bool = False,
) -> bool:
    """Change one meeting (of a series, this one alone); its SEQUENCE grows. False: unchanged."""
    group = db.session.get(PlcGroup, meeting.plc_group_id)
    _check_may_schedule(actor, group)
    problem = change_problem(meeting, now)
    if problem:
        raise MentoringError(problem)
    entry = _checked(
        group,
        now,
        {
            "kind": meeting.kind,
            "enrollment_id": meeting.enrollment_id,
            "topic": topic,
            "starts_on": starts_on,
            "start_time": start_time,
            "duration_minutes": duration_minutes,
            "location": location,
            "video_url": video_url,
            "agenda": agenda,
        },
        [starts_on],
    )
    zone = program_zone()
    spans = _spans([starts_on], start_time, duration_minutes, zone)
    _check_overlap(group, spans, allow_overlap, except_id=meeting.id)
    changes = _new_values(entry, spans[0][0])
    changed = [name for name, value in changes.items() if getattr(meeting, name) != value]
    if not changed:
        return False
    for name, value in changes.items():
        setattr(meeting, name, value)
    meeting.sequence += 1
    db.session.flush()
    _tell([meeting.id], actor, "Changed")
    audit.record(
        actor,
        "schedule.updated",
        meeting,
        f"PLC group {group.id}: scheduled meeting changed ({', '.join(changed)}), "
        f"now {starts_on.isoformat()} at {start_time:%H:%M}",
    )
    return True


def cancel_meetings(
    meeting: ScheduledMeeting, actor: User, now: datetime, *, rest_of_series: bool = False
) -> int:
    """Cancel a meeting, or it and the later ones of its series; each one's SEQUENCE grows.

    They stay on the calendar feeds as cancelled, so subscribed calendars remove them.
    """
    group = db.session.get(PlcGroup, meeting.plc_group_id)
    _check_may_schedule(actor, group)
    problem = change_problem(meeting, now)
    if problem:
        raise MentoringError(problem)
    which = ScheduledMeeting.id == meeting.id
    if rest_of_series and meeting.series:
        which = (ScheduledMeeting.series == meeting.series) & (
            ScheduledMeeting.starts_at >= meeting.starts_at
        )
    ids = list(
        db.session.scalars(
            select(ScheduledMeeting.id).where(which, ScheduledMeeting.is_cancelled.is_(False))
        )
    )
    db.session.execute(
        update(ScheduledMeeting)
        .where(ScheduledMeeting.id.in_(ids))
        .values(is_cancelled=True, sequence=ScheduledMeeting.sequence + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()
    count = len(ids)
    _tell(ids, actor, "Cancelled")
    audit.record(
        actor,
        "schedule.cancelled",
        meeting,
        f"PLC group {group.id}: {count} scheduled meeting(s) cancelled from "
        f"{meeting.starts_on.isoformat()}",
    )
    return count


# The calendar feed's token -------------------------------------------------------------------


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_feed_token(user: User) -> str:
    """Give the user a new feed address (192 random bits); the old one stops working."""
    token = secrets.token_urlsafe(24)
    db.session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
    db.session.add(CalendarFeed(user_id=user.id, token_digest=token_digest(token)))
    audit.record(user, "calendar.feed_created", user, f"User {user.id}: new calendar feed address")
    return token


def revoke_feed(user: User) -> bool:
    """Turn the user's feed address off; False when they had none."""
    gone = db.session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user.id)).rowcount
    if gone:
        audit.record(user, "calendar.feed_revoked", user, f"User {user.id}: calendar feed revoked")
    return bool(gone)


def feed_owner(token: str) -> User | None:
    """The active user whose feed this token opens, or None."""
    return db.session.scalar(
        select(User)
        .join(CalendarFeed, CalendarFeed.user_id == User.id)
        .where(CalendarFeed.token_digest == token_digest(token), User.is_active.is_(True))
    )
