"""The individual mentoring plan: the mentee drafts, the mentor comments and agrees, both note
progress; bad input beside its field; the pair alone reads it; specialists see counts only."""

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mentoring.core import localtime
from mentoring.core.audit import AuditEvent
from mentoring.core.localtime import school_year_of
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.plans.models import GoalProgress, MentoringPlan, PlanGoal, PlanStatus
from mentoring.users.models import User
from tests.factories import enroll, make_cohort, make_group, make_mentee, make_mentor, make_user


@pytest.fixture
def pair(app):
    """A live cohort with a mentor's group of two and another mentor's group of one."""
    today = localtime.today()
    cohort = make_cohort(start_year=school_year_of(today))
    mentor = make_mentor(name="Mia Mentor")
    group = make_group(cohort, mentor)
    mentee, peer = make_mentee(name="Ada Mentee"), make_mentee(name="Ben Peer")
    enrollment = enroll(cohort, mentee, group)
    enroll(cohort, peer, group)
    other_mentor = make_mentor(name="Other Mentor")
    enroll(cohort, make_mentee(), make_group(cohort, other_mentor))
    return {
        "cohort": cohort,
        "mentor": mentor,
        "mentee": mentee,
        "peer": peer,
        "other_mentor": other_mentor,
        "enrollment": enrollment,
        "url": f"/enrollments/{enrollment.id}/plan/1",
    }


def _goal(**overrides) -> dict:
    return {
        "program_goal": "program",
        "goal": "Build a yearly school counseling calendar",
        "actions": "Draft it with the principal; share it with staff",
        "target_on": (localtime.today() + timedelta(days=30)).isoformat(),
        **overrides,
    }


def _error(page: str, field: str) -> str:
    match = re.search(rf'id="{field}-error"[^>]*>([^<]*)<', page)
    assert match, f"no message beside {field}"
    return html.unescape(match.group(1))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_mentee_drafts_the_mentor_comments_and_agrees_and_a_change_reopens(pair, client, auth):
    auth.login_as(pair["mentee"])
    assert client.post(f"{pair['url']}/goals", data=_goal()).status_code == 302
    goal = db.session.scalar(select(PlanGoal))
    plan = db.session.scalar(select(MentoringPlan))
    assert plan.status == PlanStatus.DRAFT and plan.program_year == 1
    auth.logout()

    auth.login_as(pair["mentor"])
    page = client.get(pair["url"]).get_data(as_text=True)
    assert "Build a yearly school counseling calendar" in page and "Mark the plan agreed" in page
    assert client.post(f"{pair['url']}/comment", data={"comment": "Add a date"}).status_code == 302
    assert client.post(f"{pair['url']}/agree").status_code == 302
    db.session.refresh(plan)
    assert plan.status == PlanStatus.AGREED and plan.agreed_by_id == pair["mentor"].id
    note = {f"goal{goal.id}-note": "First draft shared"}
    assert client.post(f"/plan-goals/{goal.id}/progress", data=note).status_code == 302
    auth.logout()

    auth.login_as(pair["mentee"])
    page = client.get(pair["url"]).get_data(as_text=True)
    assert "Add a date" in page and "First draft shared" in page and "Agreed on" in page
    changed = _goal(actions="Draft it with the principal in August")
    assert client.post(f"/plan-goals/{goal.id}/edit", data=changed).status_code == 302
    db.session.refresh(plan)
    assert plan.status == PlanStatus.DRAFT and plan.agreed_at is None

    actions = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.action.startswith("plan."))
        .order_by(AuditEvent.id)
    ).all()
    assert actions == [
        "plan.goal_added",
        "plan.commented",
        "plan.agreed",
        "plan.progress",
        "plan.reopened",
        "plan.goal_changed",
    ]
    summaries = db.session.scalars(select(AuditEvent.summary)).all()
    assert not any(
        text in summary
        for summary in summaries
        for text in ("calendar", "principal", "Add a date", "First draft shared")
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"program_goal": ""}, "program_goal", "three goals"),
        ({"goal": "  "}, "goal", "Write the goal."),
        ({"actions": ""}, "actions", "Write the actions"),
        ({"target_on": "2001-01-01"}, "target_on", "inside program year 1"),
        ({"goal": "x" * 4001}, "goal", "4,000 characters or fewer"),
    ],
)
def test_bad_input_gets_its_message_beside_the_field(pair, client, auth, overrides, field, message):
    auth.login_as(pair["mentee"])
    response = client.post(f"{pair['url']}/goals", data=_goal(**overrides))
    assert response.status_code == 400
    assert message in _error(response.get_data(as_text=True), field)
    assert _count(PlanGoal) == 0 and _count(MentoringPlan) == 0


def test_a_plan_without_goals_cannot_be_agreed(pair, client, auth):
    auth.login_as(pair["mentee"])
    client.post(f"{pair['url']}/goals", data=_goal())
    goal_id = db.session.scalar(select(PlanGoal.id))
    assert client.post(f"/plan-goals/{goal_id}/delete").status_code == 302
    auth.logout()
    auth.login_as(pair["mentor"])
    response = client.post(f"{pair['url']}/agree", follow_redirects=True)
    assert "needs at least one goal" in response.get_data(as_text=True)
    assert db.session.scalar(select(MentoringPlan.status)) == PlanStatus.DRAFT


def test_only_the_pair_reads_the_plan_and_specialists_see_counts(pair, client, auth):
    auth.login_as(pair["mentee"])
    client.post(f"{pair['url']}/goals", data=_goal())
    goal_id = db.session.scalar(select(PlanGoal.id))
    auth.logout()
    for outsider in (pair["peer"], pair["other_mentor"]):
        auth.login_as(outsider)
        assert client.get(pair["url"]).status_code == 404
        assert client.get(f"/plan-goals/{goal_id}/edit").status_code == 404
        assert (
            client.post(
                f"/plan-goals/{goal_id}/progress", data={f"goal{goal_id}-note": "x"}
            ).status_code
            == 404
        )
        auth.logout()
    assert _count(GoalProgress) == 0
    # The mentor reads the plan but does not write the mentee's goals.
    auth.login_as(pair["mentor"])
    assert client.get(f"/plan-goals/{goal_id}/edit").status_code == 403
    assert client.post(f"{pair['url']}/goals", data=_goal()).status_code == 403
    auth.logout()

    specialist = make_user(Role.SPECIALIST)
    auth.login_as(specialist)
    assert client.get(pair["url"]).status_code == 403
    page = client.get(f"/admin/cohorts/{pair['cohort'].id}").get_data(as_text=True)
    assert "Year 1: 1 plan started, 0 agreed, 1 goal in all." in page
    assert "Year 2: 0 plans started, 0 agreed, 0 goals in all." in page
    assert "yearly school counseling calendar" not in page


def test_the_homes_link_to_the_plans(pair, client, auth):
    auth.login_as(pair["mentee"])
    assert f'href="{pair["url"]}"' in client.get("/").get_data(as_text=True)
    auth.logout()
    auth.login_as(pair["mentor"])
    home = client.get("/").get_data(as_text=True)
    assert f'href="{pair["url"]}"' in home and "Plan of Ada Mentee" in home
    assert db.session.get(User, pair["mentor"].id) is not None
