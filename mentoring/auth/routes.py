"""Sign-in, sign-out, invitations and password resets."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from mentoring.auth import operations
from mentoring.auth.forms import ChangePasswordForm, ForgotPasswordForm, LoginForm, SetPasswordForm
from mentoring.auth.models import TokenPurpose
from mentoring.core import audit
from mentoring.core.errors import MentoringError
from mentoring.core.policy import public, signed_in
from mentoring.core.views import show_error
from mentoring.extensions import db, limiter, login_manager

bp = Blueprint("auth", __name__)
login_manager.user_loader(operations.load_session_user)


def _submitted_email() -> str:
    return (request.form.get("email") or "").strip().lower()[:254]


def _failed_sign_in(response) -> bool:
    """Only failed attempts count toward the limit; a success redirects."""
    return response.status_code != 302


def _record_throttled(request_limit) -> None:
    """Audit a sign-in refused for being over the limit (by IP or by account)."""
    account = _submitted_email() or "no email"
    summary = f"Sign-in over the limit ({request_limit.limit}) for {account}"
    audit.record(None, "auth.login_throttled", summary=summary)
    db.session.commit()


def _login_limit() -> str:
    return current_app.config["LOGIN_LIMIT"]


def _safe_next(target: str | None) -> str:
    """Follow ?next= only to a path on this site, never to another host."""
    # Browsers read a backslash as a slash, so "/\\host" would leave the site like "//host".
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    _login_limit, methods=["POST"], deduct_when=_failed_sign_in, on_breach=_record_throttled
)
@limiter.limit(
    _login_limit,
    methods=["POST"],
    key_func=_submitted_email,
    scope="login-account",
    deduct_when=_failed_sign_in,
    on_breach=_record_throttled,
)
@public
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append("The email or password is not correct.")
        else:
            session.clear()  # a fresh session: nothing from before sign-in carries over
            login_user(user)
            operations.record_sign_in(user)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@signed_in
def logout():
    """Sign out and forget the session."""
    logout_user()
    session.clear()
    flash("You are signed out.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
@public
def forgot_password():
    """Ask for a password-reset link by email."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        operations.request_password_reset(form.email.data)
        db.session.commit()
        flash(
            "If an account uses that email, we sent it a link to choose a new password. "
            "Check your inbox in a few minutes.",
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


def _set_password_through_link(purpose: TokenPurpose, token: str, template_title: str):
    try:
        row = operations.find_link_token(token, purpose)
    except operations.InvalidLink as error:
        return render_template("auth/link_invalid.html", message=error.message), 400
    form = SetPasswordForm()
    if form.validate_on_submit():
        operations.use_link_token(token, purpose, form.password.data)
        db.session.commit()
        flash("Your password is set. Sign in with your email and the new password.", "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, user=row.user, title=template_title)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@public
def accept_invitation(token: str):
    """Accept an invitation by choosing a password."""
    return _set_password_through_link(
        TokenPurpose.INVITATION, token, "Welcome: choose your password"
    )


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@public
def reset_password(token: str):
    """Choose a new password through a reset link."""
    return _set_password_through_link(TokenPurpose.PASSWORD_RESET, token, "Choose a new password")


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
def change_password():
    """Change one's own password; other sessions of this account end."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            operations.change_password(current_user, form.current_password.data, form.password.data)
        except MentoringError as error:
            show_error(form, error, "password")
        else:
            db.session.commit()
            login_user(
                current_user._get_current_object()
            )  # carry this session over to the new session version
            flash("Your password is changed. Other devices were signed out.", "success")
            return redirect(url_for("home.index"))
    return render_template("auth/change_password.html", form=form)
