"""Read side of the meeting log: whole pages at once, in a fixed number of queries."""

from datetime import date

from sqlalchemy import func, or_, select

from mentoring.cohorts.models import Cohort, Enrollment, PlcGroup
from mentoring.cohorts.queries import member_on, region_through
from mentoring.core import audit, policy
from mentoring.core.localtime import format_date
from mentoring.core.paging import Page, paginate_rows
from mentoring.extensions import db
from mentoring.meetings.models import Meeting, MeetingAttendance, Topic
from mentoring.users.models import User

TOPIC_LABELS = {topic.value: topic.label for topic in Topic}


def group_meetings_page(group_id: int, program_year: int | None, page: int, per_page: int) -> Page:
    """One page of (meeting, number attending, group members on its date) of a group, newest
    first: one query per page."""
    attending = (
        select(func.count())
        .where(MeetingAttendance.meeting_id == Meeting.id)
        .correlate(Meeting)
        .scalar_subquery()
        .label("attending")
    )
    members = (
        select(func.count())
        .select_from(Enrollment)
        .where(member_on(group_id, Meeting.held_on))
        .correlate(Meeting)
        .scalar_subquery()
        .label("members")
    )
    query = (
        select(Meeting, attending, members)
        .where(Meeting.plc_group_id == group_id)
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
    )
    if program_year is not None:
        query = query.where(Meeting.program_year == program_year)
    return paginate_rows(query, page, per_page)


def attendance_choices(
    group_id: int, held_on: date, meeting_id: int | None = None
) -> list[tuple[Enrollment, User]]:
    """Who can be ticked as attending a meeting: the group's mentees on its date (member_on),
    and those already recorded."""
    present = member_on(group_id, held_on)
    if meeting_id is not None:
        recorded = select(MeetingAttendance.enrollment_id).where(
            MeetingAttendance.meeting_id == meeting_id
        )
        present = or_(present, Enrollment.id.in_(recorded))
    return list(
        db.session.execute(
            select(Enrollment, User)
            .join(User, User.id == Enrollment.mentee_id)
            .where(present)
            .order_by(User.name, Enrollment.id)
        ).all()
    )


def attendees(meeting_id: int) -> list[User]:
    """The mentees who attended a meeting, by name."""
    return list(
        db.session.scalars(
            select(User)
            .join(Enrollment, Enrollment.mentee_id == User.id)
            .join(MeetingAttendance, MeetingAttendance.enrollment_id == Enrollment.id)
            .where(MeetingAttendance.meeting_id == meeting_id)
            .order_by(User.name)
        )
    )


def attendee_ids(meeting_id: int) -> list[int]:
    """The enrollments recorded as attending a meeting."""
    return list(
        db.session.scalars(
            select(MeetingAttendance.enrollment_id).where(
                MeetingAttendance.meeting_id == meeting_id
            )
        )
    )


@audit.describes("Meeting")
def name_meetings(ids) -> dict[int, str]:
    """Name meetings in the audit log: "meeting of November 26, 2026 in Alex Rivera's PLC
    group (2026 Central PLC)"."""
    query = (
        select(Meeting.id, Meeting.held_on, User.name, Cohort.name)
        .join(PlcGroup, PlcGroup.id == Meeting.plc_group_id)
        .join(User, User.id == PlcGroup.mentor_id)
        .join(Cohort, Cohort.id == PlcGroup.cohort_id)
        .where(Meeting.id.in_(ids))
    )
    return audit.names_by_id(
        query,
        lambda held_on, mentor, cohort: (
            f"meeting of {format_date(held_on)} in {mentor}'s PLC group ({cohort})"
        ),
    )


@policy.regions_by(Meeting)
def meeting_regions(meeting: Meeting) -> list[str]:
    """A meeting belongs to the region of its PLC group's cohort."""
    return region_through(PlcGroup, meeting.plc_group_id)
