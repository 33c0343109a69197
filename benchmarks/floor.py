"""The floor: a bare Flask + SQLAlchemy app that the benchmark serves beside Mentoring.

Nothing but what any database-backed page needs: one engine, one query that joins and aggregates
over tables of the data set's size, a Jinja template of 50 rows. No sessions, CSRF, security
headers, request ids or permission hook. Each page of the app is measured as a ratio to this page,
served with the same gunicorn settings in the same run; `/healthz` of each isolates the cost of
the app's middleware.

    FLOOR_DATABASE_URL=sqlite:///floor.sqlite FLOOR_PARENTS=5000 FLOOR_CHILDREN=600000 \\
        python -m benchmarks.floor          # builds the tables (once per size)
    gunicorn 'benchmarks.floor:create_app()'
"""

import os
import random
from datetime import date, timedelta

from flask import Flask, render_template_string, request
from sqlalchemy import create_engine, inspect, text

from benchmarks.wsgi import count_queries

ROWS = 50
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Floor</title></head><body><main>
<h1>Parents</h1>
<table><thead><tr><th>Name</th><th>Region</th><th>Children</th><th>Minutes</th><th>Latest</th>
</tr></thead><tbody>
{% for row in rows %}<tr><td>{{ row.name }}</td><td>{{ row.region }}</td><td>{{ row.children }}</td>
<td>{{ row.minutes }}</td><td>{{ row.latest }}</td></tr>
{% endfor %}</tbody></table></main></body></html>"""
SCHEMA = (
    "CREATE TABLE parents (id INTEGER PRIMARY KEY, name VARCHAR(120) NOT NULL,"
    " region VARCHAR(40) NOT NULL)",
    "CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL"
    " REFERENCES parents (id), minutes INTEGER NOT NULL, held_on DATE NOT NULL)",
    "CREATE INDEX children_parent ON children (parent_id)",
)
REGIONS = ("Kansas City", "St. Louis", "Southwest", "Northeast", "Central", "Southeast")


def build(url: str, parents: int, children: int, seed: int = 7) -> None:
    """Create the two tables with this many rows, unless they already hold exactly that."""
    engine = create_engine(url)
    if inspect(engine).has_table("children"):
        with engine.connect() as connection:
            held = connection.execute(
                text("SELECT (SELECT count(*) FROM parents), (SELECT count(*) FROM children)")
            ).one()
        if tuple(held) == (parents, children):
            return
    generator = random.Random(seed)  # noqa: S311 (made-up rows, not secrets)
    first = date(2020, 7, 1)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS children"))
        connection.execute(text("DROP TABLE IF EXISTS parents"))
        for statement in SCHEMA:
            connection.execute(text(statement))
        connection.execute(
            text("INSERT INTO parents (id, name, region) VALUES (:id, :name, :region)"),
            [
                {"id": i, "name": f"Parent {i}", "region": generator.choice(REGIONS)}
                for i in range(1, parents + 1)
            ],
        )
        batch = []
        for i in range(1, children + 1):
            batch.append(
                {
                    "id": i,
                    "parent_id": generator.randint(1, parents),
                    "minutes": generator.choice((30, 45, 60, 90)),
                    "held_on": first + timedelta(days=generator.randint(0, 2000)),
                }
            )
            if len(batch) == 50_000 or i == children:
                connection.execute(
                    text(
                        "INSERT INTO children (id, parent_id, minutes, held_on)"
                        " VALUES (:id, :parent_id, :minutes, :held_on)"
                    ),
                    batch,
                )
                batch = []
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    engine.dispose()


def create_app() -> Flask:
    """What gunicorn serves: 'benchmarks.floor:create_app()'."""
    app = Flask(__name__)
    engine = create_engine(os.environ["FLOOR_DATABASE_URL"], pool_pre_ping=False)
    count_queries(app, engine)

    @app.get("/healthz")
    def healthz():
        return "ok"

    @app.get("/page")
    def page():
        offset = ROWS * (max(request.args.get("page", 1, type=int), 1) - 1)
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT parents.name, parents.region, count(children.id) AS children,"
                    " coalesce(sum(children.minutes), 0) AS minutes,"
                    " max(children.held_on) AS latest"
                    " FROM parents LEFT JOIN children ON children.parent_id = parents.id"
                    " WHERE parents.id IN (SELECT id FROM parents ORDER BY id LIMIT :rows"
                    " OFFSET :offset) GROUP BY parents.id, parents.name, parents.region"
                    " ORDER BY parents.id"
                ),
                {"rows": ROWS, "offset": offset},
            ).all()
        return render_template_string(PAGE, rows=rows)

    return app


if __name__ == "__main__":
    build(
        os.environ["FLOOR_DATABASE_URL"],
        int(os.environ["FLOOR_PARENTS"]),
        int(os.environ["FLOOR_CHILDREN"]),
    )
