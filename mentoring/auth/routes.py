"""Sign-in, sign-out, invitations and password resets."""

import logging
import time
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from mentoring.auth import operations, throttle
from mentoring.auth import second_factor as second_factor_ops
from mentoring.auth.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmIdentityForm,
    DetailsForm,
    EnrolSecondFactorForm,
    ForgotPasswordForm,
    LoginForm,
    RemoveSecondFactorForm,
    SecondFactorForm,
    SetPasswordForm,
)
from mentoring.auth.models import TokenPurpose
from mentoring.core import audit, sessions
from mentoring.core.changes import show_error
from mentoring.core.errors import MentoringError
from mentoring.core.forms import ButtonForm
from mentoring.core.models import utcnow
from mentoring.core.policy import fresh_sign_in, public, signed_in
from mentoring.extensions import db, limiter, login_manager
from mentoring.users import operations as user_operations
from mentoring.users.models import User, normalise_email

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)
_PENDING = "pending_second_factor"
_NEXT = "after_sign_in"
login_manager.user_loader(operations.load_session_user)


def _submitted_email() -> str:
    return (request.form.get("email") or "").strip().lower()[:254]


def _address_and(email: str) -> str:
    """The rate-limit key of one account tried from one address: failures on other accounts
    from a shared address (a school's) never stop anyone else there."""
    return f"{request.remote_addr} {email}"


def _failed_sign_in(response) -> bool:
    """Only failed attempts count toward the limit; a success redirects."""
    return response.status_code != 302


def _audited_email() -> str:
    """The email typed, if it is a valid address: the audit log takes no anonymous free text
    (line breaks would forge lines in it)."""
    try:
        validate_email(_submitted_email(), check_deliverability=False)
    except EmailNotValidError:
        return "invalid"
    return _submitted_email()


def _record_throttled(request_limit) -> None:
    """Audit a sign-in refused for being over the limit (one account from one address)."""
    summary = f"Sign-in over the limit ({request_limit.limit}) for {_audited_email()}"
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
    _login_limit,
    methods=["POST"],
    key_func=lambda: _address_and(_submitted_email()),
    deduct_when=_failed_sign_in,
    on_breach=_record_throttled,
)
@public
def login():
    """Sign in with email and password; then the second factor, where the account has one."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        now = utcnow()
        attempt = throttle.start(form.email.data, request.remote_addr, now)
        if isinstance(attempt, throttle.Refusal):
            log.info("sign-in refused: too many failures")
            form.email.errors.append(attempt.message(now))
        elif (user := operations.authenticate(form.email.data, form.password.data)) is None:
            log.info("sign-in refused: wrong email or password")
            throttle.failed(form.email.data, now)
            db.session.commit()
            form.password.errors.append("The email or password is not correct.")
        elif user.has_second_factor:
            throttle.succeeded(attempt)
            session.clear()
            session[_PENDING] = {"identity": user.get_id(), "at": time.time()}
            session[_NEXT] = _safe_next(request.args.get("next"))
            db.session.commit()
            return redirect(url_for("auth.second_factor"))
        else:
            _start_session(user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


def _start_session(user: User) -> None:
    """A fresh session for a fully signed-in user: nothing from before carries over."""
    throttle.forget_failures(user.email, request.remote_addr)  # this attempt's count among them
    session.clear()
    login_user(user)
    sessions.start()
    operations.record_sign_in(user)
    log.info("sign-in accepted for user %s", user.id)
    db.session.commit()


def _pending_user() -> User | None:
    """The user who gave the right password and still owes the second factor (5 minutes)."""
    pending = session.get(_PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > 300:
        return None
    return operations.load_session_user(str(pending.get("identity", "")))


def _pending_email() -> str:
    user = _pending_user()
    return user.email if user else "no pending sign-in"


@bp.route("/login/second-factor", methods=["GET", "POST"])
@limiter.limit(
    _login_limit,
    methods=["POST"],
    key_func=lambda: _address_and(_pending_email()),
    deduct_when=_failed_sign_in,
)
@public
def second_factor():
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    user = _pending_user()
    if user is None:
        session.pop(_PENDING, None)
        flash("Sign in again: the second step waits 5 minutes at most.", "info")
        return redirect(url_for("auth.login"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        now = utcnow()
        attempt = throttle.start(user.email, request.remote_addr, now)
        if isinstance(attempt, throttle.Refusal):
            form.code.errors.append(attempt.message(now))
        elif second_factor_ops.accept(user, form.code.data):
            target = session.get(_NEXT) or url_for("home.index")
            _start_session(user)
            return redirect(_safe_next(target))
        else:
            log.info("second factor refused for user %s", user.id)
            throttle.failed(user.email, now)
            db.session.commit()
            form.code.errors.append(
                second_factor_ops.ALREADY_USED
                if second_factor_ops.already_used(user, form.code.data)
                else "That code is not right. Enter the six digits your app shows now, or one "
                "of your recovery codes."
            )
    return render_template("auth/second_factor.html", form=form), (400 if form.errors else 200)


@bp.post("/logout")
@signed_in
def logout():
    """Sign out: this session and every copy of its cookie stop working."""
    operations.end_sessions(current_user._get_current_object())
    db.session.commit()
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
    return render_template("auth/forgot_password.html", form=form), (400 if form.errors else 200)


def _no_store(response):
    """Pages reached through an emailed link show the account's email and role: keep them out
    of every cache."""
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    return response


def _link_invalid(error: operations.InvalidLink):
    return _no_store((render_template("auth/link_invalid.html", message=error.message), 400))


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
    return _no_store(redirect(url_for(page)))


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
        try:
            operations.use_link_token(token, purpose, form.password.data)
        except operations.InvalidLink as error:  # a parallel request spent the link first
            db.session.rollback()
            return _link_invalid(error)
        db.session.commit()
        session.pop(f"link.{purpose}", None)
        flash("Your password is set. Sign in with your email and the new password.", "success")
        return _no_store(redirect(url_for("auth.login")))
    return _no_store(
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


_EMAIL_CHANGE = "email_change"


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
        change = operations.find_email_change(token)
    except operations.InvalidLink as error:
        return _link_invalid(error)
    form = ButtonForm()
    if form.validate_on_submit():
        try:
            user = operations.confirm_email_change(token)
        except operations.InvalidLink as error:
            db.session.rollback()
            return _link_invalid(error)
        db.session.commit()
        session.pop(f"link.{_EMAIL_CHANGE}", None)
        if current_user.is_authenticated and current_user.id == user.id:
            _keep_this_session()
            flash("Your sign-in email is changed. Other devices were signed out.", "success")
            return _no_store(redirect(url_for("auth.account")))
        flash(f"Your sign-in email is now {user.email}. Sign in with it.", "success")
        return _no_store(redirect(url_for("auth.login")))
    return _no_store(render_template("auth/confirm_email.html", form=form, change=change))


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
@fresh_sign_in
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
            _keep_this_session()
            flash("Your password is changed. Other devices were signed out.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form), (400 if form.errors else 200)


def _keep_this_session() -> None:
    """Carry this session over to the user's new session version (others stay ended)."""
    signed_in_at = session.get(sessions.SIGNED_IN_AT)
    login_user(current_user._get_current_object())
    session[sessions.SIGNED_IN_AT] = signed_in_at


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
        try:
            changed = user_operations.change_display_name(user, form.display_name.data)
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "display_name")
        else:
            db.session.commit()
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
        try:
            operations.request_email_change(
                current_user, form.current_password.data, form.email.data
            )
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "email")
        else:
            db.session.commit()
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
    second_factor_ops.start_enrolment(user)
    if form.validate_on_submit():
        try:
            codes = second_factor_ops.confirm_enrolment(user, form.code.data)
        except MentoringError as error:
            show_error(form, error, "code")
        else:
            db.session.commit()
            _keep_this_session()
            sessions.confirm_identity()
            return render_template("auth/recovery_codes.html", codes=codes)
    db.session.commit()  # the secret shown must be the one checked next time
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
        second_factor_ops.remove(user, user, "turned off by its owner")
        db.session.commit()
        _keep_this_session()
        flash("The second factor is off.", "success")
    else:
        flash("The password is not correct: the second factor stays on.", "danger")
    return redirect(url_for("auth.account"))


@bp.route("/account/confirm", methods=["GET", "POST"])
@limiter.limit(
    _login_limit,
    methods=["POST"],
    key_func=lambda: _address_and(current_user.get_id() or ""),
    deduct_when=_failed_sign_in,
)
@signed_in
def reauthenticate():
    """Confirm one's identity again before a sensitive action, then go on to it."""
    user = current_user._get_current_object()
    form = ConfirmIdentityForm()
    if form.validate_on_submit():
        now = utcnow()
        attempt = throttle.start(user.email, request.remote_addr, now)
        if isinstance(attempt, throttle.Refusal):
            form.password.errors.append(attempt.message(now))
        # The password first: a wrong one must not spend the code or recovery code given.
        elif operations.password_matches(user, form.password.data) and (
            not user.has_second_factor or second_factor_ops.accept(user, form.code.data or "")
        ):
            throttle.succeeded(attempt)
            sessions.confirm_identity()
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        else:
            log.info("identity confirmation refused for user %s", user.id)
            throttle.failed(user.email, now)
            db.session.commit()
            form.password.errors.append(
                "The password or code is not correct."
                if user.has_second_factor
                else "The password is not correct."
            )
    return render_template("auth/reauthenticate.html", form=form), (400 if form.errors else 200)
