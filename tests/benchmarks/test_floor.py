"""The benchmark's floor (benchmarks/floor.py): tables of the asked size, a 50-row page."""

import re

from sqlalchemy import create_engine, text

from benchmarks import floor
from benchmarks.wsgi import QUERY_COUNT_HEADER


def test_the_floor_builds_its_tables_once_and_serves_fifty_aggregated_rows(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'floor.sqlite'}"
    floor.build(url, parents=120, children=3000)
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(
            text("SELECT (SELECT count(*) FROM parents), (SELECT count(*) FROM children)")
        ).one() == (120, 3000)
        # Parent 51 is the first row of page 2: its figures, counted here without the page.
        children_51, minutes_51 = connection.execute(
            text("SELECT count(*), coalesce(sum(minutes), 0) FROM children WHERE parent_id = 51")
        ).one()
    engine.dispose()
    modified = (tmp_path / "floor.sqlite").stat().st_mtime_ns
    floor.build(url, parents=120, children=3000)  # the same size: left as it is
    assert (tmp_path / "floor.sqlite").stat().st_mtime_ns == modified

    monkeypatch.setenv("FLOOR_DATABASE_URL", url)
    client = floor.create_app().test_client()
    first = client.get("/page")
    assert first.status_code == 200
    assert first.headers[QUERY_COUNT_HEADER] == "1"
    assert first.text.count("<tr><td>Parent ") == 50
    second = client.get("/page?page=2").text
    assert re.search(
        rf"<tr><td>Parent 51</td><td>[^<]+</td><td>{children_51}</td>\s*<td>{minutes_51}</td>",
        second,
    )
    assert client.get("/page?page=3").text.count("<tr><td>Parent ") == 20
    assert client.get("/healthz").headers[QUERY_COUNT_HEADER] == "0"
