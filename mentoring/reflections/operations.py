"""Write side of reflections: who may do what, and the changes themselves.

Audit summaries carry ids, dates and flags only: never a title, a body or a reply, because
specialists read the audit log and must never read reflection text.
"""

from datetime import date, timedelta

from sqlalchemy import exists, select

from mentoring.cohorts.models import (
    Cohort,
    Enrollment,
    EnrollmentStatus,
    PlcGroup,
    program_year_for,
)
from mentoring.core import audit, signals
from mentoring.core.errors import MentoringError, NotAllowed
from mentoring.core.localtime import format_date
from mentoring.core.models import utcnow
from mentoring.core.policy import is_reflection_author
from mentoring.core.text import clean_text, line_problem, paragraphs_problem
from mentoring.core.urls import public_url
from mentoring.extensions import db
from mentoring.meetings.models import MeetingAttendance
from mentoring.notifications.models import Kind
from mentoring.notifications.operations import notify
from mentoring.reflections.models import EDIT_WINDOW_DAYS, MAX_BODY, Reflection
from mentoring.users.models import User

MAX_TITLE = 200
MAX_REPLY = 1000
NOT_ENROLLED = (
    "You are not enrolled in a cohort at the moment, so you cannot write a reflection. "
    "The program staff can tell you more."
)
# A second identical reflection within this time is a double submit, not a new reflection.
DUPLICATE_WINDOW = timedelta(minutes=10)

# PostgreSQL refuses NUL in text, and the failed INSERT's error (with its parameters) would be


# Who may do what -----------------------------------------------------------------------------


def edit_problem(reflection: Reflection, today: date) -> str | None:
    """Why the author can no longer edit it: the window closes 14 days after it was written."""
    if (today - reflection.written_on).days <= EDIT_WINDOW_DAYS:
        return None
    return (
        f"A reflection can be edited for {EDIT_WINDOW_DAYS} days after it is written; this one "
        f"was written on {format_date(reflection.written_on)}. You can still mark it private."
    )


def delete_problem(reflection: Reflection) -> str | None:
    """Why it cannot be deleted: it counts toward a program year signed off as met."""
    if not signals.year_signed_off_as_met(reflection.enrollment_id, reflection.program_year):
        return None
    return (
        f"This reflection counts toward program year {reflection.program_year}, which is signed "
        "off as met, so it cannot be deleted. You can mark it private instead."
    )


def acknowledge_problem(reflection: Reflection) -> str | None:
    if not reflection.is_shared:
        return "This reflection is private."
    if reflection.acknowledged_at is not None:
        return "You have already acknowledged this reflection."
    return None


# Text rules ----------------------------------------------------------------------------------


def title_problem(title: str) -> str | None:
    return line_problem(title, "the title", MAX_TITLE, "Give your reflection a title.")


def body_problem(body: str) -> str | None:
    return paragraphs_problem(body, "the reflection", MAX_BODY, "Write your reflection.")


def reply_problem(reply: str) -> str | None:
    return paragraphs_problem(reply, "the reply", MAX_REPLY)


def _check_text(title: str, body: str) -> None:
    for field, problem in (("title", title_problem(title)), ("body", body_problem(body))):
        if problem:
            raise MentoringError(problem, field=field)


def _check_author(user, reflection: Reflection) -> None:
    if not is_reflection_author(user, reflection):
        raise NotAllowed("Only the author can change a reflection.")


# Changes -------------------------------------------------------------------------------------


def _writing_year(mentee: User, today: date) -> tuple[Enrollment, int]:
    """The mentee's active enrollment and its program year today; refused outside them."""
    # Locked (PostgreSQL) until commit, as the tally recount locks it anyway: the same form sent
    # twice at once, through two servers, waits here and then finds the first reflection below.
    enrollment = db.session.scalar(
        select(Enrollment)
        .where(Enrollment.mentee_id == mentee.id, Enrollment.status == EnrollmentStatus.ACTIVE)
        .with_for_update(key_share=True)
    )
    if enrollment is None:
        raise MentoringError(NOT_ENROLLED)
    cohort = db.session.get(Cohort, enrollment.cohort_id)
    program_year = program_year_for(today, cohort)
    if program_year is None:
        raise MentoringError(
            f"Reflections are written during {cohort.name}'s two program years "
            f"({format_date(cohort.starts_on)} to {format_date(cohort.ends_on)}); "
            f"{format_date(today)} is outside them."
        )
    return enrollment, program_year


def _same_one_lately(mentee: User, enrollment: Enrollment, title: str, body: str):
    """The reflection with this title and body written in the last ten minutes, if any."""
    return db.session.scalar(
        select(Reflection)
        .where(
            Reflection.author_id == mentee.id,
            Reflection.enrollment_id == enrollment.id,
            Reflection.title == title,
            Reflection.body == body,
            Reflection.created_at >= utcnow() - DUPLICATE_WINDOW,
        )
        .order_by(Reflection.id)
        .limit(1)
    )


def write_reflection(
    mentee: User,
    today: date,
    *,
    title: str,
    body: str,
    is_shared: bool = True,
    meeting_id: int | None = None,
) -> Reflection:
    """Write a reflection in the mentee's active enrollment, for their current mentor.

    Submitting the same title and body again within ten minutes returns the first reflection.
    """
    title, body = clean_text(title), clean_text(body)
    _check_text(title, body)
    enrollment, program_year = _writing_year(mentee, today)
    if meeting_id is not None and not db.session.scalar(
        select(
            exists().where(
                MeetingAttendance.meeting_id == meeting_id,
                MeetingAttendance.enrollment_id == enrollment.id,
            )
        )
    ):
        raise MentoringError("Choose a meeting you attended, or none.", field="meeting_id")

    duplicate = _same_one_lately(mentee, enrollment, title, body)
    if duplicate is not None:
        return duplicate

    mentor_id = None
    if enrollment.plc_group_id is not None:
        mentor_id = db.session.scalar(
            select(PlcGroup.mentor_id).where(PlcGroup.id == enrollment.plc_group_id)
        )
    reflection = Reflection(
        author_id=mentee.id,
        enrollment_id=enrollment.id,
        mentor_id=mentor_id,
        meeting_id=meeting_id,
        written_on=today,
        program_year=program_year,
        title=title,
        body=body,
        is_shared=bool(is_shared),
    )
    db.session.add(reflection)
    signals.work_changed([enrollment.id])
    audit.record(
        mentee,
        "reflection.written",
        reflection,
        f"Reflection {reflection.id} written on {today.isoformat()} for program year "
        f"{program_year} ({'shared' if reflection.is_shared else 'private'})",
    )
    _tell_shared(reflection, mentee)
    return reflection


def _tell_shared(reflection: Reflection, mentee: User) -> None:
    """Tell the mentor a reflection was shared with them, once per reflection: the mentee's
    name and the date only, never the title or the text."""
    if not reflection.is_shared or reflection.mentor_id is None:
        return
    notify(
        [db.session.get(User, reflection.mentor_id)],
        Kind.REFLECTIONS,
        f"{mentee.name} shared a reflection with you",
        "reflection_shared",
        text=f"{mentee.name} shared a reflection written on {format_date(reflection.written_on)}.",
        link=public_url("reflections.show_reflection", reflection_id=reflection.id),
        event_key=f"reflection-shared:{reflection.id}",
        mentee=mentee,
        written_on=reflection.written_on,
    )


def update_reflection(
    reflection: Reflection, author: User, today: date, *, title: str, body: str
) -> None:
    """Change the title and body, by the author, within 14 days of writing."""
    _check_author(author, reflection)
    problem = edit_problem(reflection, today)
    if problem:
        raise NotAllowed(problem)
    title, body = clean_text(title), clean_text(body)
    _check_text(title, body)
    reflection.title, reflection.body = title, body
    audit.record(
        author,
        "reflection.updated",
        reflection,
        f"Reflection {reflection.id} of {reflection.written_on.isoformat()} edited",
    )


def set_shared(reflection: Reflection, author: User, shared: bool) -> None:
    """Share the reflection with its mentor, or make it private: the author may, at any time."""
    _check_author(author, reflection)
    if reflection.is_shared == shared:
        return
    reflection.is_shared = shared
    audit.record(
        author,
        "reflection.shared" if shared else "reflection.made_private",
        reflection,
        f"Reflection {reflection.id} {'shared with the mentor' if shared else 'made private'}",
    )
    _tell_shared(reflection, author)


def delete_reflection(reflection: Reflection, author: User) -> None:
    """Delete a reflection, unless it counts toward a year signed off as met."""
    _check_author(author, reflection)
    problem = delete_problem(reflection)
    if problem:
        raise NotAllowed(problem)
    audit.record(
        author,
        "reflection.deleted",
        reflection,
        f"Reflection {reflection.id} of {reflection.written_on.isoformat()} deleted",
    )
    db.session.delete(reflection)
    signals.work_changed([reflection.enrollment_id])


def acknowledge(reflection: Reflection, mentor: User, reply: str | None = None) -> None:
    """The reflection's mentor acknowledges it once, with an optional reply for the author."""
    if reflection.mentor_id is None or reflection.mentor_id != mentor.id:
        raise NotAllowed("Only the mentor it was written for can acknowledge a reflection.")
    problem = acknowledge_problem(reflection)
    if problem:
        raise NotAllowed(problem)
    reply = clean_text(reply)
    problem = reply_problem(reply)
    if problem:
        raise MentoringError(problem, field="reply")
    reflection.acknowledged_at = utcnow()
    reflection.mentor_reply = reply or None
    audit.record(
        mentor,
        "reflection.acknowledged",
        reflection,
        f"Reflection {reflection.id} acknowledged{' with a reply' if reply else ''}",
    )
    notify(
        [db.session.get(User, reflection.author_id)],
        Kind.REFLECTIONS,
        "Your mentor acknowledged your reflection",
        "reflection_acknowledged",
        text=f"{mentor.name} acknowledged your reflection of {format_date(reflection.written_on)}"
        + (" and replied." if reply else "."),
        link=public_url("reflections.show_reflection", reflection_id=reflection.id),
        mentor=mentor,
        written_on=reflection.written_on,
        replied=bool(reply),
    )
