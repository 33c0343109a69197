"""Public verification by code, as JSON or by PDF; the issuer's profile, keys and revocation
list. Public, rate-limited, never cached, and silent about a code they do not know."""

import hashlib

from flask import current_app, jsonify, redirect, render_template, request, url_for

from mentoring.certificates import credentials, queries
from mentoring.certificates.codes import has_typo, normalise
from mentoring.certificates.forms import PdfCheckForm, VerifyForm
from mentoring.certificates.models import Certificate
from mentoring.certificates.queries import FORMAT_VERSION
from mentoring.certificates.routes import bp
from mentoring.core.errors import MentoringError
from mentoring.core.limits import takes_upload
from mentoring.core.models import utcnow
from mentoring.core.policy import public
from mentoring.core.urls import public_url
from mentoring.extensions import limiter


def _verify_limit() -> str:
    return current_app.config["VERIFY_LIMIT"]


def _public(response_body, status: int = 200):
    """A verification answer: never cached, so a revocation shows at once."""
    response = current_app.make_response((response_body, status))
    response.headers["Cache-Control"] = "no-store"
    return response


def _unknown():
    """The same answer for every code we do not know, well-formed or not."""
    return _public(render_template("certificates/verify_unknown.html"), 404)


TYPO = "This code has a typo: check it against the printed certificate."


def _verify_url(code: str) -> str:
    """A verification page's address under MENTORING_PUBLIC_URL (never the request's Host)."""
    return public_url("certificates.verify", code=code)


def _lookup(code: str) -> tuple[Certificate | None, bool]:
    """The certificate with this code (as stored, or as a person would type it), and whether
    the code's check symbol shows a typo."""
    certificate = queries.by_code(code)
    if certificate is not None:
        return certificate, False
    typed = normalise(code)
    if typed is None:
        return None, False
    if has_typo(typed):
        return None, True
    return (queries.by_code(typed) if typed != code else None), False


@bp.get("/verify")
@public
@limiter.limit(_verify_limit)
def verify_form():
    """Type a code from a printed certificate, or check a certificate's PDF."""
    form = VerifyForm(request.args)
    if request.args and form.validate():
        code = normalise(form.code.data)
        if code is None:
            form.code.errors.append(
                "A code has 27 characters (26 on the first certificates), as printed on the "
                "certificate; dashes and spaces do not matter."
            )
        elif has_typo(code):
            form.code.errors.append(TYPO)
        else:
            return redirect(url_for("certificates.verify", code=code))
    status = 400 if form.errors else 200
    return _public(
        render_template("certificates/verify_form.html", form=form, pdf_form=PdfCheckForm()),
        status,
    )


@bp.get("/verify/<code>")
@public
@limiter.limit(_verify_limit)
def verify(code: str):
    """Whether the certificate with this code is valid or revoked, whose it is, and what
    replaced it."""
    certificate, typo = _lookup(code)
    if typo:
        return _public(render_template("certificates/verify_typo.html", message=TYPO), 400)
    if certificate is None:
        return _unknown()
    if certificate.code != code:
        return redirect(url_for("certificates.verify", code=certificate.code))
    return _public(
        render_template("certificates/verify.html", facts=queries.verification(certificate))
    )


@bp.get("/verify/<code>.json")
@public
@limiter.limit(_verify_limit)
def verify_json(code: str):
    """The verification answer for machines (format_version: see the README)."""
    certificate, typo = _lookup(code)
    if typo:
        answer = {"format_version": FORMAT_VERSION, "error": "typo", "message": TYPO}
        return _public(jsonify(answer), 400)
    if certificate is None:
        return _public(jsonify({"format_version": FORMAT_VERSION, "error": "unknown code"}), 404)
    return _public(jsonify(queries.verification(certificate).as_json(_verify_url)))


@bp.get("/credentials/issuer")
@public
def issuer_profile():
    """The issuer's Open Badges profile, at the address every credential names."""
    return _public(jsonify(credentials.issuer_profile()))


@bp.get("/credentials/keys.json")
@public
def public_keys():
    """The public keys of every signing key ever used (JSON Web Key Set)."""
    return _public(jsonify(credentials.public_keys()))


@bp.get("/credentials/status")
@public
def status_list():
    """The revocation list: a signed Bitstring Status List credential, never cached."""
    try:
        token = credentials.signed_status_list(queries.revoked_ids(), utcnow())
    except MentoringError as error:
        return _public(jsonify({"error": error.message}), 503)
    response = _public(token)
    response.mimetype = credentials.MEDIA_TYPE
    return response


@bp.post("/verify/pdf")
@takes_upload
@public
@limiter.limit(_verify_limit)
def check_pdf():
    """Say whether an uploaded PDF is, byte for byte, a certificate this app issued."""
    pdf_form = PdfCheckForm()
    certificate = None
    checked = False
    if pdf_form.validate_on_submit():
        digest = hashlib.sha256(pdf_form.pdf.data.read()).hexdigest()
        certificate = queries.by_pdf_hash(digest)
        checked = True
    return _public(
        render_template(
            "certificates/verify_form.html",
            form=VerifyForm(formdata=None),
            pdf_form=pdf_form,
            checked=checked,
            certificate=certificate,
            facts=queries.verification(certificate) if certificate else None,
        ),
        400 if pdf_form.errors else 200,
    )
