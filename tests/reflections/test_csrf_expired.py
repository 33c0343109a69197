"""A refused reflection form after the session has ended shows nothing of the mentee."""

import time
from datetime import timedelta

import pytest

from mentoring.core import localtime, sessions
from mentoring.core.localtime import school_year_of
from tests.factories import (
    PASSWORD,
    enroll,
    log_meeting,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
)
from tests.reflections.test_csrf import REFUSED_BUTTON, _token


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


@pytest.mark.parametrize(
    ("clock", "moved_back"),
    [(sessions.SEEN_AT, timedelta(minutes=31)), (sessions.SIGNED_IN_AT, timedelta(hours=13))],
    ids=["idle", "too-old"],
)
def test_an_ended_session_gets_the_plain_refusal(client, clock, moved_back):
    today = localtime.today()
    cohort = make_cohort(start_year=school_year_of(today))
    mentee = make_mentee()
    group = make_group(cohort, make_mentor())
    enrollment = enroll(cohort, mentee, group)
    log_meeting(group, today - timedelta(days=3), minutes=75, attendees=[enrollment])
    token = _token(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"email": mentee.email, "password": PASSWORD, "csrf_token": token})
    assert "75 min" in client.get("/reflections/new").get_data(as_text=True)
    with client.session_transaction() as cookie:
        cookie[clock] = time.time() - moved_back.total_seconds()
    data = {"title": "Left open", "body": "Typed before lunch", "csrf_token": "forged"}
    response = client.post("/reflections/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and REFUSED_BUTTON in page
    assert "75 min" not in page and "<textarea" not in page and "Typed before lunch" not in page
