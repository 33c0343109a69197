"""The benchmark's measurements inside one app process: certificate rendering and bulk issuance.

Run by benchmarks/run.py (python -m benchmarks.in_process) against the database in
DATABASE_URL, after the server has stopped so that neither competes with the other. Everything
happens in a transaction that is rolled back: the database is left as it was.
"""

import gc
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import weasyprint
from flask import current_app
from sqlalchemy import select, update
from weasyprint.text.fonts import FontConfiguration

from mentoring import create_app
from mentoring.certificates import documents, operations
from mentoring.certificates.models import Certificate, CertificateStatus
from mentoring.cohorts.models import Cohort, CohortStatus, Enrollment
from mentoring.core import localtime
from mentoring.core.models import utcnow
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.users.models import User

RENDERS = 50
RSS_RENDERS = 1000
BULK = 500


def measure_rendering(certificate: Certificate) -> tuple[float, float]:
    """Warm medians (ms) of the app's render and of bare, tuned WeasyPrint on the very same HTML.

    Bare and tuned: WeasyPrint alone, as its documentation advises for repeated renders, with one
    font configuration and the stylesheet parsed once, and none of the app's work (the
    certificate's HTML from its template, the QR code, the fetcher that refuses outside files,
    the stored hash). The two alternate, so that a busy moment of the shared machine slows both
    alike.
    """
    html, stylesheet = documents.certificate_html(certificate)
    static = Path(current_app.static_folder) / "pdf"
    fonts = FontConfiguration()
    css = weasyprint.CSS(filename=str(static / stylesheet), font_config=fonts)

    def app_render() -> None:
        documents.certificate_pdf(certificate)

    def bare_render() -> None:
        weasyprint.HTML(string=html, base_url=static.as_uri() + "/").write_pdf(
            stylesheets=[css], font_config=fonts
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


def _rss_mb() -> float:
    """This process's resident set size now (not its peak), in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure_memory(certificate: Certificate) -> float:
    """How many MB the resident set grows over RSS_RENDERS warm renders in one process: a leak
    (a font configuration per render, say) shows here long before a worker runs out."""
    for _ in range(20):
        documents.certificate_pdf(certificate)
    gc.collect()
    before = _rss_mb()
    for _ in range(RSS_RENDERS):
        documents.certificate_pdf(certificate)
    gc.collect()
    return _rss_mb() - before


def _first_valid_certificate() -> Certificate:
    return db.session.scalar(
        select(Certificate)
        .where(Certificate.status == CertificateStatus.VALID)
        .order_by(Certificate.id)
    )


def first_render() -> float:
    """This process's first certificate, in ms, from the moment its app exists (rolled back)."""
    app = create_app()
    with app.test_request_context():
        certificate = _first_valid_certificate()
        started = time.perf_counter()
        documents.certificate_pdf(certificate)
        elapsed = (time.perf_counter() - started) * 1000
        db.session.rollback()
    return elapsed


def measure_first_render() -> float:
    """A fresh process's first certificate, in ms, from the moment its app exists (what a new
    gunicorn worker spends on its first certificate request beyond its usual cost)."""
    done = subprocess.run(  # noqa: S603 (this interpreter, this module)
        [sys.executable, "-m", "benchmarks.in_process", "--first-render"],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


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
        certificate = _first_valid_certificate()
        render_ms, bare_render_ms = measure_rendering(certificate)
        rss_growth_mb = measure_memory(certificate)
        db.session.rollback()  # the first render stored the PDF's hash
        first_render_ms = measure_first_render()
        bulk_seconds, bulk_issued, bulk_cohorts = measure_bulk_issuance(localtime.today())
        db.session.rollback()
    return {
        "render_ms": render_ms,
        "bare_render_ms": bare_render_ms,
        "rss_growth_mb": rss_growth_mb,
        "rss_renders": RSS_RENDERS,
        "first_render_ms": first_render_ms,
        "bulk_seconds": bulk_seconds,
        "bulk_issued": bulk_issued,
        "bulk_cohorts": bulk_cohorts,
    }


if __name__ == "__main__":
    print(json.dumps(first_render() if sys.argv[1:] == ["--first-render"] else measure()))
