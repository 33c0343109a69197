"""group_attendees (progress/tallies.py) follows every change of attendance: who attended each
PLC group's meetings in each program year, as the mentor activity report's "mentees served"
counts them. Logged, corrected (an attendee removed, the date moved into the next program
year) and deleted meetings, and a rebuild from scratch."""

from datetime import date

from sqlalchemy import select

from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.meetings import operations as meeting_operations
from mentoring.progress import tallies
from mentoring.progress.models import GroupAttendee
from mentoring.reports import queries as report_queries
from mentoring.reports.queries import Filters
from tests.factories import (
    change_meeting,
    enroll,
    log_meeting,
    make_cohort,
    make_group,
    make_mentor,
    make_user,
)

# A day in program year 2 of a 2026 cohort, so that a meeting may move into July 2027.
LATER = date(2027, 8, 1)


def _kept() -> set[tuple[int, int, int]]:
    db.session.expire_all()
    columns = (GroupAttendee.plc_group_id, GroupAttendee.program_year, GroupAttendee.enrollment_id)
    return {tuple(row) for row in db.session.execute(select(*columns))}


def _served(mentor) -> dict[int, int]:
    mentors = [(mentor.id, mentor.name)]
    return {
        row.school_year: row.mentees for row in report_queries.mentor_activity(Filters(), mentors)
    }


def test_group_attendees_follow_every_change_of_attendance(app):
    cohort = make_cohort(start_year=2026)
    mentor = make_mentor()
    group = make_group(cohort, mentor)
    ana = enroll(cohort, make_user(Role.MENTEE, password=None), group)
    ben = enroll(cohort, make_user(Role.MENTEE, password=None), group)
    specialist = make_user(Role.SPECIALIST, password=None)
    g = group.id

    first = log_meeting(group, date(2026, 12, 1), 90, [ana, ben])
    second = log_meeting(group, date(2026, 12, 15), 90, [ana])
    # Two meetings, three attendances: two mentees attended in program year 1 (2026-27).
    assert _kept() == {(g, 1, ana.id), (g, 1, ben.id)}
    assert _served(mentor) == {2026: 2}

    # Ben taken off the first meeting: he attended nothing in year 1 any more.
    change_meeting(first, specialist, LATER, attendee_enrollment_ids=[ana.id])
    assert _kept() == {(g, 1, ana.id)}

    # The second meeting moves to July 15, 2027 (program year 2) and Ben attended it.
    change_meeting(
        second,
        specialist,
        LATER,
        held_on=date(2027, 7, 15),
        attendee_enrollment_ids=[ana.id, ben.id],
    )
    assert _kept() == {(g, 1, ana.id), (g, 2, ana.id), (g, 2, ben.id)}
    assert _served(mentor) == {2026: 1, 2027: 2}

    # The first meeting deleted: Ana attended nothing in year 1 either.
    meeting_operations.delete_meeting(first, specialist, LATER)
    db.session.commit()
    assert _kept() == {(g, 2, ana.id), (g, 2, ben.id)}
    assert _served(mentor) == {2027: 2}

    # Recounted from the attendance rows: the same.
    tallies.rebuild_all()
    db.session.commit()
    assert _kept() == {(g, 2, ana.id), (g, 2, ben.id)}
