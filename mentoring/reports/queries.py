"""The state reports: figures aggregated in SQL (GROUP BY), a fixed number of statements per
report whatever the size of the program, and the paged lists behind the figures.

No report reads reflection or plan text: reflections are counted, never loaded.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, Select, case, distinct, func, literal, select

from mentoring.certificates.models import Certificate, CertificateStatus
from mentoring.cohorts.models import (
    RUNNING_COHORT_STATUSES,
    Cohort,
    Enrollment,
    EnrollmentStatus,
    PlcGroup,
    school_year_label,
)
from mentoring.core import policy
from mentoring.core.localtime import school_year_bounds, school_year_of
from mentoring.core.roles import Role
from mentoring.core.sqldates import day_number, day_number_of, school_year_in_sql
from mentoring.extensions import db
from mentoring.meetings.models import Meeting
from mentoring.progress.models import GroupAttendee, YearSignOff, YearTally
from mentoring.progress.queries import Status, kept_now
from mentoring.reflections.models import Reflection
from mentoring.users.models import User


@dataclass(frozen=True)
class Filters:
    """A report's filters. school_year is the first school year of a cohort (enrollment and
    progress reports) or the school year something happened in (mentor activity, certificates):
    its start year, 2025 for 2025–26."""

    school_year: int | None = None
    region: str | None = None
    cohort_id: int | None = None
    # The regions of a scoped specialist (None: statewide): every figure is of them only.
    regions: frozenset[str] | None = None

    def cohorts(self, by_start_year: bool = True) -> list[ColumnElement[bool]]:
        """Conditions on Cohort for these filters."""
        conditions = (
            [] if self.regions is None else [policy.region_filter(Cohort.region, self.regions)]
        )
        if self.region is not None:
            conditions.append(Cohort.region == self.region)
        if self.cohort_id is not None:
            conditions.append(Cohort.id == self.cohort_id)
        if by_start_year and self.school_year is not None:
            conditions.append(Cohort.start_year == self.school_year)
        return conditions

    def args(self) -> dict[str, str]:
        """The filters as the query arguments of a report's URL."""
        values = {"school_year": self.school_year, "region": self.region, "cohort": self.cohort_id}
        return {name: str(value) for name, value in values.items() if value is not None}


def regions(scope: frozenset[str] | None = None) -> list[str]:
    """Every region that has a cohort (of a scoped specialist's regions): the choices of the
    region filter."""
    return list(
        db.session.scalars(
            select(Cohort.region)
            .where(policy.region_filter(Cohort.region, scope))
            .distinct()
            .order_by(Cohort.region)
        )
    )


def cohort_choices(scope: frozenset[str] | None = None) -> list[tuple[int, str]]:
    return [
        (cohort_id, f"{name} ({region}, {school_year_label(start_year)})")
        for cohort_id, name, region, start_year in db.session.execute(
            select(Cohort.id, Cohort.name, Cohort.region, Cohort.start_year)
            .where(policy.region_filter(Cohort.region, scope))
            .order_by(Cohort.start_year.desc(), Cohort.region, Cohort.name)
        )
    ]


def rate(part: int, whole: int) -> int | None:
    """A whole percentage, or None when there is nothing to divide by."""
    return round(100 * part / whole) if whole else None


# Enrollment and outcomes -----------------------------------------------------------------------

OUTCOMES = (
    EnrollmentStatus.ACTIVE,
    EnrollmentStatus.COMPLETED,
    EnrollmentStatus.NOT_COMPLETED,
    EnrollmentStatus.WITHDRAWN,
)


@dataclass
class Outcomes:
    """Enrollments that started, and where each one stands. The completion rate counts the
    enrollments that have ended (completed, not completed or withdrawn), not those still
    running."""

    started: int = 0
    counts: dict[EnrollmentStatus, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))

    @property
    def ended(self) -> int:
        return self.started - self.counts[EnrollmentStatus.ACTIVE]

    @property
    def completion_rate(self) -> int | None:
        return rate(self.counts[EnrollmentStatus.COMPLETED], self.ended)

    def add(self, status: EnrollmentStatus, count: int) -> None:
        self.started += count
        self.counts[status] += count


@dataclass(frozen=True)
class CohortOutcomes:
    cohort_id: int
    name: str
    region: str
    start_year: int
    outcomes: Outcomes


@dataclass(frozen=True)
class EnrollmentReport:
    cohorts: list[CohortOutcomes]  # newest first
    by_region: dict[str, Outcomes]
    by_year: dict[int, Outcomes]
    total: Outcomes
    reasons: list[tuple[str, int]]  # withdrawal reasons, most frequent first


def enrollment_report(filters: Filters) -> EnrollmentReport:
    """Started, active, completed, not completed and withdrawn per cohort, with the totals by
    region and by the cohort's first school year: two statements."""
    rows = db.session.execute(
        select(
            Cohort.id,
            Cohort.name,
            Cohort.region,
            Cohort.start_year,
            Enrollment.status,
            func.count(Enrollment.id),
        )
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(*filters.cohorts())
        .group_by(Cohort.id, Cohort.name, Cohort.region, Cohort.start_year, Enrollment.status)
        .order_by(Cohort.start_year.desc(), Cohort.region, Cohort.name, Cohort.id)
    )
    cohorts: dict[int, CohortOutcomes] = {}
    by_region: dict[str, Outcomes] = defaultdict(Outcomes)
    by_year: dict[int, Outcomes] = defaultdict(Outcomes)
    total = Outcomes()
    for cohort_id, name, region, start_year, status, count in rows:
        if cohort_id not in cohorts:
            cohorts[cohort_id] = CohortOutcomes(cohort_id, name, region, start_year, Outcomes())
        for outcomes in (
            cohorts[cohort_id].outcomes,
            by_region[region],
            by_year[start_year],
            total,
        ):
            outcomes.add(EnrollmentStatus(status), count)
    reason = func.coalesce(Enrollment.withdrawal_reason, "")
    reasons = db.session.execute(
        select(reason, func.count())
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(Enrollment.status == EnrollmentStatus.WITHDRAWN, *filters.cohorts())
        .group_by(reason)
        .order_by(func.count().desc(), reason)
        .limit(20)
    ).all()
    return EnrollmentReport(
        list(cohorts.values()),
        dict(sorted(by_region.items())),
        dict(sorted(by_year.items(), reverse=True)),
        total,
        [(text or "(no reason given)", count) for text, count in reasons],
    )


# Progress now ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressReport:
    # (program year, status) → active enrollments of running cohorts
    counts: dict[tuple[int, Status], int]
    contact_minutes: dict[int, int]  # program year → minutes attended, running enrollments
    meetings: dict[int, int]  # program year → meetings attended (per mentee), running
    months: list[tuple[date, int]]  # the meetings held in each month of the school year
    school_year: int

    def total(self, year: int) -> int:
        return sum(count for (y, _), count in self.counts.items() if y == year)


def _running(filters: Filters) -> list[ColumnElement[bool]]:
    return [
        Enrollment.status == EnrollmentStatus.ACTIVE,
        Cohort.status.in_(RUNNING_COHORT_STATUSES),
        *filters.cohorts(),
    ]


def _meetings_by_month(filters: Filters, school_year: int) -> dict[int, int]:
    """The meetings held in each month (1 to 12) of a school year: counted per day in SQL,
    added up per month here. count(*) by the day alone reads only ix_meetings_held_on (on
    PostgreSQL an index-only scan; national: 99 -> 15 ms for 142,126 meetings), where counting
    ids by EXTRACT(month) read every meeting's row."""
    query = (
        select(Meeting.held_on, func.count())
        .where(Meeting.held_on.between(*school_year_bounds(school_year)))
        .group_by(Meeting.held_on)
    )
    if cohorts := filters.cohorts():
        # By the groups of the cohorts chosen; program-wide, a range of ix_meetings_held_on.
        query = (
            query.join(PlcGroup, PlcGroup.id == Meeting.plc_group_id)
            .join(Cohort, Cohort.id == PlcGroup.cohort_id)
            .where(*cohorts)
        )
    by_month: Counter[int] = Counter()
    for day, count in db.session.execute(query):
        by_month[day.month] += count
    return dict(by_month)


def progress_report(filters: Filters, today: date) -> ProgressReport:
    """The active mentees of running cohorts by their program year and today's status (the rule
    of progress/queries.py, read from the kept status: kept_now), their contact hours and
    meetings attended, and the meetings held in each month of this school year: three
    statements."""
    now = kept_now(today)
    running = (
        now.join(
            select(now.program_year.label("year"), now.status.label("status"))
            .select_from(Enrollment)
            .join(Cohort, Cohort.id == Enrollment.cohort_id)
        )
        .where(*_running(filters))
        .subquery()
    )
    counts = {
        (int(year), Status(status)): count
        for year, status, count in db.session.execute(
            select(running.c.year, running.c.status, func.count()).group_by(
                running.c.year, running.c.status
            )
        )
    }
    contact_minutes, meetings = {}, {}
    for year, minutes, attended in db.session.execute(
        select(
            YearTally.program_year,
            func.sum(YearTally.contact_minutes),
            func.sum(YearTally.meetings),
        )
        .join(Enrollment, Enrollment.id == YearTally.enrollment_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(*_running(filters))
        .group_by(YearTally.program_year)
        # Every enrollment has a tally row for each year (progress/tallies.py), most still empty:
        # a year shows once someone attended something in it.
        .having(func.sum(YearTally.meetings) > 0)
    ):
        contact_minutes[year], meetings[year] = int(minutes or 0), int(attended or 0)
    school_year = school_year_of(today)
    held = _meetings_by_month(filters, school_year)
    months = [date(school_year + (index >= 6), (6 + index) % 12 + 1, 1) for index in range(12)]
    return ProgressReport(
        counts,
        contact_minutes,
        meetings,
        [(first, held.get(first.month, 0)) for first in months],
        school_year,
    )


# Mentor activity ------------------------------------------------------------------------------


@dataclass
class MentorYear:
    """What one mentor did in one school year. Mentees served: those who attended at least one
    meeting of the mentor's PLC groups that year. Contact hours: the length of the meetings
    the mentor held. A sign-off is on time when the mentor signed it by the program year's last
    day (June 30)."""

    mentor_id: int
    name: str
    school_year: int
    mentees: int = 0
    meetings: int = 0
    contact_minutes: int = 0
    acknowledged: int = 0
    sign_offs: int = 0
    sign_offs_on_time: int = 0


def _activity_year(program_year) -> ColumnElement[int]:
    return Cohort.start_year + program_year - 1


def mentors_query(filters: Filters) -> Select:
    """The mentors who lead a PLC group in the filtered cohorts, by name."""
    return (
        select(User.id, User.name)
        .where(
            User.role == Role.MENTOR,
            select(PlcGroup.id)
            .join(Cohort, Cohort.id == PlcGroup.cohort_id)
            .where(PlcGroup.mentor_id == User.id, *filters.cohorts(by_start_year=False))
            .exists(),
        )
        .order_by(User.name, User.id)
    )


def _among(column, names: dict, only_these: bool) -> list[ColumnElement[bool]]:
    return [column.in_(names)] if only_these else [column.is_not(None)]


def _in_year(filters: Filters, year_column) -> list[ColumnElement[bool]]:
    return [] if filters.school_year is None else [year_column == filters.school_year]


def _meetings_held(cohorts: list, filters: Filters) -> Select:
    """Per mentor and school year: meetings held and their minutes."""
    meeting_year = _activity_year(Meeting.program_year)
    return (
        select(
            PlcGroup.mentor_id,
            meeting_year,
            func.count(Meeting.id),
            func.sum(Meeting.duration_minutes),
        )
        .join(PlcGroup, PlcGroup.id == Meeting.plc_group_id)
        .join(Cohort, Cohort.id == PlcGroup.cohort_id)
        .where(*cohorts, *_in_year(filters, meeting_year))
        .group_by(PlcGroup.mentor_id, meeting_year)
    )


def _mentees_served(cohorts: list, filters: Filters) -> Select:
    """Per mentor and school year: the mentees who attended at least one meeting (counted from
    the group attendees kept with the tallies, a row per group, year and mentee, rather than
    from every attendance row)."""
    attended_year = _activity_year(GroupAttendee.program_year)
    return (
        select(PlcGroup.mentor_id, attended_year, func.count(distinct(GroupAttendee.enrollment_id)))
        .join(PlcGroup, PlcGroup.id == GroupAttendee.plc_group_id)
        .join(Cohort, Cohort.id == PlcGroup.cohort_id)
        .where(*cohorts, *_in_year(filters, attended_year))
        .group_by(PlcGroup.mentor_id, attended_year)
    )


def _reflections_acknowledged(filters: Filters, among: list) -> Select:
    """Per mentor and school year: the reflections they acknowledged."""
    reflection_year = _activity_year(Reflection.program_year)
    return (
        select(Reflection.mentor_id, reflection_year, func.count(Reflection.id))
        .join(Enrollment, Enrollment.id == Reflection.enrollment_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(
            *among,
            Reflection.acknowledged_at.is_not(None),
            *filters.cohorts(by_start_year=False),
            *_in_year(filters, reflection_year),
        )
        .group_by(Reflection.mentor_id, reflection_year)
    )


def _sign_offs(filters: Filters, among: list) -> Select:
    """Per signer and school year: the sign-offs, and those signed by the year's June 30."""
    sign_off_year = _activity_year(YearSignOff.program_year)
    on_time = day_number(YearSignOff.created_at) <= day_number_of(sign_off_year + 1, 6, 30)
    return (
        select(
            YearSignOff.signed_by_id,
            sign_off_year,
            func.count(YearSignOff.id),
            func.sum(case((on_time, 1), else_=0)),
        )
        .join(Enrollment, Enrollment.id == YearSignOff.enrollment_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(
            *among,
            *filters.cohorts(by_start_year=False),
            *_in_year(filters, sign_off_year),
        )
        .group_by(YearSignOff.signed_by_id, sign_off_year)
    )


def mentor_activity(
    filters: Filters, mentors: list[tuple[int, str]], only_these: bool = True
) -> list[MentorYear]:
    """Each mentor's figures per school year, for the given (id, name) pairs (a page of
    mentors_query, or all of it with only_these=False, which then reads every mentor's rows
    without a list of ids): four statements, each grouped by mentor and school year."""
    names = dict(mentors)
    rows: dict[tuple[int, int], MentorYear] = {}

    def row(mentor_id: int, year: int) -> MentorYear:
        key = (mentor_id, int(year))
        if key not in rows:
            rows[key] = MentorYear(mentor_id, names.get(mentor_id, ""), int(year))
        return rows[key]

    cohorts = [
        *_among(PlcGroup.mentor_id, names, only_these),
        *filters.cohorts(by_start_year=False),
    ]
    for mentor_id, year, meetings, minutes in db.session.execute(_meetings_held(cohorts, filters)):
        found = row(mentor_id, year)
        found.meetings, found.contact_minutes = meetings, int(minutes or 0)
    for mentor_id, year, mentees in db.session.execute(_mentees_served(cohorts, filters)):
        row(mentor_id, year).mentees = mentees
    among = _among(Reflection.mentor_id, names, only_these)
    for mentor_id, year, acknowledged in db.session.execute(
        _reflections_acknowledged(filters, among)
    ):
        row(mentor_id, year).acknowledged = acknowledged
    among = _among(YearSignOff.signed_by_id, names, only_these)
    for mentor_id, year, signed, in_time in db.session.execute(_sign_offs(filters, among)):
        found = row(mentor_id, year)
        found.sign_offs, found.sign_offs_on_time = signed, int(in_time or 0)
    # A specialist who signed off in a mentor's place is no mentor of the report.
    order = {mentor_id: index for index, (mentor_id, _) in enumerate(mentors)}
    return sorted(
        (found for found in rows.values() if found.mentor_id in order),
        key=lambda found: (order[found.mentor_id], -found.school_year),
    )


# Certificates ---------------------------------------------------------------------------------

CERTIFICATE_EVENTS = ("issued", "revoked", "reissued")


def _certificate_event(kind: str) -> tuple[ColumnElement, list[ColumnElement[bool]]]:
    """The date column of a kind of certificate event, and the condition for it."""
    if kind == "revoked":
        return Certificate.revoked_at, [Certificate.status == CertificateStatus.REVOKED]
    if kind == "reissued":
        return Certificate.issued_on, [Certificate.replaces_id.is_not(None)]
    return Certificate.issued_on, []


def certificate_events(kind: str, filters: Filters) -> tuple[ColumnElement, Select]:
    """The school year of the event, and a select of the certificates with that event."""
    column, conditions = _certificate_event(kind)
    year = school_year_in_sql(column)
    query = (
        select(Certificate)
        .join(Enrollment, Enrollment.id == Certificate.enrollment_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(*conditions, *filters.cohorts(by_start_year=False))
    )
    if filters.school_year is not None:
        query = query.where(year == filters.school_year)
    return year, query


def certificate_report(filters: Filters) -> dict[int, dict[str, int]]:
    """Certificates issued, revoked and reissued in each school year, newest first: one
    statement (a UNION of three grouped counts). Issued counts every certificate, reissues
    included; revoked counts by the school year of the revocation."""
    parts = []
    for kind in CERTIFICATE_EVENTS:
        year, query = certificate_events(kind, filters)
        parts.append(
            query.with_only_columns(
                literal(kind).label("kind"), year.label("year"), func.count()
            ).group_by(year)
        )
    by_year: dict[int, dict[str, int]] = {}
    for kind, year, count in db.session.execute(parts[0].union_all(*parts[1:])):
        by_year.setdefault(int(year), dict.fromkeys(CERTIFICATE_EVENTS, 0))[kind] = count
    return dict(sorted(by_year.items(), reverse=True))


# The lists behind the figures ------------------------------------------------------------------


def enrollments_query(
    filters: Filters,
    today: date,
    outcome: EnrollmentStatus | None = None,
    status: Status | None = None,
    program_year: int | None = None,
) -> Select:
    """Enrollments behind a figure: by outcome (enrollment report) or, for the running ones, by
    today's status in their program year (progress report). Rows: Enrollment, Cohort, mentee."""
    query = (
        select(Enrollment, Cohort, User)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .join(User, User.id == Enrollment.mentee_id)
        .where(*filters.cohorts())
        .order_by(User.name, Enrollment.id)
    )
    if outcome is not None:
        query = query.where(Enrollment.status == outcome)
    if status is not None or program_year is not None:
        now = kept_now(today)
        query = now.join(query).where(*_running(filters))
        if status is not None:
            query = query.where(now.status == status.value)
        if program_year is not None:
            query = query.where(now.program_year == program_year)
    return query
