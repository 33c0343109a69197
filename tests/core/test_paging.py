"""Page numbers: any ?page= a visitor types answers a page, never a 500."""

import pytest
from flask import url_for

from mentoring.core.paging import MAX_PAGE, clamp_page
from mentoring.core.roles import Role
from tests.test_permissions import MATRIX, _routes
from tests.world import build_world

# 2**63 // 25: its offset (page - 1) * 25 no longer fits the databases' 64-bit integers.
HUGE = 2**63 // 25 + 1
PAGE_ARGUMENTS = ("page", "cohort_page", "at_risk_page", "certificate_page")


def test_clamp_page_keeps_pages_between_one_and_the_maximum():
    assert [clamp_page(n) for n in (-5, 0, 1, 7, MAX_PAGE, MAX_PAGE + 1, HUGE)] == [
        1,
        1,
        1,
        7,
        MAX_PAGE,
        MAX_PAGE,
        MAX_PAGE,
    ]


@pytest.mark.parametrize("visitor", [Role.SPECIALIST, Role.MENTOR, Role.MENTEE], ids=str)
def test_a_huge_page_number_answers_every_page_without_error(app, client, auth, visitor):
    world = build_world()
    auth.login_as(world.visitors[visitor])
    query = "&".join(f"{name}={HUGE}" for name in PAGE_ARGUMENTS)
    visited = []
    for endpoint, rule in sorted(_routes(app).items()):
        method, expected = MATRIX[endpoint]
        if method != "GET" or expected[visitor] != 200 or endpoint == "auth.logout":
            continue
        with app.test_request_context():
            url = url_for(endpoint, **{name: world.url_values[name] for name in rule.arguments})
        response = client.get(f"{url}?{query}")
        assert response.status_code < 500, url
        visited.append(endpoint)
    assert visited
