"""Security headers on every response."""

from flask import Flask, current_app, request
from flask_login import current_user
from werkzeug.serving import WSGIRequestHandler

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# Text types outside text/* that Werkzeug sends without a charset. A browser guessing the
# encoding of a text response can be led to read it as something else (UTF-7 tricks).
_TEXT_TYPES = {"application/json", "application/xml", "image/svg+xml"}

_DOWNLOAD_TYPES = {"application/pdf", "text/csv"}

# What the development server says instead of its "Werkzeug/x.y Python/x.y" banner.
SERVER_BANNER = "mentoring"


def _is_static(endpoint: str | None) -> bool:
    return endpoint is not None and (endpoint == "static" or endpoint.endswith(".static"))


def _is_download(response) -> bool:
    return response.mimetype in _DOWNLOAD_TYPES or "attachment" in response.headers.get(
        "Content-Disposition", ""
    )


def init_app(app: Flask) -> None:
    @app.after_request
    def _set_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "same-origin"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if current_app.config["ENV_NAME"] == "production":
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        # Signed-in pages hold personal data, and so does every download (PDF, CSV): keep them
        # out of shared and browser caches. Static files and public pages stay cacheable.
        if _is_download(response) or (
            current_user.is_authenticated and not _is_static(request.endpoint)
        ):
            headers["Cache-Control"] = "no-store"
        mimetype = response.mimetype
        is_text = mimetype.startswith("text/") or mimetype in _TEXT_TYPES
        if is_text and "charset" not in response.mimetype_params:
            response.content_type = f"{mimetype}; charset=utf-8"
        return response

    _hide_development_server_versions()


def _hide_development_server_versions() -> None:
    """Make `flask run` send `Server: mentoring` instead of Werkzeug's and Python's versions.

    The development server writes its Server header itself, before the app's headers (a
    response header would only add a second one), so its banner is replaced where it is made.
    gunicorn sends `Server: gunicorn` without a version (see README, Production).
    """
    WSGIRequestHandler.version_string = lambda _handler: SERVER_BANNER
