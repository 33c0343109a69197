"""The benchmark's statement count per request (benchmarks/wsgi.py)."""

from benchmarks.wsgi import QUERY_COUNT_HEADER, count_queries
from mentoring.extensions import db


def test_each_response_says_how_many_statements_its_request_ran(app, client):
    count_queries(app)
    # /healthz runs one statement, SELECT 1; on SQLite the app also sends the transaction's
    # BEGIN itself (mentoring/__init__.py), which is a statement too.
    expected = "2" if db.engine.dialect.name == "sqlite" else "1"
    for _ in range(2):  # counted per request, not added up
        assert client.get("/healthz").headers[QUERY_COUNT_HEADER] == expected
    # The public verification form reads nothing from the database.
    assert client.get("/verify").headers[QUERY_COUNT_HEADER] == "0"
