"""Confidentiality: a reflection's text reaches its author and, while it is shared, its mentor;
a mentoring plan's text (goals, actions, comment, progress notes) and the notes on essential
experiences ticked off reach the mentee and their mentor only; an unsaved draft
(mentoring/core/drafts.py) reaches its author alone.

Unique markers are planted in the title, body and mentor's reply of a shared and of a private
reflection, through the app's own forms. Then every route in the URL map is requested by every
other kind of visitor, with every method it allows, and no response body, header or session
(flash messages travel there), no log line, audit summary or email may carry a marker.
"""

import itertools
import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from flask import url_for
from sqlalchemy import select

from mentoring.cohorts.experiences import experiences_of
from mentoring.cohorts.models import Cohort, Enrollment, PlcGroup
from mentoring.core import localtime
from mentoring.core.audit import AuditEvent
from mentoring.core.localtime import zone
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.notifications.models import Notification
from mentoring.progress.queries import progress_for
from mentoring.reflections.models import Reflection
from mentoring.users.models import User
from tests.factories import enroll, make_group, make_mentee, make_mentor
from tests.world import build_world

SHARED = f"ZEBRA-{secrets.token_hex(8)}"
PRIVATE = f"OKAPI-{secrets.token_hex(8)}"
PLAN = f"TAPIR-{secrets.token_hex(8)}"
DRAFT = f"QUOKKA-{secrets.token_hex(8)}"  # an unsaved draft: its author's alone, not the mentor's
IGNORED_METHODS = {"HEAD", "OPTIONS"}


@dataclass
class Scene:
    author: User
    mentor: User
    shared_id: int
    private_id: int
    url_values: dict
    outsiders: dict  # visitor name → (user or None, the markers they must never receive)


def _post(client, url: str, data: dict | None = None) -> None:
    assert client.post(url, data=data or {}).status_code == 302, url


def _plant(client, auth) -> Scene:
    """Write both reflections, acknowledge both with a reply, then make one private."""
    world = build_world()
    author, mentor = world.visitors[Role.MENTEE], world.visitors[Role.MENTOR]
    auth.login_as(author)
    _post(
        client,
        "/reflections/new",
        {
            "title": f"Title {SHARED}",
            "body": f"First line\n{SHARED}\nlast line",
            "is_shared": "y",
            "meeting_id": str(world.url_values["meeting_id"]),
        },
    )
    _post(
        client,
        "/reflections/new",
        {"title": f"Title {PRIVATE}", "body": f"Body {PRIVATE}", "is_shared": "y"},
    )
    shared_id, private_id = db.session.scalars(
        select(Reflection.id).where(Reflection.id != world.url_values["reflection_id"])
    ).all()
    draft = {"form_key": "/reflections/new", "title": f"Draft {DRAFT}", "body": f"Body {DRAFT}"}
    assert client.post("/drafts", data=draft).status_code == 200
    auth.logout()
    auth.login_as(mentor)
    _post(client, f"/reflections/{shared_id}/acknowledge", {"reply": f"Reply {SHARED}"})
    _post(client, f"/reflections/{private_id}/acknowledge", {"reply": f"Reply {PRIVATE}"})
    auth.logout()
    auth.login_as(author)
    _post(client, f"/reflections/{private_id}/private")
    plan = f"/enrollments/{world.url_values['enrollment_id']}/plan/1"
    _post(
        client,
        f"{plan}/goals",
        {
            "program_goal": "program",
            "goal": f"Goal {PLAN}",
            "actions": f"Actions {PLAN}",
            "target_on": date.fromordinal(localtime.today().toordinal() + 30).isoformat(),
        },
    )
    world_goal = world.url_values["goal_id"]
    _post(client, f"/plan-goals/{world_goal}/progress", {f"goal{world_goal}-note": f"Note {PLAN}"})
    auth.logout()
    auth.login_as(mentor)
    _post(client, f"{plan}/comment", {"comment": f"Comment {PLAN}"})
    _post(client, f"{plan}/agree")
    # An essential experience ticked off with a note (the world's first is ticked already).
    second = experiences_of(world.url_values["cohort_id"])[1][1].id
    _post(
        client,
        f"/enrollments/{world.url_values['enrollment_id']}/experiences/{second}/tick",
        {f"exp{second}-done_on": localtime.today().isoformat(), f"exp{second}-note": f"Saw {PLAN}"},
    )
    auth.logout()

    cohort = db.session.get(Cohort, world.url_values["cohort_id"])
    peer = make_mentee(name="Peer Mentee")
    enroll(cohort, peer, db.session.get(PlcGroup, world.url_values["group_id"]))
    other_mentor = make_mentor(name="Other Mentor")
    enroll(cohort, make_mentee(), make_group(cohort, other_mentor))
    return Scene(
        author=author,
        mentor=mentor,
        shared_id=shared_id,
        private_id=private_id,
        url_values=world.url_values,
        outsiders={
            "anonymous": (None, (SHARED, PRIVATE, PLAN, DRAFT)),
            "specialist": (world.visitors[Role.SPECIALIST], (SHARED, PRIVATE, PLAN, DRAFT)),
            "another mentor": (other_mentor, (SHARED, PRIVATE, PLAN, DRAFT)),
            "a peer in the same group": (peer, (SHARED, PRIVATE, PLAN, DRAFT)),
            # Last: the mentor's own empty POSTs blank the plan's comment.
            "their mentor": (mentor, (PRIVATE, DRAFT)),
        },
    )


def _urls(app, scene: Scene):
    """Every (endpoint, method, url) of the app, with each reflection id where one is taken."""
    choices = {name: [value] for name, value in scene.url_values.items()}
    choices["reflection_id"] = [scene.shared_id, scene.private_id]
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
            continue
        missing = rule.arguments - choices.keys()
        assert not missing, f"{rule.endpoint}: add {missing} to tests/world.py"
        names = sorted(rule.arguments)
        for values in itertools.product(*(choices[name] for name in names)):
            with app.test_request_context():
                url = url_for(rule.endpoint, **dict(zip(names, values, strict=True)))
            for method in sorted(rule.methods - IGNORED_METHODS):
                yield rule.endpoint, method, url


def _signed_in(client) -> bool:
    with client.session_transaction() as session:
        return "_user_id" in session


def _session_text(client) -> str:
    with client.session_transaction() as session:
        return repr(dict(session))


def _leaks(markers, *texts) -> list[str]:
    return [marker for marker in markers for text in texts if marker in text]


def test_no_route_shows_a_reflection_to_anyone_but_its_author_and_mentor(
    app, client, auth, caplog, outbox
):
    caplog.set_level(logging.DEBUG)
    scene = _plant(client, auth)
    assert not _leaks((SHARED, PRIVATE, PLAN, DRAFT), caplog.text)
    # SQLAlchemy's own loggers stay at WARNING unless asked; at DEBUG they log every row a
    # query returns, so a request that fetched the text, even without showing it, would leak.
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")

    for name, (visitor, markers) in scene.outsiders.items():
        caplog.clear()
        for endpoint, method, url in _urls(app, scene):
            if visitor is not None and not _signed_in(client):
                auth.login_as(visitor)  # after /logout, or at the start
            response = client.open(url, method=method, data={} if method != "GET" else None)
            headers = "\n".join(f"{key}: {value}" for key, value in response.headers.items())
            where = f"{name}: {method} {url} ({endpoint})"
            # Certificates are PDFs: bytes, read as text as far as they go.
            body = response.get_data().decode("utf-8", "replace")
            assert not _leaks(markers, body), where
            assert not _leaks(markers, headers), where
            assert not _leaks(markers, _session_text(client)), where
        # With the whole log at DEBUG, even a query that fetched the text would show here.
        assert not _leaks(markers, caplog.text), name
        if visitor is not None:
            auth.logout()

    summaries = db.session.scalars(select(AuditEvent.summary)).all()
    assert any(summary.startswith(f"Reflection {scene.shared_id} ") for summary in summaries)
    assert not _leaks((SHARED, PRIVATE, PLAN, DRAFT), *summaries)
    assert not _leaks(
        (SHARED, PRIVATE, PLAN, DRAFT), *(f"{m.subject}\n{m.body}\n{m.to}" for m in outbox)
    )
    # The in-app notifications (shared, acknowledged, the plan commented and agreed) neither.
    notes = [
        f"{text}\n{link}"
        for text, link in db.session.execute(select(Notification.text, Notification.link))
    ]
    assert sum("shared a reflection" in note for note in notes) == 2
    assert not _leaks((SHARED, PRIVATE, PLAN, DRAFT), *notes)

    # The controls: the author reads both, with the replies; the mentor reads the shared one.
    auth.login_as(scene.author)
    assert client.get("/reflections/new").get_data(as_text=True).count(DRAFT) == 2
    listed = client.get("/reflections").get_data(as_text=True)
    assert listed.count(SHARED) == 2 and listed.count(PRIVATE) == 2  # title and reply
    for reflection_id, marker in ((scene.shared_id, SHARED), (scene.private_id, PRIVATE)):
        assert client.get(f"/reflections/{reflection_id}").get_data(as_text=True).count(marker) == 3
    auth.logout()
    auth.login_as(scene.mentor)
    assert SHARED in client.get("/mentor/reflections").get_data(as_text=True)
    page = client.get(f"/reflections/{scene.shared_id}").get_data(as_text=True)
    assert page.count(SHARED) == 3 and PRIVATE not in page
    # The plan: goal (its heading and its "Mark reached" button's name), actions, progress note
    # and the experience's note, to the mentor and to the mentee alike (the comment was blanked
    # by the mentor's empty POST above).
    plan_url = f"/enrollments/{scene.url_values['enrollment_id']}/plan/1"
    assert client.get(plan_url).get_data(as_text=True).count(PLAN) == 5
    auth.logout()
    auth.login_as(scene.author)
    assert client.get(plan_url).get_data(as_text=True).count(PLAN) == 5


def test_specialists_see_counts_and_dates_only(app, client, auth):
    scene = _plant(client, auth)
    specialist = scene.outsiders["specialist"][0]
    auth.login_as(specialist)
    with app.test_request_context():
        pages = [
            url_for("home.index"),
            url_for("cohorts.show_cohort", cohort_id=scene.url_values["cohort_id"]),
            url_for("cohorts.cohort_experiences", cohort_id=scene.url_values["cohort_id"]),
            url_for(
                "progress.sign_off_year", enrollment_id=scene.url_values["enrollment_id"], year=1
            ),
            url_for("users.audit_log"),
            *(
                url_for(f"reports.{report}{suffix}")
                for report in ("enrollment", "progress", "mentors", "certificates")
                for suffix in ("", "_csv")
            ),
            url_for("reports.enrollment_list"),
            url_for("reports.enrollment_list", status="on_track", program_year=1),
            url_for("users.audit_log", action="reflection.written"),
        ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        assert not _leaks((SHARED, PRIVATE, PLAN), page), url
    # The sign-off page gives the specialist the plan's state in counts and dates: the world's
    # goal and the planted one, none reached; the world's tick and the planted one, of 5.
    sign_off = " ".join(client.get(pages[3]).get_data(as_text=True).split())
    today_words = datetime.now(zone()).strftime("%B %-d, %Y")  # agreed just now, local day
    assert (
        f"Plan agreed on {today_words} · 0 of 2 goals reached · "
        "2 of 5 essential experiences done" in sign_off
    )
    audit = client.get(pages[-1]).get_data(as_text=True)
    today = localtime.today().isoformat()
    for reflection_id in (scene.shared_id, scene.private_id):
        assert f"Reflection {reflection_id} written on {today} for program year 1" in audit
    # The dashboards' one progress function counts reflections without reading their text
    # (the text is deferred with raiseload: reading it here would raise).
    progress = progress_for(Enrollment.id == scene.url_values["enrollment_id"], localtime.today())
    assert progress[0].years[0].reflections == 3  # the world's own, the shared, the private
