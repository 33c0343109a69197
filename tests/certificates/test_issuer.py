"""The issuer as configuration, and the certificate's content and layout: what the PDF prints,
that it stays one page, that a configuration change never alters a certificate issued, and that
a missing or unreadable image is refused with a message."""

import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from mentoring.certificates import issuer, operations
from mentoring.certificates.documents import certificate_pdf
from mentoring.certificates.models import Certificate, CertificateIssuer
from mentoring.core.errors import MentoringError
from mentoring.core.roles import Role
from mentoring.extensions import db
from tests.certificates.helpers import TODAY
from tests.factories import make_user

PUBLIC = "https://mentoring.dese.mo.gov"
DEPARTMENT = "Missouri Department of Elementary and Secondary Education"


@pytest.fixture
def app_config():
    return {"PUBLIC_URL": PUBLIC}


def _run(tool: list[str], pdf: bytes, tmp_path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    done = subprocess.run([*tool, str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def _text(pdf: bytes, tmp_path) -> str:
    """The PDF's words, one space between each (lines joined)."""
    return " ".join(_run(["pdftotext"], pdf, tmp_path).split())


def _pages(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))


def _images(pdf: bytes, tmp_path) -> list[tuple[int, int]]:
    """Width and height of each raster image in the PDF (pdfimages -list, without the alpha
    masks it lists as images of their own)."""
    path = tmp_path / "images.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return sorted(
        (int(line.split()[3]), int(line.split()[4]))
        for line in listing
        if line.split()[2] == "image"
    )


def _issue(enrollment, specialist, name=None):  # noqa: F811
    if name:
        db.session.get(type(specialist), enrollment.mentee_id).name = name
        db.session.commit()
    certificate = operations.issue_certificate(enrollment, specialist, TODAY)
    db.session.commit()
    return certificate


def test_the_pdf_states_issuer_holder_years_hours_requirement_and_verification(
    graduates, specialist, tmp_path
):
    _, _, (noor, _), _ = graduates
    certificate = _issue(noor, specialist)
    text = _text(certificate_pdf(certificate), tmp_path)
    for expected in (
        DEPARTMENT.upper(),  # set in capitals
        "in partnership with the Missouri School Counselor Association",
        "Certificate of Completion",
        "Noor Graduate",
        "has completed the two-year School Counselor Mentoring Program",
        "school years 2024–25 and 2025–26",
        "24 contact hours",  # 2 years × 8 meetings × 90 minutes
        "satisfies the two-year mentoring requirement for the upgrade from the Initial Student "
        "Services certificate to the Career Student Services certificate",
        "Jordan A. Whitfield",
        "Program Specialist, School Counseling Section",
        "November 23, 2026",
        "MO-SCMP-2026-00001",
        "-".join(re.findall(".{1,4}", certificate.code)),
        f"{PUBLIC}/verify/",
    ):
        assert expected in text, expected
    assert "127.0.0.1" not in text and "State Department" not in text
    # The two demo seals (480 px square) and the signature image, embedded.
    with Image.open("static/img/demo/signature.png") as signature:
        expected_images = sorted([(480, 480), (480, 480), signature.size])
    assert _images(certificate_pdf(certificate), tmp_path) == expected_images


@pytest.mark.parametrize(
    "name",
    [
        "W" * 120,  # the longest name an account holds, in the widest letter, without a space
        ("Zoë Ñúñez-Łukasz Ærøskøbing Żółć Ἀλέξανδρος Шевченко " * 3)[:120].strip(),
        "Li",
    ],
)
def test_every_name_from_2_to_120_characters_stays_on_one_page(
    graduates, specialist, tmp_path, name
):
    _, _, (noor, _), _ = graduates
    pdf = certificate_pdf(_issue(noor, specialist, name))
    assert _pages(pdf, tmp_path) == 1
    # pdftotext drops a hyphen where a line breaks after it.
    words = _text(pdf, tmp_path).replace(" ", "").replace("-", "")
    assert name.replace(" ", "").replace("-", "") in words
    # Everything below the name is still on the page.
    assert "MOSCMP202600001" in words and "CareerStudentServices" in words


def test_an_issued_certificate_never_changes_with_the_configuration(
    app, graduates, specialist, tmp_path
):
    _, _, (noor, zoe), _ = graduates
    first = _issue(noor, specialist)
    pdf = certificate_pdf(first)
    db.session.commit()
    app.config.update(
        PUBLIC_URL="https://certificates.example.org",
        CERTIFICATE_DEPARTMENT="Renamed Department of Education",
        CERTIFICATE_SIGNATORY_NAME="Someone Else",
        CERTIFICATE_LOGOS=["img/demo/association-logo.png"],
        CERTIFICATE_SIGNATURE_IMAGE=None,
    )
    assert certificate_pdf(first) == pdf  # byte for byte, and so its stored hash
    later = _issue(zoe, specialist)
    text = _text(certificate_pdf(later), tmp_path)
    assert "RENAMED DEPARTMENT OF EDUCATION" in text and "Someone Else" in text
    assert "https://certificates.example.org/verify/" in text
    assert db.session.scalar(select(func.count(CertificateIssuer.id))) == 2
    assert later.issuer_id != first.issuer_id


def test_one_stored_issuer_serves_every_certificate_of_one_configuration(graduates, specialist):
    cohort, _, _, _ = graduates
    result = operations.issue_for_cohort(cohort, specialist, TODAY)
    db.session.commit()
    assert len(result.issued) == 2
    assert len({certificate.issuer_id for certificate in result.issued}) == 1
    assert db.session.scalar(select(func.count(CertificateIssuer.id))) == 1


def test_a_certificate_issued_before_issuers_keeps_its_first_layout(
    graduates, specialist, tmp_path
):
    _, _, (noor, _), _ = graduates
    certificate = _issue(noor, specialist)
    certificate.issuer_id = None  # as the migration leaves the certificates issued before it
    db.session.commit()
    text = _text(certificate_pdf(certificate), tmp_path)
    assert "with the State School Counselor Association" in text and "Jordan A. Whitfield" in text


def test_production_refuses_to_issue_without_the_issuer(app, graduates, specialist):
    _, _, (noor, _), _ = graduates
    app.config.update(ENV_NAME="production", CERTIFICATE_DEPARTMENT="Department", PUBLIC_URL=PUBLIC)
    with pytest.raises(MentoringError) as refused:
        operations.issue_certificate(noor, specialist, TODAY)
    db.session.rollback()
    assert refused.value.message == (
        "Certificates cannot be issued until the issuer is configured: set "
        "CERTIFICATE_ASSOCIATION, CERTIFICATE_PROGRAM, CERTIFICATE_SIGNATORY_NAME, "
        "CERTIFICATE_SIGNATORY_TITLE, CERTIFICATE_LOGOS (see the README, Configuration)."
    )
    assert db.session.scalar(select(func.count(Certificate.id))) == 0


@pytest.fixture
def bad_images(app):
    """Files in the instance folder: not an image, a GIF, too large, and a good PNG."""
    folder = Path(app.instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notes.png").write_text("not an image")
    Image.new("RGB", (64, 64), "navy").save(folder / "seal.gif")
    Image.new("RGB", (64, 64), "navy").save(folder / "seal.png")
    (folder / "huge.png").write_bytes((folder / "seal.png").read_bytes() + b"\0" * 1_000_000)
    return folder


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        ("missing.png", "CERTIFICATE_LOGOS: missing.png is not a file in the instance folder or "),
        ("../../etc/passwd", "CERTIFICATE_LOGOS: ../../etc/passwd is not a file in the instance "),
        ("notes.png", "CERTIFICATE_LOGOS: notes.png is not a readable image."),
        ("seal.gif", "CERTIFICATE_LOGOS: seal.gif is GIF; use PNG or JPEG."),
        ("huge.png", "CERTIFICATE_LOGOS: huge.png is larger than 1 MB."),
    ],
)
def test_an_unusable_logo_is_refused_with_its_reason(app, bad_images, logo, message):
    app.config["CERTIFICATE_LOGOS"] = ["seal.png", logo]
    with pytest.raises(issuer.IssuerConfigError) as refused:
        issuer.current_identity()
    assert refused.value.message.startswith(message)
    app.config["ENV_NAME"] = "production"
    with pytest.raises(SystemExit, match="refusing to start: " + re.escape(message)):
        issuer.init_app(app)


def test_a_logo_from_the_instance_folder_is_embedded(app, bad_images, graduates, specialist):
    _, _, (noor, _), _ = graduates
    app.config["CERTIFICATE_LOGOS"] = ["seal.png"]
    certificate = _issue(noor, specialist)
    stored = db.session.get(CertificateIssuer, certificate.issuer_id)
    assert stored.first_logo == (bad_images / "seal.png").read_bytes()
    assert stored.second_logo is None


def test_development_says_why_it_cannot_issue(app, client, auth, bad_images, graduates, specialist):
    cohort, _, (noor, _), _ = graduates
    app.config["CERTIFICATE_LOGOS"] = ["notes.png"]
    auth.login_as(specialist)
    response = client.post(f"/enrollments/{noor.id}/certificate", follow_redirects=True)
    assert response.status_code == 200
    assert "CERTIFICATE_LOGOS: notes.png is not a readable image." in response.get_data(
        as_text=True
    )
    assert db.session.scalar(select(func.count(Certificate.id))) == 0


def test_emails_are_signed_by_the_program_and_its_issuer(client, auth, outbox):
    auth.login_as(make_user(Role.SPECIALIST))
    client.post(
        "/admin/users/invite",
        data={"name": "Ivy Invited", "email": "ivy@example.org", "role": "mentor"},
    )
    [message] = outbox
    assert message.body.endswith(
        "\n\nSchool Counselor Mentoring Program\n"
        "Missouri Department of Elementary and Secondary Education with the Missouri School "
        "Counselor Association\n"
    )
