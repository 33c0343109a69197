"""Per-account sign-in throttling, kept in the database so every app server sees it.

On top of the per-IP limit (Flask-Limiter): after 10 failed attempts within 15 minutes an
account is locked for 15 minutes from the tenth, and at most 100 failures an hour count,
from whatever addresses they come. Failures are counted by the email typed, whether or not an
account has it, so the lock-out message tells nobody which accounts exist. The owner of a real
account is told by email when it locks.
"""

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from mentoring.auth.models import SignInFailure
from mentoring.core import audit, mail
from mentoring.extensions import db
from mentoring.users.models import User, normalise_email

LOCK_AFTER = 10
LOCK_WINDOW = timedelta(minutes=15)
LOCK_FOR = timedelta(minutes=15)
HOURLY_LIMIT = 100


def locked_until(email: str, now: datetime) -> datetime | None:
    """When the account's lock ends, if it is locked now."""
    email = normalise_email(email)
    times = db.session.scalars(
        select(SignInFailure.occurred_at)
        .where(SignInFailure.email == email, SignInFailure.occurred_at > now - timedelta(hours=1))
        .order_by(SignInFailure.occurred_at)
    ).all()
    ends = [times[-HOURLY_LIMIT] + timedelta(hours=1)] if len(times) >= HOURLY_LIMIT else []
    ends += [
        times[index] + LOCK_FOR
        for index in range(LOCK_AFTER - 1, len(times))
        if times[index] - times[index - LOCK_AFTER + 1] <= LOCK_WINDOW
    ]
    latest = max(ends, default=None)
    return latest if latest is not None and latest > now else None


def lock_message(until: datetime) -> str:
    return (
        "Too many failed sign-ins for this account. It is locked for 15 minutes; try again "
        f"after {until.astimezone():%H:%M} (server time), or reset your password."
    )


def record_failure(email: str, ip_address: str | None, now: datetime) -> None:
    """Count a failed attempt; tell the owner when it locks their account."""
    email = normalise_email(email)[:254]
    db.session.add(SignInFailure(email=email, ip_address=ip_address, occurred_at=now))
    db.session.flush()
    recent = db.session.scalar(
        select(func.count())
        .select_from(SignInFailure)
        .where(SignInFailure.email == email, SignInFailure.occurred_at > now - LOCK_WINDOW)
    )
    if recent != LOCK_AFTER:
        return
    user = db.session.scalar(select(User).where(User.email == email))
    audit.record(None, "auth.account_locked", user, f"Sign-in locked for {email} for 15 minutes")
    if user is not None and user.is_active:
        mail.send(
            user.email,
            "Your Counselor Mentoring Program account is locked for 15 minutes",
            "account_locked",
            user=user,
            until=now + LOCK_FOR,
        )


def forget_failures(email: str) -> None:
    """A successful sign-in clears the account's count."""
    db.session.execute(delete(SignInFailure).where(SignInFailure.email == normalise_email(email)))
