"""Mentor applications: eligibility, the public form, and the specialists' decisions."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from mentoring.core import localtime
from mentoring.core.audit import AuditEvent
from mentoring.core.errors import MentoringError
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.mentors import operations
from mentoring.mentors.models import ApplicationStatus, MentorApplication, MentorProfile
from mentoring.users.models import User
from tests.factories import make_user
from tests.mentors.helpers import application_answers, submit_application


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


# Eligibility ------------------------------------------------------------------------------------

TODAY = date(2026, 11, 22)


def _application(**changes) -> MentorApplication:
    fields = {
        "years_experience": 5,
        "association_expires_on": TODAY + timedelta(days=30),
        "commits_two_years": True,
    }
    fields.update(changes)
    return MentorApplication(**fields)


def test_an_application_meeting_every_rule_has_no_problems():
    assert operations.eligibility_problems(_application(), TODAY) == []


def test_at_least_three_years_of_experience_are_needed():
    assert operations.eligibility_problems(_application(years_experience=3), TODAY) == []
    problems = operations.eligibility_problems(_application(years_experience=2), TODAY)
    assert problems == ["2 years of experience; the program asks for at least 3."]


def test_a_membership_expiring_today_is_current_and_one_expired_yesterday_is_not():
    assert operations.eligibility_problems(_application(association_expires_on=TODAY), TODAY) == []
    yesterday = TODAY - timedelta(days=1)
    problems = operations.eligibility_problems(
        _application(association_expires_on=yesterday), TODAY
    )
    assert problems == ["Association membership expired on November 21, 2026."]


def test_the_two_year_commitment_is_needed():
    problems = operations.eligibility_problems(_application(commits_two_years=False), TODAY)
    assert problems == ["No commitment to serve the full two years."]


def test_every_unmet_rule_is_reported():
    application = _application(
        years_experience=0,
        association_expires_on=TODAY - timedelta(days=1),
        commits_two_years=False,
    )
    assert len(operations.eligibility_problems(application, TODAY)) == 3


# The public form --------------------------------------------------------------------------------


def test_the_apply_page_shows_the_rules_and_groups_its_choices(client):
    page = client.get("/mentors/apply").get_data(as_text=True)
    for rule in operations.ELIGIBILITY_RULES:
        assert rule in page
    for legend in ["Grade levels served", "First reference", "Second reference"]:
        assert f">{legend}</legend>" in page
    assert 'style="' not in page and "<script>" not in page


def test_an_application_is_recorded_audited_and_thanked(client):
    response = client.post(
        "/mentors/apply", data=application_answers(email="  Casey@School.Example ")
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/mentors/apply/thanks"
    application = db.session.scalar(select(MentorApplication))
    assert application.email == "casey@school.example"
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.grade_levels == "middle,high"
    assert application.years_experience == 7 and application.holds_career_certificate
    assert application.commits_two_years
    assert _actions() == ["mentor_application.submitted"]
    thanks = client.get("/mentors/apply/thanks").get_data(as_text=True)
    assert "What happens next" in thanks


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"commits_two_years": None}, "The program asks mentors to commit to two years."),
        ({"grade_levels": None}, "Choose at least one grade level."),
        ({"grade_levels": ["college"]}, "Choose one of the options given."),
        (
            {"email": "not-an-email"},
            "Enter an email address in the correct format, like name@example.org.",
        ),
        (
            {"reference2_email": "dana@"},
            "Enter an email address in the correct format, like name@example.org.",
        ),
        ({"statement": "x" * 2001}, "Why you want to mentor must be 2,000 characters or fewer."),
        ({"statement": "   "}, "Say why you want to mentor."),
        ({"name": "x" * 121}, "Full name must be 120 characters or fewer."),
        (
            {"association_number": "x" * 41},
            "MSCA membership number must be 40 characters or fewer.",
        ),
        ({"association_expires_on": "2027-13-45"}, "Enter a real date."),
        ({"association_expires_on": None}, "Enter the date your MSCA membership expires."),
        (
            {"years_experience": "61"},
            "Years as a practising school counselor must be between 0 and 60.",
        ),
        ({"years_experience": "many"}, "Enter a whole number, in figures."),
        ({"region": "Atlantis"}, "Choose one of the options given."),
        ({"region": ""}, "Choose a region."),
        ({"holds_career_certificate": None}, "Say whether you hold the certificate."),
        ({"holds_career_certificate": "maybe"}, "Answer yes or no."),
        (
            {"reference1_email": "CASEY@school.example"},
            "A reference must be someone other than you.",
        ),
        ({"reference2_email": "pat@school.example"}, "Give two different references."),
    ],
)
def test_bad_answers_are_shown_beside_their_field_and_nothing_is_recorded(client, changes, message):
    response = client.post("/mentors/apply", data=application_answers(**changes))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert "invalid-feedback" in page
    assert _count(MentorApplication) == 0


def test_a_second_open_application_from_the_same_email_is_refused(client):
    submit_application()
    response = client.post("/mentors/apply", data=application_answers(email="CASEY@school.example"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="email-error"' in page
    assert "An application from this email is already waiting for a decision." in page
    assert _count(MentorApplication) == 1


def test_applications_are_limited_to_five_an_hour(client):
    # Each test's app starts with empty limit counters, so the other tests stay under it.
    for _ in range(5):
        assert client.post("/mentors/apply", data={}).status_code == 400
    assert client.post("/mentors/apply", data={}).status_code == 429
    assert client.get("/mentors/apply").status_code == 200


# The specialists' queue -------------------------------------------------------------------------


def test_the_queue_shows_waiting_applications_newest_first_and_filters(client, specialist):
    older = submit_application(name="Older Applicant", email="older@example.org")
    older.submitted_at = datetime(2026, 9, 1, 17, tzinfo=UTC)  # noon in Missouri
    submit_application(name="Newer Applicant", email="newer@example.org")
    declined = submit_application(name="Declined Applicant", email="declined@example.org")
    operations.decline_application(declined, specialist, "Not this year.")
    db.session.commit()

    waiting = client.get("/admin/applications").get_data(as_text=True)
    assert "2 applications" in waiting and "Declined Applicant" not in waiting
    assert waiting.index("Newer Applicant") < waiting.index("Older Applicant")
    assert "September 1, 2026" in waiting and "Riverside R-IV" in waiting
    only_declined = client.get("/admin/applications?status=declined").get_data(as_text=True)
    assert "1 application" in only_declined and "Declined Applicant" in only_declined
    everything = client.get("/admin/applications?status=").get_data(as_text=True)
    assert "3 applications" in everything
    # An unknown status falls back to the waiting ones rather than failing.
    assert "2 applications" in client.get("/admin/applications?status=lost&page=-1").get_data(
        as_text=True
    )


def test_the_queue_pages(client, specialist):
    for number in range(26):
        submit_application(name=f"Applicant {number:02d}", email=f"applicant{number}@example.org")
    first = client.get("/admin/applications").get_data(as_text=True)
    assert "Page 1 of 2" in first
    assert "Applicant 00" in client.get("/admin/applications?page=2").get_data(as_text=True)


def test_an_application_page_shows_every_answer_and_the_eligibility_check(client, specialist):
    application = submit_application(years_experience=2)
    page = client.get(f"/admin/applications/{application.id}").get_data(as_text=True)
    for answer in [
        "casey@school.example",
        "Riverside R-IV",
        "Riverside Middle",
        "Middle school",
        "MSCA-12345",
        "I have mentored interns before.",
        "Pat Principal",
        "dana@school.example",
    ]:
        assert answer in page, answer
    assert "Not met" in page
    assert "2 years of experience; the program asks for at least 3." in page
    assert 'name="approve-override_reason"' in page
    assert 'name="decline-note"' in page and 'name="withdraw-note"' in page

    eligible = submit_application(email="eligible@example.org")
    eligible_page = client.get(f"/admin/applications/{eligible.id}").get_data(as_text=True)
    assert "Not met" not in eligible_page
    assert 'name="approve-override_reason"' not in eligible_page


def test_an_unknown_application_is_404(client, specialist):
    assert client.get("/admin/applications/999999").status_code == 404
    assert client.post("/admin/applications/999999/approve").status_code == 404


def test_approving_without_a_reason_when_a_rule_fails_changes_nothing(client, specialist, outbox):
    application = submit_application(years_experience=2)
    assert [m.subject for m in outbox] == ["Your mentor application was received"]
    outbox.clear()
    users_before = _count(User)
    response = client.post(f"/admin/applications/{application.id}/approve", data={})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="approve-override_reason-error"' in page
    assert "Give a reason to approve it anyway." in page
    db.session.refresh(application)
    assert application.status == ApplicationStatus.SUBMITTED and application.decided_at is None
    assert _count(User) == users_before and _count(MentorProfile) == 0
    assert outbox == []


def test_approving_with_a_reason_makes_an_invited_mentor_and_audits_the_reason(
    client, specialist, outbox
):
    application = submit_application(years_experience=2, holds_career_certificate=True)
    response = client.post(
        f"/admin/applications/{application.id}/approve",
        data={
            "approve-note": "Strong references.",
            "approve-override_reason": "Eight years as a school psychologist first.",
            "approve-training_completed_on": "2026-10-01",
        },
    )
    assert response.status_code == 302
    mentor = db.session.scalar(select(User).where(User.email == "casey@school.example"))
    assert mentor.role == Role.MENTOR and mentor.name == "Casey Counselor"
    assert not mentor.has_password
    profile = db.session.get(MentorProfile, mentor.id)
    assert profile.capacity == 4 and profile.region == "Central"
    assert profile.district == "Riverside R-IV" and profile.holds_career_certificate
    assert profile.vetting_approved_on == localtime.today()
    assert profile.training_completed_on == date(2026, 10, 1)
    db.session.refresh(application)
    assert application.status == ApplicationStatus.APPROVED
    assert application.decided_by_id == specialist.id and application.user_id == mentor.id
    assert application.decision_note == "Strong references."
    assert application.override_reason == "Eight years as a school psychologist first."
    assert [(message.to, message.subject) for message in outbox] == [
        (["casey@school.example"], "Your mentor application was received"),
        (["casey@school.example"], "Your mentor application was approved"),
        (["casey@school.example"], "You are invited to the Counselor Mentoring Program"),
    ]
    approval = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "mentor_application.approved")
    )
    assert "Reason: Eight years as a school psychologist first." in approval.summary
    assert approval.actor_id == specialist.id

    page = client.get(f"/admin/applications/{application.id}").get_data(as_text=True)
    assert "Sam Specialist" in page and "Eight years as a school psychologist first." in page
    assert "Strong references." in page and 'name="approve-note"' not in page
    assert f'href="/admin/mentors/{mentor.id}"' in page


def test_approving_an_existing_mentee_account_upgrades_its_role(client, specialist, outbox):
    mentee = make_user(Role.MENTEE, email="casey@school.example")
    application = submit_application()
    response = client.post(f"/admin/applications/{application.id}/approve", data={})
    assert response.status_code == 302
    db.session.refresh(mentee)
    assert mentee.role == Role.MENTOR
    assert db.session.get(MentorProfile, mentee.id) is not None
    # They have a password already: no invitation is needed, only the decision.
    assert [message.subject for message in outbox] == [
        "Your mentor application was received",
        "Your mentor application was approved",
    ]
    assert "user.role_changed" in _actions()


def test_a_malformed_training_date_changes_nothing(client, specialist):
    application = submit_application()
    response = client.post(
        f"/admin/applications/{application.id}/approve",
        data={"approve-training_completed_on": "01/10/2026"},
    )
    assert response.status_code == 400
    assert b"Enter a real date." in response.data
    future = (localtime.today() + timedelta(days=1)).isoformat()
    response = client.post(
        f"/admin/applications/{application.id}/approve",
        data={"approve-training_completed_on": future},
    )
    assert response.status_code == 400 and b"This date cannot be in the future." in response.data
    db.session.refresh(application)
    assert application.status == ApplicationStatus.SUBMITTED


def test_declining_needs_a_note(client, specialist):
    application = submit_application()
    response = client.post(
        f"/admin/applications/{application.id}/decline", data={"decline-note": "  "}
    )
    assert response.status_code == 400
    assert 'id="decline-note-error"' in response.get_data(as_text=True)
    db.session.refresh(application)
    assert application.status == ApplicationStatus.SUBMITTED

    response = client.post(
        f"/admin/applications/{application.id}/decline",
        data={"decline-note": "Membership lapses before the cohort starts."},
    )
    assert response.status_code == 302
    db.session.refresh(application)
    assert application.status == ApplicationStatus.DECLINED
    assert application.decision_note == "Membership lapses before the cohort starts."
    assert application.decided_by_id == specialist.id and application.decided_at is not None
    assert _count(MentorProfile) == 0
    assert _actions()[-1] == "mentor_application.declined"


def test_a_decision_note_is_limited_to_its_column(client, specialist):
    application = submit_application()
    response = client.post(
        f"/admin/applications/{application.id}/decline", data={"decline-note": "x" * 1001}
    )
    assert response.status_code == 400
    assert b"Your answer must be 1,000 characters or fewer." in response.data


def test_withdrawing_needs_no_note(client, specialist):
    application = submit_application()
    response = client.post(f"/admin/applications/{application.id}/withdraw", data={})
    assert response.status_code == 302
    db.session.refresh(application)
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.decision_note is None
    page = client.get(f"/admin/applications/{application.id}").get_data(as_text=True)
    assert "Withdrawn" in page and "Sam Specialist" in page


def test_deciding_twice_is_refused(client, specialist):
    application = submit_application()
    client.post(f"/admin/applications/{application.id}/withdraw", data={})
    response = client.post(
        f"/admin/applications/{application.id}/decline",
        data={"decline-note": "Changed my mind."},
        follow_redirects=True,
    )
    assert b"This application was already withdrawn." in response.data
    response = client.post(f"/admin/applications/{application.id}/approve", data={})
    assert response.status_code == 302
    db.session.refresh(application)
    assert application.status == ApplicationStatus.WITHDRAWN
    assert _count(MentorProfile) == 0


def test_a_withdrawn_applicant_may_apply_again(client):
    application = submit_application()
    operations.withdraw_application(application, make_user(Role.SPECIALIST))
    db.session.commit()
    assert client.post("/mentors/apply", data=application_answers()).status_code == 302
    assert _count(MentorApplication) == 2


def test_each_rule_is_reported_met_or_not_with_its_reason():
    checks = operations.eligibility_checks(_application(years_experience=1), TODAY)
    assert [(check.rule, check.met) for check in checks] == [
        (operations.EXPERIENCE_RULE, False),
        (operations.MEMBERSHIP_RULE, True),
        (operations.COMMITMENT_RULE, True),
    ]
    assert checks[0].detail == "1 years of experience; the program asks for at least 3."


def test_the_database_keeps_one_open_application_per_email(app):
    submit_application(email="twice@example.org")
    db.session.commit()
    duplicate = MentorApplication(
        **{
            column.name: getattr(db.session.scalars(select(MentorApplication)).one(), column.name)
            for column in MentorApplication.__table__.columns
            if column.name != "id"
        }
    )
    db.session.add(duplicate)
    with pytest.raises(Exception, match="(?i)unique"):
        db.session.flush()
    db.session.rollback()


def test_an_application_decided_meanwhile_by_someone_else_is_not_decided_again(app):
    application = submit_application()
    specialist = make_user(Role.SPECIALIST)
    db.session.commit()
    assert application.status == ApplicationStatus.SUBMITTED  # what this specialist's page showed
    # Another specialist declines it meanwhile, behind this session's back.
    db.session.execute(
        update(MentorApplication).values(status=ApplicationStatus.DECLINED),
        execution_options={"synchronize_session": False},
    )
    with pytest.raises(MentoringError, match="Someone else decided this application"):
        operations.approve_application(application, specialist, TODAY)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(MentorProfile)) == 0


def test_approving_onto_a_deactivated_account_is_refused(app):
    make_user(Role.MENTEE, email="casey@school.example", is_active=False)
    application = submit_application()
    with pytest.raises(MentoringError, match="is deactivated. Reactivate it"):
        operations.approve_application(application, make_user(Role.SPECIALIST), TODAY)
