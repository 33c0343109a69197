"""Read side of the schedule: who is invited, the lists on each home, the calendar feed."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from mentoring.cohorts.models import Cohort, CohortStatus, Enrollment, EnrollmentStatus, PlcGroup
from mentoring.core import localtime
from mentoring.core.paging import paginate_rows
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.meetings.models import Meeting, MeetingKind
from mentoring.schedule.models import CalendarFeed, ScheduledMeeting
from mentoring.users.models import User

LOG_AFTER_DAYS = 7  # a meeting passed this long ago without a log is on the mentor's "to log"
HOME_ITEMS = 5  # upcoming meetings and meetings to log shown on a home page
COHORT_ITEMS = 10  # upcoming meetings shown on the cohort page
FEED_PAST_DAYS = 90  # how far back a calendar feed goes
FEED_MAX = 500  # a feed's events at most: two program years hold far fewer


@dataclass(frozen=True)
class Row:
    """A scheduled meeting with what every list and calendar shows about it."""

    meeting: ScheduledMeeting
    group: PlcGroup
    cohort: Cohort
    mentor: User
    mentee: User | None  # of a one-on-one

    @property
    def title(self) -> str:
        if self.meeting.kind == MeetingKind.ONE_ON_ONE and self.mentee is not None:
            return f"One-on-one: {self.mentor.name} and {self.mentee.name}"
        return f"PLC group meeting: {self.mentor.name}'s group, {self.cohort.name}"


# Made once per process: an alias made per call adapts its columns again on every request.
_MENTOR, _MENTEE = aliased(User), aliased(User)


def _rows() -> Select:
    """Scheduled meetings with their group, cohort, mentor and one-on-one mentee: one query."""
    mentor, mentee = _MENTOR, _MENTEE
    return (
        select(ScheduledMeeting, PlcGroup, Cohort, mentor, mentee)
        .join(PlcGroup, PlcGroup.id == ScheduledMeeting.plc_group_id)
        .join(Cohort, Cohort.id == PlcGroup.cohort_id)
        .join(mentor, mentor.id == PlcGroup.mentor_id)
        .outerjoin(Enrollment, Enrollment.id == ScheduledMeeting.enrollment_id)
        .outerjoin(mentee, mentee.id == Enrollment.mentee_id)
    )


def _fetch(query: Select) -> list[Row]:
    return [Row(*row) for row in db.session.execute(query)]


def row(meeting_id: int) -> Row | None:
    found = _fetch(_rows().where(ScheduledMeeting.id == meeting_id))
    return found[0] if found else None


def rows(meeting_ids: list[int]) -> list[Row]:
    return _fetch(
        _rows().where(ScheduledMeeting.id.in_(meeting_ids)).order_by(ScheduledMeeting.starts_at)
    )


def invited_mentees(meeting: ScheduledMeeting) -> list[User]:
    """The mentees a meeting invites: its one-on-one mentee, or the group's active mentees."""
    query = select(User).join(Enrollment, Enrollment.mentee_id == User.id)
    if meeting.enrollment_id is not None:
        query = query.where(Enrollment.id == meeting.enrollment_id)
    else:
        query = query.where(
            Enrollment.plc_group_id == meeting.plc_group_id,
            Enrollment.status == EnrollmentStatus.ACTIVE,
        )
    return list(db.session.scalars(query.order_by(User.name, User.id)))


def start_of_today(today: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(today, time(0), tzinfo=zone)


def invites_mentee(mentee_id: int):
    """The condition that a scheduled meeting invites this mentee: a PLC meeting of the group
    of their active enrollment, or a one-on-one of theirs."""
    enrollment = (
        select(Enrollment.id, Enrollment.plc_group_id)
        .where(Enrollment.mentee_id == mentee_id, Enrollment.status == EnrollmentStatus.ACTIVE)
        .subquery()
    )
    return or_(
        and_(
            ScheduledMeeting.kind == MeetingKind.PLC_GROUP,
            ScheduledMeeting.plc_group_id.in_(select(enrollment.c.plc_group_id)),
        ),
        ScheduledMeeting.enrollment_id.in_(select(enrollment.c.id)),
    )


def is_invited(meeting_id: int, mentee_id: int) -> bool:
    return bool(
        db.session.scalar(
            select(exists().where(ScheduledMeeting.id == meeting_id, invites_mentee(mentee_id)))
        )
    )


def _leads(mentor_id: int):
    return PlcGroup.mentor_id == mentor_id


def upcoming_for_mentee(mentee_id: int, since: datetime) -> list[Row]:
    """A mentee's next meetings (cancelled ones marked), soonest first."""
    return _fetch(
        _rows()
        .where(invites_mentee(mentee_id), ScheduledMeeting.starts_at >= since)
        .order_by(ScheduledMeeting.starts_at, ScheduledMeeting.id)
        .limit(HOME_ITEMS)
    )


def upcoming_for_mentor(mentor_id: int, since: datetime) -> list[Row]:
    return _fetch(
        _rows()
        .where(_leads(mentor_id), ScheduledMeeting.starts_at >= since)
        .order_by(ScheduledMeeting.starts_at, ScheduledMeeting.id)
        .limit(HOME_ITEMS)
    )


def _unlogged():
    """No meeting of the group is logged on the scheduled meeting's date."""
    return ~exists().where(
        Meeting.plc_group_id == ScheduledMeeting.plc_group_id,
        Meeting.held_on == ScheduledMeeting.starts_on,
    )


def to_log(mentor_id: int, today: date) -> tuple[list[Row], int]:
    """The mentor's meetings of running cohorts that passed LOG_AFTER_DAYS or more ago, not
    cancelled, with no meeting of the group logged on their date: the oldest few, and how many
    in all (two queries)."""
    conditions = (
        _leads(mentor_id),
        Cohort.status == CohortStatus.ACTIVE,
        ScheduledMeeting.is_cancelled.is_(False),
        ScheduledMeeting.starts_on <= today - timedelta(days=LOG_AFTER_DAYS),
        _unlogged(),
    )
    rows = _fetch(_rows().where(*conditions).order_by(ScheduledMeeting.starts_at).limit(HOME_ITEMS))
    total = db.session.scalar(
        select(func.count())
        .select_from(ScheduledMeeting)
        .join(PlcGroup, PlcGroup.id == ScheduledMeeting.plc_group_id)
        .join(Cohort, Cohort.id == PlcGroup.cohort_id)
        .where(*conditions)
    )
    return rows, total


def upcoming_for_cohort(cohort_id: int, since: datetime) -> list[Row]:
    """The cohort's next meetings, every group's, soonest first."""
    return _fetch(
        _rows()
        .where(PlcGroup.cohort_id == cohort_id, ScheduledMeeting.starts_at >= since)
        .order_by(ScheduledMeeting.starts_at, ScheduledMeeting.id)
        .limit(COHORT_ITEMS)
    )


def group_page(group_id: int, since: datetime, page: int, per_page: int):
    """One page of a group's meetings from `since` on, soonest first."""
    mentee = aliased(User)
    return paginate_rows(
        select(ScheduledMeeting, mentee)
        .outerjoin(Enrollment, Enrollment.id == ScheduledMeeting.enrollment_id)
        .outerjoin(mentee, mentee.id == Enrollment.mentee_id)
        .where(ScheduledMeeting.plc_group_id == group_id, ScheduledMeeting.starts_at >= since)
        .order_by(ScheduledMeeting.starts_at, ScheduledMeeting.id),
        page,
        per_page,
    )


def is_logged(meeting: ScheduledMeeting) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    Meeting.plc_group_id == meeting.plc_group_id,
                    Meeting.held_on == meeting.starts_on,
                )
            )
        )
    )


def feed_rows(user: User, now: datetime) -> list[Row]:
    """Every meeting of the user's calendar feed from FEED_PAST_DAYS ago: a mentor's groups'
    and a mentee's invitations, cancelled ones included (so calendars remove them)."""
    mine = invites_mentee(user.id) if user.role == Role.MENTEE else _leads(user.id)
    return _fetch(
        _rows()
        .where(mine, ScheduledMeeting.starts_at >= now - timedelta(days=FEED_PAST_DAYS))
        .order_by(ScheduledMeeting.starts_at, ScheduledMeeting.id)
        .limit(FEED_MAX)
    )


def feed_created_at(user_id: int) -> datetime | None:
    return db.session.scalar(select(CalendarFeed.created_at).where(CalendarFeed.user_id == user_id))


def mentee_choices(group_id: int) -> list[tuple[int, str]]:
    """The group's active mentees, for a one-on-one: (enrollment id, name)."""
    return [
        (enrollment_id, name)
        for enrollment_id, name in db.session.execute(
            select(Enrollment.id, User.name)
            .join(User, User.id == Enrollment.mentee_id)
            .where(
                Enrollment.plc_group_id == group_id,
                Enrollment.status == EnrollmentStatus.ACTIVE,
            )
            .order_by(User.name, Enrollment.id)
        )
    ]


def active_enrollment_ids(group_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(Enrollment.id).where(
                Enrollment.plc_group_id == group_id,
                Enrollment.status == EnrollmentStatus.ACTIVE,
            )
        )
    )


@dataclass(frozen=True)
class HomePanel:
    """The schedule on a mentor's or mentee's home."""

    zone: ZoneInfo
    upcoming: list[Row]
    to_log: list[Row]
    to_log_total: int


def home_panel(user: User, now: datetime) -> HomePanel:
    """A mentee's next meetings; a mentor's next meetings and those still to log."""
    zone = localtime.zone()
    today = now.astimezone(zone).date()
    since = start_of_today(today, zone)
    if user.role == Role.MENTEE:
        return HomePanel(zone, upcoming_for_mentee(user.id, since), [], 0)
    return HomePanel(zone, upcoming_for_mentor(user.id, since), *to_log(user.id, today))


@dataclass(frozen=True)
class CohortPanel:
    zone: ZoneInfo
    rows: list[Row]


def cohort_panel(cohort_id: int, now: datetime) -> CohortPanel:
    """The cohort page's next meetings, every group's."""
    zone = localtime.zone()
    return CohortPanel(
        zone, upcoming_for_cohort(cohort_id, start_of_today(now.astimezone(zone).date(), zone))
    )
