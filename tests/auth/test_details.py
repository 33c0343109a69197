"""Each person chooses the name the app shows them by; the full legal name (certificates) stays
the program staff's to correct, and the email changes through its confirmation link (issue 16,
item 2)."""

import pytest
from sqlalchemy import select

from mentoring.core import localtime
from mentoring.core.audit import AuditEvent
from mentoring.core.localtime import school_year_of
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.users.models import User
from tests.factories import enroll, make_cohort, make_group, make_mentee, make_mentor, make_user


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_a_person_chooses_the_name_the_app_shows(client, auth, outbox, role):
    user = make_user(role, name="Margaret Anne Okafor")
    auth.login_as(user)
    page = client.get("/account/details").get_data(as_text=True)
    assert 'value="Margaret Anne Okafor"' in page
    assert "write to the program staff" in page and 'href="/account/email"' in page

    saved = client.post("/account/details", data={"display_name": "  Maggie   Okafor "})
    assert saved.status_code == 302 and saved.headers["Location"] == "/account"
    stored = db.session.get(User, user.id)
    assert (stored.name, stored.preferred_name) == ("Margaret Anne Okafor", "Maggie Okafor")
    home = client.get("/account").get_data(as_text=True)
    assert "Saved: the app now shows you as Maggie Okafor." in home
    assert "Your full name, for certificates: Margaret Anne Okafor." in home
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action.like("user.display%")))
    assert (event.actor_id, event.target_id) == (user.id, user.id)
    assert event.summary == f"{user.email}: shown as Margaret Anne Okafor → Maggie Okafor"
    assert outbox == []

    # Empty, or the full name again: shown by the full name, with no chosen name kept.
    client.post("/account/details", data={"display_name": ""})
    assert db.session.get(User, user.id).preferred_name is None
    assert client.post("/account/details", data={"display_name": "Margaret Anne Okafor"})
    assert db.session.scalar(
        select(AuditEvent.summary)
        .where(AuditEvent.action == "user.display_name_changed")
        .order_by(AuditEvent.id.desc())
    ).endswith("Maggie Okafor → Margaret Anne Okafor")
    unchanged = client.post(
        "/account/details", data={"display_name": "Margaret Anne Okafor"}, follow_redirects=True
    )
    assert "Nothing changed." in unchanged.get_data(as_text=True)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("x" * 121, "must be 120 characters or fewer"),
        ("Maggie\u202eOkafor", "invisible"),
    ],
    ids=["too-long", "bidi-override"],
)
def test_a_refused_name_is_shown_beside_the_field_and_nothing_changes(client, auth, typed, message):
    user = make_user(Role.MENTEE, name="Sam Lee")
    auth.login_as(user)
    refused = client.post("/account/details", data={"display_name": typed})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert 'id="display_name-error"' in page and message in page.lower()
    assert db.session.get(User, user.id).preferred_name is None
    assert (
        db.session.scalar(
            select(AuditEvent.id).where(AuditEvent.action == "user.display_name_changed")
        )
        is None
    )


def test_the_chosen_name_greets_the_person_and_their_mentee_sees_it(client, auth, outbox):
    today = localtime.today()
    cohort = make_cohort(start_year=school_year_of(today))
    user = make_mentor(name="Robert Jones")
    mentee = make_mentee()
    enroll(cohort, mentee, make_group(cohort, user))
    auth.login_as(user)
    client.post("/account/details", data={"display_name": "Bob Jones"})
    assert "Welcome, Bob Jones" in client.get("/").get_data(as_text=True)
    auth.logout()
    client.post("/password/forgot", data={"email": user.email})
    assert outbox[-1].body.startswith("Hello Bob Jones,")
    auth.login_as(mentee)
    assert "Bob Jones," in client.get("/").get_data(as_text=True)
