"""A small program for the permission matrix: one of everything, and a visitor of each role.

The visiting mentor leads the cohort's PLC group and the visiting mentee is enrolled in it.
"""

from dataclasses import dataclass
from datetime import date, time, timedelta

from mentoring.certificates.codes import new_code
from mentoring.certificates.models import Certificate
from mentoring.core.models import utcnow
from mentoring.extensions import db
from mentoring.mentors import operations as mentor_operations
from mentoring.mentors.models import TrainingAttendance, TrainingEvent, TrainingKind
from mentoring.plans.operations import add_goal
from mentoring.schedule.operations import schedule_meetings
from mentoring.upgrade.models import (
    CreditUnit,
    DevelopmentActivity,
    EvidenceFile,
    ExperienceYear,
    SchoolType,
    VerificationLink,
)
from mentoring.users.models import Role
from tests.conftest import make_user
from tests.factories import (
    enroll,
    log_meeting,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    write_reflection,
)


@dataclass
class World:
    visitors: dict
    url_values: dict


def build_world() -> World:
    mentor = make_mentor(name="Visiting Mentor")
    mentee = make_mentee(name="Visiting Mentee")
    today = date.today()
    # The cohort holds the meeting of three days ago, even in the first days of July.
    first_day = today - timedelta(days=3)
    cohort = make_cohort(start_year=first_day.year if first_day.month >= 7 else first_day.year - 1)
    group = make_group(cohort, mentor)
    enrollment = enroll(cohort, mentee, group)
    application = mentor_operations.submit_application(
        name="Applying Counselor",
        email="applicant@example.org",
        district="Applicant District",
        school="Applicant Elementary",
        grade_levels=["elementary"],
        region="Central",
        years_experience=6,
        association_number="MSCA-99999",
        association_expires_on=date.today() + timedelta(days=365),
        holds_career_certificate=True,
        statement="I would like to mentor.",
        reference1_name="Ref One",
        reference1_email="ref1@example.org",
        reference2_name="Ref Two",
        reference2_email="ref2@example.org",
        commits_two_years=True,
    )
    # A recent meeting of the visiting mentor's group that the visiting mentee attended, and a
    # reflection the mentee shared with that mentor.
    meeting = log_meeting(group, today - timedelta(days=3), attendees=[enrollment])
    reflection = write_reflection(enrollment, today - timedelta(days=2))
    # A certificate of the visiting mentee's enrollment, written directly: the matrix checks who
    # may see it, not whether the enrollment earned it.
    certificate = Certificate(
        enrollment_id=enrollment.id,
        serial="MO-SCMP-0001-00001",
        serial_year=1,
        serial_number=1,
        code=new_code(),
        holder_name=mentee.name,
        school_years=cohort.school_years,
        contact_minutes=90,
        issued_on=today,
        signatory_name="Program Director",
        signatory_title="Department of Education",
    )
    db.session.add(certificate)
    # One year of experience and one professional-development activity on the visiting mentee's
    # upgrade checklist.
    experience = ExperienceYear(
        mentee_id=mentee.id,
        start_year=first_day.year - 1 if first_day.month >= 7 else first_day.year - 2,
        employer="Mentee District",
        school_type=SchoolType.PUBLIC,
        is_contracted=True,
        is_at_least_half_time=True,
    )
    development = DevelopmentActivity(
        mentee_id=mentee.id,
        completed_on=today - timedelta(days=10),
        title="Crisis response workshop",
        provider="Regional center",
        unit=CreditUnit.CONTACT_HOURS,
        credit_minutes=90,
    )
    db.session.add_all([experience, development])
    db.session.flush()
    evidence = EvidenceFile(
        mentee_id=mentee.id,
        development_activity_id=development.id,
        file_name="attendance.pdf",
        content_type="application/pdf",
        size_bytes=9,
        data=b"%PDF-1.7\n",
        uploaded_at=utcnow(),
    )
    link = VerificationLink(
        mentee_id=mentee.id,
        token_hash="0" * 64,
        contact_name="District Contact",
        contact_email="contact@example.org",
        expires_at=utcnow() + timedelta(days=30),
    )
    db.session.add_all([evidence, link])
    db.session.flush()
    # A PLC meeting of the visiting mentor's group scheduled for two days from now, which
    # invites the visiting mentee.
    scheduled = schedule_meetings(
        group,
        mentor,
        utcnow(),
        kind="plc_group",
        enrollment_id=None,
        topic=None,
        starts_on=today + timedelta(days=2),
        start_time=time(16, 0),
        duration_minutes=90,
        location="Mentor District High, room 12",
        video_url="",
        agenda="",
    )[0]
    # The visiting mentee's plan of program year 1, with one goal.
    goal = add_goal(
        enrollment,
        1,
        mentee,
        program_goal="growth",
        goal="Run a small group",
        actions="Plan six sessions",
        target_on=cohort.starts_on + timedelta(days=200),
    )
    # A regional training the visiting mentor attended.
    training = TrainingEvent(
        kind=TrainingKind.REGIONAL_TRAINING,
        title="Regional mentor training",
        held_on=today - timedelta(days=20),
        region="Central",
        minutes=360,
    )
    db.session.add(training)
    db.session.flush()
    db.session.add(TrainingAttendance(training_event_id=training.id, mentor_id=mentor.id))
    invited = make_user(Role.MENTEE, password=None)
    db.session.commit()
    return World(
        visitors={
            Role.SPECIALIST: make_user(Role.SPECIALIST),
            Role.MENTOR: mentor,
            Role.MENTEE: mentee,
        },
        url_values={
            "user_id": invited.id,
            "mentor_id": mentor.id,
            "cohort_id": cohort.id,
            "group_id": group.id,
            "enrollment_id": enrollment.id,
            "application_id": application.id,
            "meeting_id": meeting.id,
            "scheduled_id": scheduled.id,
            "goal_id": goal.id,
            "reflection_id": reflection.id,
            "year": 1,
            "certificate_id": certificate.id,
            "code": certificate.code,
            "mentee_id": mentee.id,
            "experience_id": experience.id,
            "development_id": development.id,
            "kind": "development",
            "item_id": development.id,
            "file_id": evidence.id,
            "link_id": link.id,
            "token": "made-up-token",
            "training_id": training.id,
        },
    )
