"""Specialists scoped to regions, and the certification office (core/policy.py).

A specialist of Southwest and one of Central look at a program with a cohort, a mentor, an
application, a mentee with a certificate and a training in each region: each sees only their
own; the statewide specialist sees both; the office sees the register and the completions."""

import csv
import io
from datetime import timedelta

import pytest
from flask import url_for
from sqlalchemy import select

from mentoring.certificates.codes import new_code
from mentoring.certificates.models import Certificate
from mentoring.cohorts.models import Cohort, Enrollment, EnrollmentStatus
from mentoring.core import localtime
from mentoring.core.audit import AuditEvent
from mentoring.core.roles import Role
from mentoring.core.scopes import SpecialistRegion
from mentoring.extensions import db
from mentoring.mentors.models import TrainingAttendance, TrainingEvent, TrainingKind
from mentoring.users import operations as user_operations
from mentoring.users.models import User
from tests.factories import (
    enroll,
    make_application,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)
from tests.matrix import OFFICE, REGIONAL, SIGN_IN
from tests.test_permissions import MATRIX, _routes

# The URL values that name an object of some region (tests/world.py builds them in Central).
REGIONAL_OBJECTS = {
    "cohort_id",
    "group_id",
    "enrollment_id",
    "application_id",
    "meeting_id",
    "scheduled_id",
    "certificate_id",
    "mentee_id",
    "mentor_id",
    "user_id",
    "experience_id",
    "development_id",
    "item_id",
    "file_id",
    "essential_id",
    "curriculum_link_id",
    "curriculum_file_id",
    "training_id",
}


def _program(region: str, number: int) -> dict:
    """A cohort of the region with a mentor's group, a mentee holding a certificate, an
    application and a training."""
    mentor = make_mentor(name=f"{region} Mentor", region=region)
    mentee = make_mentee(name=f"{region} Mentee", region=region)
    cohort = make_cohort(name=f"2026 {region} Cohort", region=region)
    group = make_group(cohort, mentor)
    enrollment = enroll(cohort, mentee, group)
    certificate = Certificate(
        enrollment_id=enrollment.id,
        serial=f"MO-SCMP-0001-0000{number}",
        serial_year=1,
        serial_number=number,
        code=new_code(),
        holder_name=mentee.name,
        school_years=cohort.school_years,
        contact_minutes=90,
        issued_on=localtime.today(),
        signatory_name="Program Director",
        signatory_title="Department of Education",
    )
    training = TrainingEvent(
        kind=TrainingKind.REGIONAL_TRAINING,
        title=f"{region} mentor training",
        held_on=localtime.today() - timedelta(days=5),
        region=region,
        minutes=360,
    )
    db.session.add_all([certificate, training])
    application = make_application(
        f"{region} Applicant", f"applicant.{number}@example.org", region, district=region
    )
    db.session.commit()
    return {
        "mentor": mentor,
        "mentee": mentee,
        "cohort": cohort,
        "certificate": certificate,
        "training": training,
        "application": application,
    }


def _specialist_of(*regions: str) -> User:
    specialist = make_user(Role.SPECIALIST, name=f"Specialist of {', '.join(regions)}")
    user_operations.set_regions(specialist, regions, None)
    db.session.commit()
    return specialist


@pytest.fixture
def two_regions(app):
    return _program("Southwest", 1), _program("Central", 2)


def test_the_matrix_answers_404_to_the_regional_specialist_on_every_object_route(app):
    """Every route about one object that a specialist reaches answers the regional specialist
    (of another region than every object of the world) 404, or 403 for a statewide setting:
    no object route is left open to them."""
    routes = _routes(app)
    checked = 0
    for endpoint, (_, expected) in MATRIX.items():
        names = set(routes[endpoint].arguments) & REGIONAL_OBJECTS
        if not names or expected[Role.SPECIALIST] in (403, 404):
            continue
        checked += 1
        assert expected[REGIONAL] in (403, 404), endpoint
    assert checked > 60  # every object route of the specialists', not a handful


def test_the_office_reaches_exactly_its_pages(app):
    """Of the pages for signed-in people, the certification office opens its own and the
    account's, and no other (matrix: 200 for it)."""
    opened = {
        endpoint
        for endpoint, (_, expected) in MATRIX.items()
        if expected[OFFICE] == 200 and expected["anonymous"] == SIGN_IN
    }
    assert opened == {
        "home.index",
        "certificates.register",
        "certificates.export",
        "certificates.export_xlsx",
        "reports.enrollment",
        "reports.enrollment_csv",
        "reports.enrollment_xlsx",
        "reports.certificates",
        "reports.certificates_csv",
        "reports.certificates_xlsx",
        "reports.certificate_list",
        "upgrade.verification_results",
        "auth.account",
        "auth.change_password",
        "auth.change_email",
        "auth.edit_details",
        "auth.reauthenticate",
        "notifications.preferences",
        "notifications.list_notifications",
    }


def _object_urls(program: dict) -> list[str]:
    return [
        url_for("cohorts.show_cohort", cohort_id=program["cohort"].id),
        url_for("mentors.show_mentor", mentor_id=program["mentor"].id),
        url_for("mentors.show_application", application_id=program["application"].id),
        url_for("records.mentee_record", mentee_id=program["mentee"].id),
        url_for("certificates.show", certificate_id=program["certificate"].id),
        url_for("service.show_training", training_id=program["training"].id),
        url_for("users.show_user", user_id=program["mentee"].id),
        url_for("service.statement", mentor_id=program["mentor"].id),
        url_for("upgrade.mentee_checklist", mentee_id=program["mentee"].id),
    ]


def test_a_regional_specialist_guessing_ids_of_another_region_gets_404(client, auth, two_regions):
    southwest, central = two_regions
    auth.login_as(_specialist_of("Southwest"))
    with client.application.test_request_context():
        theirs, ours = _object_urls(central), _object_urls(southwest)
    assert [client.get(url).status_code for url in theirs] == [404] * len(theirs)
    assert [client.get(url).status_code for url in ours] == [200] * len(ours)
    # A write on another region's object is refused the same way, and changes nothing.
    mentee = central["mentee"]
    assert client.post(f"/admin/users/{mentee.id}/deactivate").status_code == 404
    db.session.expire_all()
    assert db.session.get(User, mentee.id).is_active


def _texts(client, urls) -> str:
    return "\n".join(client.get(url).get_data(as_text=True) for url in urls)


LISTS = [
    "/admin/cohorts",
    "/admin/mentors",
    "/admin/applications?status=",
    "/admin/users",
    "/admin/certificates",
    "/admin/certificates.csv",
    "/admin/trainings",
    "/admin/search?q=Mentee",
    "/admin/reports/enrollment",
    "/admin/reports/enrollment.csv",
    "/admin/reports/certificates/list?kind=issued",
    "/",
]


def test_lists_reports_and_exports_show_only_the_specialists_regions(client, auth, two_regions):
    auth.login_as(_specialist_of("Southwest"))
    seen = _texts(client, LISTS)
    for name in ("Southwest Mentor", "Southwest Mentee", "Southwest Applicant", "2026 Southwest"):
        assert name in seen
    assert "Central" not in seen  # no cohort, person, region figure or filter choice of it
    assert "MO-SCMP-0001-00001" in seen and "MO-SCMP-0001-00002" not in seen


def test_a_statewide_specialist_sees_every_region(client, auth, two_regions):
    auth.login_as(make_user(Role.SPECIALIST))
    seen = _texts(client, LISTS)
    for name in ("Southwest Mentee", "Central Mentee", "Southwest Applicant", "Central Applicant"):
        assert name in seen


def _total_started(client, url: str) -> int:
    rows = list(csv.reader(io.StringIO(client.get(url).text.lstrip("\ufeff"))))
    total = next(row for row in rows if row[0] == "total")
    return int(total[rows[0].index("started")])


def test_the_enrollment_report_counts_only_the_specialists_regions(client, auth, two_regions):
    # One enrollment in each region's cohort: 1 for a regional specialist, 2 statewide.
    auth.login_as(_specialist_of("Central"))
    assert _total_started(client, "/admin/reports/enrollment.csv") == 1
    rows = client.get("/admin/reports/enrollment.csv").text
    assert "2026 Central Cohort" in rows and "Southwest" not in rows
    auth.logout()
    auth.login_as(make_user(Role.SPECIALIST))
    assert _total_started(client, "/admin/reports/enrollment.csv") == 2


def test_a_report_filter_for_another_region_is_refused_like_an_unknown_one(
    client, auth, two_regions
):
    auth.login_as(_specialist_of("Southwest"))
    refused = client.get("/admin/reports/enrollment?region=Central")
    unknown = client.get("/admin/reports/enrollment?region=Atlantis")
    assert refused.status_code == unknown.status_code == 400
    assert "There is no region “Central”" in refused.get_data(as_text=True)
    assert client.get("/admin/reports/enrollment.csv?region=Central").status_code == 400
    assert client.get("/admin/reports/enrollment?region=Southwest").status_code == 200


def test_a_regional_specialist_creates_cohorts_only_in_their_regions(client, auth):
    auth.login_as(_specialist_of("Southwest"))
    form = client.get("/admin/cohorts/new").get_data(as_text=True)
    assert '<option value="Southwest">' in form and '<option value="Central">' not in form
    response = client.post(
        "/admin/cohorts/new", data={"name": "Elsewhere", "region": "Central", "start_year": 2026}
    )
    assert response.status_code == 400
    assert db.session.scalar(select(Cohort).where(Cohort.name == "Elsewhere")) is None


def test_a_regional_specialist_cannot_change_roles_scopes_or_statewide_settings(client, auth):
    regional = _specialist_of("Southwest")
    mentee = make_mentee(region="Southwest")
    other = make_user(Role.SPECIALIST)
    auth.login_as(regional)
    assert (
        client.post(f"/admin/users/{mentee.id}/role", data={"role": "specialist"}).status_code
        == 403
    )
    assert client.post(f"/admin/users/{other.id}/regions", data={}).status_code == 403
    assert client.post(f"/admin/users/{regional.id}/regions", data={}).status_code == 403
    for page in ("/admin/users/invite", "/admin/audit", "/admin/requirements", "/admin/surveys"):
        assert client.get(page).status_code == 403, page
    db.session.expire_all()
    assert db.session.get(User, mentee.id).role == Role.MENTEE
    assert user_operations.regions_of_specialist(regional) == ["Southwest"]
    # Their user page shows no role or region form.
    page = client.get(f"/admin/users/{mentee.id}").get_data(as_text=True)
    assert "Change role" not in page and "Save regions" not in page


def test_a_statewide_specialist_scopes_a_specialist_and_it_is_audited(client, auth):
    statewide = make_user(Role.SPECIALIST)
    specialist = make_user(Role.SPECIALIST, name="Becoming Regional")
    auth.login_as(statewide)
    page = client.get(f"/admin/users/{specialist.id}").get_data(as_text=True)
    assert "Save regions" in page and "Statewide" in page
    response = client.post(
        f"/admin/users/{specialist.id}/regions", data={"regions": ["Central", "Northeast"]}
    )
    assert response.status_code == 302
    assert user_operations.regions_of_specialist(specialist) == ["Central", "Northeast"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.regions_changed"))
    assert event.actor_id == statewide.id and event.target_id == specialist.id
    assert event.summary.endswith("statewide → Central, Northeast")
    # None ticked: statewide again.
    client.post(f"/admin/users/{specialist.id}/regions", data={})
    assert user_operations.regions_of_specialist(specialist) == []
    # Regions are for specialists: a mentee's are refused beside the field, nothing saved.
    mentee = make_mentee()
    refused = client.post(f"/admin/users/{mentee.id}/regions", data={"regions": ["Central"]})
    assert refused.status_code == 400
    assert "Only a program specialist can be given regions." in refused.get_data(as_text=True)
    assert (
        db.session.scalar(select(SpecialistRegion).where(SpecialistRegion.user_id == mentee.id))
        is None
    )


def test_a_new_scope_ends_the_specialists_sessions(client, auth):
    specialist = make_user(Role.SPECIALIST)
    auth.login_as(specialist)
    assert client.get("/admin/audit").status_code == 200
    user_operations.set_regions(specialist, ["Central"], make_user(Role.SPECIALIST))
    db.session.commit()
    assert client.get("/admin/audit").status_code == 302  # signed out: sign in again


def test_flask_users_create_and_access_set_the_scope(runner, app):
    result = runner.invoke(
        args=[
            "users", "create", "--email", "regional@example.org", "--name", "Regional",
            "--role", "specialist", "--password", "a-long-cli-password",
            "--region", "Central", "--region", "Southeast",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Central, Southeast" in result.output
    user = user_operations.find_by_email("regional@example.org")
    assert user_operations.regions_of_specialist(user) == ["Central", "Southeast"]
    result = runner.invoke(
        args=["users", "access", "--email", "regional@example.org", "--statewide"]
    )
    assert result.exit_code == 0 and "statewide" in result.output
    assert user_operations.regions_of_specialist(user) == []
    result = runner.invoke(
        args=[
            "users",
            "access",
            "--email",
            "regional@example.org",
            "--role",
            "certification_office",
        ]
    )
    assert result.exit_code == 0 and "certification office" in result.output
    result = runner.invoke(
        args=["users", "access", "--email", "regional@example.org", "--region", "Central"]
    )
    assert result.exit_code != 0 and "Only a program specialist" in result.output
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"user.regions_changed", "user.role_changed"} <= actions


def test_the_office_home_links_its_pages_and_the_register_lists_every_region(
    client, auth, two_regions
):
    southwest, central = two_regions
    auth.login_as(make_user(OFFICE))
    home = client.get("/").get_data(as_text=True)
    for link in (
        "/admin/certificates",
        "/verify",
        "/admin/reports/enrollment",
        "/admin/reports/certificates",
        "/upgrade/verifications",
    ):
        assert f'href="{link}"' in home, link
    register = client.get("/admin/certificates").get_data(as_text=True)
    assert "Southwest Mentee" in register and "Central Mentee" in register
    # The office reads certificates by their verification page, not records of people.
    assert f"/verify/{central['certificate'].code}" in register
    assert "/admin/mentees/" not in register
    report = client.get("/admin/reports/enrollment").get_data(as_text=True)
    assert "/admin/reports/enrollment/list" not in report and "/admin/cohorts/" not in report
    for refused in ("/admin/cohorts", "/admin/mentors", "/admin/users", "/admin/reports"):
        assert client.get(refused).status_code == 403, refused
    assert client.get("/admin/reports/enrollment/list").status_code == 403
    assert client.post(f"/certificates/{central['certificate'].id}/revoke").status_code == 403


def test_the_office_must_use_a_second_factor(client, auth):
    office = make_user(OFFICE, password=None)
    assert office.needs_second_factor_enrolment


def test_every_list_of_the_matrix_shows_the_regional_specialist_nothing_of_the_world(
    app, client, auth
):
    """Every page without an id in its address that the regional specialist opens (a list, a
    report, an export, their home) names no person, cohort or serial of the world, which lies
    in another region; the statewide specialist's pages name them (the check can fail)."""
    from tests.world import build_world

    world = build_world()
    routes = _routes(app)
    pages = sorted(
        endpoint
        for endpoint, (method, expected) in MATRIX.items()
        if method == "GET"
        and expected[REGIONAL] == 200
        and not routes[endpoint].arguments
        and expected["anonymous"] == SIGN_IN
        and not endpoint.endswith("xlsx")  # zipped: the CSV of the same rows is read instead
    )
    assert {"cohorts.list_cohorts", "certificates.export", "reports.enrollment_csv"} <= set(pages)
    names = ["Visiting Mentor", "Visiting Mentee", "Applying Counselor", "MO-SCMP-0001-00001"]

    def seen(visitor) -> set[str]:
        auth.login_as(world.visitors[visitor])
        with app.test_request_context():
            urls = [url_for(endpoint) for endpoint in pages]
        text = "\n".join(client.get(url).get_data(as_text=True) for url in urls)
        auth.logout()
        return {name for name in names if name in text}

    assert seen(REGIONAL) == set()
    assert seen(Role.SPECIALIST) == set(names)


def test_the_mentee_record_shows_a_scoped_specialist_only_their_regions_enrollments(
    client, auth, two_regions
):
    """A mentee of Southwest who began in a Central cohort (withdrawn there): the Southwest
    specialist's record holds the Southwest enrollment only; the statewide specialist's both."""
    southwest, central = two_regions
    mentee = southwest["mentee"]
    day = localtime.today() - timedelta(days=60)
    db.session.add(
        Enrollment(
            cohort_id=central["cohort"].id,
            mentee_id=mentee.id,
            enrolled_on=day,
            status=EnrollmentStatus.WITHDRAWN,
            withdrawn_on=day,
            withdrawal_reason="Moved to a Southwest district",
        )
    )
    db.session.commit()
    url = f"/admin/mentees/{mentee.id}"
    auth.login_as(_specialist_of("Southwest"))
    scoped = client.get(url).get_data(as_text=True)
    assert "2026 Southwest Cohort" in scoped and "MO-SCMP-0001-00001" in scoped
    assert "2026 Central Cohort" not in scoped and "Moved to a Southwest" not in scoped
    auth.logout()
    auth.login_as(make_user(Role.SPECIALIST))
    statewide = client.get(url).get_data(as_text=True)
    assert "2026 Southwest Cohort" in statewide and "2026 Central Cohort" in statewide


def test_a_scoped_specialist_records_only_their_regions_mentors_at_a_training(
    client, auth, two_regions
):
    southwest, central = two_regions
    training = southwest["training"]
    auth.login_as(_specialist_of("Southwest"))
    url = f"/admin/trainings/{training.id}"
    both = f"{southwest['mentor'].email}\n{central['mentor'].email}"
    response = client.post(url, data={"emails": both})
    assert response.status_code == 400
    assert f"No mentor of your regions has the email address {central['mentor'].email}" in (
        response.get_data(as_text=True)
    )
    assert _attendees(training) == []
    response = client.post(url, data={"emails": southwest["mentor"].email})
    assert response.status_code == 302
    assert _attendees(training) == [southwest["mentor"].id]


def _attendees(training) -> list[int]:
    return list(
        db.session.scalars(
            select(TrainingAttendance.mentor_id).where(
                TrainingAttendance.training_event_id == training.id
            )
        )
    )
