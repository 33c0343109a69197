"""CSRF protection: a POST without a valid token gets 400 and changes nothing."""

import pytest
from sqlalchemy import func, select

from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.users.models import User
from tests.factories import PASSWORD, make_user


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def test_login_without_a_token_is_refused(client):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert b"did not come from this site" in response.data
    assert client.get("/").status_code == 302


def test_invite_without_a_token_changes_nothing(client):
    specialist = make_user(Role.SPECIALIST)
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    signed_in = client.post(
        "/login", data={"email": specialist.email, "password": PASSWORD, "csrf_token": token}
    )
    assert signed_in.status_code == 302
    before = db.session.scalar(select(func.count()).select_from(User))
    response = client.post(
        "/admin/users/invite",
        data={"name": "Forged", "email": "forged@example.org", "role": "specialist"},
    )
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(User)) == before
    tampered = client.post(
        "/admin/users/invite",
        data={"name": "Forged", "email": "forged@example.org", "role": "mentor", "csrf_token": "x"},
    )
    assert tampered.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(User)) == before
