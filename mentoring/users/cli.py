"""`flask users …`: account administration from the command line."""

import click
from flask.cli import AppGroup

from mentoring.core.errors import MentoringError
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.users import operations

users_cli = AppGroup("users", help="Manage accounts.")


@users_cli.command("create")
@click.option("--email", required=True, help="Sign-in email (unique).")
@click.option("--name", required=True, help="Display name.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Asked for when not given; pass it only in scripts.",
)
def create_user_command(email: str, name: str, role: str, password: str) -> None:
    """Create an account that can sign in at once."""
    try:
        user = operations.create_user(email, name, Role(role), password=password)
    except MentoringError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Created {user.role.label.lower()} {user.email} (id {user.id}).")
