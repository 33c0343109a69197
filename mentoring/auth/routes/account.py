"""One's own account: the password, the name shown, the sign-in email and the second factor."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from mentoring.auth import operations
from mentoring.auth import second_factor as second_factor_ops
from mentoring.auth.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    DetailsForm,
    EnrolSecondFactorForm,
    RemoveSecondFactorForm,
)
from mentoring.auth.routes import bp, keep_this_session
from mentoring.core import sessions
from mentoring.core.changes import change
from mentoring.core.policy import fresh_sign_in, signed_in
from mentoring.users import operations as user_operations
from mentoring.users.models import normalise_email


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
@fresh_sign_in
def change_password():
    """Change one's own password; other sessions of this account end."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        with change(form, "password") as outcome:
            operations.change_password(current_user, form.current_password.data, form.password.data)
        if outcome.saved:
            keep_this_session()
            flash("Your password is changed. Other devices were signed out.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form), (400 if form.errors else 200)


@bp.get("/account")
@signed_in
def account():
    """One's own account: password, email and second factor."""
    return render_template(
        "auth/account.html",
        recovery_codes_left=second_factor_ops.unused_recovery_codes(current_user)
        if current_user.has_second_factor
        else None,
        remove_form=RemoveSecondFactorForm(),
    )


@bp.route("/account/details", methods=["GET", "POST"])
@signed_in
def edit_details():
    """Choose how the app shows one's name; the sign-in email changes through its own page."""
    user = current_user._get_current_object()
    form = DetailsForm(display_name=user.display_name)
    if form.validate_on_submit():
        with change(form, "display_name") as outcome:
            changed = user_operations.change_display_name(user, form.display_name.data)
        if outcome.saved:
            flash(
                f"Saved: the app now shows you as {user.display_name}."
                if changed
                else "Nothing changed.",
                "success",
            )
            return redirect(url_for("auth.account"))
    return render_template("auth/details.html", form=form), (400 if form.errors else 200)


@bp.route("/account/email", methods=["GET", "POST"])
@signed_in
@fresh_sign_in
def change_email():
    """Ask to change one's own sign-in email (needs the current password): it changes when the
    link sent to the new address is opened."""
    form = ChangeEmailForm()
    if form.validate_on_submit():
        with change(form, "email") as outcome:
            operations.request_email_change(
                current_user, form.current_password.data, form.email.data
            )
        if outcome.saved:
            flash(
                f"We sent a link to {normalise_email(form.email.data)}. Your sign-in email "
                "changes when you open it.",
                "info",
            )
            return redirect(url_for("auth.account"))
    return render_template("auth/change_email.html", form=form), (400 if form.errors else 200)


@bp.route("/account/second-factor", methods=["GET", "POST"])
@signed_in
def second_factor_setup():
    """Set up the second factor: scan the QR code, confirm with a first code, keep the
    recovery codes. Specialists are sent here until they have done it."""
    user = current_user._get_current_object()
    if user.has_second_factor:
        return redirect(url_for("auth.account"))
    form = EnrolSecondFactorForm()
    with change():  # the secret shown must be the one checked next time
        second_factor_ops.start_enrolment(user)
    if form.validate_on_submit():
        with change(form, "code") as outcome:
            codes = second_factor_ops.confirm_enrolment(user, form.code.data)
        if outcome.saved:
            keep_this_session()
            sessions.confirm_identity()
            return render_template("auth/recovery_codes.html", codes=codes)
    return render_template(
        "auth/second_factor_setup.html",
        form=form,
        secret=user.totp_secret,
        qr_code=second_factor_ops.qr_code_svg(user),
    ), (400 if form.errors else 200)


@bp.post("/account/second-factor/remove")
@signed_in
@fresh_sign_in
def remove_second_factor():
    """Mentors and mentees may turn their second factor off again (with their password)."""
    user = current_user._get_current_object()
    form = RemoveSecondFactorForm()
    if user.must_use_second_factor:
        flash(f"A {user.role.label.lower()} account must keep a second factor.", "danger")
    elif form.validate_on_submit() and operations.password_matches(
        user, form.current_password.data
    ):
        with change():
            second_factor_ops.remove(user, user, "turned off by its owner")
        keep_this_session()
        flash("The second factor is off.", "success")
    else:
        flash("The password is not correct: the second factor stays on.", "danger")
    return redirect(url_for("auth.account"))
