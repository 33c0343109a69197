"""Logging with a request id: every line a request writes carries the same id, and the
response echoes it (X-Request-ID), so a user's report or a load balancer's log leads to the
app's lines for that request.

Never log secrets: passwords, tokens, one-time codes or reflection text. Paths are logged with
their text arguments (tokens, codes) replaced by the argument's name: see safe_path().
"""

import logging
import re
import uuid

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler

REQUEST_ID_HEADER = "X-Request-ID"
# A load balancer's id is kept only if it is a short, plain token: it goes into every log line.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
NO_REQUEST = "-"
LOG_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"

# The loggers SQLAlchemy writes result rows to at DEBUG; rows may hold reflection text.
_SQL_LOGGERS = ("sqlalchemy.engine.Engine",)


def request_id() -> str:
    """The current request's id: the incoming X-Request-ID if it is safe, else a new one."""
    if not has_request_context():
        return NO_REQUEST
    if "request_id" not in g:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = incoming if _SAFE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
    return g.request_id


def safe_path() -> str:
    """The request's path with each text argument (a token, a code) shown as its name."""
    if not has_request_context():
        return ""
    rule, arguments = request.url_rule, request.view_args or {}
    if rule is None or not any(isinstance(value, str) for value in arguments.values()):
        return request.path
    return re.sub(
        r"<(?:[^:<>]+:)?([^<>]+)>",
        lambda match: (
            f"<{match.group(1)}>"
            if isinstance(arguments.get(match.group(1)), str)
            else str(arguments.get(match.group(1)))
        ),
        rule.rule,
    )


class RequestIdFilter(logging.Filter):
    """Give every record a request_id ("-" outside a request); never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        return True


class HideSqlRows(logging.Filter):
    """Replace the rows SQLAlchemy logs at DEBUG with their count of columns: a row may hold
    reflection text or a token digest. (Parameters are hidden by hide_parameters=True.)"""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith("Row ") and record.args:
            row = record.args[0] if isinstance(record.args, tuple) else record.args
            record.msg, record.args = "Row of %d columns (values hidden)", (_width(row),)
        return True


def _width(row) -> int:
    try:
        return len(row)
    except TypeError:
        return 1


class _AppHandler(logging.StreamHandler):
    """The app's own handler (stderr); a marker class, so init_app can replace it."""


def init_app(app: Flask) -> None:
    """Put the request id on g, on every log line and on every response."""

    def _set_request_id() -> None:
        request_id()

    # First of the before_request hooks: the permission hook already logs.
    app.before_request_funcs.setdefault(None, []).insert(0, _set_request_id)

    @app.after_request
    def _echo_request_id(response):
        response.headers[REQUEST_ID_HEADER] = request_id()
        return response

    handler = _AppHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RequestIdFilter())
    # app.logger is the "mentoring" logger, the parent of every mentoring.* module's logger.
    logger = app.logger
    for old in [h for h in logger.handlers if isinstance(h, _AppHandler) or h is default_handler]:
        logger.removeHandler(old)
    logger.addHandler(handler)
    if not app.testing:
        # Sign-in decisions and access denials are INFO; tests leave levels to caplog.
        logger.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    for name in _SQL_LOGGERS:
        sql_logger = logging.getLogger(name)
        if not any(isinstance(f, HideSqlRows) for f in sql_logger.filters):
            sql_logger.addFilter(HideSqlRows())
