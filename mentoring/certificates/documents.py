"""The certificate as a PDF: rendered when first asked for, the same bytes every time.

Everything the PDF prints comes from the certificate and the issuer stored with it, never from
the configuration of the day, so a certificate issued last year renders as it did then. Each
layout (template and stylesheet) is kept for the certificates issued under it. The first
render's SHA-256 is stored; every later render is compared with it, so a change in the fonts or
WeasyPrint that would alter an issued certificate is logged rather than passed off as the same
document.
"""

import base64
import hashlib
import logging

import segno
from flask import current_app, render_template, url_for

from mentoring.certificates.codes import grouped
from mentoring.certificates.models import Certificate, CertificateIssuer
from mentoring.certificates.queries import issuer_of
from mentoring.core.pdf import renderer

log = logging.getLogger(__name__)

# layout: (template, stylesheet). Layout 1 is frozen for the certificates issued before issuers
# were stored; a new layout gets a new number (CertificateIssuer.CURRENT_LAYOUT).
LAYOUTS = {
    1: ("certificates/certificate_pdf_v1.html", "certificate_v1.css"),
    2: ("certificates/certificate_pdf.html", "certificate.css"),
}
LONG_NAME = 40  # layout 1: longer names are set smaller


def name_size(name: str) -> str:
    """The holder's name's type size class: smaller steps for longer names (up to 120
    characters on two lines)."""
    length = len(name)
    if length <= 32:
        return "name-l"
    if length <= 60:
        return "name-m"
    return "name-s"


def verification_url(certificate: Certificate, issuer: CertificateIssuer | None = None) -> str:
    """The public address of the certificate's verification page, as printed and QR-coded:
    under the public URL stored with its issuer (the configured one for layout 1)."""
    if issuer is None:
        issuer = issuer_of(certificate)
    base = issuer.public_url if issuer else current_app.config["PUBLIC_URL"].rstrip("/")
    return base + url_for("certificates.verify", code=certificate.code, _external=False)


def data_uri(image: bytes) -> str:
    """An image stored with the issuer, inline: WeasyPrint's fetcher reads data: URLs only."""
    mime_type = "image/png" if image.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{mime_type};base64,{base64.b64encode(image).decode()}"


def certificate_html(certificate: Certificate) -> tuple[str, str]:
    """The certificate's HTML and the name of its stylesheet (static/pdf/<name>)."""
    issuer = issuer_of(certificate)
    template, stylesheet = LAYOUTS[issuer.layout if issuer else 1]
    url = verification_url(certificate, issuer)
    html = render_template(
        template,
        certificate=certificate,
        issuer=issuer,
        logos=[data_uri(logo) for logo in issuer.logos] if issuer else [],
        signature=data_uri(issuer.signature_image) if issuer and issuer.signature_image else None,
        code=grouped(certificate.code),
        url=url,
        qr_code=segno.make(url, error="m").svg_data_uri(scale=4, border=0),
        long_name=len(certificate.holder_name) > LONG_NAME,
        name_size=name_size(certificate.holder_name),
    )
    return html, stylesheet


def certificate_pdf(certificate: Certificate) -> bytes:
    """Render the certificate; store its SHA-256 the first time (the caller commits)."""
    pdf = renderer().render(*certificate_html(certificate))
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
