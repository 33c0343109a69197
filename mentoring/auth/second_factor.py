"""The second factor: time-based one-time passwords (RFC 6238, pyotp) and recovery codes.

Required for specialists, optional for mentors and mentees. A code is accepted once: the time
step it belongs to is remembered, so a code seen over someone's shoulder cannot be replayed
within its 30 seconds. Recovery codes carry 50 random bits each and are stored as SHA-256
hashes (a slow hash adds nothing to a random code of that length); each works once.

Both are spent by one conditional UPDATE whose row count says whether this request spent it:
two workers that read the row at once would otherwise both accept the same code.
"""

import hashlib
import secrets
import time

import pyotp
import segno
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from mentoring.auth.models import RecoveryCode
from mentoring.core import audit
from mentoring.core.errors import MentoringError
from mentoring.core.models import utcnow
from mentoring.extensions import db
from mentoring.users.models import User

ISSUER = "Counselor Mentoring Program"
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O or U
_STEP_SECONDS = 30


def start_enrolment(user: User) -> str:
    """Give the user a new secret to add to their authenticator app (not in force yet)."""
    if user.totp_secret is None or user.has_second_factor:
        user.totp_secret = pyotp.random_base32()  # 160 bits
    return user.totp_secret


def provisioning_uri(user: User) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code_svg(user: User) -> str:
    """The enrolment QR code as an SVG data URI (the CSP allows data: images)."""
    return segno.make(provisioning_uri(user), error="m").svg_data_uri(scale=5, border=2)


def _digits(code: str) -> str:
    return "".join(character for character in code if not character.isspace())


ALREADY_USED = (
    "That code was already used: wait for the next code (your app shows a new one every "
    "30 seconds) and enter it."
)


def _matching_steps(user: User, code: str, now: float | None) -> list[int]:
    """The time steps around now (one before and after, for clock drift) whose code this is."""
    code = _digits(code)
    if user.totp_secret is None or len(code) != 6 or not code.isdigit():
        return []
    totp = pyotp.TOTP(user.totp_secret)
    step = int((time.time() if now is None else now) // _STEP_SECONDS)
    return [
        candidate
        for candidate in (step - 1, step, step + 1)
        if secrets.compare_digest(totp.at(candidate * _STEP_SECONDS), code)
    ]


def check_code(user: User, code: str, now: float | None = None) -> bool:
    """Accept a current code (or the one before or after, for clock drift) once."""
    for candidate in _matching_steps(user, code, now):
        if user.totp_last_step is None or candidate > user.totp_last_step:
            return _spend_step(user, candidate)
    return False


def already_used(user: User, code: str, now: float | None = None) -> bool:
    """Whether a refused code is a current one that was used before (a second sign-in within
    the same 30 seconds), so the person is told to wait rather than that it is wrong."""
    last = user.totp_last_step
    return last is not None and any(step <= last for step in _matching_steps(user, code, now))


def _spend_step(user: User, step: int) -> bool:
    """Remember the step as used unless a parallel request already used it (or a later one)."""
    spent = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        return False
    set_committed_value(user, "totp_last_step", step)  # what the UPDATE wrote
    return True


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _normalise_recovery(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones; return them to show once."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        for _ in range(RECOVERY_CODES)
    ]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(code)) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def use_recovery_code(user: User, code: str) -> bool:
    """Spend one unused recovery code of this user; False if there is none such (or a parallel
    request spent it first)."""
    spent = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash(_normalise_recovery(code)),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        return False
    audit.record(user, "auth.recovery_code_used", user, f"{user.email} used a recovery code")
    return True


def accept(user: User, code: str) -> bool:
    """Spend a current authenticator code or an unused recovery code of the user. Callers
    check the password first, so a wrong one spends nothing."""
    return check_code(user, code) or use_recovery_code(user, code)


def unused_recovery_codes(user: User) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


def confirm_enrolment(user: User, code: str) -> list[str]:
    """Turn the second factor on with a first code from the app; return the recovery codes."""
    if not check_code(user, code):
        raise MentoringError(
            ALREADY_USED
            if already_used(user, code)
            else "That code is not right. Enter the six digits your app shows now.",
            field="code",
        )
    user.totp_confirmed_at = utcnow()
    user.session_version += 1  # sessions signed in without it end
    audit.record(user, "auth.second_factor_enrolled", user, f"{user.email} set up a second factor")
    return new_recovery_codes(user)


def remove(user: User, actor: User, reason: str) -> None:
    """Turn a user's second factor off and delete their recovery codes; their sessions end."""
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    user.session_version += 1
    audit.record(actor, "auth.second_factor_reset", user, f"Second factor of {user.email} {reason}")
