"""Domain errors and the error pages: no stack trace ever reaches a user."""

import logging

from flask import Flask, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

from mentoring.core.limits import file_limit_words
from mentoring.core.logs import safe_path
from mentoring.extensions import db

log = logging.getLogger(__name__)


class MentoringError(Exception):
    """A rule a user's request broke; routes show its message, nothing was changed."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(MentoringError):
    """The rule forbids this change for this user or object."""


class AlreadyDone(MentoringError):
    """What was asked is so already: routes say so (not as an error) and change nothing."""


PAGES = {
    400: (
        "Bad request",
        "The request could not be understood. Go back, reload the page and try again.",
    ),
    403: ("Not allowed", "Your account does not have access to this page."),
    404: ("Page not found", "There is no page at this address, or it is not available to you."),
    405: ("Not allowed", "This page cannot be used this way."),
    413: (
        "Too large to accept",
        "What you sent is larger than this page accepts, so nothing was saved. A file here can "
        "be at most {file_limit}, and a form's text far less. Go back and send something "
        "smaller.",
    ),
    429: ("Too many attempts", "Too many attempts in a short time. Wait a minute, then try again."),
    500: (
        "Something went wrong",
        "The server could not finish this request. Nothing was saved; try again.",
    ),
}


def render_error(code: int, message: str | None = None):
    title, default_message = PAGES.get(code, PAGES[500])
    return render_template(
        "errors/error.html", code=code, title=title, message=message or default_message
    ), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf_error(error):
        # safe_path: a reset or invitation link's token must not reach the log.
        log.info("CSRF refused on %s %s: %s", request.method, safe_path(), error.description)
        return render_error(
            400,
            "This form had expired or did not come from this site, so nothing was saved. "
            "Go back, reload the page and send it again.",
        )

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code and error.code >= 500:
            db.session.rollback()
        if error.code in (403, 429):
            log.warning(
                "access denied (%s) on %s %s for %s",
                error.code,
                request.method,
                safe_path(),
                f"user {current_user.id}" if current_user.is_authenticated else "anonymous",
            )
        if error.code == 413:
            return render_error(413, PAGES[413][1].format(file_limit=file_limit_words()))
        return render_error(error.code or 500)

    @app.errorhandler(DataError)
    def _data_error(error: DataError):
        db.session.rollback()
        if "NUL" in str(error.orig):
            # PostgreSQL cannot store NUL; a form without its own check for control characters
            # lets one through. The person can fix it, so it is their 400, not our 500.
            log.info("NUL character refused by the database on %s %s", request.method, safe_path())
            return render_error(
                400,
                "The text sent holds a character that cannot be saved (NUL), so nothing was "
                "saved. Go back, remove it and send it again.",
            )
        log.exception("Database refused data on %s %s", request.method, safe_path())
        return render_error(500)

    @app.errorhandler(Exception)
    def _unexpected_error(error: Exception):
        db.session.rollback()
        log.exception("Unhandled error on %s %s", request.method, safe_path())
        return render_error(500)
