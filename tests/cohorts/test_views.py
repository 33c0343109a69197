"""The specialist's cohort pages, and what mentors and mentees see of their cohort."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mentoring.cohorts.models import Assignment, Cohort, CohortStatus, Enrollment, MenteeProfile
from mentoring.core import localtime
from mentoring.core.audit import AuditEvent
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.users.models import User
from tests.factories import (
    count_statements,
    enroll,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)


def _sign_in_specialist(auth):
    auth.login_as(make_user(Role.SPECIALIST))


def test_create_a_cohort_and_find_it_in_the_filtered_list(client, auth):
    _sign_in_specialist(auth)
    response = client.post(
        "/admin/cohorts/new",
        data={"name": "Fall 2026 Southwest", "region": "Southwest", "start_year": "2026"},
    )
    assert response.status_code == 302
    cohort = db.session.scalars(select(Cohort)).one()
    assert cohort.status == CohortStatus.PLANNING and cohort.year2_min_reflections == 4
    make_cohort(name="Older cohort", region="Central", start_year=2024)
    listed = client.get("/admin/cohorts?region=Southwest").get_data(as_text=True)
    assert "Fall 2026 Southwest" in listed and "Older cohort" not in listed
    by_year = client.get("/admin/cohorts?year=2024").get_data(as_text=True)
    assert "Older cohort" in by_year and "Fall 2026 Southwest" not in by_year
    assert "2026–27 and 2027–28" in client.get(f"/admin/cohorts/{cohort.id}").get_data(as_text=True)


def test_cohort_form_refuses_bad_input_beside_the_field(client, auth):
    _sign_in_specialist(auth)
    cases = [
        ({"name": "", "region": "Central", "start_year": "2026"}, "Enter name."),
        (
            {"name": "X", "region": "Atlantis", "start_year": "2026"},
            "Choose one of the options given.",
        ),
        ({"name": "X", "region": "Central", "start_year": "1850"}, "between 2000 and 2100"),
        (
            {"name": "X" * 121, "region": "Central", "start_year": "2026"},
            "Name must be 120 characters or fewer.",
        ),
    ]
    for form, message in cases:
        response = client.post("/admin/cohorts/new", data=form)
        assert message in response.get_data(as_text=True), message
    assert db.session.scalar(select(func.count()).select_from(Cohort)) == 0


def test_an_illegal_status_move_is_shown_beside_the_status(client, auth):
    cohort = make_cohort(status=CohortStatus.PLANNING)
    _sign_in_specialist(auth)
    response = client.post(
        f"/admin/cohorts/{cohort.id}/edit",
        data={"name": cohort.name, "region": "Central", "start_year": "2026", "status": "archived"},
    )
    assert "A planning cohort cannot become archived." in response.get_data(as_text=True)
    db.session.refresh(cohort)
    assert cohort.status == CohortStatus.PLANNING


def test_enroll_a_new_counselor_with_a_mentor_invites_them(client, auth, outbox):
    cohort = make_cohort()
    mentor = make_mentor(name="Alex Rivera")
    group = make_group(cohort, mentor)
    _sign_in_specialist(auth)
    response = client.post(
        f"/admin/cohorts/{cohort.id}/enroll",
        data={
            "email": "Newbie@Fulton.example",
            "name": "Nia Newbie",
            "district": "Fulton 58",
            "school": "Fulton Middle",
            "grade_level": "middle",
            "kind": "returning",
            "group": str(group.id),
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "newbie@fulton.example"))
    assert db.session.get(MenteeProfile, user.id).kind.value == "returning"
    assert db.session.scalar(select(Enrollment.plc_group_id)) == group.id
    assert [(m.to, m.subject.split(" ")[0]) for m in outbox] == [
        (["newbie@fulton.example"], "You"),  # "You are invited …"
        (["newbie@fulton.example"], "Your"),  # "Your mentoring in …", naming the mentor
        ([mentor.email], "Your"),
    ]
    assert "is your mentor in" in outbox[1].body
    page = client.get(f"/admin/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Nia Newbie" in page and "1 of 4" in page


def test_enroll_refuses_bad_input_and_changes_nothing(client, auth, outbox):
    cohort = make_cohort()
    mentor = make_mentor(district="Fulton 58")
    group = make_group(cohort, mentor)
    _sign_in_specialist(auth)
    base = {
        "email": "n@example.org",
        "name": "N",
        "district": "Rolla",
        "school": "S",
        "grade_level": "middle",
        "kind": "new",
    }
    cases = [
        ({**base, "kind": "veteran"}, "Choose one of the options given."),
        ({**base, "email": "not-an-email"}, "Enter an email address in the correct format"),
        ({**base, "name": ""}, "Give the full name of a new mentee."),
        ({**base, "iss_issued_on": "2999-01-01"}, "cannot be in the future"),
        ({**base, "iss_issued_on": "31/12/2025"}, "Enter a real date."),
        ({**base, "email": mentor.email}, "is a mentor account"),
        ({**base, "district": "fulton 58", "group": str(group.id)}, "works in the same district"),
    ]
    for form, message in cases:
        response = client.post(f"/admin/cohorts/{cohort.id}/enroll", data=form)
        assert message in response.get_data(as_text=True), message
    assert db.session.scalar(select(func.count()).select_from(Enrollment)) == 0
    assert (
        db.session.scalar(select(func.count()).select_from(User).where(User.role == "mentee")) == 0
    )
    assert outbox == []


def test_reassign_from_the_page_keeps_the_history(client, auth):
    cohort = make_cohort()
    first = make_group(cohort, make_mentor(name="First Mentor"))
    second = make_group(cohort, make_mentor(name="Second Mentor"))
    enrollment = enroll(cohort, make_mentee(), first)
    _sign_in_specialist(auth)
    response = client.post(
        f"/admin/enrollments/{enrollment.id}/assign", data={"group": str(second.id)}
    )
    assert response.status_code == 302
    page = client.get(f"/admin/enrollments/{enrollment.id}/assign").get_data(as_text=True)
    assert page.index("First Mentor") < page.index("Second Mentor") and "(current)" in page
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 2


def test_a_full_group_is_refused_with_the_mentor_and_the_limit(client, auth):
    cohort = make_cohort()
    full = make_group(cohort, make_mentor(name="Full Mentor", capacity=1))
    enroll(cohort, make_mentee(), full)
    waiting = enroll(cohort, make_mentee())
    _sign_in_specialist(auth)
    response = client.post(f"/admin/enrollments/{waiting.id}/assign", data={"group": str(full.id)})
    assert response.status_code == 400
    assert "Full Mentor already has 1 mentees in this cohort" in response.get_data(as_text=True)


def test_withdraw_from_the_page(client, auth):
    cohort = make_cohort()
    enrollment = enroll(cohort, make_mentee(name="Leaving Soon"), make_group(cohort, make_mentor()))
    _sign_in_specialist(auth)
    refused = client.post(
        f"/admin/enrollments/{enrollment.id}/withdraw",
        data={"reason": "", "withdrawn_on": "2026-11-01"},
    )
    assert refused.status_code == 400
    done = client.post(
        f"/admin/enrollments/{enrollment.id}/withdraw",
        data={"reason": "Moved away", "withdrawn_on": "2026-11-30"},
    )
    assert done.status_code == 302
    page = client.get(f"/admin/cohorts/{cohort.id}").get_data(as_text=True)
    assert (
        f'<a href="/admin/mentees/{enrollment.mentee_id}">Leaving Soon</a>: withdrawn on '
        "November 30, 2026 (Moved away)" in page
    )


@pytest.mark.parametrize(
    ("withdrawn_on", "message"),
    [
        ("0001-01-01", "cannot be before the enrollment date (November 22, 2026)."),
        ("2026-11-21", "cannot be before the enrollment date (November 22, 2026)."),
        (str(localtime.today() + timedelta(days=1)), "cannot be in the future."),
    ],
)
def test_a_withdrawal_date_outside_enrollment_to_today_is_refused_beside_it(
    client, auth, withdrawn_on, message
):
    cohort = make_cohort()
    enrollment = enroll(cohort, make_mentee(), make_group(cohort, make_mentor()))
    _sign_in_specialist(auth)
    refused = client.post(
        f"/admin/enrollments/{enrollment.id}/withdraw",
        data={"reason": "Moved away", "withdrawn_on": withdrawn_on},
    )
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert re.search(rf'id="withdrawn_on-error"[^>]*>[^<]*{re.escape(message)}', page)
    assert db.session.get(Enrollment, enrollment.id).withdrawn_on is None
    on_the_day = client.post(
        f"/admin/enrollments/{enrollment.id}/withdraw",
        data={"reason": "Moved away", "withdrawn_on": "2026-11-22"},
    )
    assert on_the_day.status_code == 302


def test_add_a_mentor_by_email(client, auth):
    cohort = make_cohort()
    mentor = make_mentor(name="Grace Okafor")
    _sign_in_specialist(auth)
    unknown = client.post(
        f"/admin/cohorts/{cohort.id}/mentors", data={"email": "nobody@example.org"}
    )
    assert unknown.status_code == 400 and b"No vetted mentor has this email." in unknown.data
    added = client.post(f"/admin/cohorts/{cohort.id}/mentors", data={"email": mentor.email.upper()})
    assert added.status_code == 302
    assert "Grace Okafor" in client.get(f"/admin/cohorts/{cohort.id}").get_data(as_text=True)


def test_accept_some_suggested_matches(client, auth):
    cohort = make_cohort()
    group = make_group(cohort, make_mentor(name="Match Maker", district="Columbia"))
    enrollments = [
        enroll(cohort, make_mentee(name=f"Waiting {i}", district="Rolla")) for i in range(2)
    ]
    _sign_in_specialist(auth)
    page = client.get(f"/admin/cohorts/{cohort.id}/matching").get_data(as_text=True)
    assert "Waiting 0" in page and "Match Maker" in page and "same region (Central)" in page
    response = client.post(
        f"/admin/cohorts/{cohort.id}/matching", data={"pair": f"{enrollments[0].id}:{group.id}"}
    )
    assert response.status_code == 302
    assigned = dict(db.session.execute(select(Enrollment.id, Enrollment.plc_group_id)).all())
    assert assigned == {enrollments[0].id: group.id, enrollments[1].id: None}
    tampered = client.post(
        f"/admin/cohorts/{cohort.id}/matching", data={"pair": "999:1"}, follow_redirects=True
    )
    assert b"Nothing was assigned." in tampered.data
    nothing = client.post(f"/admin/cohorts/{cohort.id}/matching", data={})
    assert b"Select at least one proposed pair" in nothing.data


def test_a_mentor_sees_exactly_their_own_group(client, auth):
    cohort = make_cohort()
    mine, theirs = make_mentor(name="Me Mentor"), make_mentor(name="Other Mentor")
    my_group, their_group = make_group(cohort, mine), make_group(cohort, theirs)
    enroll(cohort, make_mentee(name="My Mentee", district="Rolla"), my_group)
    enroll(cohort, make_mentee(name="Their Mentee"), their_group)
    auth.login_as(mine)
    home = client.get("/").get_data(as_text=True)
    assert cohort.name in home and "1 mentee," in home
    page = client.get(f"/groups/{my_group.id}").get_data(as_text=True)
    assert "My Mentee" in page and "Rolla" in page and "Their Mentee" not in page
    assert client.get(f"/groups/{their_group.id}").status_code == 404
    assert client.get(f"/admin/cohorts/{cohort.id}").status_code == 403


def test_a_mentee_sees_their_cohort_and_mentor(client, auth):
    cohort = make_cohort(name="Heartland 2026")
    mentor = make_mentor(name="Alex Rivera", email="alex.rivera@example.org")
    mentee = make_mentee()
    enroll(cohort, mentee, make_group(cohort, mentor))
    auth.login_as(mentee)
    home = client.get("/").get_data(as_text=True)
    assert "Heartland 2026" in home and "Alex Rivera" in home and "alex.rivera@example.org" in home


def test_the_cohort_page_and_list_issue_the_same_queries_for_3_or_30_mentees(client, auth):
    small, large = make_cohort(name="Small"), make_cohort(name="Large")
    for cohort, size in ((small, 3), (large, 30)):
        groups = [make_group(cohort, make_mentor(capacity=10)) for _ in range(3)]
        for number in range(size):
            enroll(
                cohort, make_mentee(district="Rolla"), groups[number % 3] if number % 4 else None
            )
    _sign_in_specialist(auth)
    assert count_statements(client, f"/admin/cohorts/{small.id}") == count_statements(
        client, f"/admin/cohorts/{large.id}"
    )
    for number in range(20):
        make_cohort(name=f"Extra {number}")
    assert count_statements(client, "/admin/cohorts") == count_statements(
        client, "/admin/cohorts?page=2"
    )


# Honest confirmations -------------------------------------------------------------------------


def test_a_duplicate_cohort_is_refused_beside_the_name(client, auth):
    make_cohort(name="Fall 2026 Southwest", region="Southwest", start_year=2026)
    other = make_cohort(name="Spring 2026 Southwest", region="Southwest", start_year=2026)
    _sign_in_specialist(auth)
    data = {"name": "fall 2026 southwest", "region": "Southwest", "start_year": "2026"}
    created = client.post("/admin/cohorts/new", data=data)
    message = (
        "A cohort named fall 2026 southwest in Southwest starting in 2026 exists already. "
        "Give this one another name."
    )
    assert created.status_code == 400 and message in created.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Cohort)) == 2
    renamed = client.post(
        f"/admin/cohorts/{other.id}/edit", data={**data, "status": other.status.value}
    )
    assert renamed.status_code == 400 and message in renamed.get_data(as_text=True)
    db.session.refresh(other)
    assert other.name == "Spring 2026 Southwest"
    # Another region or year is another cohort.
    assert client.post("/admin/cohorts/new", data={**data, "start_year": "2027"}).status_code == 302


def test_adding_a_mentor_twice_says_so_and_changes_nothing(client, auth):
    cohort = make_cohort()
    mentor = make_mentor(name="Grace Okafor")
    make_group(cohort, mentor)
    _sign_in_specialist(auth)
    events = db.session.scalar(select(func.count()).select_from(AuditEvent))
    response = client.post(
        f"/admin/cohorts/{cohort.id}/mentors", data={"email": mentor.email}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "Grace Okafor already leads a PLC group in 2026 Central Cohort; nothing changed." in page
    assert "now leads a PLC group" not in page
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == events


def test_enrolling_an_enrolled_mentee_says_so_and_changes_nothing(client, auth):
    cohort = make_cohort()
    mentee = make_mentee(name="Robin Once", district="Fulton 58")
    enroll(cohort, mentee)
    _sign_in_specialist(auth)
    response = client.post(
        f"/admin/cohorts/{cohort.id}/enroll",
        data={
            "email": mentee.email,
            "name": "Robin Once",
            "district": "Another District",
            "school": "Another School",
            "grade_level": "middle",
            "kind": "new",
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Robin Once is already enrolled in 2026 Central Cohort; nothing changed." in page
    assert "Enrolled " not in page
    assert db.session.get(MenteeProfile, mentee.id).district == "Fulton 58"
