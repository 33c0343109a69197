"""Progress: the one place that computes where a mentee stands in each program year.

progress_for() computes any number of enrollments in one query (enrollments with their cohorts'
requirements, year tallies and sign-offs, and each year's status decided in SQL by
year_columns()), whatever their number; the specialist dashboard counts and pages thousands by
the same SQL status without loading them. The tallies (meetings attended, contact minutes,
reflections, last meeting) are counted when attendance or reflections change
(progress/tallies.py), so a visit reads one row per mentee and year rather than every
attendance row.
"""

import enum
import functools
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select, true
from sqlalchemy.orm import aliased

from mentoring.cohorts.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentStatus,
    EssentialExperience,
    program_year_bounds,
)
from mentoring.core.hours import hours_of, hours_text
from mentoring.core.localtime import FIRST_MONTH, format_date, school_year_of
from mentoring.core.sqldates import day_number, day_number_of, day_of, greatest, least
from mentoring.core.wording import plural
from mentoring.extensions import db
from mentoring.progress.models import YearSignOff, YearTally

YEARS = (1, 2)


class Status(enum.StrEnum):
    COMPLETE = "complete"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    NOT_STARTED = "not_started"

    @property
    def label(self) -> str:
        return {
            "complete": "Complete",
            "on_track": "On track",
            "at_risk": "At risk",
            "not_started": "Not started",
        }[self]


@dataclass(frozen=True)
class YearProgress:
    year: int
    starts_on: date
    ends_on: date
    meetings: int
    contact_minutes: int
    reflections: int
    min_meetings: int
    min_contact_minutes: int
    min_reflections: int
    last_meeting_on: date | None
    days_without_meeting: int | None  # None before the year starts
    sign_off: YearSignOff | None
    status: Status
    # Year 1 carried from an earlier enrollment: that cohort's name (its tally and sign-off
    # are the ones shown); the year counts as complete.
    carried_from: str | None = None
    # The optional plan requirement: essential experiences ticked off (of those on the cohort's
    # list for the year; min 0 when none is required) and the plan's due date (None: not
    # required) and whether it is agreed.
    experiences: int = 0
    experiences_listed: int = 0
    min_experiences: int = 0
    plan_due_on: date | None = None
    plan_agreed: bool = False

    @property
    def minimums_met(self) -> bool:
        return (
            self.meetings >= self.min_meetings
            and self.contact_minutes >= self.min_contact_minutes
            and self.reflections >= self.min_reflections
            and self.experiences >= self.min_experiences
            and (self.plan_due_on is None or self.plan_agreed)
        )

    @property
    def signed_off_met(self) -> bool:
        return self.sign_off is not None and self.sign_off.met

    def missing(self) -> list[str]:
        """What is left to do this year, in plain words."""
        if self.carried_from:
            return []
        left = []
        if self.meetings < self.min_meetings:
            left.append(plural(self.min_meetings - self.meetings, "more meeting"))
        if self.contact_minutes < self.min_contact_minutes:
            hours = hours_of(self.min_contact_minutes - self.contact_minutes)
            left.append(plural(hours, "more contact hour"))
        if self.reflections < self.min_reflections:
            left.append(plural(self.min_reflections - self.reflections, "more reflection"))
        if self.experiences < self.min_experiences:
            left.append(
                plural(self.min_experiences - self.experiences, "more essential experience")
            )
        if self.plan_due_on is not None and not self.plan_agreed:
            left.append("a mentoring plan agreed with your mentor")
        if not self.signed_off_met:
            left.append("your mentor's sign-off at the end of the year")
        return left


@dataclass(frozen=True)
class EnrollmentProgress:
    enrollment: Enrollment
    cohort: Cohort
    years: tuple[YearProgress, YearProgress]

    @property
    def complete(self) -> bool:
        """Both program years complete: eligible for the completion certificate."""
        return all(year.status == Status.COMPLETE for year in self.years)

    def current_year(self, today: date) -> YearProgress:
        """The year in progress today (the second once the first has ended)."""
        return self.years[0] if today <= self.years[0].ends_on else self.years[1]


@dataclass(frozen=True)
class YearColumns:
    """One program year's progress as SQL expressions over Enrollment and Cohort, and the
    year's tally and sign-off, which with_progress() outer-joins."""

    year: int
    tally: type[YearTally]
    sign_off: type[YearSignOff]
    status: ColumnElement[str]
    quiet_days: ColumnElement[int | None]


def _plan_due(year: int) -> tuple[ColumnElement[int], ColumnElement[int | None]]:
    """The month the plan of a program year is due (0: no plan required), and the due day."""
    # The plan requirement (month 0: none): the plan agreed counts toward a complete year, and
    # once the due date has passed without it the year is at risk. A plan agreed late still
    # counts: the date says when its absence becomes a risk, not that it can never be met.
    due_month = getattr(Cohort, f"year{year}_plan_due_month")
    due_day = getattr(Cohort, f"year{year}_plan_due_day")
    due = case(
        (
            due_month > 0,
            day_number_of(
                Cohort.start_year + (year - 1) + case((due_month < FIRST_MONTH, 1), else_=0),
                due_month,
                due_day,
            ),
        ),
        else_=None,
    )
    return due_month, due


# The status rule of a program year, which year_columns() writes in SQL:
# complete: every minimum met (meetings, contact time, reflections, and essential
#     experiences and an agreed plan where the cohort requires them) and the mentor signed the
#     year off as met; or year 1 carried from an earlier enrollment (a specialist found it met
#     and signed off there).
# not started: the year has not begun, or nothing is recorded yet and the threshold has not
#     passed since it began (or since enrollment).
# at risk: no attended meeting for more than the cohort's at-risk days, the plan's due date
#     passed without an agreed plan, behind the pace the elapsed part of the year calls for
#     (each minimum × elapsed days ÷ days in the span, rounded down; the span runs from the
#     later of the year's start and the enrollment), or the year ended without being
#     complete.
# on track: otherwise.
# A withdrawn mentee's record stops on the day they left. Days are day numbers
# (core/sqldates.py); the year runs from July 1 to June 30 as in program_year_bounds().
def year_columns(year: int, today: date) -> YearColumns:
    """The status rule of a program year (above), in SQL: the one place it is written,
    so that a dashboard can count and page thousands of mentees by status without loading them.
    """
    tally, sign_off = aliased(YearTally), aliased(YearSignOff)
    # greatest() and least() name each argument once: a dashboard evaluates this for every
    # running mentee, and CASE WHEN a > b THEN a ELSE b doubled the SQL at each level.
    as_of = least(func.coalesce(day_number(Enrollment.withdrawn_on), day_of(today)), day_of(today))
    starts = day_number_of(Cohort.start_year + (year - 1), 7, 1)
    ends = day_number_of(Cohort.start_year + year, 6, 30)
    since = greatest(starts, day_number(Enrollment.enrolled_on))
    # The last attended meeting of the year, or the year's start or enrollment if later.
    quiet_since = greatest(func.coalesce(day_number(tally.last_meeting_on), starts), since)
    experiences = func.coalesce(tally.experiences, 0)
    min_experiences = getattr(Cohort, f"year{year}_min_experiences")
    done = [
        (func.coalesce(tally.meetings, 0), getattr(Cohort, f"year{year}_min_meetings")),
        (
            func.coalesce(tally.contact_minutes, 0),
            getattr(Cohort, f"year{year}_min_contact_minutes"),
        ),
        (func.coalesce(tally.reflections, 0), getattr(Cohort, f"year{year}_min_reflections")),
        (experiences, min_experiences),
    ]
    due_month, due = _plan_due(year)
    plan_agreed = func.coalesce(tally.plan_agreed, 0) == 1
    # Integer division rounds down, exactly (no floating point near whole numbers).
    span = func.nullif(ends - since + 1, 0)
    behind = or_(*(count < minimum * (as_of - since + 1) // span for count, minimum in done))
    carried = [(Enrollment.year1_carried_from_id.is_not(None), "complete")] if year == 1 else []
    status = case(
        *carried,
        (
            and_(
                *(count >= minimum for count, minimum in done),
                or_(due_month == 0, plan_agreed),
                sign_off.met.is_(True),
            ),
            "complete",
        ),
        (as_of < starts, "not_started"),
        (as_of > ends, "at_risk"),
        (as_of - quiet_since > Cohort.at_risk_days, "at_risk"),
        (and_(due_month > 0, ~plan_agreed, as_of > due), "at_risk"),
        # Experiences ticked off count as a start only where the cohort requires them, so a
        # cohort without the requirement behaves as before.
        (
            and_(
                *(count == 0 for count, _ in done[:3]),
                or_(experiences == 0, min_experiences == 0),
            ),
            "not_started",
        ),
        (behind, "at_risk"),
        else_="on_track",
    )
    quiet_days = case((as_of >= starts, greatest(least(as_of, ends) - quiet_since, 0)), else_=None)
    return YearColumns(year, tally, sign_off, status, quiet_days)


def year_shortfall(year: YearProgress) -> str | None:
    """Why a program year is not complete, in words; None when it is."""
    if year.status == Status.COMPLETE:
        return None
    if not year.minimums_met:
        return (
            f"did not meet year {year.year} ({year.meetings} of {year.min_meetings} meetings, "
            f"{hours_text(year.contact_minutes)} of {hours_text(year.min_contact_minutes)} "
            "contact hours, "
            f"{year.reflections} of {year.min_reflections} reflections)"
        )
    if year.sign_off is None:
        return f"year {year.year} not signed off"
    if not year.sign_off.met:
        return f"year {year.year} signed off as not met"
    return None


def at_risk_reasons(progress: EnrollmentProgress, year: YearProgress, today: date) -> list[str]:
    """Which part of the status rule (year_columns) puts this year at risk, in words; empty
    when the year is not at risk. The SQL rule decides; this only explains it."""
    if year.status != Status.AT_RISK:
        return []
    enrollment, cohort = progress.enrollment, progress.cohort
    label = f"year {year.year}"
    as_of = min(enrollment.withdrawn_on or today, today)
    if as_of > year.ends_on:
        missing = ", ".join(year.missing())
        return [f"{label} ended on {format_date(year.ends_on)} without being complete ({missing})"]
    reasons = []
    quiet = year.days_without_meeting
    if quiet is not None and quiet > cohort.at_risk_days:
        reasons.append(
            f"no attended meeting for {quiet} days (threshold {cohort.at_risk_days}), {label}"
        )
    since = max(year.starts_on, enrollment.enrolled_on)
    elapsed, span = (as_of - since).days + 1, (year.ends_on - since).days + 1
    if year.plan_due_on is not None and not year.plan_agreed and as_of > year.plan_due_on:
        reasons.append(f"plan not agreed by {format_date(year.plan_due_on, 'month_day')}, {label}")
    for done, minimum, what, count in (
        (year.meetings, year.min_meetings, "meeting", int),
        (year.contact_minutes, year.min_contact_minutes, "contact hour", hours_of),
        (year.reflections, year.min_reflections, "reflection", int),
        (year.experiences, year.min_experiences, "essential experience", int),
    ):
        expected = minimum * elapsed // span if span > 0 else 0
        if done >= expected:
            continue
        if what == "essential experience":
            reasons.append(
                f"{done} of {plural(year.experiences_listed, what)} done; {minimum} required "
                f"({expected} expected by {as_of:%B}), {label}"
            )
        else:
            reasons.append(
                f"{plural(count(expected - done), what)} behind the pace for {as_of:%B} "
                f"(expected {count(expected):g} of {count(minimum):g} by now), {label}"
            )
    return reasons


@functools.lru_cache(maxsize=4)
def progress_columns(today: date) -> tuple[YearColumns, YearColumns]:
    """Both years' columns as of today, built once per day and process: building these
    expressions costs about 10 ms of Python, more than running them on a page of mentees.
    SQL expressions are immutable, so every query of the day can share them."""
    return tuple(year_columns(year, today) for year in YEARS)


def year_record_of(year: int) -> ColumnElement[int]:
    """The enrollment whose tally and sign-off are this enrollment's record of a program year:
    its own, or for a carried year 1 the earlier enrollment's it was carried from."""
    if year == 1:
        return func.coalesce(Enrollment.year1_carried_from_id, Enrollment.id)
    return Enrollment.id


def with_progress(query: Select, years: tuple[YearColumns, ...]) -> Select:
    """The query (over Enrollment and Cohort) joined to each year's tally and sign-off."""
    for columns in years:
        record = year_record_of(columns.year)
        query = query.outerjoin(
            columns.tally,
            (columns.tally.enrollment_id == record) & (columns.tally.program_year == columns.year),
        ).outerjoin(
            columns.sign_off,
            (columns.sign_off.enrollment_id == record)
            & (columns.sign_off.program_year == columns.year),
        )
    return query


def current_year_columns(
    years: tuple[YearColumns, YearColumns], today: date, column: str
) -> ColumnElement:
    """A column of the year in progress today: the first until its June 30, then the second
    (as EnrollmentProgress.current_year)."""
    return case(
        (year_in_progress(today) == 1, getattr(years[0], column)),
        else_=getattr(years[1], column),
    )


def _experiences_listed(year: int):
    """How many essential experiences the cohort's list holds for the year (a subquery)."""
    return (
        select(func.count())
        .where(EssentialExperience.cohort_id == Cohort.id, EssentialExperience.program_year == year)
        .correlate(Cohort)
        .scalar_subquery()
    )


# Aliases shared by every query that uses them once: an alias made per call costs its columns'
# adaptation again on each request (about 1 ms of Python on the specialist home).
_EARLIER, _EARLIER_COHORT = aliased(Enrollment), aliased(Cohort)
_AT_RISK_TALLY = aliased(YearTally)
_YEAR1_TALLY, _YEAR2_TALLY = aliased(YearTally), aliased(YearTally)


def progress_for(where: ColumnElement[bool], today: date) -> list[EnrollmentProgress]:
    """Progress of every enrollment matching `where`, in one query."""
    years = progress_columns(today)
    earlier, earlier_cohort = _EARLIER, _EARLIER_COHORT
    query = (
        select(
            Enrollment,
            Cohort,
            earlier_cohort.name,
            *(
                column
                for columns in years
                for column in (
                    # The tally's figures as columns: an entity per row and year cost more to
                    # load than the rest of the row (a cohort page: 166 objects).
                    *(getattr(columns.tally, name) for name in YearTally.FIGURES),
                    columns.sign_off,
                    columns.status,
                    columns.quiet_days,
                    _experiences_listed(columns.year),
                )
            ),
        )
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .outerjoin(earlier, earlier.id == Enrollment.year1_carried_from_id)
        .outerjoin(earlier_cohort, earlier_cohort.id == earlier.cohort_id)
    )
    result, width = [], len(YearTally.FIGURES) + 4  # each year's columns in the row
    for enrollment, cohort, carried_from, *per_year in db.session.execute(
        with_progress(query, years).where(where)
    ):
        years_of = tuple(
            _year_progress(cohort, year, carried_from, per_year[width * (year - 1) : width * year])
            for year in YEARS
        )
        result.append(EnrollmentProgress(enrollment, cohort, years_of))
    return result


def _year_progress(cohort: Cohort, year: int, carried_from, values) -> YearProgress:
    """One program year of a progress_for() row: its tally's figures (all None where the year
    has no tally row, an outer join: nothing counted), sign-off, status, quiet days and the
    essential experiences listed."""
    *figures, sign_off, status, quiet, listed = values
    # In the order of YearTally.FIGURES.
    meetings, minutes, reflections, last_meeting_on, experiences, plan_agreed = figures
    return YearProgress(
        year,
        *program_year_bounds(cohort, year),
        meetings or 0,
        minutes or 0,
        reflections or 0,
        getattr(cohort, f"year{year}_min_meetings"),
        getattr(cohort, f"year{year}_min_contact_minutes"),
        getattr(cohort, f"year{year}_min_reflections"),
        last_meeting_on,
        quiet,
        sign_off,
        Status(status),
        carried_from=carried_from if year == 1 else None,
        experiences=experiences or 0,
        experiences_listed=listed,
        min_experiences=getattr(cohort, f"year{year}_min_experiences"),
        plan_due_on=cohort.plan_due_on(year),
        plan_agreed=bool(plan_agreed),
    )


@dataclass(frozen=True)
class KeptNow:
    """Today's status of each enrollment's year in progress, read from the kept columns
    (year_tallies.at_risk_from and minimums_met, the sign-off live) rather than worked out from
    the counts: the same status as year_columns() (tests/progress/test_kept_status.py), at a
    fraction of its cost where thousands of mentees are counted (the home page's cohort cards,
    the progress report). join() adds the year's tally to a query over Enrollment and Cohort."""

    tally: type[YearTally]
    program_year: ColumnElement[int]
    status: ColumnElement[str]

    def join(self, query: Select) -> Select:
        return query.join(
            self.tally,
            (self.tally.enrollment_id == Enrollment.id)
            & (self.tally.program_year == self.program_year),
        )


def signed_off_as_met(enrollment_id, program_year) -> ColumnElement[bool]:
    """Whether the enrollment's program year is signed off as met (an EXISTS)."""
    return (
        select(YearSignOff.id)
        .where(
            YearSignOff.enrollment_id == enrollment_id,
            YearSignOff.program_year == program_year,
            YearSignOff.met.is_(True),
        )
        .exists()
    )


def year_in_progress(today: date) -> ColumnElement[int]:
    """The cohort's program year in progress today: 1 until its first June 30, then 2 (as
    EnrollmentProgress.current_year): 1 for a cohort that starts in today's school year or
    later."""
    return case((Cohort.start_year >= school_year_of(today), 1), else_=2)


def open_onset_by(today: date) -> ColumnElement[bool]:
    """Whether a year of the enrollment not yet complete is at risk by today, by the onsets kept
    on the enrollment (tallies.keep_open_onsets): true for every enrollment whose year in
    progress is at risk today, and for a few more (a year 1 left open behind a year 2 in
    progress); the caller checks the year in progress. Over the active enrollments it reads
    their partial indexes, not their tallies."""
    return or_(Enrollment.year1_at_risk_from <= today, Enrollment.year2_at_risk_from <= today)


@functools.lru_cache(maxsize=4)
def kept_now(today: date) -> KeptNow:
    """The kept status of the year in progress today (KeptNow). The rule's order: complete (a
    carried year 1, or the minimums met and signed off as met); not started before the year
    begins; at risk from the kept onset (capped at a withdrawal); not started while nothing is
    recorded; on track otherwise."""
    kept = aliased(YearTally)
    as_of = least(func.coalesce(day_number(Enrollment.withdrawn_on), day_of(today)), day_of(today))
    starts = day_number_of(Cohort.start_year + kept.program_year - 1, 7, 1)
    min_experiences = case(
        (kept.program_year == 1, Cohort.year1_min_experiences), else_=Cohort.year2_min_experiences
    )
    status = case(
        (and_(kept.program_year == 1, Enrollment.year1_carried_from_id.is_not(None)), "complete"),
        (and_(kept.minimums_met, signed_off_as_met(kept.enrollment_id, kept.program_year)),
         "complete"),
        (as_of < starts, "not_started"),
        (day_number(kept.at_risk_from) <= as_of, "at_risk"),
        (
            and_(
                kept.meetings == 0,
                kept.contact_minutes == 0,
                kept.reflections == 0,
                or_(kept.experiences == 0, min_experiences == 0),
            ),
            "not_started",
        ),
        else_="on_track",
    )  # fmt: skip
    return KeptNow(kept, year_in_progress(today), status)


def at_risk_now(where: ColumnElement[bool], today: date) -> set[int]:
    """The ids of the enrollments matching `where` whose year in progress is at risk."""
    return {
        progress.enrollment.id
        for progress in progress_for(where, today)
        if progress.current_year(today).status == Status.AT_RISK
    }


def cohort_progress(cohort: Cohort, today: date) -> list[EnrollmentProgress]:
    """Progress of a cohort's active and completed enrollments."""
    return progress_for(
        (Enrollment.cohort_id == cohort.id) & (Enrollment.status != EnrollmentStatus.WITHDRAWN),
        today,
    )


# The kept status: the at-risk list and the waiting list without working out every status ------


@dataclass(frozen=True)
class KeysetSlice:
    """One page of enrollment ids, the page number shown, the total, and the keys of its first
    and last rows ("quiet.id"), which the previous and next pages start from."""

    ids: list[int]
    page: int
    total: int
    first_key: str | None
    last_key: str | None


def _key(text: str | None) -> tuple[int, int] | None:
    """A page key "quiet.id" from a URL, or None when absent or malformed."""
    quiet, _, id_ = (text or "").partition(".")
    if not (quiet.isdigit() and id_.isdigit()) or len(text) > 40:
        return None
    return int(quiet), int(id_)


def _at_risk_rows(today: date, cohort_where: ColumnElement[bool]):
    """The at-risk enrollments of at_risk_slice() with how long each has been quiet and how many
    there are, as a subquery (id, quiet, total)."""
    kept = _AT_RISK_TALLY
    starts = day_number_of(Cohort.start_year + kept.program_year - 1, 7, 1)
    ends = day_number_of(Cohort.start_year + kept.program_year, 6, 30)
    as_of = least(func.coalesce(day_number(Enrollment.withdrawn_on), day_of(today)), day_of(today))
    since = greatest(starts, day_number(Enrollment.enrolled_on))
    quiet_since = greatest(func.coalesce(day_number(kept.last_meeting_on), starts), since)
    signed_off_met = signed_off_as_met(kept.enrollment_id, kept.program_year)
    return (
        select(
            Enrollment.id.label("id"),
            greatest(least(as_of, ends) - quiet_since, 0).label("quiet"),
            func.count().over().label("total"),
        )
        .select_from(kept)
        .join(Enrollment, Enrollment.id == kept.enrollment_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(
            open_onset_by(today),
            kept.at_risk_from <= today,
            kept.program_year == year_in_progress(today),
            Enrollment.status == EnrollmentStatus.ACTIVE,
            Cohort.status == CohortStatus.ACTIVE,
            cohort_where,
            or_(Enrollment.withdrawn_on.is_(None), kept.at_risk_from <= Enrollment.withdrawn_on),
            or_(~kept.minimums_met, ~signed_off_met),
        )
        .subquery()
    )


def _keyset_order(rows, after_key, before_key) -> Select:
    """The rows in the list's order (quietest last), from after a key or up to before one."""
    query = select(rows.c.id, rows.c.quiet, rows.c.total)
    if before_key is not None:
        quiet, id_ = before_key
        query = query.where(
            or_(rows.c.quiet > quiet, and_(rows.c.quiet == quiet, rows.c.id < id_))
        ).order_by(rows.c.quiet, rows.c.id.desc())
    else:
        query = query.order_by(rows.c.quiet.desc(), rows.c.id)
        if after_key is not None:
            quiet, id_ = after_key
            query = query.where(
                or_(rows.c.quiet < quiet, and_(rows.c.quiet == quiet, rows.c.id > id_))
            )
    return query


def at_risk_slice(
    today: date,
    page: int,
    per_page: int,
    after: str | None = None,
    before: str | None = None,
    cohort_where: ColumnElement[bool] | None = None,
) -> KeysetSlice:
    """One page of the active enrollments, in active cohorts, whose year in progress is at risk
    today, longest without an attended meeting first, in one query.

    From the active enrollments whose kept open onset has come (open_onset_by: their partial
    indexes), each one's tally of the year in progress checked (its onset, the sign-off and the
    withdrawal, live); the page after (or before) a
    row's key starts there (keyset), so page 40 costs what page 1 costs. Without a key, page n
    is read by OFFSET (an old link). The same enrollments as year_columns()'s status
    (tests/progress/test_kept_status.py)."""
    after_key, before_key = _key(after), _key(before)
    cohort_where = true() if cohort_where is None else cohort_where
    query = _keyset_order(_at_risk_rows(today, cohort_where), after_key, before_key)
    page = max(page, 1)
    keyed = after_key is not None or before_key is not None
    found = db.session.execute(
        query.limit(per_page).offset(0 if keyed else (page - 1) * per_page)
    ).all()
    if before_key is not None:
        found.reverse()
    if not found:
        if page == 1 and not keyed:
            return KeysetSlice([], 1, 0, None, None)
        # Past the end, or a key no row follows: the last page, by OFFSET (up to 3 queries).
        first = at_risk_slice(today, 1, per_page, cohort_where=cohort_where)
        last = max(-(-first.total // per_page), 1)
        return (
            first if last == 1 else at_risk_slice(today, last, per_page, cohort_where=cohort_where)
        )
    return KeysetSlice(
        [row.id for row in found],
        page,
        found[0].total,
        f"{found[0].quiet}.{found[0].id}",
        f"{found[-1].quiet}.{found[-1].id}",
    )


def waiting_for_certificate(*columns) -> Select:
    """The enrollments that met both program years and wait for their certificate: active ones
    (issuing the certificate completes an enrollment; revoking it without a replacement makes it
    active again or not completed), in an active or completed cohort, both years complete by the
    kept minimums and the sign-offs (as year_columns()'s "complete", which no date changes), and
    without a valid certificate. A query of `columns` over Enrollment and Cohort.

    In two steps: first the active enrollments whose year 2 is complete (few: a materialized
    CTE, from the partial index of the active enrollments with both years closed by their kept
    onsets), then year 1 and the cohort of those only. In one step PostgreSQL hashed every
    year-1 tally and sign-off of the program's history (national: 175 ms against 40; from every
    active enrollment, 28-35 ms against 6)."""
    year2 = _YEAR2_TALLY
    year2_complete = (
        select(Enrollment.id.label("id"))
        .join(year2, (year2.enrollment_id == Enrollment.id) & (year2.program_year == 2))
        .where(
            Enrollment.status == EnrollmentStatus.ACTIVE,
            # Both years closed by the kept onsets (tallies.keep_open_onsets): a partial index
            # of the few; the live checks below and after keep the rule.
            Enrollment.year1_at_risk_from.is_(None),
            Enrollment.year2_at_risk_from.is_(None),
            year2.minimums_met,
            signed_off_as_met(Enrollment.id, 2),
        )
        .cte("year2_complete")
        .prefix_with("MATERIALIZED")
    )
    year1 = _YEAR1_TALLY
    return (
        select(*columns)
        .select_from(Enrollment)
        .join(year2_complete, year2_complete.c.id == Enrollment.id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .join(year1, (year1.enrollment_id == Enrollment.id) & (year1.program_year == 1))
        .where(
            Cohort.status.in_([CohortStatus.ACTIVE, CohortStatus.COMPLETED]),
            or_(
                Enrollment.year1_carried_from_id.is_not(None),
                and_(year1.minimums_met, signed_off_as_met(Enrollment.id, 1)),
            ),
        )
    )
