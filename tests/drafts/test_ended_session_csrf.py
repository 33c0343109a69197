"""With CSRF checks on, as in production: a form sent after the session ended, with the token
of its page, keeps its text; a form whose token is not right keeps nothing."""

import time

import pytest
from sqlalchemy import select

from mentoring.core import localtime, sessions
from mentoring.core.drafts import Draft
from mentoring.core.localtime import school_year_of
from mentoring.extensions import db
from tests.factories import PASSWORD, enroll, make_cohort, make_group, make_mentee, make_mentor
from tests.reflections.test_csrf import _token


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


@pytest.mark.parametrize("forged", [False, True], ids=["its-token", "forged-token"])
def test_only_a_form_from_this_site_keeps_its_text(client, forged):
    today = localtime.today()
    cohort = make_cohort(start_year=school_year_of(today))
    mentee = make_mentee()
    enroll(cohort, mentee, make_group(cohort, make_mentor()))
    token = _token(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"email": mentee.email, "password": PASSWORD, "csrf_token": token})
    token = _token(client.get("/reflections/new").get_data(as_text=True))
    with client.session_transaction() as cookie:
        cookie[sessions.SEEN_AT] = time.time() - 31 * 60
    data = {"title": "Left open", "body": "Typed before lunch"}
    sent = client.post(
        "/reflections/new", data={**data, "csrf_token": "forged" if forged else token}
    )
    kept = db.session.scalars(select(Draft.user_id)).all()
    if forged:
        assert sent.status_code == 400 and kept == []
    else:
        # No Referer: back to the address the form was sent to, its own page.
        assert sent.headers["Location"] == "/login?next=/reflections/new"
        assert kept == [mentee.id]
