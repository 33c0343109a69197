"""The site's own address: emailed links are built from PUBLIC_URL, and a request whose Host
the site does not serve is refused.

`url_for(_external=True)` takes the host from the request, which the client writes: a password
reset asked for with `Host: attacker.example` would email a link to the attacker's site. So
links that leave the site are built from the configured address only, and in production
TRUSTED_HOSTS (Flask) refuses every other Host with a 400.
"""

import logging
from urllib.parse import urlsplit

from flask import Flask, current_app, request
from werkzeug.exceptions import SecurityError

log = logging.getLogger(__name__)


def public_url(endpoint: str, **values) -> str:
    """The absolute address of a page, under PUBLIC_URL whatever host the request named."""
    parts = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path.rstrip("/") or "/", url_scheme=parts.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def public_url_problem(url: str | None) -> str | None:
    """Why PUBLIC_URL cannot be the site's address, or None if it can."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return (
            "MENTORING_PUBLIC_URL must be the site's address, e.g. https://mentoring.state.example"
        )
    if parts.query or parts.fragment:
        return "MENTORING_PUBLIC_URL must not carry a query or fragment."
    return None


def https_link_problem(url: str, max_length: int, what: str, example: str) -> str | None:
    """Why a link typed by a person (a video call, a resource) is not a plain https:// address
    of at most max_length characters; None when it is, or when none was typed."""
    if not url:
        return None
    if len(url) > max_length:
        return f"Keep the link to {max_length} characters or fewer (it has {len(url)})."
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or any(c.isspace() for c in url):
        return f"Give a {what} that starts with https:// (e.g. {example})."
    return None


def public_host(url: str) -> str:
    """The host name of PUBLIC_URL, the one Host production serves unless told more."""
    return urlsplit(url).hostname or ""


def _refuse_untrusted_host() -> None:
    # Flask records the untrusted Host as a routing error raised only at dispatch; raise it
    # before any other hook builds a URL (sign-in redirects) from that Host.
    if isinstance(request.routing_exception, SecurityError):
        raise request.routing_exception


def _untrusted_host(_error: SecurityError):
    # Plain text: the HTML error page builds URLs, which need a trusted host.
    log.info("request refused: Host is not one this site serves")
    return "This site does not answer to that host name.\n", 400, {"Content-Type": "text/plain"}


def init_app(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_untrusted_host)
    app.register_error_handler(SecurityError, _untrusted_host)
