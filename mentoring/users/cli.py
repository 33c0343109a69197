"""`flask users …`: account administration from the command line."""

import click
from flask.cli import AppGroup

from mentoring.core.choices import REGIONS
from mentoring.core.errors import MentoringError
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.users import operations

_REGION = click.option(
    "--region",
    "regions",
    multiple=True,
    type=click.Choice(REGIONS),
    help="Scope a specialist to this region (repeat for several; none: statewide).",
)

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
@_REGION
def create_user_command(email: str, name: str, role: str, password: str, regions) -> None:
    """Create an account that can sign in at once."""
    try:
        user = operations.create_user(email, name, Role(role), password=password)
        if regions:
            operations.set_regions(user, regions, None)
    except MentoringError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Created {user.role.label.lower()} {user.email} (id {user.id}){_scope(user)}.")


def _scope(user) -> str:
    if user.role != Role.SPECIALIST:
        return ""
    return f", {', '.join(operations.regions_of_specialist(user)) or 'statewide'}"


# `flask users update` (cohorts/cli.py) corrects names, emails and a mentee's workplace, whose
# --region is the mentee's: roles and a specialist's regions are their own command.
@users_cli.command("access")
@click.option("--email", required=True, help="The account's sign-in email.")
@click.option("--role", type=click.Choice([r.value for r in Role]), help="Give it this role.")
@_REGION
@click.option("--statewide", is_flag=True, help="Make a specialist statewide (no regions).")
def access_command(email: str, role: str | None, regions, statewide: bool) -> None:
    """Change an account's role, or a specialist's regions (audited)."""
    user = operations.find_by_email(email)
    if user is None:
        raise click.ClickException(f"No account has the email {email}.")
    if regions and statewide:
        raise click.ClickException("Give --region or --statewide, not both.")
    try:
        if role:
            operations.change_role(user, Role(role), None)
        if regions or statewide:
            operations.set_regions(user, regions, None)
    except MentoringError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"{user.email} is a {user.role.label.lower()}{_scope(user)}.")
