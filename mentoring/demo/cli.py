"""`flask demo …`: demo data."""

import time
from datetime import datetime

import click
import pyotp
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select, text

from mentoring.core.roles import Role
from mentoring.demo.data import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    clear_database,
    database_is_empty,
    seed_demo,
)
from mentoring.demo.scale import EMAIL_DOMAIN, SCALES, SPECIALIST_EMAIL, seed_scale
from mentoring.extensions import db
from mentoring.users.models import User

demo_cli = AppGroup("demo", help="Demo data.")


def _print_sign_ins() -> None:
    click.echo(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}):")
    for email, _name, role in DEMO_ACCOUNTS:
        click.echo(f"  {role.label:<20} {email}")
    click.echo(
        f"The specialist also needs a second factor: add the key {DEMO_TOTP_SECRET} to an "
        "authenticator app, or run `flask --app mentoring demo code` for the current code."
    )


@demo_cli.command("code")
def code_command() -> None:
    """Print the demo specialist's current second-factor code (demo data only)."""
    users = db.session.scalars(
        select(User).where(User.role == Role.SPECIALIST, User.totp_secret == DEMO_TOTP_SECRET)
    ).all()
    if not users:
        raise click.ClickException("No account uses the demo second factor.")
    for user in users:
        user.totp_last_step = None  # let the printed code work even if one was just used
    db.session.commit()
    click.echo(f"{pyotp.TOTP(DEMO_TOTP_SECRET).now()}  (valid for about 30 seconds)")


@demo_cli.command("seed")
@click.option("--force", is_flag=True, help="Delete all existing data first.")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) if data exists.")
@click.option(
    "--scale",
    type=click.Choice(sorted(SCALES)),
    default=None,
    help="A generated data set instead of the demo: small (3 school years, 250 counselors), "
    "state (10 years, 5,000) or national (10 years, 100,000; PostgreSQL).",
)
@click.option(
    "--seed",
    "seed_value",
    type=int,
    default=2026,
    show_default=True,
    help="With --scale: the random seed (the same seed and date, the same data).",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="With --scale: the date the data set ends on (default: today); the newest two "
    "cohorts are those running on it.",
)
def seed_command(
    force: bool, if_empty: bool, scale: str | None, seed_value: int, today: datetime | None
) -> None:
    """Load the demo data set, or a generated one at scale, into an empty database."""
    if current_app.config["ENV_NAME"] == "production":
        # Demo accounts share a published password and second-factor key, and --force would
        # delete the program's records.
        raise click.ClickException("Demo data cannot be loaded in production (MENTORING_ENV).")
    if not database_is_empty():
        if if_empty:
            click.echo("The database already has data; demo data not loaded.")
            _print_sign_ins()
            return
        if not force:
            raise click.ClickException(
                "The database is not empty. Use --force to replace its data."
            )
        clear_database()
    if scale:
        started = time.perf_counter()
        counts = seed_scale(scale, seed_value, today.date() if today else None)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # Planner statistics and the visibility map for the millions of new rows now, not
            # whenever autovacuum gets to them: until then PostgreSQL plans the pages as if the
            # tables were empty and index-only scans still read every row. VACUUM refuses to
            # run inside a transaction.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as raw:
                raw.execute(text("VACUUM (ANALYZE)"))
        seconds = time.perf_counter() - started
        for table_name, rows in sorted(counts.items()):
            click.echo(f"  {table_name:<20} {rows:>10,}")
        click.echo(f"The {scale} data set is loaded in {seconds:.1f} s.")
        click.echo(
            f"Every account's password is {DEMO_PASSWORD}; the specialist is "
            f"{SPECIALIST_EMAIL}, mentors mentor00001@{EMAIL_DOMAIN} and on, mentees "
            f"mentee000001@{EMAIL_DOMAIN} and on."
        )
        return
    seed_demo()
    db.session.commit()
    click.echo("Demo data loaded.")
    _print_sign_ins()
