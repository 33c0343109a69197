"""Drafts of long text forms (issue 16, item 8): kept as one types, restored on return, forgotten
on save or on "Discard", their owner's alone, limited to the field's size, expiring after 30
days; and a form sent after the session ended keeps its text for the same person only."""

import logging
import time
from datetime import timedelta
from html import escape
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from mentoring.core import drafts, localtime, sessions
from mentoring.core.drafts import Draft
from mentoring.core.localtime import school_year_of
from mentoring.core.models import utcnow
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
from tests.mentors.helpers import submit_application

NEW = "/reflections/new"
PAGE = "http://mentoring.test"


@pytest.fixture
def mentee():
    today = localtime.today()
    cohort = make_cohort(start_year=school_year_of(today))
    person = make_mentee(name="Drafting Mentee")
    enroll(cohort, person, make_group(cohort, make_mentor()))
    return person


def _save(client, key=NEW, **fields):
    return client.post("/drafts", data={"form_key": key, **fields})


def _count() -> int:
    return db.session.scalar(select(func.count(Draft.id)))


def test_a_draft_is_restored_with_its_time_and_forgotten_when_the_form_is_saved(
    client, auth, mentee
):
    auth.login_as(mentee)
    saved = _save(client, title="Week 3", body="Line one\nline two: <b>not bold</b>")
    assert saved.status_code == 200
    stored = db.session.scalar(select(Draft))
    assert stored.user_id == mentee.id and stored.form_key == NEW
    # The time it was saved, in Missouri: America/Chicago is UTC-6 (CST) or UTC-5 (CDT).
    local = stored.saved_at.astimezone(ZoneInfo("America/Chicago"))
    shown = f"{local:%B} {local.day}, {local.year}, {local.hour % 12 or 12}:{local:%M %p %Z}"
    assert saved.json == {"saved_at": shown}

    page = client.get(NEW).get_data(as_text=True)
    assert f"Restored your unsaved draft from {shown}." in page
    assert 'value="Week 3"' in page
    assert "Line one\nline two: &lt;b&gt;not bold&lt;/b&gt;</textarea>" in page
    assert 'data-draft-key="/reflections/new"' in page and 'data-draft-fields="title body"' in page
    assert "js/drafts.js" in page

    sent = client.post(NEW, data={"title": "Week 3", "body": "The final text", "is_shared": "y"})
    assert sent.status_code == 302
    assert _count() == 0  # forgotten with the save
    page = client.get(NEW).get_data(as_text=True)
    assert "Restored your unsaved draft" not in page and "The final text" not in page


def test_a_refused_save_keeps_the_draft(client, auth, mentee):
    auth.login_as(mentee)
    _save(client, title="Half done", body="Some text")
    refused = client.post(NEW, data={"title": "", "body": "Some text"})
    assert refused.status_code == 400
    assert _count() == 1
    assert db.session.scalar(select(func.count(Reflection.id))) == 0


def test_discard_forgets_the_draft_and_goes_back_to_the_form(client, auth, mentee):
    auth.login_as(mentee)
    _save(client, title="Not this", body="Not this either")
    discarded = client.post(
        "/drafts/discard", data={"form_key": NEW}, headers={"Referer": PAGE + NEW}
    )
    assert discarded.status_code == 302 and discarded.headers["Location"] == NEW
    assert _count() == 0
    page = client.get(NEW).get_data(as_text=True)
    assert "The draft is discarded." in page and "Not this" not in page


def test_an_empty_draft_is_forgotten(client, auth, mentee):
    auth.login_as(mentee)
    _save(client, title="Something", body="")
    assert _count() == 1
    assert _save(client, title="  ", body="\n").json == {"saved_at": None}
    assert _count() == 0


def test_a_draft_is_its_owners_alone(client, auth, mentee, caplog):
    caplog.set_level(logging.DEBUG)
    auth.login_as(mentee)
    _save(client, title="Mine", body="PRIVATE-DRAFT-TEXT")
    auth.logout()
    other = make_mentee(name="Other Mentee")
    cohort = make_cohort(start_year=2030)
    enroll(cohort, other)
    auth.login_as(other)
    assert "PRIVATE-DRAFT-TEXT" not in client.get(NEW).get_data(as_text=True)
    # The other mentee's save of the same form is their own draft; it replaces nothing.
    _save(client, title="Theirs", body="their text")
    auth.logout()
    assert _count() == 2
    auth.login_as(mentee)
    assert "PRIVATE-DRAFT-TEXT" in client.get(NEW).get_data(as_text=True)
    # Discarding with another person's key reaches only one's own drafts.
    auth.logout()
    auth.login_as(other)
    client.post("/drafts/discard", data={"form_key": NEW})
    owners = db.session.scalars(select(Draft.user_id)).all()
    assert owners == [mentee.id]
    assert "PRIVATE-DRAFT-TEXT" not in caplog.text


@pytest.mark.parametrize(
    ("key", "fields"),
    [
        ("/nowhere", {"body": "x"}),
        ("/admin/users/invite", {"name": "x"}),  # a form that keeps no drafts
        ("", {"body": "x"}),
    ],
)
def test_only_forms_that_keep_drafts_take_one(client, auth, mentee, key, fields):
    auth.login_as(mentee)
    assert _save(client, key, **fields).status_code == 404
    assert _count() == 0


def test_a_draft_is_limited_to_the_fields_own_size(client, auth, mentee):
    auth.login_as(mentee)
    too_long = _save(client, title="Long", body="a" * 10_001)
    assert too_long.status_code == 400
    assert too_long.json == {"error": "A draft keeps at most 10,000 characters in a field."}
    assert _count() == 0
    assert _save(client, title="t" * 200, body="a" * 10_000).status_code == 200
    assert _save(client, title="t" * 201, body="a").status_code == 400
    # Fields the form does not declare are not kept.
    _save(client, title="Kept", body="Kept", private_notes="not a reflection field")
    assert db.session.scalar(select(Draft).options()).form_key == NEW
    stored = db.session.execute(select(Draft.fields)).scalar_one()
    assert stored == {"title": "Kept", "body": "Kept"}


def test_a_person_keeps_at_most_twenty_drafts(app, client, auth, mentee):
    now = utcnow()
    with app.test_request_context():
        for number in range(drafts.MAX_DRAFTS_PER_PERSON):
            db.session.add(
                Draft(
                    user_id=mentee.id,
                    form_key=f"/reflections/{number + 1}/edit",
                    fields={"title": "t", "body": "b"},
                    saved_at=now,
                )
            )
        db.session.commit()
    auth.login_as(mentee)
    refused = _save(client, title="One more", body="text")
    assert refused.status_code == 400
    assert refused.json == {"error": "You keep 20 unsaved drafts already: save or discard one."}
    # Replacing one of the twenty is fine.
    assert _save(client, "/reflections/1/edit", title="t2", body="b2").status_code == 200
    assert _count() == 20


def test_drafts_expire_after_thirty_days(app, client, auth, runner, mentee):
    auth.login_as(mentee)
    _save(client, title="Old", body="An old draft")
    _save(client, "/reflections/5/edit", title="Recent", body="A recent draft")
    old = db.session.scalar(select(Draft).where(Draft.form_key == NEW))
    old.saved_at = utcnow() - timedelta(days=30, minutes=1)
    recent = db.session.scalar(select(Draft).where(Draft.form_key != NEW))
    recent.saved_at = utcnow() - timedelta(days=29, hours=23)
    db.session.commit()
    assert "An old draft" not in client.get(NEW).get_data(as_text=True)
    result = runner.invoke(args=["drafts", "expire"])
    assert result.exit_code == 0 and "Deleted 1 expired draft(s)." in result.output
    assert db.session.scalars(select(Draft.form_key)).all() == ["/reflections/5/edit"]


def _age_session(client, seconds: float) -> None:
    with client.session_transaction() as cookie:
        cookie[sessions.SEEN_AT] = time.time() - seconds


def test_a_reflection_sent_after_the_session_ended_waits_for_the_same_person(client, auth, mentee):
    auth.login_as(mentee)
    assert client.get(NEW).status_code == 200
    _age_session(client, 31 * 60)
    body = "Ten minutes of careful thought\nthat must not be lost."
    sent = client.post(
        NEW,
        data={"title": "After lunch", "body": body, "is_shared": "y"},
        headers={"Referer": PAGE + NEW},
    )
    assert sent.status_code == 302
    assert sent.headers["Location"] == "/login?next=/reflections/new"
    assert db.session.scalar(select(func.count(Reflection.id))) == 0  # nothing saved yet
    login = client.get("/login").get_data(as_text=True)
    assert "signed out after 30 minutes without activity" in login
    assert escape(drafts.KEPT_AFTER_SIGN_OUT) in login
    # The text is in no cookie and no address.
    with client.session_transaction() as cookie:
        assert "careful thought" not in repr(dict(cookie))
    assert "careful" not in sent.headers["Location"]

    back = client.post(
        "/login?next=/reflections/new", data={"email": mentee.email, "password": PASSWORD}
    )
    assert back.headers["Location"] == "/reflections/new"
    page = client.get(NEW).get_data(as_text=True)
    assert "Restored your unsaved draft" in page
    assert 'value="After lunch"' in page and f"{body}</textarea>" in page
    assert client.post(NEW, data={"title": "After lunch", "body": body}).status_code == 302
    assert db.session.scalar(select(func.count(Reflection.id))) == 1
    assert _count() == 0


def test_another_person_signing_in_on_that_browser_never_sees_it(client, auth, mentee):
    auth.login_as(mentee)
    _age_session(client, 31 * 60)
    client.post(NEW, data={"title": "Mine", "body": "STASHED-TEXT"})
    other = make_mentee(name="Next At The Desk")
    enroll(make_cohort(start_year=2030), other)
    client.post("/login?next=/reflections/new", data={"email": other.email, "password": PASSWORD})
    assert "STASHED-TEXT" not in client.get(NEW).get_data(as_text=True)
    assert "Restored your unsaved draft" not in client.get(NEW).get_data(as_text=True)
    assert db.session.scalar(select(Draft.user_id)) == mentee.id


def test_a_form_without_long_text_or_a_blank_one_keeps_nothing(client, auth, mentee):
    auth.login_as(mentee)
    _age_session(client, 31 * 60)
    sent = client.post(NEW, data={"title": "", "body": "  "})
    assert sent.status_code == 302 and sent.headers["Location"].startswith("/login?next=")
    assert _count() == 0


def test_a_meeting_logs_focus_and_next_steps_drafts(client, auth):
    today = localtime.today()
    cohort = make_cohort(start_year=school_year_of(today))
    mentor = make_mentor()
    group = make_group(cohort, mentor)
    enrollment = enroll(cohort, make_mentee(), group)
    auth.login_as(mentor)
    url = f"/groups/{group.id}/meetings/new"
    _save(client, url, focus="Caseload planning", next_steps="Draft a calendar")
    page = client.get(url).get_data(as_text=True)
    assert "Caseload planning</textarea>" in page and "Draft a calendar</textarea>" in page
    assert 'data-draft-fields="focus next_steps private_notes"' in page
    held_on = min(today, cohort.ends_on) - timedelta(days=1)
    logged = client.post(
        url,
        data={
            "held_on": held_on.isoformat(),
            "duration_minutes": "60",
            "kind": "one_on_one",
            "format": "in_person",
            "topics": ["counseling_skills"],
            "attendees": [str(enrollment.id)],
            "focus": "Caseload planning",
            "next_steps": "Draft a calendar",
            "submission_token": "t" * 32,
        },
    )
    assert logged.status_code == 302, logged.get_data(as_text=True)
    assert _count() == 0


def test_the_sign_off_comment_and_the_approval_reasons_keep_drafts(client, auth):
    today = localtime.today()
    # In its second year: the first can be signed off.
    cohort = make_cohort(start_year=school_year_of(today) - 1)
    mentor = make_mentor()
    enrollment = enroll(cohort, make_mentee(), make_group(cohort, mentor))
    auth.login_as(mentor)
    url = f"/enrollments/{enrollment.id}/sign-off/1"
    _save(client, url, comment="A strong first year")
    assert "A strong first year</textarea>" in client.get(url).get_data(as_text=True)
    auth.logout()

    application = submit_application(years_experience=1)  # a rule not met: an override
    db.session.commit()
    auth.login_as(make_user(Role.SPECIALIST))
    approve = f"/admin/applications/{application.id}/approve"
    _save(client, approve, **{"approve-override_reason": "Exceptional references"})
    page = client.get(f"/admin/applications/{application.id}").get_data(as_text=True)
    assert "Exceptional references</textarea>" in page
    assert f'data-draft-key="{approve}"' in page
    # A decision forgets the approval's draft (the mentor's sign-off draft stays theirs).
    client.post(f"/admin/applications/{application.id}/decline", data={"decline-note": "Too new."})
    assert db.session.scalars(select(Draft.form_key)).all() == [url]


def test_the_scripts_save_after_the_session_ended_keeps_the_text_and_the_form_still_can(
    client, auth, mentee
):
    auth.login_as(mentee)
    _age_session(client, 31 * 60)
    answered = _save(client, title="Typed on", body="while the session ended")
    assert answered.status_code == 401
    assert answered.json == {"error": drafts.SIGNED_OUT_WHILE_TYPING}
    stored = db.session.execute(select(Draft.user_id, Draft.form_key, Draft.fields)).one()
    assert stored == (mentee.id, NEW, {"title": "Typed on", "body": "while the session ended"})
    # The session is left as it was (ended: nothing renewed it), so the form's own submit
    # still carries a valid token and keeps its newer text.
    with client.session_transaction() as cookie:
        assert "_user_id" in cookie and time.time() - cookie[sessions.SEEN_AT] > 30 * 60
    sent = client.post(NEW, data={"title": "Typed on", "body": "and finished"})
    assert sent.headers["Location"] == "/login?next=/reflections/new"
    assert db.session.execute(select(Draft.fields)).scalar_one()["body"] == "and finished"


def test_an_approval_sent_after_the_session_ended_goes_back_to_its_application(client, auth):
    application = submit_application(years_experience=1)
    auth.login_as(make_user(Role.SPECIALIST))
    _age_session(client, 31 * 60)
    page = f"/admin/applications/{application.id}"
    sent = client.post(
        f"{page}/approve",
        data={"approve-override_reason": "Strong references", "approve-note": ""},
        headers={"Referer": PAGE + page},
    )
    assert sent.headers["Location"] == f"/login?next={page}"
    stored = db.session.execute(select(Draft.form_key, Draft.fields)).one()
    assert stored == (
        f"{page}/approve",
        {"approve-note": "", "approve-override_reason": "Strong references"},
    )
