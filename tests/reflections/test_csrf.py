"""CSRF on the reflection forms: tokens live as long as the session, and a refused form comes
back with the text typed into it."""

import re
import time
from types import SimpleNamespace

import itsdangerous.timed
import pytest
from sqlalchemy import func, select

from mentoring.cohorts.queries import active_enrollment_of
from mentoring.core import localtime
from mentoring.core.localtime import school_year_of
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.reflections.models import Reflection
from tests.factories import (
    PASSWORD,
    enroll,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)
from tests.factories import write_reflection as plant_reflection

REFUSED_FORM = (
    "This form had expired or did not come from this site, so nothing was saved yet. "
    "Your text is below: check it and save it again."
)
REFUSED_BUTTON = "This form had expired or did not come from this site, so nothing was saved."
ACTIONS = ("edit", "share", "private", "delete", "acknowledge")
ESSAY = "An hour and more of writing.\nSecond paragraph: what I learned."


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def _token(page: str, name: str = "csrf_token") -> str:
    match = re.search(rf'name="{re.escape(name)}" type="hidden" value="([^"]+)"', page)
    assert match, f"no {name} in the page"
    return match.group(1)


def _sign_in(client, user) -> None:
    token = _token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Reflection))


@pytest.fixture
def mentee(app):
    today = localtime.today()
    cohort = make_cohort(start_year=school_year_of(today))
    mentee = make_mentee()
    enroll(cohort, mentee, make_group(cohort, make_mentor()))
    return mentee


@pytest.fixture
def later(monkeypatch):
    """Move the clock that signs and checks tokens (and session cookies) forward."""

    def move(seconds: int) -> None:
        now = time.time() + seconds
        monkeypatch.setattr(itsdangerous.timed, "time", SimpleNamespace(time=lambda: now))

    return move


def _shows_the_text_again(response) -> str:
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert REFUSED_FORM in page
    assert 'value="Eleven hours"' in page
    assert f"{ESSAY}</textarea>" in page
    return page


def test_a_token_eleven_hours_old_is_still_accepted(client, mentee, later):
    _sign_in(client, mentee)
    token = _token(client.get("/reflections/new").get_data(as_text=True))
    later(11 * 3600)  # Flask-WTF's default limit is one hour; the session lives for twelve
    response = client.post(
        "/reflections/new",
        data={"title": "Eleven hours", "body": ESSAY, "is_shared": "y", "csrf_token": token},
    )
    assert response.status_code == 302
    assert _count() == 1


def test_with_the_default_time_limit_the_same_token_would_be_refused(app, client, mentee, later):
    _sign_in(client, mentee)
    token = _token(client.get("/reflections/new").get_data(as_text=True))
    later(11 * 3600)
    app.config["WTF_CSRF_TIME_LIMIT"] = 3600
    data = {"title": "Eleven hours", "body": ESSAY, "is_shared": "y", "csrf_token": token}
    page = _shows_the_text_again(client.post("/reflections/new", data=data))
    assert _count() == 0
    data["csrf_token"] = _token(page)
    assert client.post("/reflections/new", data=data).status_code == 302
    assert _count() == 1


def test_a_bad_token_brings_the_form_back_with_the_text(client, mentee):
    _sign_in(client, mentee)
    data = {"title": "Eleven hours", "body": ESSAY, "is_shared": "y", "csrf_token": "forged"}
    page = _shows_the_text_again(client.post("/reflections/new", data=data))
    assert _count() == 0
    data["csrf_token"] = _token(page)
    assert client.post("/reflections/new", data=data).status_code == 302
    assert _count() == 1


def test_a_bad_token_on_the_edit_form_keeps_the_text_and_the_old_version(client, mentee):
    reflection = plant_reflection(
        active_enrollment_of(mentee.id), localtime.today(), title="Before"
    )
    _sign_in(client, mentee)
    url = f"/reflections/{reflection.id}/edit"
    data = {"title": "Eleven hours", "body": ESSAY, "csrf_token": "forged"}
    page = _shows_the_text_again(client.post(url, data=data))
    assert db.session.scalar(select(Reflection.title)) == "Before"
    data["csrf_token"] = _token(page)
    assert client.post(url, data=data).status_code == 302
    assert db.session.scalar(select(Reflection.title)) == "Eleven hours"


def test_others_with_a_bad_token_get_the_plain_refusal(app, client, mentee):
    reflection = plant_reflection(
        active_enrollment_of(mentee.id), localtime.today(), title="Theirs", body="Not yours"
    )
    base = f"/reflections/{reflection.id}"
    data = {"title": "Eleven hours", "body": ESSAY, "csrf_token": "forged"}
    for visitor in (None, make_mentee(), make_mentor(), make_user(Role.SPECIALIST), mentee):
        # A fresh cookie jar per visitor; the client fixture made it isolate each request.
        browser = app.test_client()
        if visitor is not None:
            _sign_in(browser, visitor)
        for url in ("/reflections/new", *(f"{base}/{action}" for action in ACTIONS)):
            response = browser.post(url, data=data)
            page = response.get_data(as_text=True)
            if visitor is not None and visitor.role == Role.MENTEE and url.endswith("new"):
                continue  # their own new reflection: the form comes back
            if visitor is mentee and url.endswith("edit"):
                continue  # the author's own edit form comes back too
            assert response.status_code == 400, url
            assert REFUSED_BUTTON in page and "<textarea" not in page, url
            assert "Theirs" not in page and "Not yours" not in page
    db.session.refresh(reflection)
    assert reflection.is_shared and _count() == 1
