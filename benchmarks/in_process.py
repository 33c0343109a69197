"""The benchmark's measurements inside one app process: certificate rendering and bulk issuance.

Run by benchmarks/run.py (python -m benchmarks.in_process) against the database in
DATABASE_URL, after the server has stopped so that neither competes with the other. Everything
happens in a transaction that is rolled back: the database is left as it was.
"""

import json
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
from mentoring.cohorts.models import Cohort, CohortStatus, Enrollment
from mentoring.core.models import utcnow
from mentoring.extensions import db
from mentoring.users.models import Role, User

RENDERS = 50
BULK = 500


def measure_rendering(certificate: Certificate) -> tuple[float, float]:
    """Warm medians (ms) of the app's render and of bare WeasyPrint on the very same HTML.

    Bare means what a plain `HTML(string=...).write_pdf()` does on every call: a new font
    configuration and the stylesheet parsed again (the template links none, so it is passed
    the way WeasyPrint documents). The two alternate, so that a busy moment of the shared
    machine slows both alike.
    """
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

    def app_render() -> None:
        documents.certificate_pdf(certificate)

    def bare_render() -> None:
        weasyprint.HTML(string=html, base_url=static.as_uri() + "/").write_pdf(
            stylesheets=[weasyprint.CSS(filename=str(static / "certificate.css"))]
        )

    app_render()  # warm: the renderer's fonts and stylesheet, the templates
    bare_render()
    app_times, bare_times = [], []
    for _ in range(RENDERS):
        for render, times in ((app_render, app_times), (bare_render, bare_times)):
            started = time.perf_counter()
            render()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(app_times), statistics.median(bare_times)


def measure_bulk_issuance(today: date) -> tuple[float, int, int]:
    """Seconds to issue at least BULK certificates cohort by cohort, how many, in how many cohorts.

    A cohort has about 83 mentees, so 500 certificates at once is what the whole state's newest
    finished cohorts (about six a year) amount to: their certificates are revoked first, which
    makes those enrollments eligible again exactly as they were before issuance.
    """
    specialist = db.session.scalar(select(User).where(User.role == Role.SPECIALIST))
    cohorts = db.session.scalars(
        select(Cohort).where(Cohort.status == CohortStatus.COMPLETED).order_by(Cohort.id.desc())
    ).all()
    waiting, chosen = 0, []
    for cohort in cohorts:
        if waiting >= BULK:
            break
        chosen.append(cohort)
        waiting += len(operations.eligible_without_certificate(cohort, today)[0])
        waiting += db.session.execute(
            update(Certificate)
            .where(
                Certificate.status == CertificateStatus.VALID,
                Certificate.enrollment_id.in_(
                    select(Enrollment.id).where(Enrollment.cohort_id == cohort.id)
                ),
            )
            .values(status=CertificateStatus.REVOKED, revoked_at=utcnow())
        ).rowcount
    db.session.flush()
    started = time.perf_counter()
    issued = sum(
        len(operations.issue_for_cohort(cohort, specialist, today).issued) for cohort in chosen
    )
    return time.perf_counter() - started, issued, len(chosen)


def measure() -> dict:
    """Both measurements, rolled back."""
    app = create_app()
    with app.test_request_context():
        certificate = db.session.scalar(
            select(Certificate)
            .where(Certificate.status == CertificateStatus.VALID)
            .order_by(Certificate.id)
        )
        render_ms, bare_render_ms = measure_rendering(certificate)
        db.session.rollback()  # the first render stored the PDF's hash
        bulk_seconds, bulk_issued, bulk_cohorts = measure_bulk_issuance(date.today())
        db.session.rollback()
    return {
        "render_ms": render_ms,
        "bare_render_ms": bare_render_ms,
        "bulk_seconds": bulk_seconds,
        "bulk_issued": bulk_issued,
        "bulk_cohorts": bulk_cohorts,
    }


if __name__ == "__main__":
    print(json.dumps(measure()))
