"""A small program for the permission matrix: one of everything, and a visitor of each role.

The visiting mentor leads the cohort's PLC group and the visiting mentee is enrolled in it.
"""

from dataclasses import dataclass
from datetime import time, timedelta

from sqlalchemy import select

from mentoring.certificates.codes import new_code
from mentoring.certificates.models import Certificate
from mentoring.cohorts.experiences import experiences_of
from mentoring.core import localtime
from mentoring.core.localtime import school_year_of
from mentoring.core.models import utcnow
from mentoring.core.roles import Role
from mentoring.curriculum import operations as curriculum_operations
from mentoring.curriculum import queries as curriculum_queries
from mentoring.extensions import db
from mentoring.mentors.models import TrainingAttendance, TrainingEvent, TrainingKind
from mentoring.notifications.models import Notification
from mentoring.plans.operations import add_goal, tick_experience
from mentoring.schedule.operations import schedule_meetings
from mentoring.surveys import operations as survey_operations
from mentoring.surveys.models import QuestionKind, SurveyAudience
from mentoring.upgrade.models import (
    CreditUnit,
    DevelopmentActivity,
    EvidenceFile,
    ExperienceYear,
    RuleSetVersion,
    SchoolType,
    VerificationLink,
)
from mentoring.users import operations as user_operations
from tests.factories import (
    enroll,
    log_meeting,
    make_application,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
    write_reflection,
)
from tests.matrix import OFFICE, OTHER_REGION, REGIONAL


@dataclass
class World:
    visitors: dict
    url_values: dict


def build_world() -> World:
    mentor = make_mentor(name="Visiting Mentor")
    mentee = make_mentee(name="Visiting Mentee")
    today = localtime.today()
    # The cohort holds the meeting of three days ago, even in the first days of July.
    first_day = today - timedelta(days=3)
    cohort = make_cohort(start_year=school_year_of(first_day))
    group = make_group(cohort, mentor)
    enrollment = enroll(cohort, mentee, group)
    application = make_application("Applying Counselor", "applicant@example.org")
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
        start_year=school_year_of(first_day) - 1,
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
    # The cohort's PLC topic for October of year 1, with a link and a file, and a topic of the
    # program's list.
    specialist = make_user(Role.SPECIALIST)
    month = curriculum_operations.set_month(
        cohort,
        1,
        10,
        specialist,
        utcnow(),
        typed="A school counseling calendar",
        link_url="https://dese.mo.gov/",
        file_name="calendar.pdf",
        file_data=b"%PDF-1.7\n",
    )
    list_topic = curriculum_operations.add_list_topic(specialist, "Calendars")
    # The first essential experience of the cohort's year 1, ticked off for the visiting mentee
    # (so that a specialist's removal of it is refused, whoever asks first).
    essential = experiences_of(cohort.id)[1][0]
    tick_experience(enrollment, essential, mentor, today, done_on=enrollment.enrolled_on)
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
    # A survey of mentees with one question, open today in the cohort, and one of
    # administrators with its link.
    survey = survey_operations.create_survey("Year one", SurveyAudience.MENTEES, 1, None)
    question = survey_operations.add_question(
        survey, None, QuestionKind.SCALE, "How useful were the meetings?", [], True
    )
    run = survey_operations.give_to_cohorts(
        survey, [cohort], None, today - timedelta(days=1), today + timedelta(days=30)
    )[0]
    principals = survey_operations.create_survey(
        "Principals", SurveyAudience.ADMINISTRATORS, 1, None
    )
    survey_operations.add_question(principals, None, QuestionKind.LONG_TEXT, "Comments?", [], False)
    admin_run = survey_operations.give_to_cohorts(
        principals, [cohort], None, today - timedelta(days=1), today + timedelta(days=30)
    )[0]
    # The visiting mentee's notification that their mentor was assigned.
    notification = db.session.scalar(
        select(Notification).where(
            Notification.user_id == mentee.id, Notification.kind == "mentoring"
        )
    )
    # The certification office, and a specialist of another region than every object above.
    office = make_user(Role.CERTIFICATION_OFFICE)
    regional = make_user(Role.SPECIALIST, name="Regional Specialist")
    user_operations.set_regions(regional, [OTHER_REGION], None)
    db.session.commit()
    month_view = curriculum_queries.month_view(cohort.id, 1, 10)
    return World(
        visitors={
            Role.SPECIALIST: specialist,
            Role.MENTOR: mentor,
            Role.MENTEE: mentee,
            OFFICE: office,
            REGIONAL: regional,
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
            "essential_id": essential.id,
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
            "notification_id": notification.id,
            "token": "made-up-token",
            "month": month.month,
            "curriculum_link_id": month_view.links[0].id,
            "curriculum_file_id": month_view.files[0].id,
            "topic_id": list_topic.id,
            "survey_id": survey.id,
            "question_id": question.id,
            "run_id": run.id,
            "file_format": "csv",
            "survey_token": admin_run.admin_token,
            # A certificate path's rule set, as the migrations (and tests/conftest.py) store it.
            "rule_set_id": db.session.query(RuleSetVersion.id).limit(1).scalar(),
            "training_id": training.id,
        },
    )
