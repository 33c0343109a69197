"""Factories for the program's objects, built through the real operations and committed."""

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pyotp
from sqlalchemy import event, select

from mentoring.cohorts import operations as cohort_operations
from mentoring.cohorts.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    MenteeKind,
    PlcGroup,
    program_year_for,
)
from mentoring.core import localtime
from mentoring.core.choices import GradeLevel, format_grade_levels
from mentoring.core.localtime import day_in_school_year
from mentoring.core.models import utcnow
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.meetings import operations as meeting_operations
from mentoring.meetings.models import Meeting, MeetingAttendance
from mentoring.mentors import operations as mentor_operations
from mentoring.mentors.models import MentorProfile
from mentoring.progress import tallies
from mentoring.progress.models import YearSignOff
from mentoring.reflections.models import Reflection
from mentoring.users import operations as user_operations

PASSWORD = "correct-horse-battery"


# Specialists must have a second factor: test specialists get this one (pyotp's base32).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def make_user(
    role: Role = Role.MENTEE,
    email: str | None = None,
    name: str | None = None,
    password: str | None = PASSWORD,
    is_active: bool = True,
):
    """Create and commit a user; each call gets a distinct email unless one is given."""
    make_user.counter += 1
    user = user_operations.create_user(
        email or f"{role.value}{make_user.counter}@example.org",
        name or f"{role.value.title()} Person {make_user.counter}",
        role,
        password=password,
    )
    user.is_active = is_active
    if role in (Role.SPECIALIST, Role.CERTIFICATION_OFFICE) and password is not None:
        give_second_factor(user)
    db.session.commit()
    return user


def give_second_factor(user) -> None:
    """Set up the test second factor, as if the user had scanned it and confirmed a code."""
    user.totp_secret = TOTP_SECRET
    user.totp_confirmed_at = utcnow()


def current_code(user) -> str:
    """The user's code for now, usable again: a test signs in many times within 30 seconds,
    and a real code works once (see mentoring/auth/second_factor.py)."""
    user.totp_last_step = None
    db.session.commit()
    return pyotp.TOTP(user.totp_secret).now()


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, email: str, password: str = PASSWORD):
        return self.client.post("/login", data={"email": email, "password": password})

    def login_as(self, user):
        """Sign in through the real form, with the second factor where the user has one."""
        response = self.login(user.email)
        assert response.status_code == 302, "sign-in failed in a test helper"
        if user.has_second_factor:
            response = self.client.post("/login/second-factor", data={"code": current_code(user)})
            assert response.status_code == 302, "the second factor failed in a test helper"
        return response

    def logout(self):
        return self.client.post("/logout")


def link_from(message, path_prefix: str) -> str:
    """Return the path of the first link in an email body that starts with path_prefix."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}\S+)", message.body)
    assert match, f"no {path_prefix} link in the email"
    return match.group(1)


@contextmanager
def counting_statements(with_parameters: bool = False) -> Iterator[list]:
    """The one query counter of the tests: the SQL statements the app's engine runs inside the
    `with` block, as a list that fills while it runs (len() of it is the count); with
    with_parameters, (statement, parameters) pairs, to run one again (under EXPLAIN, say)."""
    statements: list = []

    def remember(_connection, _cursor, statement, parameters, *_args) -> None:
        statements.append((statement, parameters) if with_parameters else statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)


def count_statements(client, url: str, status: int = 200) -> int:
    """How many SQL statements a GET of url runs (it must answer with status)."""
    with counting_statements() as statements:
        assert client.get(url).status_code == status
    return len(statements)


TODAY = date(2026, 11, 22)


def make_mentor(
    name: str | None = None,
    district: str = "Mentor District",
    region: str = "Central",
    grade_levels=tuple(GradeLevel),
    capacity: int = 4,
    trained: bool = True,
    **user_fields,
):
    """A vetted mentor with a profile; trained unless told otherwise."""
    user = make_user(Role.MENTOR, name=name, **user_fields)
    db.session.add(
        MentorProfile(
            user_id=user.id,
            district=district,
            school=f"{district} High",
            region=region,
            grade_levels=format_grade_levels(grade_levels),
            capacity=capacity,
            years_experience=8,
            association_number=f"MSCA-{user.id:05d}",
            association_expires_on=localtime.today() + timedelta(days=365),
            holds_career_certificate=True,
            vetting_approved_on=date(2026, 5, 1),
            training_completed_on=date(2026, 6, 1) if trained else None,
        )
    )
    db.session.commit()
    return user


def make_application(name: str, email: str, region: str = "Central", district: str = "Applicant"):
    """A mentor application that meets every rule, submitted through the operation (the caller
    commits)."""
    return mentor_operations.submit_application(
        name=name,
        email=email,
        district=f"{district} District",
        school=f"{district} Elementary",
        grade_levels=["elementary"],
        region=region,
        years_experience=6,
        association_number="MSCA-99999",
        association_expires_on=localtime.today() + timedelta(days=365),
        holds_career_certificate=True,
        statement="I would like to mentor.",
        reference1_name="Ref One",
        reference1_email="ref1@example.org",
        reference2_name="Ref Two",
        reference2_email="ref2@example.org",
        commits_two_years=True,
    )


def make_mentee(
    name: str | None = None,
    district: str = "Mentee District",
    grade_level: GradeLevel = GradeLevel.MIDDLE,
    kind: MenteeKind = MenteeKind.NEW,
    region: str | None = None,
    **user_fields,
):
    """A mentee with a profile."""
    user = make_user(Role.MENTEE, name=name, **user_fields)
    cohort_operations.save_mentee_profile(
        user, district, f"{district} Middle", grade_level, kind, region, date(2025, 8, 1)
    )
    db.session.commit()
    return user


def make_cohort(
    name: str = "2026 Central Cohort",
    region: str = "Central",
    start_year: int = 2026,
    status: CohortStatus = CohortStatus.ACTIVE,
):
    # Cohorts may not share a name, region and year: a second one with the defaults gets a number.
    number = 1
    base = name
    while cohort_operations.duplicate_cohort_problem(name, region, start_year):
        number += 1
        name = f"{base} ({number})"
    cohort = cohort_operations.create_cohort(name, region, start_year, actor=None)
    cohort.status = status
    db.session.commit()
    return cohort


def make_group(cohort, mentor):
    group = cohort_operations.add_mentor(cohort, db.session.get(MentorProfile, mentor.id), None)
    db.session.commit()
    return group


def enroll(cohort, mentee, group=None, conflict_reason=None):
    """Enroll a mentee, and assign them to a group if one is given."""
    enrollment = cohort_operations.enroll(cohort, mentee, None, TODAY)
    if group is not None:
        cohort_operations.assign(enrollment, group, None, conflict_reason)
    db.session.commit()
    return enrollment


def log_meeting(group, held_on: date, minutes: int = 90, attendees=(), kind="plc_group"):
    """A meeting of a group, attended by the given enrollments (rows written directly)."""
    cohort = db.session.get(Cohort, group.cohort_id)
    meeting = Meeting(
        plc_group_id=group.id,
        logged_by_id=group.mentor_id,
        held_on=held_on,
        program_year=program_year_for(held_on, cohort),
        duration_minutes=minutes,
        format="in_person",
        kind=kind,
        topics="counseling_skills",
        focus="Caseload planning",
        next_steps="Draft a calendar",
        submission_token=secrets.token_hex(16),
    )
    db.session.add(meeting)
    db.session.flush()
    for enrollment in attendees:
        db.session.add(MeetingAttendance(meeting_id=meeting.id, enrollment_id=enrollment.id))
    tallies.refresh(enrollment.id for enrollment in attendees)
    db.session.commit()
    return meeting


def change_meeting(meeting, actor, today: date, **overrides) -> None:
    """Correct some fields of a meeting through the meeting operations, keeping the others."""
    attending = db.session.scalars(
        select(MeetingAttendance.enrollment_id).where(MeetingAttendance.meeting_id == meeting.id)
    )
    fields = {
        "held_on": meeting.held_on,
        "duration_minutes": meeting.duration_minutes,
        "format": meeting.format,
        "kind": meeting.kind,
        "topics": meeting.topics.split(","),
        "focus": meeting.focus,
        "next_steps": meeting.next_steps,
        "next_meeting_on": meeting.next_meeting_on,
        "private_notes": meeting.private_notes,
        "attendee_enrollment_ids": sorted(attending),
        **overrides,
    }
    meeting_operations.update_meeting(meeting, actor, today, **fields)
    db.session.commit()


def write_reflection(enrollment, written_on: date, title="A reflection", body="Body text"):
    cohort = db.session.get(Cohort, enrollment.cohort_id)
    group = db.session.get(PlcGroup, enrollment.plc_group_id) if enrollment.plc_group_id else None
    reflection = Reflection(
        author_id=enrollment.mentee_id,
        enrollment_id=enrollment.id,
        mentor_id=group.mentor_id if group else None,
        written_on=written_on,
        program_year=program_year_for(written_on, cohort),
        title=title,
        body=body,
        is_shared=True,
    )
    db.session.add(reflection)
    tallies.refresh([enrollment.id])
    db.session.commit()
    return reflection


def sign_off(enrollment, year: int, met: bool = True, comment: str = "Well done"):
    record = YearSignOff(enrollment_id=enrollment.id, program_year=year, met=met, comment=comment)
    db.session.add(record)
    # As progress/operations.py's sign-offs do: the year may now be complete.
    tallies.keep_open_onsets(Enrollment.id == enrollment.id)
    db.session.commit()
    return record


def complete_year(group, enrollment, start_year: int, year: int, met: bool = True) -> None:
    """8 meetings of 90 minutes (12 hours) and 4 reflections in program year 1 or 2 of a cohort
    that started in start_year (the default requirements, met exactly), signed off as met (or
    not met)."""
    first = start_year + year - 1
    for month in (9, 10, 11, 12, 1, 2, 3, 4):
        log_meeting(group, day_in_school_year(first, month, 3), 90, [enrollment])
    for month in (9, 11, 1, 3):
        write_reflection(enrollment, day_in_school_year(first, month, 4))
    sign_off(enrollment, year, met=met)


def complete_both_years(group, enrollment, start_year: int) -> None:
    """Both program years complete (complete_year): 24 contact hours in all."""
    for year in (1, 2):
        complete_year(group, enrollment, start_year, year)
