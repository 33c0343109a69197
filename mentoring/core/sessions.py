"""How long a sign-in lasts: idle and absolute timeouts, and how recently the user proved who
they are (sensitive actions ask again after 15 minutes).

The times live in the signed session cookie, so every app server reads the same; the identity
in the cookie carries the user's session version, which sign-out raises (see User.get_id).
"""

import time

from flask import current_app, session

SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"
CONFIRMED_AT = "identity_confirmed_at"
_TOUCH_EVERY = 60  # seconds: do not rewrite the cookie on every request


def start(now: float | None = None) -> None:
    """A new sign-in: the clocks start now."""
    now = time.time() if now is None else now
    session[SIGNED_IN_AT] = session[SEEN_AT] = session[CONFIRMED_AT] = now


def ended(now: float | None = None) -> str | None:
    """Why the signed-in session has ended (idle or too old), or None while it holds."""
    now = time.time() if now is None else now
    config = current_app.config
    signed_in_at, seen_at = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
    if not isinstance(signed_in_at, int | float) or not isinstance(seen_at, int | float):
        return "Please sign in again."
    if now - signed_in_at > config["SESSION_ABSOLUTE_TIMEOUT"].total_seconds():
        hours = round(config["SESSION_ABSOLUTE_TIMEOUT"].total_seconds() / 3600)
        return f"You were signed in for {hours} hours, the longest a session lasts. Sign in again."
    if now - seen_at > config["SESSION_IDLE_TIMEOUT"].total_seconds():
        minutes = round(config["SESSION_IDLE_TIMEOUT"].total_seconds() / 60)
        return f"You were signed out after {minutes} minutes without activity. Sign in again."
    return None


def touch(now: float | None = None) -> None:
    now = time.time() if now is None else now
    if now - session.get(SEEN_AT, 0) >= _TOUCH_EVERY:
        session[SEEN_AT] = now


def idle_seconds_left(now: float | None = None) -> int:
    """Seconds until the session ends for want of activity (the page's idle warning)."""
    now = time.time() if now is None else now
    idle = current_app.config["SESSION_IDLE_TIMEOUT"].total_seconds()
    return max(int(session.get(SEEN_AT, now) + idle - now), 0)


def confirm_identity(now: float | None = None) -> None:
    """The user just gave their password (and second factor) again."""
    session[CONFIRMED_AT] = time.time() if now is None else now


def identity_is_fresh(now: float | None = None) -> bool:
    now = time.time() if now is None else now
    confirmed = session.get(CONFIRMED_AT)
    window = current_app.config["FRESH_SIGN_IN"].total_seconds()
    return isinstance(confirmed, int | float) and now - confirmed <= window
