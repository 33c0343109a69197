"""The permission matrix: every route × every kind of visitor, generated from the URL map.

Each feature lists its routes in tests/<feature>/matrix.py as ROUTES = {endpoint: (method,
{visitor: expected status})}. A new route without a row fails test_every_route_has_a_row,
so no page ships unchecked. The visiting mentor leads the world's PLC group and the visiting
mentee is enrolled in it, so "their own" objects answer 200 and others' 404.
"""

import pytest
from flask import url_for

from mentoring.core.roles import Role
from tests.auth.matrix import ROUTES as AUTH_ROUTES
from tests.certificates.matrix import ROUTES as CERTIFICATE_ROUTES
from tests.closeout.matrix import ROUTES as CLOSEOUT_ROUTES
from tests.cohorts.matrix import ROUTES as COHORT_ROUTES
from tests.core.matrix import ROUTES as CORE_ROUTES
from tests.curriculum.matrix import ROUTES as CURRICULUM_ROUTES
from tests.drafts.matrix import ROUTES as DRAFT_ROUTES
from tests.factories import make_user
from tests.matrix import ANONYMOUS, SIGN_IN, VISITORS
from tests.meetings.matrix import ROUTES as MEETING_ROUTES
from tests.mentors.matrix import ROUTES as MENTOR_ROUTES
from tests.notifications.matrix import ROUTES as NOTIFICATION_ROUTES
from tests.plans.matrix import ROUTES as PLAN_ROUTES
from tests.progress.matrix import ROUTES as PROGRESS_ROUTES
from tests.records.matrix import ROUTES as RECORD_ROUTES
from tests.reflections.matrix import ROUTES as REFLECTION_ROUTES
from tests.reports.matrix import ROUTES as REPORT_ROUTES
from tests.schedule.matrix import ROUTES as SCHEDULE_ROUTES
from tests.service.matrix import ROUTES as SERVICE_ROUTES
from tests.surveys.matrix import ROUTES as SURVEY_ROUTES
from tests.upgrade.matrix import ROUTES as UPGRADE_ROUTES
from tests.users.matrix import ROUTES as USER_ROUTES
from tests.world import build_world

MATRIX = (
    CORE_ROUTES
    | AUTH_ROUTES
    | USER_ROUTES
    | MENTOR_ROUTES
    | COHORT_ROUTES
    | MEETING_ROUTES
    | REFLECTION_ROUTES
    | PROGRESS_ROUTES
    | CERTIFICATE_ROUTES
    | CLOSEOUT_ROUTES
    | RECORD_ROUTES
    | UPGRADE_ROUTES
    | SCHEDULE_ROUTES
    | PLAN_ROUTES
    | NOTIFICATION_ROUTES
    | DRAFT_ROUTES
    | CURRICULUM_ROUTES
    | SURVEY_ROUTES
    | REPORT_ROUTES
    | SERVICE_ROUTES
)


def _routes(app):
    return {
        rule.endpoint: rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and not rule.endpoint.endswith(".static")
    }


def test_every_route_has_a_row(app):
    assert set(_routes(app)) == set(MATRIX)


def test_every_route_declares_an_access_rule(app):
    for endpoint in _routes(app):
        assert hasattr(app.view_functions[endpoint], "access_rule"), endpoint


@pytest.mark.parametrize("visitor", VISITORS, ids=str)
@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_route_answers_each_visitor_as_expected(app, client, auth, endpoint, visitor):
    world = build_world()
    if visitor != ANONYMOUS:
        auth.login_as(world.visitors[visitor])
    rule = _routes(app)[endpoint]
    with app.test_request_context():
        url = url_for(endpoint, **{name: world.url_values[name] for name in rule.arguments})
    method, expected = MATRIX[endpoint]
    response = client.open(url, method=method)
    assert response.status_code == expected[visitor]
    if response.status_code == 302 and expected[visitor] == SIGN_IN and visitor == ANONYMOUS:
        assert response.headers["Location"].startswith("/login")


def test_an_object_that_does_not_exist_is_404_for_a_specialist(client, auth):
    auth.login_as(make_user(Role.SPECIALIST))
    assert client.get("/admin/users/999999").status_code == 404
    assert client.post("/admin/users/999999/deactivate").status_code == 404
