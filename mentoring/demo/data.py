"""The demo data set that `make run` loads: accounts of every role and a small running program."""

import secrets
from datetime import date, timedelta

from sqlalchemy import delete, func, select, text

from mentoring.certificates import operations as certificate_operations
from mentoring.cohorts import operations as cohort_operations
from mentoring.cohorts.models import CohortStatus, MenteeKind, PlcGroup, program_year_for
from mentoring.core import localtime
from mentoring.core.choices import GradeLevel, format_grade_levels
from mentoring.core.localtime import day_in_school_year, school_year_bounds, school_year_of
from mentoring.core.models import utcnow
from mentoring.core.roles import Role
from mentoring.curriculum import operations as curriculum_operations
from mentoring.curriculum.models import PROGRAM_MONTHS, CurriculumMonth
from mentoring.curriculum.seed import PROGRAM_TOPICS
from mentoring.extensions import db
from mentoring.meetings.models import Meeting, MeetingAttendance, MeetingFormat, MeetingKind, Topic
from mentoring.mentors import operations as mentor_operations
from mentoring.mentors.models import MentorProfile, TrainingKind
from mentoring.progress import tallies
from mentoring.progress.models import YearSignOff
from mentoring.reflections.models import Reflection
from mentoring.service import operations as service_operations
from mentoring.surveys import operations as survey_operations
from mentoring.surveys.models import QuestionKind, SurveyAudience
from mentoring.upgrade.models import RuleSetVersion
from mentoring.users import operations
from mentoring.users.models import User

# Published in README: demo accounts exist only in demo data sets.
DEMO_PASSWORD = "demo-mentoring-pass"  # noqa: S105
# The demo specialist's second factor, published too: add it to an authenticator app, or run
# `flask --app mentoring demo code` for the current code.
DEMO_TOTP_SECRET = "MENTORINGDEMOSPECIALIST2FA234567"  # noqa: S105

DEMO_ACCOUNTS = [
    ("specialist@example.org", "Dana Whitfield", Role.SPECIALIST),
    # Scoped to the Central region (DEMO_REGIONAL): sees the Central cohorts, not the Southwest one.
    ("specialist.central@example.org", "Ruth Adeyemi", Role.SPECIALIST),
    # Read-only: the certificate register, verification, the completions and district results.
    ("certification.office@example.org", "Avery Lindholm", Role.CERTIFICATION_OFFICE),
    ("mentor.rivera@example.org", "Alex Rivera", Role.MENTOR),
    ("mentor.okafor@example.org", "Grace Okafor", Role.MENTOR),
    ("mentee.chen@example.org", "Lily Chen", Role.MENTEE),
    ("mentee.baker@example.org", "Sam Baker", Role.MENTEE),
    ("mentee.novak@example.org", "Maria Novak", Role.MENTEE),
    ("mentee.hughes@example.org", "Jordan Hughes", Role.MENTEE),
    ("mentee.osei@example.org", "Kwame Osei", Role.MENTEE),
    ("mentee.diaz@example.org", "Elena Diaz", Role.MENTEE),
    ("mentee.park@example.org", "Daniel Park", Role.MENTEE),
]

# The regional specialist's regions; and a cohort of another region, in planning, that only
# the statewide specialist sees.
DEMO_REGIONAL = {"specialist.central@example.org": ["Central"]}
OTHER_REGION_COHORT = ("Southwest PLC", "Southwest")

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
    # (name, email, district, years of experience): one meets every rule, one needs a written
    # override (2 years of experience). Their memberships run to the June 30 after next.
    ("Priya Shah", "priya.shah@example.org", "Hallsville R-IV", 9),
    ("Tom Becker", "tom.becker@example.org", "Moberly", 2),
]

# The cohort that started two school years ago and ended on June 30, not closed yet: email ->
# (school, program years its mentor signed off as met, holds a certificate). Kwame Osei is
# certified, Elena Diaz waits for her certificate, and Daniel Park's year 2 waits for Grace
# Okafor's sign-off.
DEMO_GRADUATES = {
    "mentee.osei@example.org": ("Oakland Middle", (1, 2), True),
    "mentee.diaz@example.org": ("Gentry Middle", (1, 2), False),
    "mentee.park@example.org": ("Jefferson Middle", (1,), False),
}

# The running cohort: Alex Rivera's group meets every MEETING_EVERY days up to a few days ago
# (on track), Grace Okafor met Maria Novak twice after enrolment and then stopped (at risk),
# and Jordan Hughes has no mentor yet.
MEETING_EVERY = 28
REFLECTION_EVERY = 56
OKAFOR_MEETINGS = (14, 21)  # days after enrolment
REFLECTION_TITLES = ("Small groups", "Calendar with the principal", "Data tools", "Month in review")


def running_cohort_start(today: date) -> int:
    """The running cohort's first school year: this one from October on, else the one before
    (then in its second year), so that whatever the date the cohort has run long enough for
    its mentees to be on track or at risk."""
    this_year = school_year_of(today)
    return this_year if today >= date(this_year, 10, 1) else this_year - 1


def _meeting(group: PlcGroup, mentor: User, cohort, held_on: date, kind, topics: str) -> Meeting:
    meeting = Meeting(
        plc_group_id=group.id,
        logged_by_id=mentor.id,
        held_on=held_on,
        program_year=program_year_for(held_on, cohort),
        duration_minutes=90,
        format=MeetingFormat.IN_PERSON,
        kind=kind,
        topics=topics,
        focus="Planning the semester's classroom lessons and small groups.",
        next_steps="Each counselor drafts a calendar and brings one question.",
        submission_token=secrets.token_urlsafe(24),
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def _attend(meeting: Meeting, enrollments) -> None:
    db.session.add_all(
        MeetingAttendance(meeting_id=meeting.id, enrollment_id=enrollment.id)
        for enrollment in enrollments
    )


def _reflect(enrollment, mentor_id: int, cohort, written_on: date, title: str, shared: bool):
    db.session.add(
        Reflection(
            author_id=enrollment.mentee_id,
            enrollment_id=enrollment.id,
            mentor_id=mentor_id,
            written_on=written_on,
            program_year=program_year_for(written_on, cohort),
            title=title,
            body="What worked with my caseload this month, and what I will change next.",
            is_shared=shared,
        )
    )


def _sign_off(enrollment, year: int, mentor: User) -> None:
    db.session.add(
        YearSignOff(
            enrollment_id=enrollment.id,
            program_year=year,
            met=True,
            comment="Every requirement met, with thoughtful reflections.",
            signed_by_id=mentor.id,
        )
    )


def _every(days: int, latest: date, earliest: date) -> list[date]:
    """latest, latest - days, ... back to earliest, oldest first."""
    count = (latest - earliest).days // days + 1 if latest >= earliest else 0
    return [latest - timedelta(days=days * n) for n in reversed(range(count))]


def handout_pdf(title: str) -> bytes:
    """A one-page PDF handout naming a topic (written by hand: the demo needs no renderer)."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 16 Tf 72 720 Td (PLC handout: " + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return body


def _seed_curriculum(cohort, specialist: User, today: date) -> dict[tuple[int, int], int]:
    """The program's topic list, and a topic for every month of both program years of the
    running cohort, each with a link; this month's has a handout too. Returns the topics' ids
    by (program year, month)."""
    curriculum_operations.seed_list_topics()
    now = utcnow()
    this_month = (program_year_for(today, cohort), today.month)
    topics: dict[tuple[int, int], int] = {}
    for year in (1, 2):
        for number, month in enumerate(PROGRAM_MONTHS):
            title = PROGRAM_TOPICS[(number + 3 * (year - 1)) % len(PROGRAM_TOPICS)]
            handout = (year, month) == this_month
            entry: CurriculumMonth = curriculum_operations.set_month(
                cohort,
                year,
                month,
                specialist,
                now,
                chosen=title,
                link_url="https://dese.mo.gov/",
                link_label="The department's school counseling pages",
                file_name="PLC handout.pdf" if handout else None,
                file_data=handout_pdf(title) if handout else None,
            )
            topics[year, month] = entry.id
    return topics


def _seed_activity(cohort, groups, users, members, today: date, topics: dict) -> None:
    """Meetings, attendance, reflections and sign-offs of the running cohort, from its
    enrolment day up to today. Alex Rivera's meetings cover their month's PLC topic."""
    enrolled_on = min(enrollment.enrolled_on for enrollment in members.values())
    year_started = school_year_bounds(school_year_of(today))[0]
    # The latest meeting falls inside the current program year, even on its first day.
    latest = today - timedelta(days=min(3, (today - year_started).days))
    rivera, okafor = users["mentor.rivera@example.org"], users["mentor.okafor@example.org"]
    rivera_group = [members["mentee.chen@example.org"], members["mentee.baker@example.org"]]
    codes = f"{Topic.COUNSELING_SKILLS},{Topic.COMPREHENSIVE_PROGRAM}"
    for held_on in _every(MEETING_EVERY, latest, enrolled_on):
        meeting = _meeting(
            groups[rivera.email], rivera, cohort, held_on, MeetingKind.PLC_GROUP, codes
        )
        meeting.curriculum_month_id = topics.get((meeting.program_year, held_on.month))
        _attend(meeting, rivera_group)
    for days in OKAFOR_MEETINGS:
        held_on = enrolled_on + timedelta(days=days)
        meeting = _meeting(
            groups[okafor.email],
            okafor,
            cohort,
            held_on,
            MeetingKind.ONE_ON_ONE,
            f"{Topic.STUDENT_SUPPORT}",
        )
        _attend(meeting, [members["mentee.novak@example.org"]])
    for offset, enrollment in enumerate(rivera_group, start=1):
        dates = _every(REFLECTION_EVERY, today - timedelta(days=offset), enrolled_on)
        for n, written_on in enumerate(dates):
            title = REFLECTION_TITLES[n % len(REFLECTION_TITLES)]
            # The newest of the second mentee's reflections is not shared yet.
            shared = not (offset == 2 and n == len(dates) - 1)
            _reflect(enrollment, rivera.id, cohort, written_on, title, shared)
    if program_year_for(today, cohort) == 2:
        for enrollment in rivera_group:
            _sign_off(enrollment, 1, rivera)
    tallies.refresh(enrollment.id for enrollment in members.values())


def _seed_finished_cohort(users, today: date) -> None:
    """A cohort that ended on June 30, two school years after it started, and is not closed
    yet: a certified mentee, one waiting for a certificate and one waiting for a sign-off."""
    start_year = school_year_of(today) - 2
    cohort = cohort_operations.create_cohort(
        f"{start_year} Central PLC", "Central", start_year, None
    )
    cohort.status = CohortStatus.ACTIVE
    mentor = users["mentor.okafor@example.org"]
    group = cohort_operations.add_mentor(cohort, db.session.get(MentorProfile, mentor.id), None)
    enrollments = {}
    for email, (school, _, _) in DEMO_GRADUATES.items():
        cohort_operations.save_mentee_profile(
            users[email],
            "Columbia 93",
            school,
            GradeLevel.MIDDLE,
            MenteeKind.NEW,
            "Central",
            date(start_year, 8, 1),
        )
        enrollment = cohort_operations.enroll(cohort, users[email], None, date(start_year, 8, 15))
        cohort_operations.assign(enrollment, group, None)
        enrollments[email] = enrollment
    for year in (1, 2):
        first = start_year + year - 1
        for month in (9, 10, 11, 12, 1, 2, 3, 4):
            held_on = day_in_school_year(first, month, 12)
            meeting = _meeting(
                group, mentor, cohort, held_on, MeetingKind.PLC_GROUP, f"{Topic.STUDENT_SUPPORT}"
            )
            _attend(meeting, enrollments.values())
        for enrollment in enrollments.values():
            for month in (10, 12, 2, 4):
                written_on = day_in_school_year(first, month, 14)
                _reflect(enrollment, mentor.id, cohort, written_on, "Month in review", True)
    for email, (_, signed_years, _) in DEMO_GRADUATES.items():
        for year in signed_years:
            _sign_off(enrollments[email], year, mentor)
    tallies.refresh([enrollment.id for enrollment in enrollments.values()])
    for email, (_, _, certified) in DEMO_GRADUATES.items():
        if certified:
            certificate_operations.issue_certificate(
                enrollments[email],
                users["specialist@example.org"],
                min(date(start_year + 2, 7, 15), today),
            )


def _seed_survey(cohort, users, members, today: date) -> None:
    """A survey of the running cohort's mentees, open since three days ago. Its other three
    mentees have answered, fewer than the five results need (the page says so); Lily Chen has
    not: it waits on her home page."""
    year = program_year_for(today, cohort) or 1
    survey = survey_operations.create_survey(
        f"Program year {year}: how is mentoring going?", SurveyAudience.MENTEES, year, None
    )
    helpful = survey_operations.add_question(
        survey, None, QuestionKind.SCALE, "How helpful are your PLC meetings?", [], True
    )
    format_ = survey_operations.add_question(
        survey,
        None,
        QuestionKind.SINGLE,
        "Which format suits you best?",
        ["In person", "Video call", "A mix of both"],
        False,
    )
    wish = survey_operations.add_question(
        survey, None, QuestionKind.LONG_TEXT, "What would make the program more useful?", [], False
    )
    run = survey_operations.give_to_cohorts(
        survey, [cohort], None, today - timedelta(days=3), today + timedelta(days=25)
    )[0]
    answers = [
        (5, 0, "More time with other mentees."),
        (4, 2, "A shared calendar of meetings."),
        (4, 1, ""),
    ]
    answering = [email for email in members if email != "mentee.chen@example.org"]
    for email, (points, choice, wished) in zip(answering, answers, strict=True):
        survey_operations.submit(
            run, {helpful.id: points, format_.id: choice, wish.id: wished}, users[email]
        )


def _seed_trainings(users, today: date) -> None:
    """The regional training every demo mentor took before their first cohort, and a mentor
    forum of the last school year that has one behind today (mid-September)."""
    this_year = school_year_of(today)
    trained_on = date(this_year - 2, 6, 15)
    forum_on = date(this_year if today > date(this_year, 9, 15) else this_year - 1, 9, 15)
    specialist = users["specialist@example.org"]
    trainings = [
        service_operations.create_training(
            specialist,
            TrainingKind.REGIONAL_TRAINING,
            "Central regional mentor training",
            trained_on,
            "Central",
            6 * 60,
        ),
        service_operations.create_training(
            specialist,
            TrainingKind.MENTOR_FORUM,
            "Fall mentor forum",
            forum_on,
            "Central",
            90,
        ),
    ]
    for training in trainings:
        service_operations.record_attendance(training, specialist, list(DEMO_MENTORS))


def database_is_empty() -> bool:
    return db.session.scalar(select(func.count()).select_from(User)) == 0


def clear_database() -> None:
    """Delete every row, children before parents; the certificate paths' rule sets stay (the
    application's configuration, as the migrations stored it, not the program's data). Ids
    start again from 1, so the same load gives the same rows."""
    cleared = [
        table
        for table in reversed(db.metadata.sorted_tables)
        if table.name != RuleSetVersion.__tablename__
    ]
    for table in cleared:
        db.session.execute(delete(table))
    set_id_sequences([table.name for table in cleared])


def set_id_sequences(table_names: list[str]) -> None:
    """PostgreSQL: set each table's id sequence after its largest id (1 when it is empty), so
    the next row the app inserts takes the next id, as on SQLite, where an id always follows
    the largest one. Tables without an integer id (random text ids, natural keys) are left."""
    if db.engine.dialect.name != "postgresql":
        return
    for name in table_names:
        columns = db.metadata.tables[name].c
        if "id" not in columns or columns.id.type.python_type is not int:
            continue
        # Table names come from the app's own metadata, never from input.
        statement = (
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608
            f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {name}), false)"
        )
        db.session.execute(text(statement))


def seed_demo(today: date | None = None) -> list[User]:
    """Create the demo accounts (all with the demo password) and a running cohort."""
    today = today or localtime.today()
    users = {
        email: operations.create_user(email, name, role, password=DEMO_PASSWORD)
        for email, name, role in DEMO_ACCOUNTS
    }
    for user in users.values():
        if user.must_use_second_factor:
            user.totp_secret = DEMO_TOTP_SECRET
            user.totp_confirmed_at = utcnow()
    for email, regions in DEMO_REGIONAL.items():
        operations.set_regions(users[email], regions, None)
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
                association_expires_on=school_year_bounds(school_year_of(today) + 1)[1],
                holds_career_certificate=True,
                # Vetted and trained before the finished cohort began.
                vetting_approved_on=date(school_year_of(today) - 2, 5, 1),
                training_completed_on=date(school_year_of(today) - 2, 6, 15),
            )
        )
    db.session.flush()

    school_year = running_cohort_start(today)
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
        enrollment = cohort_operations.enroll(cohort, users[email], None, date(school_year, 8, 15))
        members[email] = enrollment
        if mentor_email:
            cohort_operations.assign(enrollment, groups[mentor_email], None)

    topics = _seed_curriculum(cohort, users["specialist@example.org"], today)
    _seed_activity(cohort, groups, users, members, today, topics)
    _seed_finished_cohort(users, today)
    _seed_survey(cohort, users, members, today)
    _seed_trainings(users, today)
    name, region = OTHER_REGION_COHORT
    cohort_operations.create_cohort(f"{school_year + 1} {name}", region, school_year + 1, None)

    for name, email, district, years in DEMO_APPLICATIONS:
        mentor_operations.submit_application(
            name=name,
            email=email,
            district=district,
            school=f"{district} High",
            grade_levels=[GradeLevel.HIGH],
            region="Central",
            years_experience=years,
            association_number="MSCA-20417",
            association_expires_on=school_year_bounds(school_year_of(today) + 1)[1],
            holds_career_certificate=years >= 4,
            statement="I have supported new counselors in my district and want to lead a PLC.",
            reference1_name="Pat Lindqvist",
            reference1_email=f"ref1.{email}",
            reference2_name="Morgan Ellis",
            reference2_email=f"ref2.{email}",
            commits_two_years=True,
        )
    return list(users.values())
