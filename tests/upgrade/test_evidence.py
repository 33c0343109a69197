"""Evidence files: type by content, 10 MB each and 50 MB per person, stored in the database,
served as attachments that are never cached or sniffed, to the mentee and specialists only."""

import io
from datetime import date

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from mentoring.core.audit import AuditEvent
from mentoring.core.errors import MentoringError
from mentoring.core.models import utcnow
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.upgrade import operations
from mentoring.upgrade.models import EvidenceFile, ExperienceYear
from tests.factories import make_user
from tests.upgrade.helpers import add_activity, add_year

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF"
MB = 1024 * 1024


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(EvidenceFile))


def _upload(client, url, data: bytes, name="contract.pdf"):
    # The body is encoded in memory: Werkzeug's test client would spool a large one to a
    # temporary file that it never closes.
    boundary, body = encode_multipart(
        MultiDict({"file": FileStorage(io.BytesIO(data), filename=name)})
    )
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def test_the_mentee_attaches_a_file_that_specialists_download(client, auth, people):
    year = add_year(people.mentee, "2025–26")
    auth.login_as(people.mentee)
    url = f"/upgrade/experience/{year.id}/evidence"
    assert client.get(url).status_code == 200
    response = _upload(client, url, PDF)
    assert response.status_code == 302
    (evidence,) = db.session.scalars(select(EvidenceFile))
    assert (evidence.experience_year_id, evidence.content_type, evidence.size_bytes) == (
        year.id,
        "application/pdf",
        len(PDF),
    )
    (event,) = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "upgrade.evidence_added")
    )
    assert event.summary == (
        f"Evidence file {evidence.id} (application/pdf, {len(PDF)} bytes) added to experience "
        f"entry {year.id}"
    )
    assert f"/upgrade/evidence/{evidence.id}" in client.get("/upgrade").get_data(as_text=True)

    for reader in (people.mentee, make_user(Role.SPECIALIST)):
        auth.logout()
        auth.login_as(reader)
        download = client.get(f"/upgrade/evidence/{evidence.id}")
        assert download.status_code == 200
        assert download.data == PDF
        assert download.headers["Content-Type"] == "application/pdf"
        assert download.headers["Content-Disposition"] == 'attachment; filename="contract.pdf"'
        assert download.headers["Cache-Control"] == "no-store"
        assert download.headers["X-Content-Type-Options"] == "nosniff"
    # The specialist's view of the checklist lists it; the mentor's does not.
    page = client.get(f"/mentees/{people.mentee.id}/upgrade").get_data(as_text=True)
    assert f"/upgrade/evidence/{evidence.id}" in page
    auth.logout()
    auth.login_as(people.mentor)
    page = client.get(f"/mentees/{people.mentee.id}/upgrade").get_data(as_text=True)
    assert f"/upgrade/evidence/{evidence.id}" not in page
    assert client.get(f"/upgrade/evidence/{evidence.id}").status_code == 403
    # Another mentee: it does not exist for them.
    auth.logout()
    auth.login_as(people.other_mentee)
    assert client.get(f"/upgrade/evidence/{evidence.id}").status_code == 404
    assert client.get(f"/upgrade/experience/{year.id}/evidence").status_code == 404


def test_a_file_of_another_type_is_refused_whatever_its_name(client, auth, people):
    activity = add_activity(people.mentee, contact_hours="3")
    auth.login_as(people.mentee)
    response = _upload(
        client, f"/upgrade/development/{activity.id}/evidence", b"<html>hi</html>", "scan.png"
    )
    assert response.status_code == 400
    assert "Attach a PDF, PNG or JPEG file; this file is none of them." in response.get_data(
        as_text=True
    )
    assert _count() == 0


def test_a_file_over_10_mb_is_refused(client, auth, people):
    year = add_year(people.mentee, "2025–26")
    auth.login_as(people.mentee)
    url = f"/upgrade/experience/{year.id}/evidence"
    too_big = PDF + b"0" * (10 * MB + 1 - len(PDF))
    response = _upload(client, url, too_big)
    assert response.status_code == 400
    assert (
        "A file can be at most 10 MB (10,485,760 bytes); this one has 10,485,761 bytes."
        in response.get_data(as_text=True)
    )
    assert _count() == 0
    assert _upload(client, url, too_big[:-1]).status_code == 302  # exactly 10 MB is kept
    assert _count() == 1


def test_50_mb_per_person(people):
    year = add_year(people.mentee, "2025–26")
    ten = PNG + b"0" * (10 * MB - len(PNG))
    for _ in range(5):
        operations.add_evidence(people.mentee, "experience", year, "scan.png", ten, utcnow())
    db.session.commit()
    with pytest.raises(MentoringError) as error:
        operations.add_evidence(people.mentee, "experience", year, "one.pdf", b"%PDF-", utcnow())
    assert (error.value.field, error.value.message) == (
        "file",
        "Your files can take at most 50 MB in all; you have 50 MB, and this file has 5 bytes. "
        "Remove a file first.",
    )
    db.session.rollback()
    assert _count() == 5
    # Another person's files are theirs: the other mentee still has room.
    other = add_year(people.other_mentee, "2025–26")
    operations.add_evidence(people.other_mentee, "experience", other, "a.pdf", PDF, utcnow())


def test_removing_a_file_asks_first_and_an_items_files_go_with_it(client, auth, people):
    year = add_year(people.mentee, "2025–26", evaluated_on=date(2026, 5, 1))
    first = operations.add_evidence(people.mentee, "experience", year, "a.pdf", PDF, utcnow())
    operations.add_evidence(people.mentee, "experience", year, "b.jpg", JPEG, utcnow())
    db.session.commit()
    auth.login_as(people.mentee)
    page = client.get(f"/upgrade/evidence/{first.id}/delete")
    assert "Delete the file a.pdf?" in page.get_data(as_text=True)
    assert _count() == 2
    assert client.post(f"/upgrade/evidence/{first.id}/delete").status_code == 302
    assert _count() == 1
    # Deleting the year removes its remaining file.
    assert client.post(f"/upgrade/experience/{year.id}/delete").status_code == 302
    assert (_count(), db.session.scalar(select(func.count()).select_from(ExperienceYear))) == (
        0,
        0,
    )


def test_the_upload_route_takes_10_mb_whatever_the_apps_smaller_limit(app, client, auth, people):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024  # a site-wide limit of 1 MB
    year = add_year(people.mentee, "2025–26")
    auth.login_as(people.mentee)
    two_mb = PDF + b"0" * (2 * MB - len(PDF))
    assert _upload(client, f"/upgrade/experience/{year.id}/evidence", two_mb).status_code == 302
    assert _count() == 1


def test_the_larger_limit_holds_before_csrf_protection_reads_the_form(app, client, auth, people):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    year = add_year(people.mentee, "2025–26")
    auth.login_as(people.mentee)
    app.config["WTF_CSRF_ENABLED"] = True
    two_mb = PDF + b"0" * (2 * MB - len(PDF))
    response = _upload(client, f"/upgrade/experience/{year.id}/evidence", two_mb)
    # Refused for the missing CSRF token (the body was read), not as too large (413).
    assert response.status_code == 400
    assert _count() == 0
