"""Two app servers behind one load balancer, sharing PostgreSQL and Redis: a session, a
sign-out, the sign-in rate limit and a certificate are the same whichever server answers.

Servers A and B are gunicorn processes in production mode (one worker each, so that a count
kept in a worker's memory could not pass for a shared one).
"""

import json
import secrets

import pyotp
import pytest
from sqlalchemy import select

from mentoring.certificates.models import Certificate
from mentoring.core.roles import Role
from mentoring.extensions import db
from tests.deploy.cluster import Visitor
from tests.deploy.helpers import rate_limit_keys, running_servers
from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    complete_both_years,
    enroll,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)


@pytest.fixture(scope="module")
def cluster(deployment, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("two-servers")
    with running_servers(deployment, ["A", "B"], workers=1, tmp=tmp) as cluster:
        yield cluster


def _user(deployment, role: Role, name: str) -> str:
    """Create a user through the app's own functions; return their email."""
    with deployment.app.app_context():
        return make_user(role, name=name).email


def _code() -> str:
    """The current code of the test specialists' second factor (tests/conftest.py)."""
    return pyotp.TOTP(TOTP_SECRET).now()


def test_a_session_started_on_one_server_is_signed_in_on_the_other(deployment, cluster):
    a, b = cluster.servers
    email = _user(deployment, Role.SPECIALIST, "Ada Twoservers")
    visitor = Visitor("198.51.100.10")
    # The password through A, the second factor through B: the half-done sign-in travels in
    # the cookie as well.
    visitor.sign_in(a, email, PASSWORD, code=_code(), then=b)
    cookie = next(line for line in visitor.set_cookies if line.startswith("__Host-session="))
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"secure", "httponly", "path=/", "samesite=lax"} <= attributes
    assert not any(attribute.startswith("domain") for attribute in attributes)
    for server in (a, b, a):
        page = visitor.get(server, "/")
        assert page.status == 200, server.name
        assert "Ada Twoservers" in page.text


def test_a_second_factor_code_used_on_one_server_is_refused_on_the_other(deployment, cluster):
    a, b = cluster.servers
    email = _user(deployment, Role.SPECIALIST, "Cy Replay")
    code = _code()
    Visitor("198.51.100.11").sign_in(b, email, PASSWORD, code=code)
    thief = Visitor("198.51.100.12")
    fields = thief.form(a, "/login")
    answer = thief.post(a, "/login", {**fields, "email": email, "password": PASSWORD})
    assert answer.location == "/login/second-factor"
    fields = thief.form(a, "/login/second-factor")
    answer = thief.post(a, "/login/second-factor", {**fields, "code": code})
    assert answer.status == 400
    assert "That code was already used: wait for the next code" in answer.text


def test_signing_out_on_one_server_ends_every_copy_of_the_session(deployment, cluster):
    a, b = cluster.servers
    email = _user(deployment, Role.MENTEE, "Bo Signout")
    visitor = Visitor("198.51.100.13")
    visitor.sign_in(a, email, PASSWORD)
    copied = visitor.copy()  # the cookie as it stands, as someone might have copied it
    assert "Bo Signout" in copied.copy().get(a, "/").text
    fields = visitor.form(b, "/", action="/logout")
    answer = visitor.post(b, "/logout", fields, page="/")
    assert (answer.status, answer.location) == (302, "/login")
    for server in (a, b):
        answer = copied.copy().get(server, "/")
        assert (answer.status, answer.location) == (302, "/login"), server.name
        page = copied.copy().get(server, "/account")
        assert page.status == 302, server.name


def test_the_sign_in_limit_counts_across_both_servers(deployment, cluster):
    """10 failed sign-ins a minute per client address and account: spread over A and B, the
    11th is refused (with a count per server it would take 20)."""
    a, b = cluster.servers
    limit = int(deployment.app.config["LOGIN_LIMIT"].split()[0])
    wrong = {"email": f"nobody-{secrets.token_hex(4)}@example.org", "password": "not the password"}

    def fail(visitor: Visitor, server) -> int:
        # After 5 failures the address waits (a 200 page that says so): those count too.
        return visitor.post(server, "/login", {**fields, **wrong}).status

    visitor = Visitor("203.0.113.50")
    fields = visitor.form(a, "/login")
    answers = [fail(visitor, (a, b)[attempt % 2]) for attempt in range(limit)]
    assert answers == [200] * limit
    assert [fail(visitor, server) for server in (b, a)] == [429, 429]
    # Another client behind the same load balancer is not held back.
    neighbour = Visitor("203.0.113.51")
    fields = neighbour.form(b, "/login")
    assert fail(neighbour, b) == 200
    assert rate_limit_keys(deployment.redis_url, cluster.rate_limit_prefix)


def test_a_certificate_issued_through_one_server_verifies_through_the_other(deployment, cluster):
    a, b = cluster.servers
    with deployment.app.app_context():
        cohort = make_cohort(name=f"2024 Two Servers {secrets.token_hex(3)}", start_year=2024)
        group = make_group(cohort, make_mentor())
        enrollment = enroll(cohort, make_mentee(name="Noor Twoservers"), group)
        complete_both_years(group, enrollment, 2024)
        specialist = make_user(Role.SPECIALIST)
        cohort_id, enrollment_id, email = cohort.id, enrollment.id, specialist.email

    staff = Visitor("198.51.100.14")
    staff.sign_in(a, email, PASSWORD, code=_code())
    issue = f"/enrollments/{enrollment_id}/certificate"
    fields = staff.form(a, f"/admin/cohorts/{cohort_id}", action=issue)
    answer = staff.post(a, issue, fields, page=f"/admin/cohorts/{cohort_id}")
    assert answer.status == 302 and answer.location.startswith("/certificates/")
    certificate_id = int(answer.location.rsplit("/", 1)[1])
    with deployment.app.app_context():
        code = db.session.scalar(select(Certificate.code).where(Certificate.id == certificate_id))

    public = Visitor("198.51.100.15")
    page = public.get(b, f"/verify/{code}")
    assert page.status == 200 and "Noor Twoservers" in page.text
    answer = public.get(b, f"/verify/{code}.json")
    assert answer.status == 200
    facts = json.loads(answer.body)
    assert (facts["status"], facts["holder"]) == ("valid", "Noor Twoservers")

    # B renders first and stores the SHA-256; A renders again and must give the same bytes.
    from_b = staff.get(b, f"/certificates/{certificate_id}/pdf")
    from_a = staff.get(a, f"/certificates/{certificate_id}/pdf")
    assert from_b.status == from_a.status == 200
    assert from_b.headers["Content-Type"] == "application/pdf"
    assert from_b.body.startswith(b"%PDF")
    assert from_a.body == from_b.body
    with deployment.app.app_context():
        stored = db.session.scalar(
            select(Certificate.pdf_sha256).where(Certificate.id == certificate_id)
        )
    assert stored == from_a.sha256


def test_a_request_naming_another_host_is_refused(cluster):
    """gunicorn in production answers only MENTORING_PUBLIC_URL's host: a request naming another
    (a reset asked for with `Host: attacker.example`) gets a plain 400 before any page runs."""
    a, b = cluster.servers
    visitor = Visitor("198.51.100.40")
    for server in (a, b):
        refused = visitor.request(server, "GET", "/login", headers={"Host": "attacker.example"})
        assert refused.status == 400
        assert refused.body == b"This site does not answer to that host name.\n"
        assert visitor.get(server, "/login").status == 200  # the public Host
