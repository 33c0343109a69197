"""Signing in (password, then the second factor where the account has one), signing out, and
confirming one's identity again before a sensitive action."""

import time

from email_validator import EmailNotValidError, validate_email
from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from mentoring.auth import operations, throttle
from mentoring.auth import second_factor as second_factor_ops
from mentoring.auth.forms import ConfirmIdentityForm, LoginForm, SecondFactorForm
from mentoring.auth.routes import address_and, bp, failed_sign_in, log, login_limit, safe_next
from mentoring.core import audit, sessions
from mentoring.core.changes import change
from mentoring.core.models import utcnow
from mentoring.core.policy import public, signed_in
from mentoring.extensions import limiter
from mentoring.users.models import User

_PENDING = "pending_second_factor"
_NEXT = "after_sign_in"


def _submitted_email() -> str:
    return (request.form.get("email") or "").strip().lower()[:254]


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
    with change():
        audit.record(None, "auth.login_throttled", summary=summary)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    login_limit,
    methods=["POST"],
    key_func=lambda: address_and(_submitted_email()),
    deduct_when=failed_sign_in,
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
            with change():
                throttle.failed(form.email.data, now)
            form.password.errors.append("The email or password is not correct.")
        elif user.has_second_factor:
            with change():
                throttle.succeeded(attempt)
                session.clear()
                session[_PENDING] = {"identity": user.get_id(), "at": time.time()}
                session[_NEXT] = safe_next(request.args.get("next"))
            return redirect(url_for("auth.second_factor"))
        else:
            _start_session(user)
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


def _start_session(user: User) -> None:
    """A fresh session for a fully signed-in user: nothing from before carries over."""
    with change():
        throttle.forget_failures(user.email, request.remote_addr)  # this attempt's count too
        session.clear()
        login_user(user)
        sessions.start()
        operations.record_sign_in(user)
        log.info("sign-in accepted for user %s", user.id)


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
    login_limit,
    methods=["POST"],
    key_func=lambda: address_and(_pending_email()),
    deduct_when=failed_sign_in,
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
            return redirect(safe_next(target))
        else:
            log.info("second factor refused for user %s", user.id)
            with change():
                throttle.failed(user.email, now)
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
    with change():
        operations.end_sessions(current_user._get_current_object())
    logout_user()
    session.clear()
    flash("You are signed out.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/confirm", methods=["GET", "POST"])
@limiter.limit(
    login_limit,
    methods=["POST"],
    key_func=lambda: address_and(current_user.get_id() or ""),
    deduct_when=failed_sign_in,
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
            with change():
                throttle.succeeded(attempt)
                sessions.confirm_identity()
            return redirect(safe_next(request.args.get("next")))
        else:
            log.info("identity confirmation refused for user %s", user.id)
            with change():
                throttle.failed(user.email, now)
            form.password.errors.append(
                "The password or code is not correct."
                if user.has_second_factor
                else "The password is not correct."
            )
    return render_template("auth/reauthenticate.html", form=form), (400 if form.errors else 200)
