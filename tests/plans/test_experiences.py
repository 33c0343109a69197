"""Essential experiences: specialists edit the program's default list and each cohort's copy (a
new cohort copies the defaults, as it copies the requirements); the mentor ticks each one off for
a mentee with the day it happened, and can take the tick back (audited); the mentee sees the
list; specialists see counts only; goals are marked reached; the sign-off page shows the plan."""

import html
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from mentoring.cohorts.experiences import BUILT_IN, experiences_of
from mentoring.cohorts.models import Cohort, EssentialExperience
from mentoring.core import localtime
from mentoring.core.audit import AuditEvent
from mentoring.core.localtime import school_year_of, zone
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.plans.models import ExperienceDone, PlanGoal
from tests.factories import (
    count_statements,
    enroll,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)

NOTE = "Watched Ms. Ortiz's lesson on test anxiety"


@pytest.fixture
def specialist(auth):
    user = make_user(Role.SPECIALIST)
    auth.login_as(user)
    return user


@pytest.fixture
def pair(app):
    """A running cohort (year 1 holds today), a mentor's group with a mentee enrolled 20 days
    ago, and another mentor's group."""
    today = localtime.today()
    cohort = make_cohort(start_year=school_year_of(today))
    mentor = make_mentor(name="Mia Mentor")
    group = make_group(cohort, mentor)
    mentee = make_mentee(name="Ada Mentee")
    enrollment = enroll(cohort, mentee, group)
    enrollment.enrolled_on = max(today - timedelta(days=20), cohort.starts_on)
    other_mentor = make_mentor(name="Other Mentor")
    enroll(cohort, make_mentee(), make_group(cohort, other_mentor))
    db.session.commit()
    first = experiences_of(cohort.id)[1][0]
    return {
        "cohort": cohort,
        "mentor": mentor,
        "mentee": mentee,
        "other_mentor": other_mentor,
        "enrollment": enrollment,
        "item": first,
        "tick": f"/enrollments/{enrollment.id}/experiences/{first.id}/tick",
        "untick": f"/enrollments/{enrollment.id}/experiences/{first.id}/untick",
        "plan": f"/enrollments/{enrollment.id}/plan/1",
    }


def _error(page: str, field: str) -> str:
    match = re.search(rf'id="{field}-error"[^>]*>([^<]*)<', page)
    assert match, f"no message beside {field}"
    return html.unescape(match.group(1))


def _words(response) -> str:
    """The page's text without tags, each run of white space made one space."""
    text = re.sub(r"<[^>]+>", " ", html.unescape(response.get_data(as_text=True)))
    return " ".join(text.split())


def _titles(cohort_id: int | None, year: int) -> list[str]:
    return [item.title for item in experiences_of(cohort_id)[year]]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _actions(prefix: str) -> list[str]:
    return db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.action.startswith(prefix))
        .order_by(AuditEvent.id)
    ).all()


# The lists ------------------------------------------------------------------------------------


def test_a_new_cohort_copies_the_default_list_as_it_copies_the_requirements(client, specialist):
    existing = make_cohort(name="Existing")
    assert _titles(existing.id, 1) == list(BUILT_IN[1]) and len(_titles(None, 2)) == 5
    page = client.get("/admin/experiences").get_data(as_text=True)
    assert "Observed a peer&#39;s classroom guidance lesson" in page
    assert "New cohorts copy these lists" in page

    added = {"program_year": "2", "title": "Shadowed a district counseling coordinator"}
    assert client.post("/admin/experiences", data=added).status_code == 302
    calendar = db.session.scalar(
        select(EssentialExperience).where(
            EssentialExperience.cohort_id.is_(None),
            EssentialExperience.title == "Built a yearly school counseling calendar",
        )
    )
    renamed = {f"item{calendar.id}-title": "Built a yearly calendar with the principal"}
    response = client.post(f"/admin/experiences/{calendar.id}/rename", data=renamed)
    assert response.status_code == 302 and response.headers["Location"] == "/admin/experiences"

    # The existing cohort keeps its own copy; a cohort made now copies the changed defaults.
    assert _titles(existing.id, 1) == list(BUILT_IN[1])
    client.post(
        "/admin/cohorts/new", data={"name": "Fresh", "region": "Central", "start_year": "2027"}
    )
    fresh = db.session.scalar(select(Cohort).where(Cohort.name == "Fresh"))
    assert _titles(fresh.id, 1)[1] == "Built a yearly calendar with the principal"
    assert _titles(fresh.id, 2)[-1] == "Shadowed a district counseling coordinator"
    assert len(_titles(fresh.id, 2)) == 6

    # Editing the cohort's copy leaves the defaults alone.
    own = {"program_year": "1", "title": "Visited a career center"}
    assert client.post(f"/admin/cohorts/{fresh.id}/experiences", data=own).status_code == 302
    assert "Visited a career center" in _titles(fresh.id, 1)
    assert "Visited a career center" not in _titles(None, 1)
    assert _actions("experiences.") == [
        "experiences.added",
        "experiences.renamed",
        "experiences.added",
    ]
    cohort_event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "experiences.added")
    ).all()[-1]
    assert (cohort_event.target_type, cohort_event.target_id) == ("Cohort", fresh.id)


@pytest.mark.parametrize(
    ("title", "message"),
    [("   ", "Write the experience."), ("x" * 201, "200 characters or fewer")],
)
def test_a_bad_title_is_refused_beside_its_field(client, specialist, title, message):
    cohort = make_cohort()
    before = _count(EssentialExperience)
    response = client.post(
        f"/admin/cohorts/{cohort.id}/experiences", data={"program_year": "1", "title": title}
    )
    assert response.status_code == 400
    assert message in _error(response.get_data(as_text=True), "title")
    item = experiences_of(cohort.id)[1][0]
    response = client.post(
        f"/admin/experiences/{item.id}/rename", data={f"item{item.id}-title": title}
    )
    assert response.status_code == 400
    assert message in _error(response.get_data(as_text=True), f"item{item.id}-title")
    assert _count(EssentialExperience) == before
    db.session.refresh(item)
    assert item.title == BUILT_IN[1][0]


def test_an_experience_ticked_off_stays_on_the_list(client, auth, pair):
    auth.login_as(pair["mentor"])
    client.post(pair["tick"], data={f"exp{pair['item'].id}-done_on": localtime.today().isoformat()})
    auth.logout()
    auth.login_as(make_user(Role.SPECIALIST))
    response = client.post(f"/admin/experiences/{pair['item'].id}/remove", follow_redirects=True)
    assert "1 mentee had this experience ticked off" in html.unescape(
        response.get_data(as_text=True)
    )
    assert db.session.get(EssentialExperience, pair["item"].id) is not None
    second = experiences_of(pair["cohort"].id)[1][1].id
    assert client.post(f"/admin/experiences/{second}/remove").status_code == 302
    assert db.session.get(EssentialExperience, second) is None
    assert _actions("experiences.") == ["experiences.removed"]


# Ticking off ----------------------------------------------------------------------------------


def test_the_mentor_ticks_off_the_mentee_sees_it_and_a_tick_taken_back_is_audited(
    client, auth, pair
):
    day = localtime.today() - timedelta(days=2)
    auth.login_as(pair["mentor"])
    page = client.get(pair["plan"]).get_data(as_text=True)
    assert "0 of 5 done this program year" in page and "Tick off" in page
    data = {f"exp{pair['item'].id}-done_on": day.isoformat(), f"exp{pair['item'].id}-note": NOTE}
    assert client.post(pair["tick"], data=data).status_code == 302
    done = db.session.scalar(select(ExperienceDone))
    assert (done.done_on, done.note, done.ticked_by_id) == (day, NOTE, pair["mentor"].id)
    auth.logout()

    auth.login_as(pair["mentee"])
    page = _words(client.get(pair["plan"]))
    assert "1 of 5 done this program year" in page
    assert f"Observed a peer's classroom guidance lesson : done on {day:%B %-d, %Y}" in page
    assert NOTE in page and "Take the tick back" not in page
    # The mentee does not tick, nor take back.
    assert client.post(pair["untick"]).status_code == 403
    assert client.post(pair["tick"], data=data).status_code == 403
    auth.logout()

    auth.login_as(pair["mentor"])
    assert client.post(pair["untick"]).status_code == 302
    assert _count(ExperienceDone) == 0
    assert _actions("experience.") == ["experience.ticked", "experience.unticked"]
    summaries = db.session.scalars(
        select(AuditEvent.summary).where(AuditEvent.action.startswith("experience."))
    ).all()
    assert summaries[1].endswith(f"(it said done on {day.isoformat()})")
    assert not any(NOTE in summary for summary in summaries)


@pytest.mark.parametrize(
    ("days_from_today", "message"),
    [
        (1, "The day it happened cannot be in the future."),
        (-21, "The day it happened cannot be before the mentee enrolled"),
    ],
)
def test_a_bad_day_is_refused_beside_its_field(client, auth, pair, days_from_today, message):
    if localtime.today() - timedelta(days=20) < pair["cohort"].starts_on and days_from_today < 0:
        pytest.skip("in the first days of the program year, enrollment is on July 1")
    auth.login_as(pair["mentor"])
    day = localtime.today() + timedelta(days=days_from_today)
    field = f"exp{pair['item'].id}-done_on"
    response = client.post(
        pair["tick"], data={field: day.isoformat(), f"exp{pair['item'].id}-note": NOTE}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in _error(page, field)
    assert NOTE in html.unescape(page)  # nothing typed is lost
    assert _count(ExperienceDone) == 0


def test_only_the_current_mentor_ticks_and_only_the_cohorts_own_experiences(client, auth, pair):
    data = {f"exp{pair['item'].id}-done_on": localtime.today().isoformat()}
    auth.login_as(pair["other_mentor"])
    assert client.post(pair["tick"], data=data).status_code == 404
    auth.logout()
    auth.login_as(make_user(Role.SPECIALIST))
    assert client.post(pair["tick"], data=data).status_code == 403
    auth.logout()
    auth.login_as(pair["mentor"])
    other_cohort = make_cohort(name="Another cohort")
    foreign = experiences_of(other_cohort.id)[1][0]
    url = f"/enrollments/{pair['enrollment'].id}/experiences/{foreign.id}/tick"
    assert (
        client.post(
            url, data={f"exp{foreign.id}-done_on": localtime.today().isoformat()}
        ).status_code
        == 404
    )
    default = experiences_of(None)[1][0]
    url = f"/enrollments/{pair['enrollment'].id}/experiences/{default.id}/tick"
    assert (
        client.post(
            url, data={f"exp{default.id}-done_on": localtime.today().isoformat()}
        ).status_code
        == 404
    )
    assert _count(ExperienceDone) == 0


# Goals reached and the plan's state -------------------------------------------------------


def _goal(client, pair) -> int:
    client.post(
        f"{pair['plan']}/goals",
        data={
            "program_goal": "program",
            "goal": "Build a yearly school counseling calendar",
            "actions": "Draft it with the principal",
            "target_on": localtime.today().isoformat(),
        },
    )
    return db.session.scalar(select(PlanGoal.id))


def test_the_pair_marks_a_goal_reached_and_the_sign_off_page_counts_it(client, auth, pair):
    auth.login_as(pair["mentee"])
    goal_id = _goal(client, pair)
    assert client.post(f"/plan-goals/{goal_id}/done", data={"done": "1"}).status_code == 302
    assert db.session.get(PlanGoal, goal_id).done_on == localtime.today()
    auth.logout()
    auth.login_as(pair["mentor"])
    client.post(f"{pair['plan']}/agree")
    data = {
        f"exp{pair['item'].id}-done_on": localtime.today().isoformat(),
        f"exp{pair['item'].id}-note": NOTE,
    }
    client.post(pair["tick"], data=data)
    sign_off_url = f"/enrollments/{pair['enrollment'].id}/sign-off/1"
    words = _words(client.get(sign_off_url))
    # Agreed just now: the day in the program's time zone (a UTC date may be a day ahead).
    today = datetime.now(zone()).strftime("%B %-d, %Y")
    assert (
        f"Plan agreed on {today} · 1 of 1 goal reached · 1 of 5 essential experiences done" in words
    )
    auth.logout()

    # A specialist reads the same counts on the sign-off page, never the plan's or note's text.
    auth.login_as(make_user(Role.SPECIALIST))
    page = _words(client.get(sign_off_url))
    assert f"Plan agreed on {today} · 1 of 1 goal reached" in page
    assert "calendar" not in page.lower() and NOTE not in page and "principal" not in page
    auth.logout()

    # The mentee takes it back: not reached after all.
    auth.login_as(pair["mentee"])
    assert client.post(f"/plan-goals/{goal_id}/done", data={"done": "0"}).status_code == 302
    assert db.session.get(PlanGoal, goal_id).done_on is None
    assert _actions("plan.goal_") == ["plan.goal_added", "plan.goal_done", "plan.goal_not_done"]


def test_the_homes_show_the_plans_state(client, auth, pair):
    auth.login_as(pair["mentor"])
    client.post(pair["tick"], data={f"exp{pair['item'].id}-done_on": localtime.today().isoformat()})
    words = _words(client.get("/"))
    assert "No plan yet · 1 of 5 essential experiences done (Ada Mentee)" in words
    auth.logout()
    auth.login_as(pair["mentee"])
    _goal(client, pair)
    words = _words(client.get("/"))
    assert (
        "Plan drafted, not agreed yet · 0 of 1 goal reached · 1 of 5 essential experiences done"
        in words
    )
    assert "No plan yet · 0 of 5 essential experiences done" in words  # year 2


def test_the_plan_and_sign_off_pages_take_the_same_queries_for_1_or_8_goals_and_ticks(
    client, auth, pair
):
    auth.login_as(pair["mentee"])
    _goal(client, pair)
    auth.logout()
    auth.login_as(pair["mentor"])
    items = experiences_of(pair["cohort"].id)[1]
    enrollment_id = pair["enrollment"].id

    def tick(item) -> None:
        url = f"/enrollments/{enrollment_id}/experiences/{item.id}/tick"
        client.post(url, data={f"exp{item.id}-done_on": localtime.today().isoformat()})

    tick(items[0])
    sign_off_url = f"/enrollments/{enrollment_id}/sign-off/1"
    few = (count_statements(client, pair["plan"]), count_statements(client, sign_off_url))
    auth.logout()
    auth.login_as(pair["mentee"])
    for _ in range(7):
        _goal(client, pair)
    auth.logout()
    auth.login_as(pair["mentor"])
    for item in items[1:]:
        tick(item)
    assert _count(PlanGoal) == 8 and _count(ExperienceDone) == 5
    assert (count_statements(client, pair["plan"]), count_statements(client, sign_off_url)) == few
