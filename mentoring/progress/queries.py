"""Progress: the one place that computes where a mentee stands in each program year.

progress_for() computes any number of enrollments in three queries (enrollments with their
cohorts' requirements, their year tallies, sign-offs), whatever their number: the specialist
dashboard shows hundreds at once. The tallies (meetings attended, contact minutes, reflections,
last meeting) are counted when attendance or reflections change (progress/tallies.py), so a
visit reads one row per mentee and year rather than every attendance row.
"""

import enum
import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, select

from mentoring.cohorts.models import Cohort, Enrollment, EnrollmentStatus, program_year_bounds
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

    @property
    def contact_hours(self) -> float:
        return self.contact_minutes / 60

    @property
    def min_contact_hours(self) -> float:
        return self.min_contact_minutes / 60

    @property
    def minimums_met(self) -> bool:
        return (
            self.meetings >= self.min_meetings
            and self.contact_minutes >= self.min_contact_minutes
            and self.reflections >= self.min_reflections
        )

    @property
    def signed_off_met(self) -> bool:
        return self.sign_off is not None and self.sign_off.met

    def missing(self) -> list[str]:
        """What is left to do this year, in plain words."""
        left = []
        if self.meetings < self.min_meetings:
            left.append(f"{self.min_meetings - self.meetings} more meeting(s)")
        if self.contact_minutes < self.min_contact_minutes:
            hours = (self.min_contact_minutes - self.contact_minutes) / 60
            left.append(f"{hours:g} more contact hour(s)")
        if self.reflections < self.min_reflections:
            left.append(f"{self.min_reflections - self.reflections} more reflection(s)")
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


def year_status(
    today: date,
    starts_on: date,
    ends_on: date,
    counts: tuple[int, int, int],
    minimums: tuple[int, int, int],
    last_meeting_on: date | None,
    active_since: date,
    at_risk_days: int,
    signed_off_met: bool,
) -> Status:
    """Decide a year's status from its counts, the calendar, and the sign-off.

    complete: every minimum met and the mentor signed the year off as met.
    not started: the year has not begun, or nothing is recorded yet and the threshold has not
        passed since it began (or since enrollment).
    at risk: no attended meeting for more than at_risk_days, behind the pace the elapsed part
        of the year calls for (each minimum times the elapsed share, rounded down), or the year
        ended without being complete.
    on track: otherwise.
    """
    minimums_met = all(count >= minimum for count, minimum in zip(counts, minimums, strict=True))
    if minimums_met and signed_off_met:
        return Status.COMPLETE
    if today < starts_on:
        return Status.NOT_STARTED
    if today > ends_on:
        return Status.AT_RISK
    since = max(starts_on, active_since)
    quiet_since = max(last_meeting_on, since) if last_meeting_on else since
    if (today - quiet_since).days > at_risk_days:
        return Status.AT_RISK
    if not any(counts):
        return Status.NOT_STARTED
    elapsed = ((today - since).days + 1) / ((ends_on - since).days + 1)
    expected = [math.floor(minimum * elapsed) for minimum in minimums]
    if any(count < floor for count, floor in zip(counts, expected, strict=True)):
        return Status.AT_RISK
    return Status.ON_TRACK


def progress_for(where: ColumnElement[bool], today: date) -> list[EnrollmentProgress]:
    """Progress of every enrollment matching `where`, in three queries."""
    rows = db.session.execute(
        select(Enrollment, Cohort).join(Cohort, Cohort.id == Enrollment.cohort_id).where(where)
    ).all()
    if not rows:
        return []
    # The same condition again as a subquery, not a list of ids: a statewide dashboard would
    # otherwise send tens of thousands of parameters (PostgreSQL takes at most 65,535).
    ids = select(Enrollment.id).join(Cohort, Cohort.id == Enrollment.cohort_id).where(where)
    tallies = {
        (tally.enrollment_id, tally.program_year): tally
        for tally in db.session.scalars(select(YearTally).where(YearTally.enrollment_id.in_(ids)))
    }
    sign_offs = {
        (sign_off.enrollment_id, sign_off.program_year): sign_off
        for sign_off in db.session.scalars(
            select(YearSignOff).where(YearSignOff.enrollment_id.in_(ids))
        )
    }
    result = []
    for enrollment, cohort in rows:
        years = []
        for year in YEARS:
            starts_on, ends_on = program_year_bounds(cohort, year)
            tally = tallies.get((enrollment.id, year))
            counts = (
                (tally.meetings, tally.contact_minutes, tally.reflections) if tally else (0, 0, 0)
            )
            minimums = (
                getattr(cohort, f"year{year}_min_meetings"),
                getattr(cohort, f"year{year}_min_contact_minutes"),
                getattr(cohort, f"year{year}_min_reflections"),
            )
            last_on = tally.last_meeting_on if tally else None
            sign_off = sign_offs.get((enrollment.id, year))
            # A withdrawn mentee's record stops on the day they left.
            as_of = min(enrollment.withdrawn_on or today, today)
            status = year_status(
                as_of,
                starts_on,
                ends_on,
                counts,
                minimums,
                last_on,
                enrollment.enrolled_on,
                cohort.at_risk_days,
                sign_off is not None and sign_off.met,
            )
            quiet = None
            if as_of >= starts_on:
                since = max(last_on or starts_on, starts_on, enrollment.enrolled_on)
                quiet = max((min(as_of, ends_on) - since).days, 0)
            years.append(
                YearProgress(
                    year, starts_on, ends_on, *counts, *minimums, last_on, quiet, sign_off, status
                )
            )
        result.append(EnrollmentProgress(enrollment, cohort, tuple(years)))
    return result


def signed_off_both_years() -> ColumnElement[bool]:
    """Both years signed off as met: needed for `complete`, and cheap to ask in SQL, so lists of
    finished mentees narrow with it before progress_for() decides."""
    met_years = (
        select(func.count())
        .where(YearSignOff.enrollment_id == Enrollment.id, YearSignOff.met.is_(True))
        .scalar_subquery()
    )
    return met_years == len(YEARS)


def cohort_progress(cohort: Cohort, today: date) -> list[EnrollmentProgress]:
    """Progress of a cohort's active and completed enrollments."""
    return progress_for(
        (Enrollment.cohort_id == cohort.id) & (Enrollment.status != EnrollmentStatus.WITHDRAWN),
        today,
    )
