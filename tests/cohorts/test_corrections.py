"""A specialist corrects a person's name, email and workplace; the CLI does the same."""

import html
import re
from datetime import date

import pytest
from sqlalchemy import select

from mentoring.certificates import operations as certificates
from mentoring.cohorts.models import MenteeProfile
from mentoring.core.audit import AuditEvent
from mentoring.core.models import utcnow
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.users.models import User
from tests.factories import (
    complete_both_years,
    enroll,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)


@pytest.fixture
def specialist(app):
    return make_user(Role.SPECIALIST, name="Dana Specialist")


@pytest.fixture
def mentee(app):
    return make_mentee(name="Noor Grduate", district="Fulton 58", email="noor@fulton.example")


def _form(**overrides) -> dict:
    return {
        "name": "Noor Graduate",
        "email": "noor.graduate@fulton.example",
        "district": "Columbia 93",
        "school": "Fulton 58 Middle",
        "grade_level": "middle",
        "kind": "new",
        "region": "",
        "iss_issued_on": "2025-08-01",
        **overrides,
    }


def _text(response) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split()))


def test_a_specialist_corrects_name_email_and_district(client, auth, specialist, mentee, outbox):
    auth.login_as(specialist)
    form = _text(client.get(f"/admin/users/{mentee.id}/edit"))
    assert "Correct Noor Grduate" in form
    response = client.post(f"/admin/users/{mentee.id}/edit", data=_form())
    assert response.status_code == 302
    db.session.refresh(mentee)
    assert (mentee.name, mentee.email) == ("Noor Graduate", "noor.graduate@fulton.example")
    assert db.session.get(MenteeProfile, mentee.id).district == "Columbia 93"
    (event,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.corrected"))
    assert event.actor_id == specialist.id and event.target_id == mentee.id
    assert event.summary == (
        "noor.graduate@fulton.example: name: Noor Grduate → Noor Graduate; "
        "email: noor@fulton.example → noor.graduate@fulton.example; "
        "district: Fulton 58 → Columbia 93"
    )
    assert sorted(message.to[0] for message in outbox) == [
        "noor.graduate@fulton.example",
        "noor@fulton.example",
    ]
    assert "- name: Noor Grduate → Noor Graduate" in outbox[0].body
    shown = _text(client.get(response.headers["Location"]))
    assert "Saved: name: Noor Grduate → Noor Graduate" in shown


def test_only_a_workplace_change_sends_no_email(client, auth, specialist, mentee, outbox):
    auth.login_as(specialist)
    data = _form(name="Noor Grduate", email="noor@fulton.example", school="Fulton High")
    assert client.post(f"/admin/users/{mentee.id}/edit", data=data).status_code == 302
    assert db.session.get(MenteeProfile, mentee.id).school == "Fulton High"
    assert outbox == []


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"email": "taken@example.org"}, "Another account already uses this email."),
        ({"name": ""}, "Enter full name."),
        (
            {"email": "not-an-email"},
            "Enter an email address in the correct format, like name@example.org.",
        ),
        ({"iss_issued_on": "2999-01-01"}, "This date cannot be in the future."),
    ],
)
def test_bad_corrections_are_refused_beside_the_field(
    client, auth, specialist, mentee, outbox, overrides, field_message
):
    make_user(Role.MENTOR, email="taken@example.org")
    auth.login_as(specialist)
    response = client.post(f"/admin/users/{mentee.id}/edit", data=_form(**overrides))
    assert response.status_code == 400 and field_message in _text(response)
    db.session.refresh(mentee)
    assert (mentee.name, mentee.email) == ("Noor Grduate", "noor@fulton.example")
    assert outbox == []


def test_a_corrected_name_reaches_a_reissued_certificate(client, auth, specialist, mentee):
    cohort = make_cohort(name="2024 Central Cohort", start_year=2024)
    group = make_group(cohort, make_mentor(name="Mia Mentor"))
    enrollment = enroll(cohort, mentee, group)
    complete_both_years(group, enrollment, 2024)
    first = certificates.issue_certificate(enrollment, specialist, date(2026, 7, 15))
    db.session.commit()
    auth.login_as(specialist)
    client.post(f"/admin/users/{mentee.id}/edit", data=_form(email="noor@fulton.example"))
    second = certificates.reissue(first, specialist, "Name corrected", date(2026, 12, 7), utcnow())
    db.session.commit()
    assert (first.holder_name, second.holder_name) == ("Noor Grduate", "Noor Graduate")


def test_a_mentor_account_has_no_workplace_fields(client, auth, specialist):
    mentor = make_mentor(name="Mia Mentr")
    auth.login_as(specialist)
    assert "School district" not in _text(client.get(f"/admin/users/{mentor.id}/edit"))
    response = client.post(
        f"/admin/users/{mentor.id}/edit", data={"name": "Mia Mentor", "email": mentor.email}
    )
    assert response.status_code == 302 and db.session.get(User, mentor.id).name == "Mia Mentor"


def test_flask_users_update(runner, mentee, outbox):
    result = runner.invoke(
        args=[
            "users",
            "update",
            "--email",
            "NOOR@fulton.example",
            "--name",
            "Noor Graduate",
            "--school",
            "Fulton High",
        ]
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "name: Noor Grduate → Noor Graduate; school: Fulton 58 Middle → Fulton High"
    )
    assert db.session.get(MenteeProfile, mentee.id).district == "Fulton 58"  # kept
    assert [message.to for message in outbox] == [["noor@fulton.example"]]
    missing = runner.invoke(args=["users", "update", "--email", "nobody@example.org"])
    assert (
        missing.exit_code == 1 and "No account has the email nobody@example.org." in missing.output
    )
    taken = make_user(Role.MENTOR, email="taken@example.org")
    clash = runner.invoke(
        args=["users", "update", "--email", taken.email, "--new-email", "noor@fulton.example"]
    )
    assert clash.exit_code == 1 and "Another account already uses this email." in clash.output
