"""Sign-in, sign-out, invitations and password resets, and one's own account: the blueprint and
what its modules share. sign_in.py: signing in and out, the second step, confirming one's
identity again; links.py: the emailed links; account.py: one's own password, email, name and
second factor."""

import logging
from urllib.parse import urlsplit

from flask import Blueprint, current_app, make_response, request, session, url_for
from flask_login import current_user, login_user

from mentoring.auth import operations
from mentoring.core import sessions
from mentoring.extensions import login_manager

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)
login_manager.user_loader(operations.load_session_user)


def address_and(email: str) -> str:
    """The rate-limit key of one account tried from one address: failures on other accounts
    from a shared address (a school's) never stop anyone else there."""
    return f"{request.remote_addr} {email}"


def failed_sign_in(response) -> bool:
    """Only failed attempts count toward the limit; a success redirects."""
    return response.status_code != 302


def login_limit() -> str:
    return current_app.config["LOGIN_LIMIT"]


def safe_next(target: str | None) -> str:
    """Follow ?next= only to a path on this site, never to another host."""
    # Browsers read a backslash as a slash, so "/\\host" would leave the site like "//host".
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("home.index")


def no_store(response):
    """Pages reached through an emailed link show the account's email and role: keep them out
    of every cache."""
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    return response


def keep_this_session() -> None:
    """Carry this session over to the user's new session version (others stay ended)."""
    signed_in_at = session.get(sessions.SIGNED_IN_AT)
    login_user(current_user._get_current_object())
    session[sessions.SIGNED_IN_AT] = signed_in_at


from mentoring.auth.routes import account, links, sign_in  # noqa: E402, F401  (the views)
