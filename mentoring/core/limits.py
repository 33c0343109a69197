"""How much a request may send: MAX_CONTENT_LENGTH for the few pages that take a file (or a
page's own file limit), MAX_FORM_CONTENT_LENGTH for every other request. Werkzeug refuses a
larger declared body with 413 before reading it, and stops reading a body that grows past the
limit."""

from collections.abc import Callable

from flask import Flask, current_app, request

UPLOAD_OVERHEAD_BYTES = 64 * 1024  # the multipart envelope and the form around the file


def takes_upload(view: Callable | None = None, *, max_file_bytes: int | None = None):
    """Let this view receive a file: up to MAX_CONTENT_LENGTH, or with max_file_bytes a file of
    that size and the form around it, whatever the app's own limit (other views: a form's
    worth). Use as @takes_upload or @takes_upload(max_file_bytes=...)."""

    def mark(view: Callable) -> Callable:
        view.takes_upload = True
        view.max_file_bytes = max_file_bytes
        # Twice the file's limit: a file somewhat too large is read and answered beside its
        # field; only a far larger body is refused unread (413).
        view.upload_limit = max_file_bytes and 2 * max_file_bytes + UPLOAD_OVERHEAD_BYTES
        return view

    return mark(view) if view is not None else mark


def _limit_request_size() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    if not getattr(view, "takes_upload", False):
        request.max_content_length = current_app.config["MAX_FORM_CONTENT_LENGTH"]
    elif view.upload_limit:
        request.max_content_length = view.upload_limit


def file_limit_words() -> str:
    """What the 413 page says a file may be on this page."""
    view = current_app.view_functions.get(request.endpoint or "")
    limit = getattr(view, "max_file_bytes", None) or current_app.config["MAX_CONTENT_LENGTH"]
    return f"{limit / (1024 * 1024):,.0f} MB"


def init_app(app: Flask) -> None:
    # First of all hooks: CSRF protection reads the form in its own before_request hook.
    app.before_request_funcs.setdefault(None, []).insert(0, _limit_request_size)
