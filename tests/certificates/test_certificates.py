"""Certificates: issuing (once), serials, codes, the PDF, download, verification, revocation,
reissue and the register."""

import hashlib
import io
import json
import re
import subprocess
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import func, select

from mentoring.certificates import codes, operations, queries
from mentoring.certificates.documents import certificate_pdf
from mentoring.certificates.issuer import issuer_for_new_certificates
from mentoring.certificates.models import Certificate, CertificateStatus
from mentoring.core import localtime
from mentoring.core.audit import AuditEvent
from mentoring.core.errors import MentoringError, NotAllowed
from mentoring.core.models import utcnow
from mentoring.core.pdf import PdfRenderer
from mentoring.core.spreadsheets import spreadsheet_safe
from mentoring.extensions import db
from tests.certificates.helpers import TODAY
from tests.factories import (
    complete_both_years,
    enroll,
    make_cohort,
    make_group,
    make_mentee,
    make_mentor,
)


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
    issuer = issuer_for_new_certificates()
    row = operations._certificate_row(
        *_progress_and_holder(noor), specialist, TODAY, number=99, issuer=issuer
    )
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


def test_codes_carry_128_random_bits_in_crockford_base32_and_a_check_symbol():
    made = {codes.new_code() for _ in range(2000)}
    assert len(made) == 2000
    assert all(len(code) == 27 and set(code[:26]) <= set(codes.ALPHABET) for code in made)
    # The first character holds the top 5 of 130 bits, of which 2 are always 0: 0–7.
    assert {code[0] for code in made} == set("01234567")
    # Each other position uses the whole alphabet across 2,000 codes.
    assert all(len({code[i] for code in made}) == 32 for i in range(1, 26))
    # The check symbol takes all 37 values (32 digits and *~$=U).
    assert {code[26] for code in made} == set("0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U")
    assert not any(codes.has_typo(code) for code in made)
    code = "0F3K9ZQ2AB7CDEFGHJKMNPQRST"
    assert codes.grouped(code) == "0F3K-9ZQ2-AB7C-DEFG-HJKM-NPQR-ST"
    assert codes.normalise(" 0f3k-9zq2 ab7c-defg-hjkm-npqr-st ") == code
    assert codes.normalise("OF3K9ZQ2AB7CDEFGHJKMNPQRST") == code  # O read as 0
    assert codes.normalise("0F3K9ZQ2AB7CDEFGHJKMNPQRSU") is None  # U is not in the alphabet
    assert codes.normalise("0F3K") is None


@pytest.mark.parametrize(
    ("body", "check"),
    [
        # Worked by hand: the symbols are 0-9 A-H J K M N P-T V-Z (values 0-31), then
        # * ~ $ = U (32-36).
        ("0" * 25 + "1", "1"),
        ("0" * 25 + "Z", "Z"),
        ("0" * 24 + "10", "*"),  # 32
        ("0" * 24 + "12", "$"),  # 34
        ("0" * 24 + "14", "U"),  # 36
        ("0" * 24 + "15", "0"),  # 37
        ("0" * 23 + "100", "S"),  # 1024 = 27 × 37 + 25, and S is 25
    ],
)
def test_the_check_symbol_is_the_value_modulo_37(body, check):
    assert codes.check_symbol(body) == check


def test_a_typo_or_a_swap_breaks_the_check_symbol():
    code = codes.new_code()
    body, check = code[:-1], code[-1]
    for position in range(26):
        for wrong in codes.ALPHABET:
            if wrong != body[position]:
                typo = body[:position] + wrong + body[position + 1 :] + check
                assert codes.has_typo(typo), (position, wrong)
        if position < 25 and body[position] != body[position + 1]:
            swapped = body[:position] + body[position + 1] + body[position] + body[position + 2 :]
            assert codes.has_typo(swapped + check)


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
    text = _text(page)
    for fact in (
        "Valid. The Missouri Department of Elementary and Secondary Education issued this",
        "Holder Noor Graduate",
        "Program School Counselor Mentoring Program",
        "Issued by Missouri Department of Elementary and Secondary Education, in partnership "
        "with the Missouri School Counselor Association",
        "School years 2024–25 and 2025–26",
        "Contact hours 24",
        "Serial MO-SCMP-2026-00001",
        "Issued November 23, 2026",
    ):
        assert fact in text, fact
    assert db.session.get(type(specialist), noor.mentee_id).email not in text
    data = client.get(f"/verify/{certificate.code}.json").get_json()
    assert data == {
        "format_version": 2,
        "status": "valid",
        "holder": "Noor Graduate",
        "program": "School Counselor Mentoring Program",
        "issuer": {
            "department": "Missouri Department of Elementary and Secondary Education",
            "association": "Missouri School Counselor Association",
        },
        "school_years": "2024–25 and 2025–26",
        "contact_hours": 24.0,
        "serial": "MO-SCMP-2026-00001",
        "issued_on": "2026-11-23",
        "revoked_on": None,
        "replaced_by": None,
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
    revoked = _text(client.get(f"/verify/{certificate.code}"))
    today = localtime.today()
    assert f"Revoked on {today.strftime('%B %-d, %Y')}. This certificate is no longer valid." in (
        revoked
    )
    assert "Valid." not in revoked and "Issued in error" not in revoked  # the reason stays inside
    assert "replaced by" not in revoked
    data = client.get(f"/verify/{certificate.code}.json").get_json()
    assert data["status"] == "revoked" and data["revoked_on"] == today.isoformat()
    assert data["replaced_by"] is None


def test_a_reissued_certificate_links_to_its_replacement(client, auth, graduates, specialist):
    _, _, (noor, _), _ = graduates
    old = operations.issue_certificate(noor, specialist, TODAY)
    db.session.commit()
    new = operations.reissue(old, specialist, "Name corrected", TODAY, utcnow())
    db.session.commit()
    page = client.get(f"/verify/{old.code}")
    text = _text(page)
    assert "Revoked on" in text
    assert "It was replaced by certificate MO-SCMP-2026-00002: verify the replacement" in text
    assert f'href="/verify/{new.code}"' in page.get_data(as_text=True)
    data = client.get(f"/verify/{old.code}.json").get_json()
    assert data["replaced_by"] == {
        "serial": "MO-SCMP-2026-00002",
        "url": f"http://mentoring.test/verify/{new.code}",  # the tests' MENTORING_PUBLIC_URL
    }
    followed = _text(client.get(f"/verify/{new.code}"))
    assert "Valid." in followed and "Serial MO-SCMP-2026-00002" in followed


def test_unknown_codes_get_the_same_404(client, graduates, specialist):
    _, _, (noor, _), _ = graduates
    certificate = operations.issue_certificate(noor, specialist, TODAY)
    db.session.commit()
    bodies = set()
    never_issued = codes.new_code()  # well-formed, with a right check symbol
    for code in (never_issued, "0" * 26, certificate.serial, "nonsense", certificate.code[:-1]):
        response = client.get(f"/verify/{code}")
        assert response.status_code == 404, code
        bodies.add(response.get_data(as_text=True))
        answer = client.get(f"/verify/{code}.json")
        assert answer.status_code == 404
        assert answer.get_json() == {"format_version": 2, "error": "unknown code"}
    assert len(bodies) == 1


def _one_typo(code: str) -> str:
    """The code with its tenth character replaced by another."""
    wrong = "1" if code[9] != "1" else "2"
    return code[:9] + wrong + code[10:]


def test_a_mistyped_code_is_told_to_have_a_typo(client, graduates, specialist):
    _, _, (noor, _), _ = graduates
    certificate = operations.issue_certificate(noor, specialist, TODAY)
    db.session.commit()
    typo = _one_typo(certificate.code)
    page = client.get(f"/verify/{typo}")
    assert page.status_code == 400
    assert "This code has a typo: check it against the printed certificate." in _text(page)
    assert client.get(f"/verify/{typo}.json").get_json() == {
        "format_version": 2,
        "error": "typo",
        "message": "This code has a typo: check it against the printed certificate.",
    }
    typed = client.get("/verify", query_string={"code": codes.grouped(typo).lower()})
    assert typed.status_code == 400
    assert "This code has a typo" in typed.get_data(as_text=True)


def test_a_code_issued_before_the_check_symbol_keeps_verifying(client, graduates, specialist):
    _, _, (noor, _), _ = graduates
    certificate = operations.issue_certificate(noor, specialist, TODAY)
    certificate.code = "0F3K9ZQ2AB7CDEFGHJKMNPQRST"  # 26 characters, as the first ones were
    db.session.commit()
    assert "Valid." in client.get("/verify/0F3K9ZQ2AB7CDEFGHJKMNPQRST").get_data(as_text=True)
    typed = client.get("/verify", query_string={"code": "0f3k-9zq2-ab7c-defg-hjkm-npqr-st"})
    assert typed.headers["Location"] == "/verify/0F3K9ZQ2AB7CDEFGHJKMNPQRST"


def test_a_typed_code_is_found_whatever_its_dashes_and_case(client, graduates, specialist):
    _, _, (noor, _), _ = graduates
    certificate = operations.issue_certificate(noor, specialist, TODAY)
    db.session.commit()
    typed = codes.grouped(certificate.code).lower().replace("-", " - ")
    response = client.get("/verify", query_string={"code": typed})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/verify/{certificate.code}"
    # A grouped, lower-case code in the address leads to the certificate's own address.
    grouped = client.get(f"/verify/{codes.grouped(certificate.code).lower()}")
    assert grouped.status_code == 302
    assert grouped.headers["Location"] == f"/verify/{certificate.code}"
    bad = client.get("/verify", query_string={"code": "12345"})
    assert bad.status_code == 400 and "27 characters" in bad.get_data(as_text=True)


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


def _register_world(client, auth, graduates, specialist):
    """Noor's certificate reissued under her corrected name (the old one revoked), Zoë's under
    a formula-like name."""
    cohort, _, (noor, zoe), _ = graduates
    db.session.get(type(specialist), zoe.mentee_id).name = "=HYPERLINK(1)"
    db.session.commit()
    operations.issue_for_cohort(cohort, specialist, TODAY)
    db.session.commit()
    db.session.get(type(specialist), noor.mentee_id).name = "Noor Graduate-Smith"
    first = operations.valid_certificate(noor.id)
    operations.reissue(first, specialist, "+Name corrected", TODAY, utcnow())
    db.session.commit()
    auth.login_as(specialist)
    return cohort


HEADER = (
    "serial,holder,current_name,email,district,cohort,region,school_years,contact_hours,issued_on,status,"
    "revoked_on,revocation_reason,replaced_by"
)


def test_the_register_filters_and_exports_safe_csv_with_a_bom(client, auth, graduates, specialist):
    cohort = _register_world(client, auth, graduates, specialist)
    page = client.get("/admin/certificates?status=revoked").get_data(as_text=True)
    assert "MO-SCMP-2026-00001" in page and "MO-SCMP-2026-00002" not in page
    assert "Noor Graduate</a> (now Noor Graduate-Smith)" in page
    valid = client.get("/admin/certificates?status=valid").get_data(as_text=True)
    assert "Noor Graduate-Smith</a>" in valid and "(now" not in valid
    export = client.get(f"/admin/certificates.csv?cohort={cohort.id}")
    assert export.mimetype == "text/csv"
    body = export.get_data()
    assert body.startswith(b"\xef\xbb\xbf" + b"serial,")  # UTF-8's byte-order mark, once
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == HEADER
    today = localtime.today().isoformat()
    by_serial = {line.split(",")[0]: line for line in lines[1:]}
    assert by_serial["MO-SCMP-2026-00001"].endswith(
        f",2024 Central Cohort,Central,2024–25 and 2025–26,24,2026-11-23,revoked,{today},"
        "'+Name corrected,MO-SCMP-2026-00003"
    )
    assert by_serial["MO-SCMP-2026-00001"].startswith(
        "MO-SCMP-2026-00001,Noor Graduate,Noor Graduate-Smith,"
    )
    assert by_serial["MO-SCMP-2026-00003"].startswith(
        "MO-SCMP-2026-00003,Noor Graduate-Smith,,"  # issued with the name it has now
    )
    assert by_serial["MO-SCMP-2026-00002"].startswith("MO-SCMP-2026-00002,'=HYPERLINK(1),,")
    assert by_serial["MO-SCMP-2026-00002"].endswith(",24,2026-11-23,valid,,,")
    assert by_serial["MO-SCMP-2026-00003"].endswith(",valid,,,")


def test_the_register_downloads_as_xlsx_with_the_same_guard(client, auth, graduates, specialist):
    cohort = _register_world(client, auth, graduates, specialist)
    export = client.get(f"/admin/certificates.xlsx?cohort={cohort.id}")
    assert export.mimetype == ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert export.headers["Content-Disposition"].endswith('.xlsx"')
    assert "no-store" in export.headers["Cache-Control"]
    workbook = openpyxl.load_workbook(io.BytesIO(export.get_data()))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert ",".join(rows[0]) == HEADER
    by_serial = {row[0]: row for row in rows[1:]}
    revoked = by_serial["MO-SCMP-2026-00001"]
    assert revoked[1:3] == ("Noor Graduate", "Noor Graduate-Smith")
    assert by_serial["MO-SCMP-2026-00003"][1:3] == ("Noor Graduate-Smith", None)
    assert revoked[5:] == (
        "2024 Central Cohort",
        "Central",
        "2024–25 and 2025–26",
        24,  # a number, not text
        datetime(2026, 11, 23),  # a date (openpyxl reads dates back as datetimes)
        "revoked",
        datetime.combine(localtime.today(), datetime.min.time()),
        "'+Name corrected",
        "MO-SCMP-2026-00003",
    )
    assert by_serial["MO-SCMP-2026-00002"][1] == "'=HYPERLINK(1)"
    # No cell of the workbook is a formula.
    with zipfile.ZipFile(io.BytesIO(export.get_data())) as package:
        sheet = next(name for name in package.namelist() if name.startswith("xl/worksheets/"))
        assert b"<f>" not in package.read(sheet)
    assert all(cell.data_type != "f" for row in workbook.active.iter_rows() for cell in row)


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
