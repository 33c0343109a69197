"""`flask db backup PATH`: a consistent copy of the SQLite database, taken while the app runs.

SQLite's online backup API copies the pages under one read transaction, so the copy is the
database as it was at one moment, even while other connections write (a file copy could catch
a half-written page or miss what still sits in the WAL file). The copy is then checked with
PRAGMA integrity_check and its row counts are printed. PostgreSQL has its own tool, pg_dump.
"""

import shlex
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import URL, make_url

from mentoring.extensions import db, migrate


class BackupError(Exception):
    """The backup was not made, or its copy is not sound; the message says why."""


@dataclass(frozen=True)
class Backup:
    path: Path
    integrity: str
    counts: dict[str, int]


def backup_sqlite(source: Path, target: Path) -> Backup:
    """Copy the SQLite database at source to target (a new file), check it, count its rows."""
    target = Path(target)
    try:
        target.open("xb").close()  # create it, refusing a file that exists: never overwrite
    except FileExistsError:
        raise BackupError(f"{target} exists already; choose a new file name.") from None
    except OSError as error:
        raise BackupError(f"cannot create {target}: {error.strerror}") from None
    try:
        # Read-only: the backup never changes the live database, even by accident.
        live = sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True)
        try:
            live.execute("PRAGMA busy_timeout=5000")
            copy = sqlite3.connect(target)
            try:
                live.backup(copy)  # all pages in one step: one consistent snapshot
                # The copy is one self-contained file, not a database waiting for its WAL.
                copy.execute("PRAGMA journal_mode=DELETE")
                integrity = copy.execute("PRAGMA integrity_check").fetchone()[0]
                counts = _row_counts(copy)
            finally:
                copy.close()
        finally:
            live.close()
    except sqlite3.Error as error:
        target.unlink(missing_ok=True)
        raise BackupError(f"the backup failed: {error}") from None
    if integrity != "ok":
        raise BackupError(f"the copy in {target} failed PRAGMA integrity_check: {integrity}")
    return Backup(path=target, integrity=integrity, counts=counts)


def _row_counts(connection: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    counts = {}
    for name in names:
        # A name from the copy's own catalogue, quoted as an identifier.
        quoted = '"' + name.replace('"', '""') + '"'
        counts[name] = connection.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]  # noqa: S608
    return counts


def pg_dump_command(url: URL, target: str) -> str:
    """The pg_dump command for a database URL, without its password."""
    words = ["pg_dump", "-Fc"]
    if url.host:
        words += ["-h", url.host]
    if url.port:
        words += ["-p", str(url.port)]
    if url.username:
        words += ["-U", url.username]
    words += ["-d", url.database or "", "-f", target]
    return shlex.join(words)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Copy the SQLite database to PATH while the app runs, check the copy, count its rows."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        command = pg_dump_command(url, str(path))
        click.echo(
            f"The database is {url.get_backend_name()}: back it up with pg_dump, for example\n\n"
            f"    {command}\n\n"
            "(the password comes from PGPASSWORD or ~/.pgpass). Restore: stop the app, then\n"
            f"    pg_restore --clean --if-exists -d {shlex.quote(url.database or '')} "
            f"{shlex.quote(str(path))}\n"
            "and run `flask --app mentoring db upgrade`.",
            err=True,
        )
        raise SystemExit(1)
    if not url.database or url.database == ":memory:":
        raise click.ClickException("the database is in memory: there is no file to back up.")
    db.session.remove()  # hold no transaction of this process open during the copy
    try:
        made = backup_sqlite(Path(url.database), path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up {url.database} to {made.path}")
    click.echo(f"integrity_check: {made.integrity}")
    width = max((len(name) for name in made.counts), default=0)
    for name, count in made.counts.items():
        click.echo(f"{name:<{width}}  {count}")


def init_app(app: Flask) -> None:
    """Add `backup` to Flask-Migrate's `db` command group (call after migrate.init_app)."""
    app.cli.commands[migrate.command].add_command(backup_command)
