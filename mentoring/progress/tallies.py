"""Keeping year_tallies true: each row is recounted from meetings, reflections, essential
experiences ticked off and agreed mentoring plans.

Every write that changes attendance, reflections, ticks or a plan's agreement calls refresh()
with the enrollments it touched, inside its own transaction. Recounting (rather than adding
and subtracting) makes an edited date, duration or attendance list come out right without a
special case, and rebuild_all() restores every row from the source tables after a bulk load.
"""

from collections.abc import Iterable

from sqlalchemy import delete, func, insert, literal, null, select, true, union_all

from mentoring.cohorts.models import Enrollment, EssentialExperience
from mentoring.extensions import db
from mentoring.meetings.models import Meeting, MeetingAttendance
from mentoring.plans.models import ExperienceDone, MentoringPlan, PlanStatus
from mentoring.progress.models import YearTally
from mentoring.reflections.models import Reflection

_COLUMNS = [
    "enrollment_id",
    "program_year",
    "meetings",
    "contact_minutes",
    "reflections",
    "last_meeting_on",
    "experiences",
    "plan_agreed",
]


def _facts(enrollment_where):
    """Each counted fact of the enrollments matched, a row each, the sources side by side:
    meetings attended, reflections, essential experiences done, plans agreed."""
    return union_all(
        select(
            MeetingAttendance.enrollment_id.label("enrollment_id"),
            Meeting.program_year.label("program_year"),
            literal(1).label("meetings"),
            Meeting.duration_minutes.label("contact_minutes"),
            literal(0).label("reflections"),
            Meeting.held_on.label("held_on"),
            literal(0).label("experiences"),
            literal(0).label("plan_agreed"),
        )
        .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
        .where(enrollment_where(MeetingAttendance.enrollment_id)),
        select(
            Reflection.enrollment_id,
            Reflection.program_year,
            literal(0),
            literal(0),
            literal(1),
            null(),
            literal(0),
            literal(0),
        ).where(enrollment_where(Reflection.enrollment_id)),
        select(
            ExperienceDone.enrollment_id,
            EssentialExperience.program_year,
            literal(0),
            literal(0),
            literal(0),
            null(),
            literal(1),
            literal(0),
        )
        .join(EssentialExperience, EssentialExperience.id == ExperienceDone.experience_id)
        .where(enrollment_where(ExperienceDone.enrollment_id)),
        select(
            MentoringPlan.enrollment_id,
            MentoringPlan.program_year,
            literal(0),
            literal(0),
            literal(0),
            null(),
            literal(0),
            literal(1),
        ).where(
            enrollment_where(MentoringPlan.enrollment_id),
            MentoringPlan.status == PlanStatus.AGREED,
        ),
    ).subquery()


def _recount(enrollment_where):
    """The tally rows of the enrollments matched (enrollment_where(column) filters each source
    by its enrollment id), as one SELECT (the facts summed, since SQLite has no FULL OUTER JOIN
    before 3.39)."""
    facts = _facts(enrollment_where)
    return select(
        facts.c.enrollment_id,
        facts.c.program_year,
        func.sum(facts.c.meetings),
        func.sum(facts.c.contact_minutes),
        func.sum(facts.c.reflections),
        func.max(facts.c.held_on),
        func.sum(facts.c.experiences),
        func.max(facts.c.plan_agreed),
    ).group_by(facts.c.enrollment_id, facts.c.program_year)


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
    db.session.execute(delete(YearTally).where(YearTally.enrollment_id.in_(ids)))
    db.session.execute(
        insert(YearTally).from_select(
            _COLUMNS,
            _recount(lambda column: column.in_(ids)),
        )
    )


def rebuild_all() -> int:
    """Recount every tally from the source tables (after a bulk load); returns the row count."""
    db.session.execute(delete(YearTally))
    db.session.execute(insert(YearTally).from_select(_COLUMNS, _recount(lambda _column: true())))
    return db.session.scalar(select(func.count()).select_from(YearTally))
