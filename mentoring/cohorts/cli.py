"""`flask cohorts …`: scripted loads into cohorts."""

from datetime import date
from pathlib import Path

import click
from flask.cli import AppGroup

from mentoring.cohorts import roster
from mentoring.cohorts.models import Cohort
from mentoring.core.errors import MentoringError
from mentoring.extensions import db

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
        result = roster.import_roster(cohort, data, None, date.today())
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
