"""Keeping year_tallies true: each row is recounted from meetings, reflections, essential
experiences ticked off and agreed mentoring plans, and keeps the first day its year is at risk.
The same recount keeps group_attendees (who attended each PLC group's meetings in each program
year) and the open onsets on the enrollment.

Every write that changes attendance, reflections, ticks or a plan's agreement calls refresh()
with the enrollments it touched, inside its own transaction; so do a new enrollment, a carried
year 1, and a change of a cohort's requirements or start year (refresh_cohort, through the
signal cohorts/operations.py sends). Recounting (rather than adding and subtracting) makes an
edited date, duration or attendance list come out right without a special case, and
rebuild_all() restores every row from the source tables after a bulk load. Every enrollment
has a row for each program year, zeros until something is recorded.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import (
    ColumnElement,
    Insert,
    Select,
    Update,
    and_,
    delete,
    func,
    insert,
    literal,
    null,
    select,
    true,
    union_all,
    update,
)
from sqlalchemy.orm import aliased

from mentoring.cohorts.models import Cohort, Enrollment, EssentialExperience
from mentoring.core import signals
from mentoring.core.localtime import day_in_school_year, school_year_bounds
from mentoring.extensions import db
from mentoring.meetings.models import Meeting, MeetingAttendance
from mentoring.plans.models import ExperienceDone, MentoringPlan, PlanStatus
from mentoring.progress.models import GroupAttendee, YearTally
from mentoring.progress.queries import signed_off_as_met
from mentoring.reflections.models import Reflection

_COLUMNS = ["enrollment_id", "program_year", *YearTally.FIGURES]
YEARS = (1, 2)


def kept_status(
    *,
    starts: date,
    ends: date,
    enrolled_on: date,
    at_risk_days: int,
    last_meeting_on: date | None,
    done: list[tuple[int, int]],
    plan_due_on: date | None,
    plan_agreed: bool,
    carried: bool,
) -> tuple[date | None, bool]:
    """The first day a program year is at risk, and whether its minimums are met: the status
    rule of progress/queries.py (year_columns) solved for the date. done: (count, minimum) of
    meetings, contact minutes, reflections and essential experiences, in that order.

    Unless the year is complete, the rule puts it at risk on a day d (from the year's start on)
    when d is past the year's end; or d - quiet_since > at_risk_days; or the plan's due date has
    passed without an agreed plan; or, once something is recorded, a count is below
    minimum * elapsed // span, elapsed = d - since + 1 and span = end - since + 1 (since: the
    later of the year's start and the enrollment). Each condition, once true, stays true as d
    grows, so the earliest day of each is its onset: for the pace, the least elapsed with
    minimum * elapsed >= (count + 1) * span. (An enrollment after the year's end has a negative
    span: the pace then puts the year at risk from its start when a count is short.)
    """
    since = max(starts, enrolled_on)
    minimums_met = all(count >= minimum for count, minimum in done) and (
        plan_due_on is None or plan_agreed
    )
    if carried:
        return None, True
    quiet_since = max(last_meeting_on or starts, since)
    onsets = [ends + timedelta(days=1), quiet_since + timedelta(days=at_risk_days + 1)]
    if plan_due_on is not None and not plan_agreed:
        onsets.append(plan_due_on + timedelta(days=1))
    counts = [count for count, _ in done]
    experiences, min_experiences = done[3]
    started = any(counts[:3]) or (experiences > 0 and min_experiences > 0)
    span = (ends - since).days + 1
    for count, minimum in done if started else ():
        if count >= minimum:
            continue  # never behind: the pace reaches the minimum only at the year's end
        if span < 0:
            onsets.append(starts)
        elif span > 0:
            elapsed = -(-(count + 1) * span // minimum)
            onsets.append(since + timedelta(days=elapsed - 1))
    return min(onsets), minimums_met


def with_kept_status(rows) -> list[dict]:
    """The recounted rows (with their enrollment's and cohort's columns) as year_tallies rows,
    each with its at-risk onset and whether its minimums are met."""
    kept = []
    for row in rows:
        year = row.program_year
        start_year = row.start_year + year - 1
        due_month = getattr(row, f"year{year}_plan_due_month")
        due_on = (
            day_in_school_year(start_year, due_month, getattr(row, f"year{year}_plan_due_day"))
            if due_month
            else None
        )
        starts, ends = school_year_bounds(start_year)
        at_risk_from, minimums_met = kept_status(
            starts=starts,
            ends=ends,
            enrolled_on=row.enrolled_on,
            at_risk_days=row.at_risk_days,
            last_meeting_on=row.last_meeting_on,
            done=[
                (row.meetings, getattr(row, f"year{year}_min_meetings")),
                (row.contact_minutes, getattr(row, f"year{year}_min_contact_minutes")),
                (row.reflections, getattr(row, f"year{year}_min_reflections")),
                (row.experiences, getattr(row, f"year{year}_min_experiences")),
            ],
            plan_due_on=due_on,
            plan_agreed=bool(row.plan_agreed),
            carried=year == 1 and row.year1_carried_from_id is not None,
        )
        kept.append(
            {
                **{column: getattr(row, column) for column in _COLUMNS},
                "at_risk_from": at_risk_from,
                "minimums_met": minimums_met,
            }
        )
    return kept


_FACTS = ("meetings", "contact_minutes", "reflections", "held_on", "experiences", "plan_agreed")


def _fact(enrollment_id, program_year, **values) -> Select:
    """One source of counted facts, its columns in the union's order: 0 (or NULL for held_on)
    where the source counts nothing."""
    return select(
        enrollment_id.label("enrollment_id"),
        program_year.label("program_year"),
        *(
            values.get(name, null() if name == "held_on" else literal(0)).label(name)
            for name in _FACTS
        ),
    )


def _facts(enrollment_where):
    """Each counted fact of the enrollments matched, a row each, the sources side by side:
    meetings attended, reflections, essential experiences done, plans agreed, and a row for each
    enrollment and program year, so a year with nothing recorded has its tally too."""
    one = literal(1)
    return union_all(
        _fact(
            MeetingAttendance.enrollment_id,
            Meeting.program_year,
            meetings=one,
            contact_minutes=Meeting.duration_minutes,
            held_on=Meeting.held_on,
        )
        .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
        .where(enrollment_where(MeetingAttendance.enrollment_id)),
        _fact(Reflection.enrollment_id, Reflection.program_year, reflections=one).where(
            enrollment_where(Reflection.enrollment_id)
        ),
        _fact(ExperienceDone.enrollment_id, EssentialExperience.program_year, experiences=one)
        .join(EssentialExperience, EssentialExperience.id == ExperienceDone.experience_id)
        .where(enrollment_where(ExperienceDone.enrollment_id)),
        _fact(MentoringPlan.enrollment_id, MentoringPlan.program_year, plan_agreed=one).where(
            enrollment_where(MentoringPlan.enrollment_id),
            MentoringPlan.status == PlanStatus.AGREED,
        ),
        *(
            _fact(Enrollment.id, literal(year)).where(enrollment_where(Enrollment.id))
            for year in YEARS
        ),
    ).subquery()


def _recount(enrollment_where):
    """The tally rows of the enrollments matched (enrollment_where(column) filters each source
    by its enrollment id), as one SELECT (the facts summed, since SQLite has no FULL OUTER JOIN
    before 3.39), with what the status rule reads of the enrollment and its cohort."""
    facts = _facts(enrollment_where)
    counts = (
        select(
            facts.c.enrollment_id,
            facts.c.program_year,
            func.sum(facts.c.meetings).label("meetings"),
            func.sum(facts.c.contact_minutes).label("contact_minutes"),
            func.sum(facts.c.reflections).label("reflections"),
            func.max(facts.c.held_on).label("last_meeting_on"),
            func.sum(facts.c.experiences).label("experiences"),
            func.max(facts.c.plan_agreed).label("plan_agreed"),
        )
        .group_by(facts.c.enrollment_id, facts.c.program_year)
        .subquery()
    )
    # With what the status rule reads of the enrollment and its cohort.
    return (
        select(
            counts,
            Enrollment.enrolled_on,
            Enrollment.year1_carried_from_id,
            Cohort.start_year,
            Cohort.at_risk_days,
            *(
                Cohort.__table__.c[f"year{year}_{field}"]
                for year in YEARS
                for field in (
                    "min_meetings",
                    "min_contact_minutes",
                    "min_reflections",
                    "min_experiences",
                    "plan_due_month",
                    "plan_due_day",
                )
            ),
        )
        .join(Enrollment, Enrollment.id == counts.c.enrollment_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
    )


_KEPT = (YearTally, GroupAttendee)


def _write(enrollment_where) -> int:
    """Write the tally rows and the group attendees of the enrollments matched (their old rows
    deleted before), and keep their open onsets; the tally row count."""
    rows = with_kept_status(db.session.execute(_recount(enrollment_where)))
    if rows:
        db.session.execute(insert(YearTally), rows)
    db.session.execute(attendees_insert(enrollment_where))
    keep_open_onsets(enrollment_where(Enrollment.id))
    return len(rows)


def attendees_insert(enrollment_where) -> Insert:
    """The group attendees of the enrollments matched, from their attendance: each PLC group,
    program year and enrollment with at least one meeting attended (the migration that added
    the table runs it too)."""
    attended = (
        select(Meeting.plc_group_id, Meeting.program_year, MeetingAttendance.enrollment_id)
        .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
        .where(enrollment_where(MeetingAttendance.enrollment_id))
        .distinct()
    )
    return insert(GroupAttendee).from_select(
        ["plc_group_id", "program_year", "enrollment_id"], attended
    )


def keep_open_onsets(enrollment_where: ColumnElement[bool]) -> None:
    """Copy onto each enrollment matched the first day each of its program years is at risk
    (the tally's at_risk_from) while the year is not complete, None once it is: carried (no
    onset), or its minimums met and signed off as met. One UPDATE; the recount calls it, and so
    does every sign-off, which makes a year complete (or no longer complete)."""
    db.session.execute(
        open_onsets_update(enrollment_where).execution_options(synchronize_session=False)
    )


def open_onsets_update(enrollment_where: ColumnElement[bool]) -> Update:
    """keep_open_onsets()'s statement (the migration that added the columns runs it too)."""

    def open_onset(year: int):
        tally = aliased(YearTally)
        return (
            select(tally.at_risk_from)
            .where(
                tally.enrollment_id == Enrollment.id,
                tally.program_year == year,
                ~and_(tally.minimums_met, signed_off_as_met(tally.enrollment_id, year)),
            )
            .scalar_subquery()
        )

    return (
        update(Enrollment)
        .where(enrollment_where)
        .values(year1_at_risk_from=open_onset(1), year2_at_risk_from=open_onset(2))
    )


def refresh(enrollment_ids: Iterable[int]) -> None:
    """Recount the tallies of these enrollments (call after flushing the change)."""
    ids = sorted(set(enrollment_ids))
    if not ids:
        return
    db.session.flush()
    # Two writers touching the same mentee queue on the enrollment rows (PostgreSQL row locks,
    # taken in id order so that they cannot deadlock; SQLite has one writer at a time). The
    # second then recounts with the first one's rows committed, and neither is lost. FOR NO KEY
    # UPDATE, not FOR UPDATE: each writer already holds a KEY SHARE lock on these rows (the
    # foreign key of the attendance or reflection it inserted), which FOR UPDATE would wait on,
    # each writer on the other's: a deadlock.
    db.session.execute(
        select(Enrollment.id)
        .where(Enrollment.id.in_(ids))
        .order_by(Enrollment.id)
        .with_for_update(key_share=True)
    )
    for kept in _KEPT:
        db.session.execute(delete(kept).where(kept.enrollment_id.in_(ids)))
    _write(lambda column: column.in_(ids))


def refresh_cohort(cohort_id: int) -> None:
    """Recount the tallies of every enrollment of a cohort (its requirements or dates changed)."""
    db.session.flush()
    refresh(db.session.scalars(select(Enrollment.id).where(Enrollment.cohort_id == cohort_id)))


@signals.enrollments_recount.connect
def _recount_on_signal(sender, cohort_id: int | None = None, enrollment_ids=(), **_) -> None:
    """cohorts/operations.py asks: a new enrollment, or a cohort's requirements or dates."""
    if cohort_id is not None:
        refresh_cohort(cohort_id)
    refresh(enrollment_ids)


def rebuild_all() -> int:
    """Recount every tally from the source tables (after a bulk load); returns the row count."""
    for kept in _KEPT:
        db.session.execute(delete(kept))
    return _write(lambda _column: true())
