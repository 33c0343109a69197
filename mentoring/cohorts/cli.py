"""`flask cohorts …`: scripted loads into cohorts; `flask users update`: corrections."""

from pathlib import Path

import click
from flask.cli import AppGroup

from mentoring.cohorts import operations, roster
from mentoring.cohorts.models import Cohort, MenteeProfile
from mentoring.core import localtime
from mentoring.core.choices import GradeLevel
from mentoring.core.errors import MentoringError
from mentoring.extensions import db
from mentoring.users.cli import users_cli
from mentoring.users.operations import find_by_email

cohorts_cli = AppGroup("cohorts", help="Manage cohorts.")


@cohorts_cli.command("import-roster", short_help="Import a roster (CSV or .xlsx) into a cohort.")
@click.argument("cohort_id", type=int)
@click.argument(
    "csv_file",
    metavar="FILE.csv|FILE.xlsx",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
def import_roster_command(cohort_id: int, csv_file: Path) -> None:
    """Import a roster file (CSV or Excel) into a cohort: all its rows, or none if any is wrong."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise click.ClickException(f"No cohort has the id {cohort_id}.")
    with csv_file.open("rb") as stream:
        data = stream.read(roster.MAX_BYTES + 1)
    try:
        result = roster.import_roster(cohort, data, None, localtime.today())
    except roster.RosterRejected as rejected:
        db.session.rollback()
        click.echo(rejected.message, err=True)
        for problem in rejected.problems:
            click.echo(f"row {problem.row}, {problem.column}: {problem.problem}", err=True)
        click.get_current_context().exit(1)
    except MentoringError as error:
        db.session.rollback()
        raise click.ClickException(f"Nothing was imported: {error.message}") from None
    db.session.commit()
    click.echo(
        f"Roster imported into {cohort.name}: {result.created} created, {result.matched} matched, "
        f"{result.enrolled} enrolled, {result.assigned} assigned, {result.unchanged} unchanged."
    )


# Registered on `flask users` here, not in users/cli.py: a correction reaches the mentee
# profile, which lives in cohorts (a layer above users).
@users_cli.command("update")
@click.option("--email", required=True, help="The account's current sign-in email.")
@click.option("--name", help="The corrected full name.")
@click.option("--new-email", help="The corrected sign-in email.")
@click.option("--district", help="A mentee's school district.")
@click.option("--school", help="A mentee's school.")
@click.option("--region", help="A mentee's region.")
@click.option("--grade-level", type=click.Choice([level.value for level in GradeLevel]))
@click.option(
    "--iss-issued-on", type=click.DateTime(["%Y-%m-%d"]), help="A mentee's ISS date, YYYY-MM-DD."
)
def update_user_command(email: str, name: str | None, new_email: str | None, **fields) -> None:
    """Correct an account's name or email, or a mentee's workplace (audited, the person told)."""
    user = find_by_email(email)
    if user is None:
        raise click.ClickException(f"No account has the email {email}.")
    profile = db.session.get(MenteeProfile, user.id)
    given = {field: value for field, value in fields.items() if value is not None}
    if given and profile is None:
        raise click.ClickException(f"{user.email} has no mentee profile to correct.")
    if "iss_issued_on" in given:
        given["iss_issued_on"] = given["iss_issued_on"].date()
    try:
        changes = operations.correct_person(
            user,
            None,
            name or user.name,
            new_email or user.email,
            given if profile is not None else None,
        )
    except MentoringError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo("; ".join(changes) if changes else "Nothing changed.")
