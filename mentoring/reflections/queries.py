"""Read side of reflections: the only place that loads their text, for the author and mentor.

Callers check policy.can_read_reflection() first; these then undefer the text they return.
"""

from sqlalchemy import select
from sqlalchemy.orm import undefer

from mentoring.core import audit
from mentoring.core.localtime import format_date
from mentoring.core.paging import Page, paginate, paginate_rows
from mentoring.extensions import db
from mentoring.meetings.models import Meeting, MeetingAttendance
from mentoring.reflections.models import Reflection
from mentoring.users.models import User

MEETING_CHOICES = 50

_TEXT = (undefer(Reflection.title), undefer(Reflection.body), undefer(Reflection.mentor_reply))


def own_reflections_page(author_id: int, page: int, per_page: int) -> Page:
    """One page of an author's reflections with their text and replies, newest first."""
    return paginate(
        select(Reflection)
        .options(*_TEXT)
        .where(Reflection.author_id == author_id)
        .order_by(Reflection.written_on.desc(), Reflection.id.desc()),
        page=page,
        per_page=per_page,
    )


def mentor_reflections_page(mentor_id: int, page: int, per_page: int) -> Page:
    """One page of (reflection, author) shared with a mentor: unacknowledged, then newest first."""
    return paginate_rows(
        select(Reflection, User)
        .options(undefer(Reflection.title))
        .join(User, User.id == Reflection.author_id)
        .where(Reflection.mentor_id == mentor_id, Reflection.is_shared.is_(True))
        .order_by(
            Reflection.acknowledged_at.is_(None).desc(),
            Reflection.written_on.desc(),
            Reflection.id.desc(),
        ),
        page,
        per_page,
    )


def load_text(reflection: Reflection) -> Reflection:
    """Load the title, body and reply of a reflection the current user may read."""
    return db.session.scalars(
        select(Reflection)
        .options(*_TEXT)
        .where(Reflection.id == reflection.id)
        .execution_options(populate_existing=True)
    ).one()


def attended_meetings(enrollment_id: int, limit: int = MEETING_CHOICES) -> list[Meeting]:
    """The meetings an enrollment attended, newest first, for the reflection form's list."""
    return list(
        db.session.scalars(
            select(Meeting)
            .join(MeetingAttendance, MeetingAttendance.meeting_id == Meeting.id)
            .where(MeetingAttendance.enrollment_id == enrollment_id)
            .order_by(Meeting.held_on.desc(), Meeting.id.desc())
            .limit(limit)
        )
    )


@audit.describes("Reflection")
def name_reflections(ids) -> dict[int, str]:
    """Name reflections in the audit log by author and date only: the title is confidential."""
    query = (
        select(Reflection.id, Reflection.written_on, User.name)
        .join(User, User.id == Reflection.author_id)
        .where(Reflection.id.in_(ids))
    )
    return audit.names_by_id(
        query,
        lambda written_on, author: f"a reflection by {author} of {format_date(written_on)}",
    )


@audit.concerns_mentee("Reflection")
def reflection_authors(ids) -> dict[int, int]:
    """The mentee who wrote each reflection."""
    query = select(Reflection.id, Reflection.author_id).where(Reflection.id.in_(ids))
    return dict(db.session.execute(query).all())
