"""ASVS 9 (backups): `flask db backup PATH` copies the SQLite database while the app writes,
the copy passes integrity_check and holds the database as it was at one moment; on PostgreSQL
it names pg_dump instead."""

import sqlite3
import threading
import time

import pytest
from sqlalchemy import func, insert, select

from mentoring import create_app
from mentoring.core import backup
from mentoring.core.audit import AuditEvent
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.users.models import User
from tests.apps import make_test_config
from tests.factories import make_user


@pytest.fixture
def runner(app):
    """The CLI with `db backup` (create_app will call backup.init_app itself)."""
    backup.init_app(app)
    return app.test_cli_runner()


@pytest.fixture
def sqlite_only(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the SQLite backup is tested on SQLite; PostgreSQL uses pg_dump")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


class PairWriter(threading.Thread):
    """Write audit events two at a time, each pair in one transaction, until stopped."""

    def __init__(self, engine):
        super().__init__()
        self.engine, self.pairs, self.errors = engine, 0, []
        self.stopping = threading.Event()

    def run(self):
        try:
            while not self.stopping.is_set():
                with self.engine.begin() as connection:
                    connection.execute(
                        insert(AuditEvent),
                        [
                            {"action": "test.pair", "summary": f"pair {self.pairs} {half}"}
                            for half in ("a", "b")
                        ],
                    )
                self.pairs += 1
        except Exception as error:  # reported by the test, not lost in the thread
            self.errors.append(error)

    def wait_for(self, pairs: int) -> None:
        deadline = time.monotonic() + 30
        while self.pairs < pairs and not self.errors and time.monotonic() < deadline:
            time.sleep(0.005)
        assert not self.errors and self.pairs >= pairs


def test_a_backup_during_writes_is_sound_and_consistent(app, runner, sqlite_only, tmp_path):
    for role in Role:
        make_user(role)
    users = _count(User)
    target = tmp_path / "backup.sqlite"
    writer = PairWriter(db.engine)
    writer.start()
    try:
        writer.wait_for(50)
        before = writer.pairs
        result = runner.invoke(args=["db", "backup", str(target)])
        after_backup = writer.pairs
        writer.wait_for(after_backup + 20)  # the writer went on after the copy was taken
    finally:
        writer.stopping.set()
        writer.join()
    assert not writer.errors
    assert result.exit_code == 0, result.output
    assert "integrity_check: ok" in result.output

    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        pair_rows = copy.execute("SELECT summary FROM audit_events WHERE action = 'test.pair'")
        summaries = [row[0] for row in pair_rows]
        copied_users = copy.execute("SELECT count(*) FROM users").fetchone()[0]
        copied_events = copy.execute("SELECT count(*) FROM audit_events").fetchone()[0]
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master")}
    finally:
        copy.close()
    # One moment of the database: whole pairs only, and exactly the first k of them.
    pairs = len(summaries) // 2
    assert sorted(summaries) == sorted(f"pair {n} {half}" for n in range(pairs) for half in "ab")
    assert before <= pairs <= after_backup + 1
    assert pairs < writer.pairs  # the copy did not wait for the writer to stop
    assert copied_users == users
    assert {table.name for table in db.metadata.sorted_tables} <= tables
    # The printed counts are the copy's.
    lines = dict(line.split() for line in result.output.splitlines()[2:])
    assert lines["audit_events"] == str(copied_events) and lines["users"] == str(users)
    assert copied_events == 2 * pairs + len(Role)  # each make_user audited its account
    assert set(lines) == {table.name for table in db.metadata.sorted_tables} | (
        tables & {"alembic_version"}
    )


def test_the_backup_never_overwrites_a_file(app, runner, sqlite_only, tmp_path):
    target = tmp_path / "existing.sqlite"
    target.write_bytes(b"keep me")
    result = runner.invoke(args=["db", "backup", str(target)])
    assert result.exit_code == 1
    assert f"{target} exists already" in result.output
    assert target.read_bytes() == b"keep me"


def test_the_backup_is_a_database_not_a_file_copy(app, runner, sqlite_only, tmp_path):
    """The live database is in WAL mode and its last commits may sit in the WAL file only; a
    file copy of the main file alone would miss them. The backup has them."""
    make_user(Role.MENTEE, email="last.commit@example.org")
    target = tmp_path / "copy.sqlite"
    assert runner.invoke(args=["db", "backup", str(target)]).exit_code == 0
    copy = sqlite3.connect(target)
    try:
        emails = [row[0] for row in copy.execute("SELECT email FROM users")]
    finally:
        copy.close()
    assert emails == ["last.commit@example.org"]


def test_postgresql_is_backed_up_with_pg_dump_and_the_password_is_never_printed(_schema, tmp_path):
    url = "postgresql+psycopg://mentoring:s3cret-Pa55@db.internal:5433/mentoring"
    app = create_app(make_test_config(url))
    backup.init_app(app)
    result = app.test_cli_runner().invoke(args=["db", "backup", str(tmp_path / "x.dump")])
    assert result.exit_code == 1
    assert (
        f"pg_dump -Fc -h db.internal -p 5433 -U mentoring -d mentoring -f {tmp_path}/x.dump"
        in result.output
    )
    assert "pg_restore --clean --if-exists -d mentoring" in result.output
    assert "s3cret" not in result.output and "Pa55" not in result.output
    assert not (tmp_path / "x.dump").exists()
