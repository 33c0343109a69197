"""Sign-in, passwords and emailed links (invitations, resets, email changes)."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer
from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from mentoring.auth import throttle
from mentoring.auth.models import AccountToken, TokenPurpose
from mentoring.core import audit, mail, policy
from mentoring.core.errors import MentoringError
from mentoring.core.models import utcnow
from mentoring.core.scopes import SpecialistRegion
from mentoring.core.urls import public_url
from mentoring.extensions import db
from mentoring.users.models import User, normalise_email


class InvalidLink(MentoringError):
    """An emailed link that was tampered with, expired, superseded or already used."""


@cache
def _common_passwords() -> frozenset[str]:
    lines = (Path(__file__).parent / "common_passwords.txt").read_text().splitlines()
    return frozenset(line.strip().lower() for line in lines if line and not line.startswith("#"))


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable, or None if it is."""
    shortest = current_app.config["PASSWORD_MIN_LENGTH"]
    longest = current_app.config["PASSWORD_MAX_LENGTH"]
    if len(password) < shortest:
        return f"Use at least {shortest} characters."
    if len(password) > longest:
        return f"Use at most {longest} characters."
    if password.lower() in _common_passwords():
        return "This password is too common. Choose one that is harder to guess."
    return None


def set_password(user: User, password: str) -> None:
    """Hash and store a new password, ending every session signed in with the old one and
    voiding every emailed link not used yet."""
    problem = password_problem(password)
    if problem:
        raise MentoringError(problem, field="password")
    user.password_hash = generate_password_hash(
        password, method=current_app.config["PASSWORD_HASH_METHOD"]
    )
    user.session_version += 1
    if user.id is not None:
        void_links(user, *TokenPurpose)


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (without saying which)."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or user.password_hash is None:
        # Hash anyway, so a missing account takes as long to refuse as a wrong password.
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.is_active:
        return None
    return user


def record_sign_in(user: User) -> None:
    user.last_login_at = utcnow()


def load_session_user(session_identity: str) -> User | None:
    """Flask-Login's user loader: the cookie's identity must match the current session version."""
    user_id, _, version = session_identity.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    # The account and a specialist's regions (policy.regions_of), in one statement.
    rows = db.session.execute(
        select(User, SpecialistRegion.region)
        .outerjoin(SpecialistRegion, SpecialistRegion.user_id == User.id)
        .where(User.id == int(user_id))
    ).all()
    user = rows[0].User if rows else None
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    policy.remember_regions(user, [row.region for row in rows])
    return user


# Emailed links -------------------------------------------------------------------------------

_LINK_LIFETIME_SETTING = {
    TokenPurpose.INVITATION: "INVITATION_MAX_AGE",
    TokenPurpose.PASSWORD_RESET: "PASSWORD_RESET_MAX_AGE",
}


def _serializer(purpose: TokenPurpose) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"mentoring.{purpose}")


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def void_links(user: User, *purposes: TokenPurpose) -> None:
    """Spend the user's unused links for these purposes: they stop working."""
    db.session.execute(
        update(AccountToken)
        .where(
            AccountToken.user_id == user.id,
            AccountToken.purpose.in_(purposes),
            AccountToken.used_at.is_(None),
        )
        .values(used_at=utcnow())
    )


def issue_link_token(user: User, purpose: TokenPurpose) -> str:
    """Create a signed, single-use token for an emailed link; earlier unused ones stop working."""
    now = utcnow()
    void_links(user, purpose)
    secret = secrets.token_urlsafe(32)  # 256 bits
    lifetime: timedelta = current_app.config[_LINK_LIFETIME_SETTING[purpose]]
    db.session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            secret_hash=_hash_secret(secret),
            expires_at=now + lifetime,
        )
    )
    return _serializer(purpose).dumps(secret)


_USED_LINK = "This link has already been used or was replaced by a newer one."


def find_link_token(token: str, purpose: TokenPurpose) -> AccountToken:
    """The usable token row behind a link, or raise InvalidLink with a reason to show."""
    try:
        secret = _serializer(purpose).loads(token)
    except BadSignature:
        raise InvalidLink("This link is not valid. Check that you copied the whole link.") from None
    row = db.session.scalar(
        select(AccountToken).where(
            AccountToken.secret_hash == _hash_secret(str(secret)),
            AccountToken.purpose == purpose,
        )
    )
    if row is None:
        raise InvalidLink("This link is not valid. Check that you copied the whole link.")
    if row.used_at is not None:
        raise InvalidLink(_USED_LINK)
    if row.expires_at <= utcnow():
        raise InvalidLink("This link has expired.")
    if not row.user.is_active:
        raise InvalidLink("This account is deactivated. Contact the program staff.")
    return row


def use_link_token(token: str, purpose: TokenPurpose, password: str) -> User:
    """Spend the emailed link and set the password chosen through it; InvalidLink if the link
    is not usable, or a parallel request spent it first."""
    row = find_link_token(token, purpose)
    spent = db.session.execute(
        update(AccountToken)
        .where(AccountToken.id == row.id, AccountToken.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        raise InvalidLink(_USED_LINK)
    set_password(row.user, password)
    throttle.forget_failures(row.user.email)  # the link is the owner's way past a sign-in wait
    action = (
        "auth.invitation_accepted" if purpose == TokenPurpose.INVITATION else "auth.password_reset"
    )
    audit.record(
        row.user, action, row.user, f"{row.user.email} set a password through an emailed link"
    )
    return row.user


def send_invitation(user: User, actor: User) -> None:
    """Email a new invitation link to an account (any earlier link stops working)."""
    token = issue_link_token(user, TokenPurpose.INVITATION)
    days = current_app.config["INVITATION_MAX_AGE"].days
    mail.send(
        user.email,
        "You are invited to the Counselor Mentoring Program",
        "invitation",
        user=user,
        link=public_url("auth.open_invitation", token=token),
        days=days,
    )
    audit.record(
        actor, "user.invited", user, f"Invitation sent to {user.email} as {user.role.label}"
    )


def request_password_reset(email: str) -> None:
    """Email a reset link if an active account has this email; say nothing either way."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or not user.is_active:
        return
    token = issue_link_token(user, TokenPurpose.PASSWORD_RESET)
    lifetime = current_app.config["PASSWORD_RESET_MAX_AGE"]
    mail.send(
        user.email,
        "Reset your Counselor Mentoring Program password",
        "password_reset",
        user=user,
        link=public_url("auth.open_password_reset", token=token),
        hours=int(lifetime.total_seconds() // 3600),
    )


def password_matches(user: User, password: str) -> bool:
    return user.password_hash is not None and check_password_hash(user.password_hash, password)


def _check_current_password(user: User, current_password: str) -> None:
    if not password_matches(user, current_password):
        raise MentoringError("The current password is not correct.", field="current_password")


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change one's own password after checking the current one; other sessions end and the
    owner is told by email."""
    _check_current_password(user, current_password)
    set_password(user, new_password)
    audit.record(user, "auth.password_changed", user, f"{user.email} changed their password")
    mail.send(
        user.email,
        "Your Counselor Mentoring Program password was changed",
        "password_changed",
        user=user,
    )


def _account_fingerprint(user: User) -> str:
    """A digest of the email and password: it changes when either does."""
    message = f"{user.email}\0{user.password_hash or ''}".encode()
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def _email_change_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="mentoring.email_change")


def request_email_change(user: User, current_password: str, new_email: str) -> None:
    """Email a confirmation link to the new address; nothing changes until it is opened.

    If another account uses the address, that address is told instead, so the page answers
    the same either way and says nothing about other accounts.
    """
    _check_current_password(user, current_password)
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise MentoringError("This is already your email.", field="email")
    if db.session.scalar(select(User.id).where(User.email == new_email)) is not None:
        mail.send(
            new_email,
            "Your address was offered for another Counselor Mentoring Program account",
            "email_change_taken",
        )
        return
    token = _email_change_serializer().dumps(
        {"user": user.id, "email": new_email, "account": _account_fingerprint(user)}
    )
    lifetime = current_app.config["EMAIL_CHANGE_MAX_AGE"]
    mail.send(
        new_email,
        "Confirm your new Counselor Mentoring Program sign-in email",
        "email_change_confirm",
        user=user,
        new_email=new_email,
        link=public_url("auth.open_email_change", token=token),
        hours=int(lifetime.total_seconds() // 3600),
    )


@dataclass(frozen=True)
class EmailChange:
    user: User
    new_email: str


def find_email_change(token: str) -> EmailChange:
    """The change an email-change link asks for, or raise InvalidLink with the reason."""
    max_age = current_app.config["EMAIL_CHANGE_MAX_AGE"].total_seconds()
    try:
        wanted = _email_change_serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise InvalidLink("This link has expired.") from None
    except BadSignature:
        raise InvalidLink("This link is not valid. Check that you copied the whole link.") from None
    user = db.session.get(User, int(wanted["user"]))
    if user is None or not hmac.compare_digest(wanted["account"], _account_fingerprint(user)):
        raise InvalidLink(
            "This link no longer works: the account's email or password changed since it was sent."
        )
    if not user.is_active:
        raise InvalidLink("This account is deactivated. Contact the program staff.")
    return EmailChange(user, wanted["email"])


def confirm_email_change(token: str) -> User:
    """Change the sign-in email as the link asks; both addresses are told, the user's sessions
    end and their unused emailed links stop working."""
    change = find_email_change(token)
    user, new_email = change.user, change.new_email
    if db.session.scalar(select(User.id).where(User.email == new_email)) is not None:
        raise InvalidLink("This email cannot be used for the account. Ask the program staff.")
    old_email = user.email
    user.email = new_email
    user.session_version += 1
    void_links(user, *TokenPurpose)
    audit.record(user, "auth.email_changed", user, f"Sign-in email changed from {old_email}")
    for address in (old_email, new_email):
        mail.send(
            address,
            "Your Counselor Mentoring Program sign-in email was changed",
            "email_changed",
            user=user,
            old_email=old_email,
            new_email=new_email,
        )
    return user


def end_sessions(user: User) -> None:
    """Sign-out: every session of this user ends, including copies of this one's cookie."""
    user.session_version += 1
