"""Certificates: issuing, download, the register, revocation, and public verification.

A certificate that is not the visitor's does not exist for them (404). The verification pages
are public, rate-limited, and say nothing about a code they do not know. issuing.py: issuing,
revoking and reissuing; holders.py: one certificate's page and downloads; register.py: the
register and its exports; verification.py: the public pages and the credentials' documents.
"""

from flask import Blueprint, abort, render_template
from flask_login import current_user

from mentoring.certificates import queries
from mentoring.certificates.codes import grouped
from mentoring.certificates.forms import ReissueForm, RevokeForm
from mentoring.certificates.models import Certificate
from mentoring.cohorts.models import Cohort, Enrollment, PlcGroup
from mentoring.core.policy import can_view_certificate
from mentoring.extensions import db

bp = Blueprint("certificates", __name__)


def certificate_or_404(certificate_id: int) -> tuple[Certificate, Enrollment]:
    """The certificate and its enrollment; 404 unless the visitor may see it."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        abort(404)
    enrollment = db.session.get(Enrollment, certificate.enrollment_id)
    group = db.session.get(PlcGroup, enrollment.plc_group_id) if enrollment.plc_group_id else None
    if not can_view_certificate(current_user, enrollment, group):
        abort(404)
    return certificate, enrollment


def render_show(certificate, enrollment, revoke_form=None, reissue_form=None):
    replaced, replacement = queries.chain(certificate)
    forms_given = revoke_form is not None or reissue_form is not None
    return render_template(
        "certificates/show.html",
        certificate=certificate,
        cohort=db.session.get(Cohort, enrollment.cohort_id),
        issued_by=queries.issued_by(certificate),
        code=grouped(certificate.code),
        replaced=replaced,
        replacement=replacement,
        revoke_form=revoke_form or RevokeForm(prefix="revoke", formdata=None),
        reissue_form=reissue_form or ReissueForm(prefix="reissue", formdata=None),
    ), (400 if forms_given else 200)


from mentoring.certificates.routes import holders, issuing, register, verification  # noqa: E402, F401  (the views)
