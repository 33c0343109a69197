"""Certificates: issuing, download, the register, revocation, and public verification.

A certificate that is not the visitor's does not exist for them (404). The verification pages
are public, rate-limited, and say nothing about a code they do not know.
"""

import hashlib

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from mentoring.certificates import credentials, operations, queries
from mentoring.certificates.codes import grouped, has_typo, normalise
from mentoring.certificates.documents import certificate_pdf, download_name
from mentoring.certificates.forms import (
    PdfCheckForm,
    RegisterFilterForm,
    ReissueForm,
    RevokeForm,
    VerifyForm,
)
from mentoring.certificates.models import Certificate, CertificateStatus
from mentoring.certificates.queries import FORMAT_VERSION
from mentoring.cohorts.models import Cohort, Enrollment, PlcGroup, school_year_label
from mentoring.core import localtime
from mentoring.core.changes import show_error
from mentoring.core.errors import MentoringError
from mentoring.core.forms import ButtonForm
from mentoring.core.limits import takes_upload
from mentoring.core.models import utcnow
from mentoring.core.paging import paginate_rows
from mentoring.core.policy import (
    can_view_certificate,
    fresh_sign_in,
    get_or_404,
    public,
    regions_of,
    role_required,
)
from mentoring.core.roles import Role
from mentoring.core.spreadsheets import spreadsheet_download
from mentoring.core.urls import public_url
from mentoring.core.views import confirmation, confirmed, page_number
from mentoring.core.wording import plural
from mentoring.extensions import db, limiter

bp = Blueprint("certificates", __name__)


def _verify_limit() -> str:
    return current_app.config["VERIFY_LIMIT"]


def _certificate(certificate_id: int) -> tuple[Certificate, Enrollment]:
    """The certificate and its enrollment; 404 unless the visitor may see it."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        abort(404)
    enrollment = db.session.get(Enrollment, certificate.enrollment_id)
    group = db.session.get(PlcGroup, enrollment.plc_group_id) if enrollment.plc_group_id else None
    if not can_view_certificate(current_user, enrollment, group):
        abort(404)  # of another region, for a scoped specialist, too (policy)
    return certificate, enrollment


# Issuing -------------------------------------------------------------------------------------


@bp.post("/enrollments/<int:enrollment_id>/certificate")
@role_required(Role.SPECIALIST)
def issue(enrollment_id: int):
    """Issue one enrollment's certificate; a second click finds the first one."""
    enrollment = get_or_404(Enrollment, enrollment_id)
    if not ButtonForm().validate_on_submit():
        return redirect(url_for("cohorts.show_cohort", cohort_id=enrollment.cohort_id))
    try:
        certificate = operations.issue_certificate(enrollment, current_user, localtime.today())
    except MentoringError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return redirect(url_for("cohorts.show_cohort", cohort_id=enrollment.cohort_id))
    db.session.commit()
    flash(f"Certificate {certificate.serial} is issued.", "success")
    return redirect(url_for("certificates.show", certificate_id=certificate.id))


@bp.post("/admin/cohorts/<int:cohort_id>/certificates")
@role_required(Role.SPECIALIST)
def issue_cohort(cohort_id: int):
    """Issue certificates to every eligible enrollment of the cohort, all or none."""
    cohort = get_or_404(Cohort, cohort_id)
    waiting, _ = operations.eligible_without_certificate(cohort, localtime.today())
    if waiting and ButtonForm().validate_on_submit() and not confirmed():
        return confirmation(
            f"Issue {len(waiting)} certificate{'' if len(waiting) == 1 else 's'} "
            f"for {cohort.name}?",
            [
                "Every mentee of the cohort who completed both years without a certificate "
                f"gets one ({len(waiting)} in all), with the next serial numbers: all or none.",
                "Their enrollments become completed and their mentors' places are given back.",
            ],
            "Yes, issue them",
            url_for("cohorts.show_cohort", cohort_id=cohort.id),
        )
    if ButtonForm().validate_on_submit():
        try:
            result = operations.issue_for_cohort(cohort, current_user, localtime.today())
        except MentoringError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            db.session.commit()
            if result.issued:
                issued = plural(len(result.issued), "certificate")
                flash(
                    f"{issued} issued: {result.issued[0].serial} to {result.issued[-1].serial}.",
                    "success",
                )
            else:
                flash("No enrollment of this cohort is waiting for a certificate.", "info")
    return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))


# One certificate -----------------------------------------------------------------------------


def _render_show(certificate, enrollment, revoke_form=None, reissue_form=None):
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


@bp.get("/certificates/<int:certificate_id>")
@role_required(Role.SPECIALIST, Role.MENTOR, Role.MENTEE)
def show(certificate_id: int):
    """A certificate's details, its download, and (for specialists) revocation and reissue."""
    return _render_show(*_certificate(certificate_id))


@bp.get("/certificates/<int:certificate_id>/pdf")
@role_required(Role.SPECIALIST, Role.MENTOR, Role.MENTEE)
def download(certificate_id: int):
    """The certificate as a PDF, rendered now; its SHA-256 is kept from the first render."""
    certificate, _ = _certificate(certificate_id)
    pdf = certificate_pdf(certificate)
    db.session.commit()
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
    certificate, _ = _certificate(certificate_id)
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


def _confirm(certificate: Certificate, enrollment: Enrollment, verb: str, action: str) -> str:
    """The page that says what revoking (and reissuing) will do before it is done."""
    holder = certificate.holder_name
    consequences = [
        f"Certificate {certificate.serial} of {holder} is revoked at once: its verification "
        "page and code say so from now on.",
    ]
    if action == "reissue":
        consequences.append(
            "A new certificate is issued under the holder's current name, with a new serial "
            "and a new verification code; the enrollment stays completed."
        )
    else:
        consequences.append(
            "No replacement is issued: the enrollment is no longer completed (active again "
            "while its cohort runs)."
        )
    return confirmation(
        f"{verb} certificate {certificate.serial}?",
        consequences,
        f"{verb} {certificate.serial}",
        url_for("certificates.show", certificate_id=certificate.id),
    )


@bp.post("/certificates/<int:certificate_id>/revoke")
@role_required(Role.SPECIALIST)
@fresh_sign_in
def revoke(certificate_id: int):
    """Revoke a certificate with a reason (audited)."""
    certificate, enrollment = _certificate(certificate_id)
    form = RevokeForm(prefix="revoke")
    if form.validate_on_submit() and not confirmed():
        return _confirm(certificate, enrollment, "Revoke", "revoke")
    if form.validate_on_submit():
        try:
            operations.revoke(certificate, current_user, form.reason.data, utcnow())
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "reason")
        else:
            db.session.commit()
            flash(f"Certificate {certificate.serial} is revoked.", "success")
            return redirect(url_for("certificates.show", certificate_id=certificate.id))
    return _render_show(certificate, enrollment, revoke_form=form)


@bp.post("/certificates/<int:certificate_id>/reissue")
@role_required(Role.SPECIALIST)
@fresh_sign_in
def reissue(certificate_id: int):
    """Revoke a certificate and issue its replacement under the holder's current name."""
    certificate, enrollment = _certificate(certificate_id)
    form = ReissueForm(prefix="reissue")
    if form.validate_on_submit() and not confirmed():
        return _confirm(certificate, enrollment, "Revoke and reissue", "reissue")
    if form.validate_on_submit():
        try:
            replacement = operations.reissue(
                certificate, current_user, form.reason.data, localtime.today(), utcnow()
            )
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "reason")
        else:
            db.session.commit()
            flash(
                f"Certificate {certificate.serial} is revoked and replaced by "
                f"{replacement.serial}.",
                "success",
            )
            return redirect(url_for("certificates.show", certificate_id=replacement.id))
    return _render_show(certificate, enrollment, reissue_form=form)


# The register --------------------------------------------------------------------------------


def _register_filters() -> tuple[RegisterFilterForm, dict]:
    form = RegisterFilterForm(request.args)
    regions = regions_of(current_user)
    form.cohort.choices = [("", "All cohorts")] + [
        (str(cohort_id), name) for cohort_id, name in queries.cohort_choices(regions)
    ]
    this_year = localtime.today().year
    form.school_year.choices = [("", "All")] + [
        (str(year), school_year_label(year)) for year in range(this_year, this_year - 15, -1)
    ]
    valid = form.validate()
    return form, {
        "cohort_id": int(form.cohort.data) if valid and form.cohort.data else None,
        "start_year": int(form.school_year.data) if valid and form.school_year.data else None,
        "status": CertificateStatus(form.status.data) if valid and form.status.data else None,
        "regions": regions,
    }


@bp.get("/admin/certificates")
@role_required(Role.SPECIALIST, Role.CERTIFICATION_OFFICE)
def register():
    """Every certificate, filtered by cohort, school year and status, paged."""
    form, filters = _register_filters()
    page = paginate_rows(
        queries.register_query(**filters),
        page_number(),
        current_app.config["ITEMS_PER_PAGE"],
        count_query=queries.register_count(**filters),
    )
    return render_template(
        "certificates/register.html", form=form, page=page, current_name=queries.current_name
    )


REGISTER_COLUMNS = [
    "serial",
    "holder",
    "current_name",
    "email",
    "district",
    "cohort",
    "region",
    "school_years",
    "contact_hours",
    "issued_on",
    "status",
    "revoked_on",
    "revocation_reason",
    "replaced_by",
]


def _export(file_format: str):
    """The filtered register as a spreadsheet for the Department's certification office."""
    _, filters = _register_filters()
    rows = db.session.execute(queries.register_query(**filters))
    return spreadsheet_download(
        f"certificates-{localtime.today()}",
        file_format,
        REGISTER_COLUMNS,
        (
            [
                certificate.serial,
                certificate.holder_name,
                queries.current_name(certificate, holder),
                holder.email,
                district,
                cohort.name,
                cohort.region,
                certificate.school_years,
                certificate.contact_minutes / 60,
                certificate.issued_on,
                certificate.status.value,
                certificate.revoked_at.astimezone(localtime.zone()).date()
                if certificate.revoked_at
                else None,
                certificate.revocation_reason,
                replaced_by,
            ]
            for certificate, cohort, holder, district, replaced_by in rows
        ),
    )


@bp.get("/admin/certificates.csv")
@role_required(Role.SPECIALIST, Role.CERTIFICATION_OFFICE)
@fresh_sign_in
def export():
    """The filtered register as CSV (UTF-8 with a byte-order mark, for Excel)."""
    return _export("csv")


@bp.get("/admin/certificates.xlsx")
@role_required(Role.SPECIALIST, Role.CERTIFICATION_OFFICE)
@fresh_sign_in
def export_xlsx():
    """The filtered register as an Excel workbook."""
    return _export("xlsx")


# Public verification -------------------------------------------------------------------------


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
