"""How much a request may send: MAX_CONTENT_LENGTH for the few pages that take a file,
MAX_FORM_CONTENT_LENGTH for every other request. Werkzeug refuses a larger declared body
with 413 before reading it, and stops reading a body that grows past the limit."""

from collections.abc import Callable

from flask import Flask, current_app, request


def takes_upload(view: Callable) -> Callable:
    """Let this view receive a file, up to MAX_CONTENT_LENGTH (other views: a form's worth)."""
    view.takes_upload = True
    return view


def _limit_request_size() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    if not getattr(view, "takes_upload", False):
        request.max_content_length = current_app.config["MAX_FORM_CONTENT_LENGTH"]


def init_app(app: Flask) -> None:
    # First of all hooks: CSRF protection reads the form in its own before_request hook.
    app.before_request_funcs.setdefault(None, []).insert(0, _limit_request_size)
