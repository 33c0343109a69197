"""Read side of the PLC curriculum: a cohort's year of topics, one month's page, this month's
topic on a home page, the meeting form's choices, and topic coverage per PLC group. Each is a
fixed number of queries whatever the number of months, resources, groups or meetings."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, and_, or_, select

from mentoring.cohorts.models import (
    RUNNING_COHORT_STATUSES,
    Cohort,
    Enrollment,
    EnrollmentStatus,
    PlcGroup,
    program_year_for,
)
from mentoring.cohorts.queries import region_through
from mentoring.core import audit, policy
from mentoring.core.localtime import day_in_school_year, format_date
from mentoring.core.roles import Role
from mentoring.curriculum.models import (
    PROGRAM_MONTHS,
    CurriculumFile,
    CurriculumLink,
    CurriculumMonth,
    CurriculumTopic,
)
from mentoring.extensions import db
from mentoring.meetings.models import Meeting
from mentoring.users.models import User


@dataclass
class MonthView:
    entry: CurriculumMonth
    links: list[CurriculumLink] = field(default_factory=list)
    files: list[CurriculumFile] = field(default_factory=list)


def month_date(cohort: Cohort, program_year: int, month: int) -> date:
    """The first day of a month of a cohort's program year (July of its start, …, June)."""
    return day_in_school_year(cohort.start_year + program_year - 1, month, 1)


def _with_resources(entries: list[CurriculumMonth]) -> list[MonthView]:
    """Each month with its links and files (the files' names, not their bytes): 2 queries."""
    views = {entry.id: MonthView(entry) for entry in entries}
    if views:
        for link in db.session.scalars(
            select(CurriculumLink)
            .where(CurriculumLink.month_id.in_(views))
            .order_by(CurriculumLink.id)
        ):
            views[link.month_id].links.append(link)
        for stored in db.session.scalars(
            select(CurriculumFile)
            .where(CurriculumFile.month_id.in_(views))
            .order_by(CurriculumFile.id)
        ):
            views[stored.month_id].files.append(stored)
    return list(views.values())


def _in_program_order(entries: list[CurriculumMonth]) -> list[CurriculumMonth]:
    return sorted(entries, key=lambda e: (e.program_year, PROGRAM_MONTHS.index(e.month)))


def year_plan(cohort_id: int, program_year: int) -> dict[int, MonthView]:
    """A cohort's topics of one program year by calendar month, with resources: 3 queries."""
    entries = db.session.scalars(
        select(CurriculumMonth).where(
            CurriculumMonth.cohort_id == cohort_id, CurriculumMonth.program_year == program_year
        )
    ).all()
    return {view.entry.month: view for view in _with_resources(list(entries))}


def month_view(cohort_id: int, program_year: int, month: int) -> MonthView | None:
    """One month's topic with its resources, or None when it has no topic yet: 3 queries."""
    entry = db.session.scalar(
        select(CurriculumMonth).where(
            CurriculumMonth.cohort_id == cohort_id,
            CurriculumMonth.program_year == program_year,
            CurriculumMonth.month == month,
        )
    )
    return _with_resources([entry])[0] if entry else None


def list_titles() -> list[str]:
    """The program's topic list, for the month form's choice (a short list the staff keep)."""
    return list(db.session.scalars(select(CurriculumTopic.title).order_by(CurriculumTopic.title)))


def topic_list() -> Select:
    """The program's topic list for its paged page."""
    return select(CurriculumTopic).order_by(CurriculumTopic.title)


# Who may read a cohort's curriculum ----------------------------------------------------------


def _member_of(user: User) -> Select:
    """The ids of the cohorts a mentor leads a group in, or a mentee is (or was) enrolled in
    without having withdrawn."""
    if user.role == Role.MENTOR:
        return select(PlcGroup.cohort_id).where(PlcGroup.mentor_id == user.id)
    return select(Enrollment.cohort_id).where(
        Enrollment.mentee_id == user.id, Enrollment.status != EnrollmentStatus.WITHDRAWN
    )


def is_cohort_member(user: User, cohort_id: int) -> bool:
    """Whether a mentor or mentee belongs to the cohort (its curriculum is theirs): 1 query."""
    if not user.is_authenticated or user.role not in (Role.MENTOR, Role.MENTEE):
        return False
    return (
        db.session.scalar(
            select(Cohort.id).where(Cohort.id == cohort_id, Cohort.id.in_(_member_of(user)))
        )
        is not None
    )


@dataclass(frozen=True)
class ThisMonth:
    cohort: Cohort
    program_year: int
    view: MonthView


def this_month(user: User, today: date) -> list[ThisMonth]:
    """This month's topic and resources in each running cohort of the mentor or mentee that
    has set one: 4 queries."""
    cohorts = db.session.scalars(
        select(Cohort)
        .where(Cohort.id.in_(_member_of(user)), Cohort.status.in_(RUNNING_COHORT_STATUSES))
        .order_by(Cohort.start_year, Cohort.name)
    ).all()
    years = {cohort.id: program_year_for(today, cohort) for cohort in cohorts}
    wanted = [
        and_(CurriculumMonth.cohort_id == cohort_id, CurriculumMonth.program_year == year)
        for cohort_id, year in years.items()
        if year is not None
    ]
    if not wanted:
        return []
    entries = db.session.scalars(
        select(CurriculumMonth).where(or_(*wanted), CurriculumMonth.month == today.month)
    ).all()
    by_cohort = {view.entry.cohort_id: view for view in _with_resources(list(entries))}
    return [
        ThisMonth(cohort, years[cohort.id], by_cohort[cohort.id])
        for cohort in cohorts
        if cohort.id in by_cohort
    ]


# The meeting form and coverage ---------------------------------------------------------------


def meeting_choices(cohort_id: int) -> list[CurriculumMonth]:
    """A cohort's topics of both years in program order, for the meeting form: 1 query."""
    return _in_program_order(
        list(
            db.session.scalars(
                select(CurriculumMonth).where(CurriculumMonth.cohort_id == cohort_id)
            )
        )
    )


def topic_of_day(
    months: list[CurriculumMonth], cohort: Cohort, day: date
) -> CurriculumMonth | None:
    """The topic of the month a day falls in, among a cohort's topics (the meeting form's)."""
    year = program_year_for(day, cohort)
    return next(
        (entry for entry in months if (entry.program_year, entry.month) == (year, day.month)),
        None,
    )


def is_cohorts_month(month_id: int, cohort_id: int) -> bool:
    """Whether a curriculum month is one of this cohort's: 1 query."""
    return (
        db.session.scalar(select(CurriculumMonth.cohort_id).where(CurriculumMonth.id == month_id))
        == cohort_id
    )


@dataclass(frozen=True)
class Coverage:
    """Which of a cohort's monthly topics each PLC group covered in a logged meeting."""

    cohort: Cohort
    months: list[CurriculumMonth]
    covered: set[tuple[int, int]]  # (PLC group id, curriculum month id)

    def label(self, entry: CurriculumMonth) -> str:
        """ "October 2025"."""
        return format_date(month_date(self.cohort, entry.program_year, entry.month), "month")

    def of_year(self, program_year: int) -> list[CurriculumMonth]:
        return [entry for entry in self.months if entry.program_year == program_year]

    def count(self, group_id: int, program_year: int) -> int:
        return sum((group_id, entry.id) in self.covered for entry in self.of_year(program_year))


def coverage(cohort: Cohort) -> Coverage:
    """The cohort's topics and the (group, topic) pairs a logged meeting covered: 2 queries,
    the pairs found by a DISTINCT in SQL."""
    months = meeting_choices(cohort.id)
    covered = db.session.execute(
        select(Meeting.plc_group_id, Meeting.curriculum_month_id)
        .distinct()
        .join(CurriculumMonth, CurriculumMonth.id == Meeting.curriculum_month_id)
        .where(CurriculumMonth.cohort_id == cohort.id)
    ).all()
    return Coverage(cohort, months, {(group_id, month_id) for group_id, month_id in covered})


# The audit log's names -----------------------------------------------------------------------


@audit.describes("CurriculumMonth")
def name_months(ids) -> dict[int, str]:
    """Name a month's topic in the audit log: "Cohort 2025 North, October of year 1"."""
    return audit.names_by_id(
        select(CurriculumMonth.id, Cohort.name, CurriculumMonth.month, CurriculumMonth.program_year)
        .join(Cohort, Cohort.id == CurriculumMonth.cohort_id)
        .where(CurriculumMonth.id.in_(ids)),
        lambda cohort, month, year: f"{cohort}, {date(2000, month, 1):%B} of year {year}",
    )


@audit.describes("CurriculumTopic")
def name_topics(ids) -> dict[int, str]:
    """Name a topic of the list in the audit log by its title."""
    return audit.names_by_id(
        select(CurriculumTopic.id, CurriculumTopic.title).where(CurriculumTopic.id.in_(ids)),
        lambda title: f"PLC topic “{title}”",
    )


@audit.describes("CurriculumLink")
def name_links(ids) -> dict[int, str]:
    """Name a resource link in the audit log by its name."""
    return audit.names_by_id(
        select(CurriculumLink.id, CurriculumLink.label).where(CurriculumLink.id.in_(ids)),
        lambda label: f"link “{label}”",
    )


@audit.describes("CurriculumFile")
def name_files(ids) -> dict[int, str]:
    """Name a resource file in the audit log by its file name."""
    return audit.names_by_id(
        select(CurriculumFile.id, CurriculumFile.file_name).where(CurriculumFile.id.in_(ids)),
        lambda name: f"file {name}",
    )


@policy.regions_by(CurriculumMonth)
def month_regions(entry: CurriculumMonth) -> list[str]:
    """A cohort's month of the curriculum: its cohort's region."""
    return [db.session.scalar(select(Cohort.region).where(Cohort.id == entry.cohort_id))]


@policy.regions_by(CurriculumLink)
@policy.regions_by(CurriculumFile)
def resource_regions(resource) -> list[str]:
    """A month's link or file: its cohort's region."""
    return region_through(CurriculumMonth, resource.month_id)
