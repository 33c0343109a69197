"""Per-account sign-in throttling, kept in the database so every app server sees it.

Nobody without the password can keep a person out, and guessing stays slow:
- per (client address, account): 5 failures are free, then each further one makes that address
  wait before it may try that account again, 30 seconds doubling up to 15 minutes. Someone
  failing on one account from a school's shared address does not slow anyone else there;
- per account from every address: at most 100 failures an hour, then the account's sign-in
  waits until the oldest of them is an hour old;
- a password reset clears the account's failures (the emailed link is the owner's way in), and a
  successful sign-in clears those of its own address;
- the owner of a real account is told by email after 10 failures within the hour, at most once
  an hour.
Failures are counted by the email typed, whether or not an account has it, so the messages tell
nobody which accounts exist.

An attempt counts as a failure before its password or code is checked, committed so that parallel
attempts on other servers see it, and is checked again without itself: of many guesses sent at
once, only as many as the limits allow get checked. A success then takes its count back.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from mentoring.auth.models import SignInFailure
from mentoring.core import audit, mail
from mentoring.core.audit import AuditEvent
from mentoring.extensions import db
from mentoring.users.models import User, normalise_email

FREE_FAILURES = 5
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=15)
WINDOW = timedelta(hours=1)
HOURLY_LIMIT = 100
WARN_AFTER = 10
WARNING = "auth.sign_in_warning"


@dataclass(frozen=True)
class Refusal:
    """Why sign-in to an account is refused now, and until when."""

    until: datetime
    from_everywhere: bool  # the account's hourly limit, not this address's wait

    def message(self, now: datetime) -> str:
        minutes = math.ceil((self.until - now).total_seconds() / 60)
        wait = "a minute" if minutes <= 1 else f"{minutes} minutes"
        where = "from many places" if self.from_everywhere else "from your network"
        return (
            f"Too many failed sign-ins for this account {where}. Try again in {wait}, or reset "
            "your password: a password reset lifts the wait."
        )


def _wait_after(failures: int) -> timedelta:
    """How long an address waits after its n-th failure on an account, n >= 5."""
    return min(FIRST_WAIT * 2 ** min(failures - FREE_FAILURES, 10), LONGEST_WAIT)


def refusal(email: str, address: str | None, now: datetime, attempt: int = 0) -> Refusal | None:
    """Whether this address may try this account now (not counting the attempt itself)."""
    failures = db.session.execute(
        select(SignInFailure.occurred_at, SignInFailure.ip_address)
        .where(
            SignInFailure.email == normalise_email(email),
            SignInFailure.occurred_at > now - WINDOW,
            SignInFailure.id != attempt,
        )
        .order_by(SignInFailure.occurred_at, SignInFailure.id)
    ).all()
    if len(failures) >= HOURLY_LIMIT:
        return Refusal(failures[-HOURLY_LIMIT].occurred_at + WINDOW, from_everywhere=True)
    mine = [failure.occurred_at for failure in failures if failure.ip_address == address]
    if len(mine) >= FREE_FAILURES and mine[-1] + _wait_after(len(mine)) > now:
        return Refusal(mine[-1] + _wait_after(len(mine)), from_everywhere=False)
    return None


def start(email: str, address: str | None, now: datetime) -> int | Refusal:
    """Count an attempt as a failure before its check and commit it; return its id, or the
    refusal if the limits leave no room for it (then it is not counted)."""
    email = normalise_email(email)[:254]
    refused = refusal(email, address, now)
    if refused is not None:
        return refused
    attempt = SignInFailure(email=email, ip_address=address, occurred_at=now)
    db.session.add(attempt)
    db.session.commit()  # seen by parallel attempts from here on
    refused = refusal(email, address, now, attempt.id)
    if refused is not None:  # parallel attempts took the room first
        succeeded(attempt.id)
        db.session.commit()
        return refused
    return attempt.id


def succeeded(attempt: int) -> None:
    """The attempt's password or code was right: it is no failure."""
    db.session.execute(delete(SignInFailure).where(SignInFailure.id == attempt))


def failed(email: str, now: datetime) -> None:
    """An attempt failed (its count stays): forget this email's failures over an hour old and
    tell the owner when there have been many."""
    email = normalise_email(email)[:254]
    db.session.execute(
        delete(SignInFailure).where(
            SignInFailure.email == email, SignInFailure.occurred_at <= now - WINDOW
        )
    )
    recent = db.session.scalar(  # all within the hour, now that older ones are gone
        select(func.count()).select_from(SignInFailure).where(SignInFailure.email == email)
    )
    if recent >= WARN_AFTER:
        _warn_owner(email, recent, now)


def _warn_owner(email: str, failures: int, now: datetime) -> None:
    """Email the account's owner about the failures, unless they were told within the hour."""
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None or not user.is_active:
        return
    told = db.session.scalar(
        select(AuditEvent.id).where(
            AuditEvent.action == WARNING,
            AuditEvent.target_type == "User",
            AuditEvent.target_id == user.id,
            AuditEvent.occurred_at > now - WINDOW,
        )
    )
    if told is not None:
        return
    audit.record(None, WARNING, user, f"{email} told of {failures} failed sign-ins in an hour")
    mail.send(
        user.email,
        "Failed sign-ins to your Counselor Mentoring Program account",
        "failed_sign_ins",
        user=user,
        failures=failures,
    )


def forget_failures(email: str, address: str | None = None) -> None:
    """Clear the account's failures: those of one address (a successful sign-in from it), or
    all of them (a password reset)."""
    forgotten = delete(SignInFailure).where(SignInFailure.email == normalise_email(email))
    if address is not None:
        forgotten = forgotten.where(SignInFailure.ip_address == address)
    db.session.execute(forgotten)
