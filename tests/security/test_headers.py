"""ASVS 5 (headers and caching): the security headers on HTML, JSON, PDF, CSV, 404 and 500
responses, no-store on signed-in pages and downloads, a charset on every text response, HSTS
in production, and no server or framework version banner."""

import http.client
import threading

import pytest
from werkzeug.serving import make_server

from mentoring import create_app
from mentoring.certificates.operations import issue_certificate
from mentoring.core import localtime
from mentoring.core.policy import public
from mentoring.core.roles import Role
from mentoring.core.spreadsheets import XLSX_MIMETYPE
from mentoring.core.text import CONTROL_CHARACTER
from mentoring.extensions import db
from tests.apps import make_test_config
from tests.factories import (
    complete_both_years,
    enroll,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
    make_user,
)

DIRECTIVES = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


def _assert_hardened(response, content_type: str) -> None:
    headers = response.headers
    assert set(headers["Content-Security-Policy"].split("; ")) == DIRECTIVES
    assert "unsafe" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Content-Type"] == content_type
    # The test client runs no server; the app itself adds no banner of any kind.
    assert "Server" not in headers and "X-Powered-By" not in headers
    for name, value in headers.items():
        for banner in ("Werkzeug", "Python/", "Flask", "gunicorn"):
            assert banner not in value, (name, value)
    assert "Strict-Transport-Security" not in headers  # only in production, over HTTPS


@pytest.fixture
def certificate(app):
    """A valid certificate of a mentee who completed the 2024 cohort, and its specialist."""
    cohort = make_cohort(name="2024 Central Cohort", start_year=2024)
    group = make_group(cohort, make_mentor())
    enrollment = enroll(cohort, make_mentee(name="Noor Graduate"), group)
    complete_both_years(group, enrollment, 2024)
    specialist = make_user(Role.SPECIALIST)
    issued = issue_certificate(enrollment, specialist, localtime.today())
    db.session.commit()
    return issued, specialist


def test_headers_on_a_public_html_page_which_may_be_cached(client):
    response = client.get("/login")
    assert response.status_code == 200
    _assert_hardened(response, "text/html; charset=utf-8")
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_headers_on_a_signed_in_html_page(client, auth):
    auth.login_as(make_user(Role.MENTEE))
    response = client.get("/")
    assert response.status_code == 200
    _assert_hardened(response, "text/html; charset=utf-8")
    assert response.headers["Cache-Control"] == "no-store"


def test_headers_on_a_pdf_download(client, auth, certificate):
    issued, specialist = certificate
    auth.login_as(specialist)
    response = client.get(f"/certificates/{issued.id}/pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    _assert_hardened(response, "application/pdf")  # binary: no charset
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith("attachment; ")


def test_headers_on_a_csv_download(client, auth, certificate):
    _, specialist = certificate
    auth.login_as(specialist)
    response = client.get("/admin/certificates.csv")
    assert response.status_code == 200
    assert response.get_data(as_text=True).startswith("\ufeffserial,holder,")  # BOM for Excel
    _assert_hardened(response, "text/csv; charset=utf-8")
    assert response.headers["Cache-Control"] == "no-store"
    workbook = client.get("/admin/certificates.xlsx")
    _assert_hardened(workbook, XLSX_MIMETYPE)
    assert workbook.headers["Cache-Control"] == "no-store"


def test_headers_on_public_json(client, certificate):
    issued, _ = certificate
    response = client.get(f"/verify/{issued.code}.json")
    assert response.status_code == 200 and response.get_json()["status"] == "valid"
    _assert_hardened(response, "application/json; charset=utf-8")
    assert response.headers["Cache-Control"] == "no-store"
    unknown = client.get("/verify/NOT-A-CODE.json")
    assert unknown.status_code == 404
    _assert_hardened(unknown, "application/json; charset=utf-8")


def test_a_download_is_not_stored_even_without_a_session(app, client):
    """The rule is about the response, not only about who asked for it."""

    @app.get("/test-only/export.csv")
    @public
    def export():
        return "a,b\r\n", 200, {"Content-Type": "text/csv"}

    response = client.get("/test-only/export.csv")
    assert response.status_code == 200
    _assert_hardened(response, "text/csv; charset=utf-8")
    assert response.headers["Cache-Control"] == "no-store"


def test_headers_on_a_404(client, auth):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    _assert_hardened(response, "text/html; charset=utf-8")
    auth.login_as(make_user(Role.MENTOR))
    response = client.get("/no-such-page")
    assert response.status_code == 404
    _assert_hardened(response, "text/html; charset=utf-8")
    assert response.headers["Cache-Control"] == "no-store"


def test_headers_on_a_500(app, client, auth):
    @app.get("/test-only/boom")
    @public
    def boom():
        raise RuntimeError("internal detail")

    for signed_in in (False, True):
        if signed_in:
            auth.login_as(make_user(Role.MENTEE))
        response = client.get("/test-only/boom")
        assert response.status_code == 500
        assert "internal detail" not in response.get_data(as_text=True)
        _assert_hardened(response, "text/html; charset=utf-8")
        assert ("no-store" in response.headers.get("Cache-Control", "")) is signed_in


def test_static_files_keep_their_caching_and_a_charset(client, auth):
    auth.login_as(make_user(Role.MENTEE))
    with client.get("/static/css/app.css") as response:
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/css; charset=utf-8"
        assert "no-store" not in response.headers.get("Cache-Control", "")


def test_hsts_in_production_only(database_url, _schema):
    config = make_test_config(
        database_url,
        ENV_NAME="production",
        SECRET_KEY="a-production-secret-key-of-more-than-32-characters",
        ALLOW_SQLITE_IN_PRODUCTION=True,
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0",  # GET /login is not limited
        PUBLIC_URL="https://mentoring.test",
    )
    production = create_app(config)
    with production.app_context():
        response = production.test_client().get("/login", base_url="https://mentoring.test")
        db.engine.dispose()
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_the_development_server_sends_no_version_banner(app):
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
        connection.request("GET", "/no-such-page", headers={"Host": "mentoring.test"})
        response = connection.getresponse()
        response.read()
        connection.close()
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
    assert response.status == 404
    assert response.headers.get_all("Server") == ["mentoring"]
    assert "Werkzeug" not in str(response.headers) and "Python" not in str(response.headers)


def test_a_nul_character_is_never_a_500(client, auth):
    """PostgreSQL cannot store NUL: a cohort named with one was a 500 there (found by
    tests/security/test_fuzz_forms.py). Now the text rule refuses it beside the field on
    every database (and PostgreSQL's own refusal would still be the person's 400)."""
    auth.login_as(make_user(Role.SPECIALIST))
    data = {"name": "Cohort\x00", "region": "Central", "start_year": "2025", "status": "active"}
    response = client.post("/admin/cohorts/new", data=data)
    assert response.status_code == 400
    assert CONTROL_CHARACTER in response.get_data(as_text=True)
    _assert_hardened(response, "text/html; charset=utf-8")
    assert client.get("/admin/cohorts").status_code == 200  # the session is usable after
    assert client.get("/admin/cohorts", query_string={"status": "\x00"}).status_code < 500
