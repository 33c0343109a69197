"""The certificate as a PDF: rendered when first asked for, the same bytes every time.

The first render's SHA-256 is stored; every later render is compared with it, so a change in
the template, the fonts or WeasyPrint that would alter an issued certificate is logged rather
than passed off as the same document.
"""

import hashlib
import logging

import segno
from flask import current_app, url_for

from mentoring.certificates.codes import grouped
from mentoring.certificates.models import Certificate
from mentoring.core.pdf import render_pdf

log = logging.getLogger(__name__)

LONG_NAME = 40  # characters: longer names are set smaller so they stay on one or two lines


def verification_url(certificate: Certificate) -> str:
    """The public address of the certificate's verification page, as printed and QR-coded."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    return base + url_for("certificates.verify", code=certificate.code, _external=False)


def certificate_pdf(certificate: Certificate) -> bytes:
    """Render the certificate; store its SHA-256 the first time (the caller commits)."""
    url = verification_url(certificate)
    pdf = render_pdf(
        "certificates/certificate_pdf.html",
        "certificate.css",
        certificate=certificate,
        code=grouped(certificate.code),
        url=url,
        qr_code=segno.make(url, error="m").svg_data_uri(scale=4, border=0),
        long_name=len(certificate.holder_name) > LONG_NAME,
    )
    digest = hashlib.sha256(pdf).hexdigest()
    if certificate.pdf_sha256 is None:
        certificate.pdf_sha256 = digest
    elif certificate.pdf_sha256 != digest:
        log.error(
            "certificate %s renders differently from its first render (%s, stored %s)",
            certificate.serial,
            digest,
            certificate.pdf_sha256,
        )
    return pdf


def download_name(certificate: Certificate) -> str:
    """A file name a person recognises: certificate-MO-SCMP-2026-00042.pdf."""
    return f"certificate-{certificate.serial}.pdf"
