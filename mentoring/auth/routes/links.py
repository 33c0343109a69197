"""The emailed links: a password reset asked for, an invitation, a reset, a new sign-in email.
Each link's address keeps its token in the session and goes on to a page without it."""

from flask import flash, redirect, render_template, session, url_for
from flask_login import current_user

from mentoring.auth import operations
from mentoring.auth.forms import ForgotPasswordForm, SetPasswordForm
from mentoring.auth.models import TokenPurpose
from mentoring.auth.routes import bp, keep_this_session, no_store
from mentoring.core.changes import change
from mentoring.core.errors import MentoringError
from mentoring.core.forms import ButtonForm
from mentoring.core.policy import public
from mentoring.extensions import limiter

_EMAIL_CHANGE = "email_change"


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
@public
def forgot_password():
    """Ask for a password-reset link by email."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        with change() as outcome:
            operations.request_password_reset(form.email.data)
        if outcome.saved:
            flash(
                "If an account uses that email, we sent it a link to choose a new password. "
                "Check your inbox in a few minutes.",
                "info",
            )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form), (400 if form.errors else 200)


def _link_invalid(error: MentoringError):
    return no_store((render_template("auth/link_invalid.html", message=error.message), 400))


def _open_link(kind: str, token: str, page: str, check=None):
    """An emailed link's address: keep its token in the session and go on to the page without
    it, so the token leaves the address bar, the browser's history and later requests' logs.
    The token is checked first (by check, else as an invitation or reset link of that kind)."""
    try:
        if check is None:
            operations.find_link_token(token, TokenPurpose(kind))
        else:
            check(token)
    except operations.InvalidLink as error:
        return _link_invalid(error)
    session[f"link.{kind}"] = token
    return no_store(redirect(url_for(page)))


def _link_token(kind: str) -> str:
    token = session.get(f"link.{kind}")
    if not isinstance(token, str):
        raise operations.InvalidLink("Open the link in your email again to use this page.")
    return token


def _set_password_through_link(purpose: TokenPurpose, template_title: str):
    try:
        token = _link_token(purpose)
        row = operations.find_link_token(token, purpose)
    except operations.InvalidLink as error:
        return _link_invalid(error)
    form = SetPasswordForm()
    if form.validate_on_submit():
        with change(quiet=True) as outcome:
            operations.use_link_token(token, purpose, form.password.data)
        if outcome.error:  # a parallel request spent the link first
            return _link_invalid(outcome.error)
        session.pop(f"link.{purpose}", None)
        flash("Your password is set. Sign in with your email and the new password.", "success")
        return no_store(redirect(url_for("auth.login")))
    return no_store(
        render_template("auth/set_password.html", form=form, user=row.user, title=template_title)
    )


@bp.get("/invitation/<token>")
@public
def open_invitation(token: str):
    """The invitation email's link: on to the page that sets the password."""
    return _open_link(TokenPurpose.INVITATION, token, "auth.accept_invitation")


@bp.route("/invitation", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@public
def accept_invitation():
    """Accept an invitation by choosing a password."""
    return _set_password_through_link(TokenPurpose.INVITATION, "Welcome: choose your password")


@bp.get("/password/reset/<token>")
@public
def open_password_reset(token: str):
    """The reset email's link: on to the page that sets the new password."""
    return _open_link(TokenPurpose.PASSWORD_RESET, token, "auth.reset_password")


@bp.route("/password/reset", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@public
def reset_password():
    """Choose a new password through a reset link."""
    return _set_password_through_link(TokenPurpose.PASSWORD_RESET, "Choose a new password")


@bp.get("/account/email/confirm/<token>")
@public
def open_email_change(token: str):
    """The link sent to a new sign-in email: on to the page that confirms it."""
    return _open_link(
        _EMAIL_CHANGE, token, "auth.confirm_email_change", operations.find_email_change
    )


@bp.route("/account/email/confirm", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@public
def confirm_email_change():
    """Confirm a new sign-in email from the link sent to it."""
    try:
        token = _link_token(_EMAIL_CHANGE)
        email_change = operations.find_email_change(token)
    except operations.InvalidLink as error:
        return _link_invalid(error)
    form = ButtonForm()
    if form.validate_on_submit():
        with change(quiet=True) as outcome:
            user = operations.confirm_email_change(token)
        if outcome.error:
            return _link_invalid(outcome.error)
        session.pop(f"link.{_EMAIL_CHANGE}", None)
        if current_user.is_authenticated and current_user.id == user.id:
            keep_this_session()
            flash("Your sign-in email is changed. Other devices were signed out.", "success")
            return no_store(redirect(url_for("auth.account")))
        flash(f"Your sign-in email is now {user.email}. Sign in with it.", "success")
        return no_store(redirect(url_for("auth.login")))
    return no_store(render_template("auth/confirm_email.html", form=form, change=email_change))
