"""Every mentor form carries its CSRF token, and a POST without one changes nothing."""

import re

import pytest
from sqlalchemy import func, select

from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.mentors.models import ApplicationStatus, MentorApplication, MentorProfile
from tests.factories import PASSWORD, current_code, make_mentor, make_user
from tests.mentors.helpers import application_answers, submit_application


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def _token(page: str, name: str = "csrf_token") -> str:
    match = re.search(rf'name="{re.escape(name)}" type="hidden" value="([^"]+)"', page)
    assert match, f"no {name} in the page"
    return match.group(1)


@pytest.fixture
def specialist_client(client):
    specialist = make_user(Role.SPECIALIST)
    token = _token(client.get("/login").get_data(as_text=True))
    client.post(
        "/login", data={"email": specialist.email, "password": PASSWORD, "csrf_token": token}
    )
    token = _token(client.get("/login/second-factor").get_data(as_text=True))
    second = client.post(
        "/login/second-factor", data={"code": current_code(specialist), "csrf_token": token}
    )
    assert second.status_code == 302
    return client


def test_the_application_form_needs_its_token(client):
    assert client.post("/mentors/apply", data=application_answers()).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(MentorApplication)) == 0
    token = _token(client.get("/mentors/apply").get_data(as_text=True))
    response = client.post("/mentors/apply", data=application_answers(csrf_token=token))
    assert response.status_code == 302


def test_each_decision_form_carries_its_own_token(specialist_client):
    application = submit_application()
    url = f"/admin/applications/{application.id}"
    page = specialist_client.get(url).get_data(as_text=True)
    for prefix in ["approve", "decline", "withdraw"]:
        _token(page, f"{prefix}-csrf_token")
    assert specialist_client.post(f"{url}/withdraw", data={}).status_code == 400
    db.session.refresh(application)
    assert application.status == ApplicationStatus.SUBMITTED
    token = _token(page, "withdraw-csrf_token")
    response = specialist_client.post(f"{url}/withdraw", data={"withdraw-csrf_token": token})
    assert response.status_code == 302
    db.session.refresh(application)
    assert application.status == ApplicationStatus.WITHDRAWN


def test_the_mentor_profile_forms_carry_their_tokens(specialist_client):
    mentor = make_mentor()
    url = f"/admin/mentors/{mentor.id}"
    page = specialist_client.get(url).get_data(as_text=True)
    _token(page)
    _token(page, "renew-csrf_token")
    assert specialist_client.post(f"{url}/retire", data={}).status_code == 400
    token = _token(page, "retire-csrf_token")
    response = specialist_client.post(f"{url}/retire", data={"retire-csrf_token": token})
    assert response.status_code == 302
    profile = db.session.get(MentorProfile, mentor.id)
    db.session.refresh(profile)
    assert profile.retired_on is not None
