"""`flask demo …`: demo data."""

import click
from flask.cli import AppGroup

from mentoring.demo.data import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    clear_database,
    database_is_empty,
    seed_demo,
)
from mentoring.extensions import db

demo_cli = AppGroup("demo", help="Demo data.")


def _print_sign_ins() -> None:
    click.echo(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}):")
    for email, _name, role in DEMO_ACCOUNTS:
        click.echo(f"  {role.label:<20} {email}")


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
