"""The app as the benchmark serves it: rate limits off, and each response says how many SQL
statements its request ran (X-Query-Count). Only the benchmark uses this module."""

from flask import g, has_app_context
from sqlalchemy import event

import mentoring
from mentoring.extensions import db

QUERY_COUNT_HEADER = "X-Query-Count"


def count_queries(app, engine=None) -> None:
    """Count the statements each request runs on engine (the app's own by default) and send the
    number back in a header."""

    def counted(*_args) -> None:
        if has_app_context():
            g.query_count = g.get("query_count", 0) + 1

    if engine is None:
        with app.app_context():
            engine = db.engine
    event.listen(engine, "before_cursor_execute", counted)

    @app.after_request
    def send_count(response):
        response.headers[QUERY_COUNT_HEADER] = str(g.get("query_count", 0))
        return response


def create_app():
    """What gunicorn serves: 'benchmarks.wsgi:create_app()'."""
    # Thousands of requests from one address are the point here, not an attack.
    app = mentoring.create_app({"RATELIMIT_ENABLED": False})
    count_queries(app)
    return app
