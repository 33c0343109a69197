"""The demo data set that `make run` loads: accounts of every role and a small running program."""

import secrets
from datetime import date, timedelta

from sqlalchemy import delete, func, select

from mentoring.certificates import operations as certificate_operations
from mentoring.cohorts import operations as cohort_operations
from mentoring.cohorts.models import CohortStatus, MenteeKind, PlcGroup, program_year_for
from mentoring.core.choices import GradeLevel, format_grade_levels
from mentoring.core.models import utcnow
from mentoring.extensions import db
from mentoring.meetings.models import Meeting, MeetingAttendance, MeetingFormat, MeetingKind, Topic
from mentoring.mentors import operations as mentor_operations
from mentoring.mentors.models import MentorProfile
from mentoring.progress import tallies
from mentoring.progress.models import YearSignOff
from mentoring.reflections.models import Reflection
from mentoring.users import operations
from mentoring.users.models import Role, User

# Published in README: demo accounts exist only in demo data sets.
DEMO_PASSWORD = "demo-mentoring-pass"  # noqa: S105
# The demo specialist's second factor, published too: add it to an authenticator app, or run
# `flask --app mentoring demo code` for the current code.
DEMO_TOTP_SECRET = "MENTORINGDEMOSPECIALIST2FA234567"  # noqa: S105

DEMO_ACCOUNTS = [
    ("specialist@example.org", "Dana Whitfield", Role.SPECIALIST),
    ("mentor.rivera@example.org", "Alex Rivera", Role.MENTOR),
    ("mentor.okafor@example.org", "Grace Okafor", Role.MENTOR),
    ("mentee.chen@example.org", "Lily Chen", Role.MENTEE),
    ("mentee.baker@example.org", "Sam Baker", Role.MENTEE),
    ("mentee.novak@example.org", "Maria Novak", Role.MENTEE),
    ("mentee.hughes@example.org", "Jordan Hughes", Role.MENTEE),
    ("mentee.osei@example.org", "Kwame Osei", Role.MENTEE),
]

# email: (district, school, region, grade levels)
DEMO_MENTORS = {
    "mentor.rivera@example.org": ("Columbia 93", "Rock Bridge High", "Central", list(GradeLevel)),
    "mentor.okafor@example.org": (
        "Jefferson City",
        "Thomas Jefferson Middle",
        "Central",
        [GradeLevel.MIDDLE, GradeLevel.HIGH],
    ),
}

# email: (district, school, grade level, kind, mentor email or None)
DEMO_MENTEES = {
    "mentee.chen@example.org": (
        "Fulton 58",
        "Fulton Middle",
        GradeLevel.MIDDLE,
        MenteeKind.NEW,
        "mentor.rivera@example.org",
    ),
    "mentee.baker@example.org": (
        "Boonville R-I",
        "Laura Speed Elliott Middle",
        GradeLevel.MIDDLE,
        MenteeKind.RETURNING,
        "mentor.rivera@example.org",
    ),
    "mentee.novak@example.org": (
        "Mexico 59",
        "Mexico High",
        GradeLevel.HIGH,
        MenteeKind.NEW,
        "mentor.okafor@example.org",
    ),
    "mentee.hughes@example.org": (
        "Ashland (Southern Boone)",
        "Southern Boone Elementary",
        GradeLevel.ELEMENTARY,
        MenteeKind.NEW,
        None,
    ),
}

DEMO_APPLICATIONS = [
    # An application that meets every rule, and one that needs a written override.
    ("Priya Shah", "priya.shah@example.org", "Hallsville R-IV", 9, date(2027, 6, 30)),
    ("Tom Becker", "tom.becker@example.org", "Moberly", 2, date(2027, 6, 30)),
]


# Meetings per mentor, in days before today: (days ago, minutes, emails of the absent mentees).
DEMO_MEETINGS = {
    "mentor.rivera@example.org": [
        (94, 90, ()),
        (66, 90, ()),
        (38, 90, ("mentee.baker@example.org",)),
        (10, 90, ()),
    ],
    "mentor.okafor@example.org": [(89, 60, ()), (82, 60, ())],
}
# Reflections per mentee, in days before today: (days ago, title, body, shared: 1 or 0).
DEMO_REFLECTIONS = {
    "mentee.chen@example.org": [
        (
            60,
            "First month",
            "Building my calendar with the principal went better than I feared.",
            True,
        ),
        (9, "Small groups", "Our PLC talk about small groups gave me two ideas to try.", 1),
    ],
    "mentee.baker@example.org": [
        (30, "Coming back", "Returning after six years: the data tools are new to me.", 1),
    ],
}


def _seed_activity(cohort, groups, users, members, today: date) -> None:
    """Meetings with attendance and a few reflections, dated back from today."""
    for mentor_email, meetings in DEMO_MEETINGS.items():
        group = groups[mentor_email]
        group_members = [
            email for email, details in DEMO_MENTEES.items() if details[4] == mentor_email
        ]
        for days_ago, minutes, absent in meetings:
            held_on = today - timedelta(days=days_ago)
            if program_year_for(held_on, cohort) is None:
                continue
            meeting = Meeting(
                plc_group_id=group.id,
                logged_by_id=users[mentor_email].id,
                held_on=held_on,
                program_year=program_year_for(held_on, cohort),
                duration_minutes=minutes,
                format=MeetingFormat.IN_PERSON,
                kind=MeetingKind.PLC_GROUP,
                topics=f"{Topic.COUNSELING_SKILLS},{Topic.COMPREHENSIVE_PROGRAM}",
                focus="Planning the first semester's classroom lessons and small groups.",
                next_steps="Each counselor drafts a calendar and brings one question.",
                submission_token=secrets.token_urlsafe(24),
            )
            db.session.add(meeting)
            db.session.flush()
            for email in group_members:
                if email not in absent:
                    db.session.add(
                        MeetingAttendance(meeting_id=meeting.id, enrollment_id=members[email].id)
                    )
    for email, reflections in DEMO_REFLECTIONS.items():
        enrollment = members[email]
        mentor_id = db.session.get(PlcGroup, enrollment.plc_group_id).mentor_id
        for days_ago, title, body, shared in reflections:
            written_on = today - timedelta(days=days_ago)
            if program_year_for(written_on, cohort) is None:
                continue
            db.session.add(
                Reflection(
                    author_id=enrollment.mentee_id,
                    enrollment_id=enrollment.id,
                    mentor_id=mentor_id,
                    written_on=written_on,
                    program_year=program_year_for(written_on, cohort),
                    title=title,
                    body=body,
                    is_shared=bool(shared),
                )
            )
    tallies.refresh(enrollment.id for enrollment in members.values())


def _seed_graduate(users, today: date) -> None:
    """A cohort that finished two school years ago, whose one mentee met every requirement and
    holds a certificate: what a completed program looks like."""
    start_year = (today.year if today.month >= 7 else today.year - 1) - 2
    cohort = cohort_operations.create_cohort(
        f"{start_year} Central PLC", "Central", start_year, None
    )
    mentor = users["mentor.okafor@example.org"]
    group = cohort_operations.add_mentor(cohort, db.session.get(MentorProfile, mentor.id), None)
    graduate = users["mentee.osei@example.org"]
    cohort_operations.save_mentee_profile(
        graduate,
        "Columbia 93",
        "Oakland Middle",
        GradeLevel.MIDDLE,
        MenteeKind.NEW,
        "Central",
        date(start_year, 8, 1),
    )
    enrollment = cohort_operations.enroll(cohort, graduate, None, date(start_year, 8, 15))
    cohort_operations.assign(enrollment, group, None)
    for year in (1, 2):
        first = start_year + year - 1
        for month in (9, 10, 11, 12, 1, 2, 3, 4):
            held_on = date(first + (month < 7), month, 12)
            meeting = Meeting(
                plc_group_id=group.id,
                logged_by_id=mentor.id,
                held_on=held_on,
                program_year=year,
                duration_minutes=90,
                format=MeetingFormat.VIRTUAL,
                kind=MeetingKind.ONE_ON_ONE,
                topics=f"{Topic.STUDENT_SUPPORT}",
                focus="Caseload review and one student support plan.",
                next_steps="Follow up with the student's teachers.",
                submission_token=secrets.token_urlsafe(24),
            )
            db.session.add(meeting)
            db.session.flush()
            db.session.add(MeetingAttendance(meeting_id=meeting.id, enrollment_id=enrollment.id))
        for month in (10, 12, 2, 4):
            db.session.add(
                Reflection(
                    author_id=graduate.id,
                    enrollment_id=enrollment.id,
                    mentor_id=mentor.id,
                    written_on=date(first + (month < 7), month, 14),
                    program_year=year,
                    title="Month in review",
                    body="What worked with my caseload this month, and what I will change.",
                    is_shared=True,
                )
            )
        db.session.add(
            YearSignOff(
                enrollment_id=enrollment.id,
                program_year=year,
                met=True,
                comment="Every requirement met, with thoughtful reflections.",
                signed_by_id=mentor.id,
            )
        )
    # Its second year has ended; closing it is the specialist's step (the close-out page).
    cohort.status = CohortStatus.ACTIVE
    tallies.refresh([enrollment.id])
    certificate_operations.issue_certificate(
        enrollment, users["specialist@example.org"], date(start_year + 2, 7, 15)
    )


def database_is_empty() -> bool:
    return db.session.scalar(select(func.count()).select_from(User)) == 0


def clear_database() -> None:
    """Delete every row, children before parents."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))


def seed_demo(today: date | None = None) -> list[User]:
    """Create the demo accounts (all with the demo password) and a running cohort."""
    today = today or date.today()
    users = {
        email: operations.create_user(email, name, role, password=DEMO_PASSWORD)
        for email, name, role in DEMO_ACCOUNTS
    }
    for user in users.values():
        if user.role == Role.SPECIALIST:
            user.totp_secret = DEMO_TOTP_SECRET
            user.totp_confirmed_at = utcnow()
    for email, (district, school, region, levels) in DEMO_MENTORS.items():
        db.session.add(
            MentorProfile(
                user=users[email],
                district=district,
                school=school,
                region=region,
                grade_levels=format_grade_levels(levels),
                capacity=4,
                years_experience=12,
                association_number=f"MSCA-{users[email].id:05d}",
                association_expires_on=date(today.year + 1, 6, 30),
                holds_career_certificate=True,
                vetting_approved_on=date(today.year, 5, 1),
                training_completed_on=date(today.year, 6, 15),
            )
        )
    db.session.flush()

    school_year = today.year if today.month >= 7 else today.year - 1
    cohort = cohort_operations.create_cohort(
        f"{school_year} Central PLC", "Central", school_year, None
    )
    cohort.status = CohortStatus.ACTIVE
    groups = {
        email: cohort_operations.add_mentor(
            cohort, db.session.get(MentorProfile, users[email].id), None
        )
        for email in DEMO_MENTORS
    }
    members = {}
    for email, (district, school, level, kind, mentor_email) in DEMO_MENTEES.items():
        cohort_operations.save_mentee_profile(
            users[email], district, school, level, kind, "Central", date(school_year, 8, 1)
        )
        enrolled_on = min(date(school_year, 8, 15), today)
        enrollment = cohort_operations.enroll(cohort, users[email], None, enrolled_on)
        members[email] = enrollment
        if mentor_email:
            cohort_operations.assign(enrollment, groups[mentor_email], None)

    _seed_activity(cohort, groups, users, members, today)
    _seed_graduate(users, today)

    for name, email, district, years, expires in DEMO_APPLICATIONS:
        mentor_operations.submit_application(
            name=name,
            email=email,
            district=district,
            school=f"{district} High",
            grade_levels=[GradeLevel.HIGH],
            region="Central",
            years_experience=years,
            association_number="MSCA-20417",
            association_expires_on=expires,
            holds_career_certificate=years >= 4,
            statement="I have supported new counselors in my district and want to lead a PLC.",
            reference1_name="Pat Lindqvist",
            reference1_email=f"ref1.{email}",
            reference2_name="Morgan Ellis",
            reference2_email=f"ref2.{email}",
            commits_two_years=True,
        )
    return list(users.values())
