"""One certificate: its page, its PDF and its signed credential."""

from flask import Response, flash, redirect, url_for

from mentoring.certificates import credentials, queries
from mentoring.certificates.documents import certificate_pdf, download_name
from mentoring.certificates.routes import bp, certificate_or_404, render_show
from mentoring.core.changes import change
from mentoring.core.errors import MentoringError
from mentoring.core.policy import role_required
from mentoring.core.roles import Role


@bp.get("/certificates/<int:certificate_id>")
@role_required(Role.SPECIALIST, Role.MENTOR, Role.MENTEE)
def show(certificate_id: int):
    """A certificate's details, its download, and (for specialists) revocation and reissue."""
    return render_show(*certificate_or_404(certificate_id))


@bp.get("/certificates/<int:certificate_id>/pdf")
@role_required(Role.SPECIALIST, Role.MENTOR, Role.MENTEE)
def download(certificate_id: int):
    """The certificate as a PDF, rendered now; its SHA-256 is kept from the first render."""
    certificate, _ = certificate_or_404(certificate_id)
    with change():
        pdf = certificate_pdf(certificate)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{download_name(certificate)}"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/certificates/<int:certificate_id>/credential")
@role_required(Role.SPECIALIST, Role.MENTOR, Role.MENTEE)
def download_credential(certificate_id: int):
    """The certificate as a signed Open Badges 3.0 credential (a JWT file)."""
    certificate, _ = certificate_or_404(certificate_id)
    try:
        token = credentials.signed_credential(certificate, queries.issuer_of(certificate))
    except MentoringError as error:
        flash(error.message, "danger")
        return redirect(url_for("certificates.show", certificate_id=certificate.id))
    return Response(
        token,
        mimetype=credentials.MEDIA_TYPE,
        headers={
            "Content-Disposition": (
                f'attachment; filename="{download_name(certificate).removesuffix(".pdf")}.jwt"'
            ),
            "Cache-Control": "no-store",
        },
    )
