"""ASVS 6 (mass assignment): extra posted fields are ignored. For every POST route of the URL
map, as a visitor allowed to use it, the form the pages show is sent twice, each time into the
same fresh world: once as shown, once with extra fields that try to set ownership, role,
mentor, cohort, state or ids. Both must leave the database in the same state."""

import re

import pytest

from mentoring import create_app
from mentoring.core import localtime
from mentoring.core.roles import Role
from mentoring.upgrade.operations import seed_rule_sets
from tests.apps import empty_all_tables, make_test_config
from tests.factories import make_user
from tests.matrix import ANONYMOUS
from tests.security.walk import (
    allowed_visitors,
    discover_forms,
    post_endpoints,
    snapshot,
    url,
)
from tests.world import build_world

# Columns that differ between two identical worlds or runs: times, salted hashes, random codes.
# A scheduled meeting's uid and series are random ids for calendars.
VOLATILE = re.compile(
    r"(_at|_on_server|_step|hash|code|token|secret|nonce|digest|serial|uid|series)$|^code"
)
_forms: dict = {}

# What a person would type into the forms that create things, so that both runs really create
# them (a form sent empty is refused, and refused forms change nothing either way).
TODAY = localtime.today().isoformat()
FILLED = {
    "reflections.new_reflection": {"title": "Week one", "body": "What I learned."},
    "users.invite_user": {"name": "New Person", "email": "new.person@example.org"},
    "cohorts.new_cohort": {"name": "New Cohort"},
    "cohorts.enroll_mentee": {
        "email": "enrolled@example.org",
        "name": "Enrolled Mentee",
        "district": "Far District",
        "school": "Far School",
    },
    "cohorts.withdraw_mentee": {"reason": "Moved away", "withdrawn_on": TODAY},
    "meetings.new_meeting": {"held_on": TODAY, "duration_minutes": "60", "focus": "Caseloads"},
    "mentors.decline_application": {"note": "Not this year"},
    "certificates.revoke": {"revoke-reason": "Issued in error"},
    "certificates.reissue": {"reissue-reason": "Name corrected"},
    "upgrade.new_development": {
        "completed_on": TODAY,
        "title": "Workshop",
        "provider": "Center",
        "contact_hours": "3",
    },
    "upgrade.new_experience": {
        "school_year": "2019-20",
        "employer": "A District",
        "school_type": "public",
        "is_contracted": "y",
        "is_at_least_half_time": "y",
    },
}  # (visitor, endpoint) → the form found on a page; the same in every world


def _extras(world, specialist_id: int) -> dict[str, str]:
    """Values that would each change something a form does not offer to change."""
    values = world.url_values
    other_user = str(specialist_id)  # never anyone's mentor, mentee or author
    return {
        "role": Role.SPECIALIST.value,
        "is_active": "",
        "is_admin": "y",
        "author_id": other_user,
        "mentor_id": other_user,
        "mentee_id": other_user,
        "user_id": other_user,
        "logged_by_id": other_user,
        "issued_by_id": other_user,
        "actor_id": other_user,
        "cohort_id": str(values["cohort_id"] + 1000),
        "enrollment_id": str(values["enrollment_id"] + 1000),
        "plc_group_id": str(values["group_id"] + 1000),
        "group_id": str(values["group_id"] + 1000),
        "status": "revoked",
        "state": "completed",
        "id": "999999",
        "session_version": "999",
        "password_hash": "pbkdf2:sha256:1$forged$forged",
        "totp_secret": "JBSWY3DPEHPK3PXP",
        "capacity": "99",
        "email": "forged@example.org",
    }


def _endpoints():
    return post_endpoints(create_app(make_test_config("sqlite://")))


def _sign_in(app, auth, world, visitor):
    if visitor != ANONYMOUS:
        auth.login_as(world.visitors[visitor])


def _form(app, client, auth, world, visitor, endpoint):
    if visitor not in {v for v, _ in _forms}:
        found = discover_forms(app, client, world.url_values)
        for found_endpoint, form in found.items():
            _forms[(visitor, found_endpoint)] = form
        _forms.setdefault((visitor, None), None)
    return _forms.get((visitor, endpoint))


def _run(app, auth, endpoint, visitor, data) -> tuple[int, dict]:
    """Post data into a fresh world; return the status and the resulting database."""
    empty_all_tables()
    seed_rule_sets()  # what a migrated database starts with, as the app fixture does
    make_user.counter = 0  # the same emails and names in both worlds
    world = build_world()
    client = auth.client
    with client.session_transaction() as session:
        session.clear()
    _sign_in(app, auth, world, visitor)
    response = client.post(url(app, endpoint, world.url_values), data=data)
    return response.status_code, snapshot(VOLATILE)


@pytest.mark.parametrize("endpoint", _endpoints())
def test_extra_posted_fields_are_ignored(app, client, auth, endpoint):
    visitor = (allowed_visitors(app, endpoint) or [ANONYMOUS])[0]
    world = build_world()
    _sign_in(app, auth, world, visitor)
    form = _form(app, client, auth, world, visitor, endpoint)
    shown = (form.data() if form is not None else {}) | FILLED.get(endpoint, {})
    extras = {
        name: value
        for name, value in _extras(world, world.visitors[Role.SPECIALIST].id).items()
        if form is None or name not in form.fields
    }
    assert extras
    status_shown, state_shown = _run(app, auth, endpoint, visitor, shown)
    status_extra, state_extra = _run(app, auth, endpoint, visitor, shown | extras)
    assert status_extra == status_shown
    assert status_shown < 500
    changed = {t for t in state_shown if state_shown[t] != state_extra[t]}
    assert not changed, f"{endpoint}: the extra fields changed {sorted(changed)}"


def test_the_forms_were_found_and_submitted_as_shown(app, client, auth):
    """The control: the walk finds the pages' forms and, as shown, they do change things."""
    world = build_world()
    auth.login_as(world.visitors[Role.SPECIALIST])
    found = discover_forms(app, client, world.url_values)
    assert {"users.change_role", "certificates.revoke", "cohorts.edit_cohort"} <= set(found)
    assert found["users.change_role"].fields["role"].kind == "select"
    before = snapshot(VOLATILE)
    form = found["cohorts.edit_cohort"]
    response = client.post(form.action, data=form.data() | {"name": "Renamed Cohort"})
    assert response.status_code == 302
    assert snapshot(VOLATILE) != before
