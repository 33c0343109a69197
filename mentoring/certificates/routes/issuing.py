"""Issuing certificates, one or a cohort's, and revoking or reissuing one."""

from flask import flash, redirect, url_for
from flask_login import current_user

from mentoring.certificates import operations
from mentoring.certificates.forms import ReissueForm, RevokeForm
from mentoring.certificates.models import Certificate
from mentoring.certificates.routes import bp, certificate_or_404, render_show
from mentoring.cohorts.models import Cohort, Enrollment
from mentoring.core import localtime
from mentoring.core.changes import change
from mentoring.core.forms import ButtonForm
from mentoring.core.models import utcnow
from mentoring.core.policy import fresh_sign_in, get_or_404, role_required
from mentoring.core.roles import Role
from mentoring.core.views import confirmation, confirmed
from mentoring.core.wording import plural


@bp.post("/enrollments/<int:enrollment_id>/certificate")
@role_required(Role.SPECIALIST)
def issue(enrollment_id: int):
    """Issue one enrollment's certificate; a second click finds the first one."""
    enrollment = get_or_404(Enrollment, enrollment_id)
    if not ButtonForm().validate_on_submit():
        return redirect(url_for("cohorts.show_cohort", cohort_id=enrollment.cohort_id))
    with change() as outcome:
        certificate = operations.issue_certificate(enrollment, current_user, localtime.today())
    if not outcome.saved:
        return redirect(url_for("cohorts.show_cohort", cohort_id=enrollment.cohort_id))
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
        with change() as outcome:
            result = operations.issue_for_cohort(cohort, current_user, localtime.today())
        if outcome.saved:
            if result.issued:
                issued = plural(len(result.issued), "certificate")
                flash(
                    f"{issued} issued: {result.issued[0].serial} to {result.issued[-1].serial}.",
                    "success",
                )
            else:
                flash("No enrollment of this cohort is waiting for a certificate.", "info")
    return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))


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
    certificate, enrollment = certificate_or_404(certificate_id)
    form = RevokeForm(prefix="revoke")
    if form.validate_on_submit() and not confirmed():
        return _confirm(certificate, enrollment, "Revoke", "revoke")
    if form.validate_on_submit():
        with change(form, "reason") as outcome:
            operations.revoke(certificate, current_user, form.reason.data, utcnow())
        if outcome.saved:
            flash(f"Certificate {certificate.serial} is revoked.", "success")
            return redirect(url_for("certificates.show", certificate_id=certificate.id))
    return render_show(certificate, enrollment, revoke_form=form)


@bp.post("/certificates/<int:certificate_id>/reissue")
@role_required(Role.SPECIALIST)
@fresh_sign_in
def reissue(certificate_id: int):
    """Revoke a certificate and issue its replacement under the holder's current name."""
    certificate, enrollment = certificate_or_404(certificate_id)
    form = ReissueForm(prefix="reissue")
    if form.validate_on_submit() and not confirmed():
        return _confirm(certificate, enrollment, "Revoke and reissue", "reissue")
    if form.validate_on_submit():
        with change(form, "reason") as outcome:
            replacement = operations.reissue(
                certificate, current_user, form.reason.data, localtime.today(), utcnow()
            )
        if outcome.saved:
            flash(
                f"Certificate {certificate.serial} is revoked and replaced by "
                f"{replacement.serial}.",
                "success",
            )
            return redirect(url_for("certificates.show", certificate_id=replacement.id))
    return render_show(certificate, enrollment, reissue_form=form)
