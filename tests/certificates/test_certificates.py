"""Certificates: issuing (once), serials, codes, the PDF, download, verification, revocation,
reissue and the register."""

import hashlib
import io
import json
import re
import subprocess
from datetime import date

import pytest
from sqlalchemy import func, select

from mentoring.certificates import codes, operations, queries
from mentoring.certificates.documents import certificate_pdf
from mentoring.certificates.models import Certificate, CertificateStatus
from mentoring.core.audit import AuditEvent
from mentoring.core.errors import MentoringError, NotAllowed
from mentoring.core.models import utcnow
from mentoring.core.pdf import PdfRenderer
from mentoring.core.spreadsheets import spreadsheet_safe
from mentoring.extensions import db
from mentoring.users.models import Role
from tests.conftest import make_user
from tests.factories import (
    complete_both_years,
    enroll,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
)

TODAY = date(2026, 11, 23)


@pytest.fixture
def graduates(app):
    """A 2024 cohort (ended June 30, 2026): two mentees complete in both years, one not."""
    cohort = make_cohort(name="2024 Central Cohort", start_year=2024)
    mentor = make_mentor(name="Mia Mentor")
    group = make_group(cohort, mentor)
    done = []
    for name in ("Noor Graduate", "Zoë Ñúñez-Łukasz"):
        enrollment = enroll(cohort, make_mentee(name=name), group)
        complete_both_years(group, enrollment, 2024)
        done.append(enrollment)
    unfinished = enroll(cohort, make_mentee(name="Una Unfinished"), group)
    return cohort, mentor, done, unfinished


@pytest.fixture
def specialist(app):
    return make_user(Role.SPECIALIST, name="Dana Specialist")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _pages(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))


# Issuing -------------------------------------------------------------------------------------


def test_issuing_records_what_the_certificate_says(graduates, specialist):
    cohort, _, (noor, _), _ = graduates
    certificate = operations.issue_certificate(noor, specialist, TODAY)
    db.session.commit()
    assert certificate.serial == "MO-SCMP-2026-00001"
    assert certificate.holder_name == "Noor Graduate"
    assert certificate.school_years == "2024–25 and 2025–26"
    assert certificate.contact_minutes == 2 * 8 * 90  # 24 hours
    assert certificate.issued_on == TODAY and certificate.issued_by_id == specialist.id
    assert certificate.status == CertificateStatus.VALID
    events = db.session.scalars(select(AuditEvent.action)).all()
    assert "certificate.issued" in events


def test_issuing_twice_gives_the_same_certificate(graduates, specialist):
    _, _, (noor, _), _ = graduates
    first = operations.issue_certificate(noor, specialist, TODAY)
    db.session.commit()
    again = operations.issue_certificate(noor, specialist, TODAY)
    db.session.commit()
    assert again.id == first.id and _count(Certificate) == 1


def test_the_database_refuses_a_second_valid_certificate(graduates, specialist):
    _, _, (noor, _), _ = graduates
    operations.issue_certificate(noor, specialist, TODAY)
    db.session.commit()
    row = operations._certificate_row(*_progress_and_holder(noor), specialist, TODAY, number=99)
    with pytest.raises(Exception, match="(?i)unique"):
        db.session.add(Certificate(**row))
        db.session.flush()
    db.session.rollback()


def _progress_and_holder(enrollment):
    from mentoring.cohorts.models import Enrollment
    from mentoring.progress.queries import progress_for
    from mentoring.users.models import User

    (progress,) = progress_for(Enrollment.id == enrollment.id, TODAY)
    return progress, db.session.get(User, enrollment.mentee_id)


def test_only_complete_enrollments_and_only_specialists(graduates, specialist):
    _, mentor, (noor, _), unfinished = graduates
    with pytest.raises(MentoringError, match="both program years are complete"):
        operations.issue_certificate(unfinished, specialist, TODAY)
    with pytest.raises(NotAllowed):
        operations.issue_certificate(noor, mentor, TODAY)
    db.session.rollback()
    assert _count(Certificate) == 0


def test_serials_run_per_year(graduates, specialist):
    _, _, (noor, zoe), _ = graduates
    first = operations.issue_certificate(noor, specialist, date(2026, 12, 31))
    second = operations.issue_certificate(zoe, specialist, date(2027, 1, 1))
    db.session.commit()
    assert (first.serial, second.serial) == ("MO-SCMP-2026-00001", "MO-SCMP-2027-00001")


def test_bulk_issuing_covers_every_eligible_enrollment_once(graduates, specialist):
    cohort, _, (noor, zoe), _ = graduates
    operations.issue_certificate(noor, specialist, TODAY)  # already has one
    db.session.commit()
    result = operations.issue_for_cohort(cohort, specialist, TODAY)
    db.session.commit()
    assert [c.enrollment_id for c in result.issued] == [zoe.id] and result.already == 1
    assert [c.serial for c in result.issued] == ["MO-SCMP-2026-00002"]
    assert operations.issue_for_cohort(cohort, specialist, TODAY).issued == []
    assert _count(Certificate) == 2


def test_codes_carry_128_random_bits_in_crockford_base32():
    made = {codes.new_code() for _ in range(2000)}
    assert len(made) == 2000
    assert all(len(code) == 26 and set(code) <= set(codes.ALPHABET) for code in made)
    # The first character holds the top 5 of 130 bits, of which 2 are always 0: 0–7.
    assert {code[0] for code in made} == set("01234567")
    # Each other position uses the whole alphabet across 2,000 codes.
    assert all(len({code[i] for code in made}) == 32 for i in range(1, 26))
    code = "0F3K9ZQ2AB7CDEFGHJKMNPQRST"
    assert codes.grouped(code) == "0F3K-9ZQ2-AB7C-DEFG-HJKM-NPQR-ST"
    assert codes.normalise(" 0f3k-9zq2 ab7c-defg-hjkm-npqr-st ") == code
    assert codes.normalise("OF3K9ZQ2AB7CDEFGHJKMNPQRST") == code  # O read as 0
    assert codes.normalise("0F3K9ZQ2AB7CDEFGHJKMNPQRSU") is None  # U is not in the alphabet
    assert codes.normalise("0F3K") is None


# The PDF -------------------------------------------------------------------------------------


def test_the_pdf_is_one_page_and_renders_to_the_same_bytes(graduates, specialist, tmp_path):
    _, _, (_, zoe), _ = graduates
    certificate = operations.issue_certificate(zoe, specialist, TODAY)
    db.session.commit()
    first = certificate_pdf(certificate)
    db.session.commit()
    assert first.startswith(b"%PDF-")
    assert certificate.pdf_sha256 == hashlib.sha256(first).hexdigest()
    assert certificate_pdf(certificate) == first
    assert _pages(first, tmp_path) == 1


@pytest.mark.parametrize(
    "name",
    [
        "Maximiliana Alexandra Konstantinopoulou-Fitzgerald de la Cruz y Villalobos-Smith",
        "Ἀλέξανδρος Παπαδόπουλος Ivanova Оксана Шевченко Łukasz Żółć Ærøskøbing",
        '<img src="file:///etc/passwd"> http://example.org/x.png',
    ],
)
def test_long_accented_and_hostile_names_stay_on_one_page(graduates, specialist, tmp_path, name):
    _, _, (noor, _), _ = graduates
    db.session.get(type(specialist), noor.mentee_id).name = name
    db.session.commit()
    certificate = operations.issue_certificate(noor, specialist, TODAY)
    db.session.commit()
    pdf = certificate_pdf(certificate)
    assert _pages(pdf, tmp_path) == 1
    text = _pdf_text(pdf, tmp_path)
    assert " ".join(name.split()[:2]) in " ".join(text.split())


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_fetcher_reads_only_static_files_and_data_urls(app, tmp_path):
    static = tmp_path / "static"
    (static / "pdf").mkdir(parents=True)
    (static / "pdf" / "plain.css").write_text("body { font-family: 'DejaVu Sans'; }")
    (static / "pdf" / "dot.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'
    )
    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')
    renderer = PdfRenderer(static)
    fetched = []
    original = renderer.fetcher.fetch

    def spy(url, headers=None):
        try:
            response = original(url, headers)
        except ValueError:
            fetched.append(("refused", url))
            raise
        fetched.append(("read", url))
        return response

    renderer.fetcher.fetch = spy
    renderer.render(
        f'<img src="file://{secret}"><img src="http://127.0.0.1:9/x.png">'
        '<img src="../../secret.svg"><img src="dot.svg">'
        '<img src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E">',
        "plain.css",
    )
    read = [url for outcome, url in fetched if outcome == "read"]
    refused = [url for outcome, url in fetched if outcome == "refused"]
    assert read == [f"file://{static / 'pdf' / 'dot.svg'}", read[1]] and read[1].startswith("data:")
    assert f"file://{secret}" in refused and "http://127.0.0.1:9/x.png" in refused
    assert f"file://{tmp_path}/secret.svg" in refused  # ../../ resolved outside static/


# Download ------------------------------------------------------------------------------------


def test_the_holder_their_mentor_and_specialists_download_others_get_404(
    client, auth, graduates, specialist
):
    _, mentor, (noor, zoe), _ = graduates
    certificate = operations.issue_certificate(noor, specialist, TODAY)
    db.session.commit()
    url = f"/certificates/{certificate.id}/pdf"
    holder = db.session.get(type(specialist), noor.mentee_id)
    for user in (holder, mentor, specialist):
        auth.login_as(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"] == (
            'attachment; filename="certificate-MO-SCMP-2026-00001.pdf"'
        )
        assert "no-store" in response.headers["Cache-Control"]
        auth.logout()
    classmate = db.session.get(type(specialist), zoe.mentee_id)
    for outsider in (classmate, make_mentor(name="Other Mentor")):
        auth.login_as(outsider)
        assert client.get(url).status_code == 404
        assert client.get(f"/certificates/{certificate.id}").status_code == 404
        auth.logout()


# Verification --------------------------------------------------------------------------------


def test_verification_says_valid_then_revoked_at_once(client, auth, graduates, specialist):
    _, _, (noor, _), _ = graduates
    certificate = operations.issue_certificate(noor, specialist, TODAY)
    db.session.commit()
    page = client.get(f"/verify/{certificate.code}")
    assert page.status_code == 200 and "no-store" in page.headers["Cache-Control"]
    text = page.get_data(as_text=True)
    assert "Valid." in text and "Noor Graduate" in text and "2024–25 and 2025–26" in text
    assert certificate.serial not in text and "24" not in re.sub(r"2024|2025|2026", "", text)
    data = client.get(f"/verify/{certificate.code}.json").get_json()
    assert data == {
        "status": "valid",
        "revoked_on": None,
        "holder": "Noor Graduate",
        "program": "School Counselor Mentoring Program",
        "school_years": "2024–25 and 2025–26",
        "issued_on": "2026-11-23",
    }

    auth.login_as(specialist)
    asked = _text(
        client.post(
            f"/certificates/{certificate.id}/revoke", data={"revoke-reason": "Issued in error"}
        )
    )
    assert f"Revoke certificate {certificate.serial}?" in asked
    assert "No replacement is issued: the enrollment is no longer completed" in asked
    assert client.get(f"/verify/{certificate.code}.json").get_json()["status"] == "valid"
    response = client.post(
        f"/certificates/{certificate.id}/revoke",
        data={"revoke-reason": "Issued in error", "confirmed": "yes"},
    )
    assert response.status_code == 302
    auth.logout()
    revoked = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "Revoked" in revoked and "Valid." not in revoked
    data = client.get(f"/verify/{certificate.code}.json").get_json()
    assert data["status"] == "revoked" and data["revoked_on"] == utcnow().date().isoformat()


def test_unknown_codes_get_the_same_404(client, graduates, specialist):
    _, _, (noor, _), _ = graduates
    certificate = operations.issue_certificate(noor, specialist, TODAY)
    db.session.commit()
    bodies = set()
    for code in ("0" * 26, certificate.serial, "nonsense", certificate.code[:-1] + "0"):
        if code == certificate.code:
            continue
        response = client.get(f"/verify/{code}")
        assert response.status_code == 404
        bodies.add(response.get_data(as_text=True))
        assert client.get(f"/verify/{code}.json").status_code == 404
    assert len(bodies) == 1


def test_a_typed_code_is_found_whatever_its_dashes_and_case(client, graduates, specialist):
    _, _, (noor, _), _ = graduates
    certificate = operations.issue_certificate(noor, specialist, TODAY)
    db.session.commit()
    typed = codes.grouped(certificate.code).lower().replace("-", " - ")
    response = client.get("/verify", query_string={"code": typed})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/verify/{certificate.code}"
    bad = client.get("/verify", query_string={"code": "12345"})
    assert bad.status_code == 400 and "26 letters and digits" in bad.get_data(as_text=True)


def test_a_pdf_is_recognised_by_its_hash(client, graduates, specialist):
    _, _, (noor, _), _ = graduates
    certificate = operations.issue_certificate(noor, specialist, TODAY)
    db.session.commit()
    pdf = certificate_pdf(certificate)
    db.session.commit()
    found = client.post(
        "/verify/pdf", data={"pdf": (io.BytesIO(pdf), "c.pdf")}, content_type="multipart/form-data"
    )
    assert found.status_code == 200 and "Valid." in found.get_data(as_text=True)
    changed = client.post(
        "/verify/pdf",
        data={"pdf": (io.BytesIO(pdf + b"\n"), "c.pdf")},
        content_type="multipart/form-data",
    )
    assert "is not a certificate issued by this program" in changed.get_data(as_text=True)


def test_verification_is_rate_limited(client, app, graduates):
    limit = int(app.config["VERIFY_LIMIT"].split()[0])
    statuses = [client.get(f"/verify/{'0' * 26}").status_code for _ in range(limit + 1)]
    assert statuses[:limit] == [404] * limit and statuses[-1] == 429


# Revocation and reissue ----------------------------------------------------------------------


def test_reissue_revokes_and_links_a_new_serial_and_code(client, auth, graduates, specialist):
    _, _, (noor, _), _ = graduates
    old = operations.issue_certificate(noor, specialist, TODAY)
    db.session.commit()
    db.session.get(type(specialist), noor.mentee_id).name = "Noor Graduate-Corrected"
    db.session.commit()
    auth.login_as(specialist)
    refused = client.post(f"/certificates/{old.id}/reissue", data={"reissue-reason": "  "})
    assert refused.status_code == 400 and "Give the reason." in refused.get_data(as_text=True)
    assert db.session.get(Certificate, old.id).status == CertificateStatus.VALID
    asked = client.post(f"/certificates/{old.id}/reissue", data={"reissue-reason": "Name"})
    assert asked.status_code == 200 and "Revoke and reissue certificate" in _text(asked)
    assert db.session.get(Certificate, old.id).status == CertificateStatus.VALID
    response = client.post(
        f"/certificates/{old.id}/reissue", data={"reissue-reason": "Name", "confirmed": "yes"}
    )
    assert response.status_code == 302
    new = db.session.scalar(select(Certificate).where(Certificate.replaces_id == old.id))
    old = db.session.get(Certificate, old.id)
    assert old.status == CertificateStatus.REVOKED and old.revocation_reason == "Name"
    assert new.status == CertificateStatus.VALID and new.serial == "MO-SCMP-2026-00002"
    assert new.code != old.code and new.holder_name == "Noor Graduate-Corrected"
    page = client.get(f"/certificates/{new.id}").get_data(as_text=True)
    assert old.serial in page
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["certificate.revoked", "certificate.reissued"]


# The register --------------------------------------------------------------------------------


def test_the_register_filters_and_exports_safe_csv(client, auth, graduates, specialist):
    cohort, _, (noor, zoe), _ = graduates
    db.session.get(type(specialist), zoe.mentee_id).name = "=HYPERLINK(1)"
    db.session.commit()
    operations.issue_for_cohort(cohort, specialist, TODAY)
    db.session.commit()
    first = operations.valid_certificate(noor.id)
    operations.revoke(first, specialist, "Error", utcnow())
    db.session.commit()
    auth.login_as(specialist)
    page = client.get("/admin/certificates?status=revoked").get_data(as_text=True)
    assert "MO-SCMP-2026-00001" in page and "MO-SCMP-2026-00002" not in page
    export = client.get(f"/admin/certificates.csv?cohort={cohort.id}")
    assert export.mimetype == "text/csv"
    lines = export.get_data(as_text=True).splitlines()
    assert lines[0] == ("serial,holder,email,district,school_years,contact_hours,issued_on,status")
    assert sorted(lines[1:])[1].startswith("MO-SCMP-2026-00002,'=HYPERLINK(1),")
    assert ",24,2026-11-23,valid" in sorted(lines[1:])[1]
    assert sorted(lines[1:])[0].endswith(",24,2026-11-23,revoked")


def test_the_register_total_counts_what_each_filter_lists(client, auth, graduates, specialist):
    cohort, _, (noor, _), _ = graduates
    other = make_cohort(name="2023 North Cohort", start_year=2023)
    other_group = make_group(other, make_mentor(name="Otto Mentor"))
    olga = enroll(other, make_mentee(name="Olga Earlier"), other_group)
    complete_both_years(other_group, olga, 2023)
    operations.issue_for_cohort(cohort, specialist, TODAY)
    operations.issue_for_cohort(other, specialist, TODAY)
    operations.revoke(operations.valid_certificate(noor.id), specialist, "Error", utcnow())
    db.session.commit()
    filters = [
        {"cohort_id": None, "start_year": None, "status": None},
        {"cohort_id": cohort.id, "start_year": None, "status": None},
        {"cohort_id": other.id, "start_year": None, "status": CertificateStatus.VALID},
        {"cohort_id": None, "start_year": 2024, "status": CertificateStatus.REVOKED},
        {"cohort_id": None, "start_year": 2023, "status": CertificateStatus.REVOKED},
    ]
    listed = [len(db.session.execute(queries.register_query(**f)).all()) for f in filters]
    assert listed == [3, 2, 1, 1, 0]  # by hand: 2 + 1 issued, Noor's revoked
    assert [db.session.scalar(queries.register_count(**f)) for f in filters] == listed
    auth.login_as(specialist)
    page = client.get(f"/admin/certificates?cohort={cohort.id}").get_data(as_text=True)
    assert "<p>2 certificates</p>" in page


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Noor", "Noor"),
        (None, ""),
        (24, "24"),
    ],
)
def test_spreadsheet_cells_never_start_a_formula(value, written):
    assert spreadsheet_safe(value) == written


def test_json_answers_parse(client, graduates, specialist):
    _, _, (noor, _), _ = graduates
    certificate = operations.issue_certificate(noor, specialist, TODAY)
    db.session.commit()
    body = client.get(f"/verify/{certificate.code}.json").get_data(as_text=True)
    assert json.loads(body)["holder"] == "Noor Graduate"


# On the dashboards ---------------------------------------------------------------------------


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def test_specialists_issue_from_the_cohort_page_and_the_home_list_empties(
    client, auth, graduates, specialist
):
    cohort, _, (noor, zoe), _ = graduates
    cohort.status = type(cohort.status)("completed")
    db.session.commit()
    auth.login_as(specialist)
    home = _text(client.get("/"))
    assert "Met both years, waiting for a certificate (2)" in home
    page = _text(client.get(f"/admin/cohorts/{cohort.id}"))
    assert "2 mentees completed both years and wait for a certificate." in page
    assert "Issue all 2 certificates" in page
    response = client.post(f"/enrollments/{noor.id}/certificate")
    assert response.status_code == 302
    assert "Met both years, waiting for a certificate (1)" in _text(client.get("/"))
    asked = _text(client.post(f"/admin/cohorts/{cohort.id}/certificates"))
    assert "Issue 1 certificate for 2024 Central Cohort?" in asked
    response = client.post(f"/admin/cohorts/{cohort.id}/certificates", data={"confirmed": "yes"})
    assert response.status_code == 302
    page = _text(client.get(f"/admin/cohorts/{cohort.id}"))
    assert "MO-SCMP-" in page and "wait for a certificate" not in page
    assert "Met both years, waiting for a certificate (0)" in _text(client.get("/"))
    assert _count(Certificate) == 2


def test_the_mentee_downloads_from_their_home_page(client, auth, graduates, specialist):
    _, _, (noor, _), _ = graduates
    certificate = operations.issue_certificate(noor, specialist, TODAY)
    db.session.commit()
    auth.login_as(db.session.get(type(specialist), noor.mentee_id))
    home = client.get("/").get_data(as_text=True)
    assert f'href="/certificates/{certificate.id}/pdf"' in home
    assert "Download the certificate (PDF)" in home
