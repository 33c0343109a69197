"""`flask demo …`: demo data."""

import click
import pyotp
from flask.cli import AppGroup
from sqlalchemy import select

from mentoring.demo.data import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    clear_database,
    database_is_empty,
    seed_demo,
)
from mentoring.extensions import db
from mentoring.users.models import Role, User

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
def seed_command(force: bool, if_empty: bool) -> None:
    """Load the demo data set into an empty database."""
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
    seed_demo()
    db.session.commit()
    click.echo("Demo data loaded.")
    _print_sign_ins()
