"""The benchmark's measurements inside one app process: certificate rendering and bulk issuance.

Run by benchmarks/run.py against the database in DATABASE_URL. Bulk issuance works in a
transaction that is rolled back: the valid certificates are revoked in it so that their
enrollments are eligible again, certificates are issued cohort by cohort until 500 are, and
nothing of it stays.
"""

import statistics
import time
from datetime import date
from pathlib import Path

import segno
import weasyprint
from flask import current_app, render_template
from sqlalchemy import select, update

from mentoring import create_app
from mentoring.certificates import documents, operations
from mentoring.certificates.codes import grouped
from mentoring.certificates.models import Certificate, CertificateStatus
from mentoring.cohorts.models import Cohort, CohortStatus
from mentoring.core.models import utcnow
from mentoring.extensions import db
from mentoring.users.models import Role, User

RENDERS = 50
BULK = 500


def _median_ms(action, times: int = RENDERS) -> float:
    action()  # warm: fonts, stylesheet, templates
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def measure_rendering(certificate: Certificate) -> tuple[float, float]:
    """The app's warm render and a bare WeasyPrint render of the very same HTML."""
    url = documents.verification_url(certificate)
    html = render_template(
        "certificates/certificate_pdf.html",
        certificate=certificate,
        code=grouped(certificate.code),
        url=url,
        qr_code=segno.make(url, error="m").svg_data_uri(scale=4, border=0),
        long_name=len(certificate.holder_name) > documents.LONG_NAME,
    )
    static = Path(current_app.static_folder) / "pdf"

    def bare() -> None:
        weasyprint.HTML(string=html, base_url=static.as_uri() + "/").write_pdf(
            stylesheets=[weasyprint.CSS(filename=str(static / "certificate.css"))]
        )

    return _median_ms(lambda: documents.certificate_pdf(certificate)), _median_ms(bare)


def measure_bulk_issuance() -> tuple[float, int]:
    specialist = db.session.scalar(select(User).where(User.role == Role.SPECIALIST))
    db.session.execute(
        update(Certificate)
        .where(Certificate.status == CertificateStatus.VALID)
        .values(status=CertificateStatus.REVOKED, revoked_at=utcnow())
    )
    cohorts = db.session.scalars(
        select(Cohort).where(Cohort.status == CohortStatus.COMPLETED).order_by(Cohort.id)
    ).all()
    issued, started = 0, time.perf_counter()
    for cohort in cohorts:
        issued += len(operations.issue_for_cohort(cohort, specialist, date.today()).issued)
        if issued >= BULK:
            break
    seconds = time.perf_counter() - started
    db.session.rollback()
    return seconds, issued


def measure() -> dict:
    app = create_app()
    with app.test_request_context():
        certificate = db.session.scalar(
            select(Certificate)
            .where(Certificate.status == CertificateStatus.VALID)
            .order_by(Certificate.id)
        )
        render_ms, bare_render_ms = measure_rendering(certificate)
        db.session.rollback()  # the first render stored the PDF's hash: leave the data as it was
        bulk_seconds, bulk_issued = measure_bulk_issuance()
    return {
        "render_ms": render_ms,
        "bare_render_ms": bare_render_ms,
        "bulk_seconds": bulk_seconds,
        "bulk_issued": bulk_issued,
    }
