"""Read side of the dashboards: whole pages in a fixed number of queries.

Every count and status comes from progress_for(); this module only adds names, dates, the
monthly meeting counts and paging around it. Nothing here reads a reflection's text.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import extract, func, select
from sqlalchemy.orm import aliased

from mentoring.certificates import queries as certificate_queries
from mentoring.certificates.models import Certificate
from mentoring.cohorts import queries as cohort_queries
from mentoring.cohorts.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentStatus,
    PlcGroup,
    program_year_bounds,
)
from mentoring.cohorts.queries import CohortRoster, MenteePlacement
from mentoring.core import policy
from mentoring.core.paging import Page, paginate_windowed
from mentoring.dashboards import charts
from mentoring.extensions import db
from mentoring.meetings.models import Meeting, MeetingAttendance, MeetingKind
from mentoring.plans.queries import PlanState, plan_states
from mentoring.progress import operations
from mentoring.progress.queries import (
    YEARS,
    EnrollmentProgress,
    Status,
    YearProgress,
    at_risk_reasons,
    at_risk_slice,
    cohort_progress,
    kept_now,
    progress_for,
    waiting_for_certificate,
)
from mentoring.progress.reminders import QUIET_GROUP_DAYS, group_quiet_days
from mentoring.reflections.models import Reflection
from mentoring.users.models import User

# The order of "sort by status": who needs attention first.
STATUS_ORDER = {
    Status.AT_RISK: 0,
    Status.NOT_STARTED: 1,
    Status.ON_TRACK: 2,
    Status.COMPLETE: 3,
}
RECENT_MEETINGS = 10
# Status cards per page of the specialist home: a state runs about a dozen cohorts at once; a
# larger program pages them rather than counting every running mentee on every visit.
COHORT_CARDS = 12


def current_year(cohort: Cohort, today: date) -> int:
    """The program year a cohort is in today: 1 until its first June 30, then 2 (as
    EnrollmentProgress.current_year, for a cohort rather than one enrollment)."""
    return 1 if today <= program_year_bounds(cohort, 1)[1] else 2


@dataclass(frozen=True)
class MenteeRow:
    progress: EnrollmentProgress
    mentee: User
    mentor: User | None
    certificate: Certificate | None = None  # the valid one, where a page shows it

    def at_risk_reasons(self, today: date) -> list[str]:
        """Why the year in progress is at risk, in words (empty when it is not)."""
        return at_risk_reasons(self.progress, self.progress.current_year(today), today)

    @property
    def last_meeting_on(self) -> date | None:
        """The last meeting attended in either year."""
        return self.progress.years[1].last_meeting_on or self.progress.years[0].last_meeting_on

    def sign_off_open(self, today: date) -> list[YearProgress]:
        """The years that can be signed off now and are not yet."""
        if self.progress.enrollment.status != EnrollmentStatus.ACTIVE:
            return []
        return [
            year
            for year in self.progress.years
            if year.sign_off is None
            and operations.timing_problem(self.progress.cohort, year.year, today) is None
        ]


_MENTOR = aliased(User)  # made once: see progress/queries.py, _EARLIER


def _people(enrollment_ids: list[int]) -> dict[int, tuple[User, User | None]]:
    """The mentee and current mentor of each enrollment, in one query."""
    if not enrollment_ids:
        return {}
    mentor = _MENTOR
    rows = db.session.execute(
        select(Enrollment.id, User, mentor)
        .join(User, User.id == Enrollment.mentee_id)
        .outerjoin(PlcGroup, PlcGroup.id == Enrollment.plc_group_id)
        .outerjoin(mentor, mentor.id == PlcGroup.mentor_id)
        .where(Enrollment.id.in_(enrollment_ids))
    )
    return {enrollment_id: (mentee, mentor) for enrollment_id, mentee, mentor in rows}


# Specialist home -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCounts:
    """How many of a cohort's mentees stand where, in its current program year."""

    cohort: Cohort
    year: int
    counts: dict[Status, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def percent(self, status: Status) -> int:
        return round(100 * self.counts[status] / self.total) if self.total else 0

    def width(self, status: Status) -> int:
        """The bar's width in steps of 5 %, the steps that static/css/app.css provides."""
        return 5 * round(self.percent(status) / 5)


@dataclass(frozen=True)
class SpecialistDashboard:
    cohorts: Page  # of StatusCounts, newest cohorts first
    at_risk: Page  # of MenteeRow, longest without a meeting first
    certificates: Page  # of MenteeRow: both years complete, no valid certificate yet


def _status_counts(cohorts: list[Cohort], today: date) -> dict[int, dict[Status, int]]:
    """How many of each cohort's running mentees stand where in its current year (the kept
    status): one query."""
    now = kept_now(today)
    # Grouped outside a subquery: PostgreSQL would not match the CASE's bound parameters in a
    # GROUP BY to those of the SELECT list.
    running = (
        now.join(
            select(Enrollment.cohort_id, now.status.label("status"))
            .select_from(Enrollment)
            .join(Cohort, Cohort.id == Enrollment.cohort_id)
        )
        .where(Enrollment.cohort_id.in_([cohort.id for cohort in cohorts]))
        .where(Enrollment.status != EnrollmentStatus.WITHDRAWN)
        .subquery()
    )
    counts = {cohort.id: dict.fromkeys(Status, 0) for cohort in cohorts}
    for cohort_id, status, count in db.session.execute(
        select(running.c.cohort_id, running.c.status, func.count()).group_by(
            running.c.cohort_id, running.c.status
        )
    ):
        counts[cohort_id][Status(status)] = count
    return counts


def specialist_dashboard(
    today: date,
    at_risk_page: int,
    certificate_page: int,
    per_page: int,
    cohort_page: int = 1,
    at_risk_keys: tuple[str | None, str | None] = (None, None),
    regions: frozenset[str] | None = None,
) -> SpecialistDashboard:
    """Status counts per active cohort (a page of them), the at-risk mentees (the kept onsets,
    keyset pages after or before at_risk_keys) and those due a certificate: six queries; a
    scoped specialist's (regions) shows only the cohorts of their regions."""
    in_regions = policy.region_filter(Cohort.region, regions)
    cohorts = paginate_windowed(
        select(Cohort)
        .where(Cohort.status == CohortStatus.ACTIVE, in_regions)
        .order_by(Cohort.start_year.desc(), Cohort.name, Cohort.id),
        cohort_page,
        COHORT_CARDS,
    )
    counts = _status_counts(cohorts.items, today)
    at_risk = at_risk_slice(today, at_risk_page, per_page, *at_risk_keys, cohort_where=in_regions)
    # Completed cohorts too: their mentees who met both years may still wait for a certificate.
    waiting = paginate_windowed(
        waiting_for_certificate(Enrollment.id)
        .where(~certificate_queries.holds_valid_certificate(), in_regions)
        .order_by(Cohort.start_year, Cohort.name, Enrollment.id),
        certificate_page,
        per_page,
    )
    shown = at_risk.ids + waiting.items
    progress = {p.enrollment.id: p for p in progress_for(Enrollment.id.in_(shown), today)}
    people = _people(shown)

    def rows(ids: list[int]) -> list[MenteeRow]:
        return [MenteeRow(progress[id_], *people[id_]) for id_ in ids]

    at_risk_rows = Page(
        rows(at_risk.ids),
        at_risk.page,
        per_page,
        at_risk.total,
        at_risk.page * per_page < at_risk.total,
        prev_args={"at_risk_before": at_risk.first_key, "at_risk_after": None},
        next_args={"at_risk_after": at_risk.last_key, "at_risk_before": None},
    )
    return SpecialistDashboard(
        cohorts.with_items(
            [StatusCounts(c, current_year(c, today), counts[c.id]) for c in cohorts.items]
        ),
        at_risk_rows,
        waiting.with_items(rows(waiting.items)),
    )


# Cohort page ---------------------------------------------------------------------------------


def cohort_table(cohort: Cohort, roster: CohortRoster, today: date, sort: str) -> list[MenteeRow]:
    """Every mentee's progress in both years and their certificate, by name or by current
    status (four queries).

    The names come from the roster the cohort page has already loaded.
    """
    people = {
        enrollment.id: (mentee, view.mentor)
        for view in roster.groups
        for enrollment, mentee, _ in view.members
    }
    people.update({enrollment.id: (mentee, None) for enrollment, mentee, _ in roster.unassigned})
    progress = cohort_progress(cohort, today)
    certified = certificate_queries.valid_by_enrollment([p.enrollment.id for p in progress])
    rows = [
        MenteeRow(p, *people[p.enrollment.id], certified.get(p.enrollment.id)) for p in progress
    ]
    year = current_year(cohort, today) - 1
    if sort == "status":
        rows.sort(key=lambda r: (STATUS_ORDER[r.progress.years[year].status], r.mentee.name))
    else:
        rows.sort(key=lambda r: (r.mentee.name, r.progress.enrollment.id))
    return rows


def meetings_per_month(cohort: Cohort) -> list[tuple[date, int]]:
    """The number of meetings of the cohort's groups in each of its 24 months: one query."""
    year, month = extract("year", Meeting.held_on), extract("month", Meeting.held_on)
    counted = {
        (int(y), int(m)): count
        for y, m, count in db.session.execute(
            select(year, month, func.count())
            .join(PlcGroup, PlcGroup.id == Meeting.plc_group_id)
            .where(PlcGroup.cohort_id == cohort.id)
            .group_by(year, month)
        )
    }
    months = [
        date(cohort.start_year + (6 + index) // 12, (6 + index) % 12 + 1, 1)
        for index in range(12 * len(YEARS))
    ]
    return [(first, counted.get((first.year, first.month), 0)) for first in months]


def meetings_chart(months: list[tuple[date, int]]) -> charts.BarChart:
    """The bar chart of meetings per month, labelled by the month's initial."""
    return charts.bar_chart(
        [
            (
                f"{first:%b}"[0],
                f"{first:%B %Y}: {count} meeting{'' if count == 1 else 's'}",
                count,
            )
            for first, count in months
        ]
    )


# Mentor home ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupCard:
    group: PlcGroup
    cohort: Cohort
    last_meeting_on: date | None
    quiet_days: int | None  # set when the group has not met for QUIET_GROUP_DAYS or more
    rows: list[MenteeRow]
    plans: dict[tuple[int, int], PlanState]  # (enrollment, year) → its plan's state

    def plan(self, row: "MenteeRow", year: int) -> PlanState:
        return self.plans.get((row.progress.enrollment.id, year), PlanState())

    @property
    def is_running(self) -> bool:
        return self.cohort.status == CohortStatus.ACTIVE


def mentor_dashboard(mentor_id: int, today: date) -> list[GroupCard]:
    """A mentor's groups, each mentee's progress and plan, and each group's last meeting:
    7 queries."""
    groups = cohort_queries.mentor_groups(mentor_id)
    ids = [group.id for group, _ in groups]
    if not ids:
        return []
    progress = progress_for(
        Enrollment.plc_group_id.in_(ids) & (Enrollment.status != EnrollmentStatus.WITHDRAWN),
        today,
    )
    mentees = {
        user.id: user
        for user in db.session.scalars(
            select(User).where(User.id.in_([p.enrollment.mentee_id for p in progress]))
        )
    }
    last_meetings = dict(
        db.session.execute(
            select(Meeting.plc_group_id, func.max(Meeting.held_on))
            .where(Meeting.plc_group_id.in_(ids), Meeting.held_on <= today)
            .group_by(Meeting.plc_group_id)
        ).all()
    )
    plans = plan_states([p.enrollment.id for p in progress])
    cards = []
    for group, cohort in groups:
        rows = sorted(
            (
                MenteeRow(p, mentees[p.enrollment.mentee_id], None)
                for p in progress
                if p.enrollment.plc_group_id == group.id
            ),
            key=lambda row: (row.mentee.name, row.progress.enrollment.id),
        )
        last_on = last_meetings.get(group.id)
        days = group_quiet_days(group, cohort, last_on, today)
        quiet = days if days is not None and days >= QUIET_GROUP_DAYS else None
        cards.append(GroupCard(group, cohort, last_on, quiet, rows, plans))
    return cards


# Mentee home ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendedMeeting:
    """What was agreed at a meeting, as its attendee sees it: never the private notes."""

    held_on: date
    duration_minutes: int
    kind: MeetingKind
    topics: str  # Topic values, comma-separated
    focus: str | None
    next_steps: str | None
    next_meeting_on: date | None


@dataclass(frozen=True)
class MenteeDashboard:
    placement: MenteePlacement
    progress: EnrollmentProgress
    meetings: list[AttendedMeeting]  # the last ten attended, newest first
    last_reflection_on: date | None
    certificates: list[Certificate]  # valid first
    plans: dict[tuple[int, int], PlanState]

    def plan(self, year: int) -> PlanState:
        return self.plans.get((self.progress.enrollment.id, year), PlanState())

    @property
    def reflections(self) -> int:
        return sum(year.reflections for year in self.progress.years)

    @property
    def latest_agreement(self) -> AttendedMeeting | None:
        """The latest attended meeting that recorded next steps or a next meeting date."""
        return next((m for m in self.meetings if m.next_steps or m.next_meeting_on), None)

    def at_risk_reasons(self, year: YearProgress, today: date) -> list[str]:
        return at_risk_reasons(self.progress, year, today)


def mentee_dashboard(mentee_id: int, today: date) -> MenteeDashboard | None:
    """A mentee's placement, progress, recent meetings, reflections, certificates and plans:
    8 queries."""
    placement = cohort_queries.mentee_placement(mentee_id)
    if placement is None:
        return None
    enrollment_id = placement.enrollment.id
    (progress,) = progress_for(Enrollment.id == enrollment_id, today)
    meetings = [
        AttendedMeeting(*row)
        for row in db.session.execute(
            select(
                Meeting.held_on,
                Meeting.duration_minutes,
                Meeting.kind,
                Meeting.topics,
                Meeting.focus,
                Meeting.next_steps,
                Meeting.next_meeting_on,
            )
            .join(MeetingAttendance, MeetingAttendance.meeting_id == Meeting.id)
            .where(MeetingAttendance.enrollment_id == enrollment_id)
            .order_by(Meeting.held_on.desc(), Meeting.id.desc())
            .limit(RECENT_MEETINGS)
        )
    ]
    last_reflection_on = db.session.scalar(
        select(func.max(Reflection.written_on)).where(Reflection.enrollment_id == enrollment_id)
    )
    certificates = certificate_queries.certificates_of_mentee(mentee_id)
    return MenteeDashboard(
        placement,
        progress,
        meetings,
        last_reflection_on,
        certificates,
        plan_states([enrollment_id]),
    )
