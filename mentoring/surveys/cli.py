"""`flask surveys send`: the emails about open surveys; `flask surveys recount`: the kept counts."""

from datetime import datetime

import click
from flask.cli import AppGroup

from mentoring.core import localtime
from mentoring.extensions import db
from mentoring.surveys import counts, operations

surveys_cli = AppGroup("surveys", help="Survey emails and counts.")


@surveys_cli.command("send", short_help="Email open surveys and weekly reminders.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Act as if today were this date (YYYY-MM-DD), for tests and backfills.",
)
def send_command(today: datetime | None) -> None:
    """Email each person an open survey asks: when it opens, then once a week until they
    answer or it closes.

    Meant for a daily cron; running it twice on a day sends nothing the second time.
    """
    day = today.date() if today else localtime.today()
    result = operations.send_survey_emails(day)
    db.session.commit()
    click.echo(
        f"Surveys for {day.isoformat()}: {result.opened} opening email(s), "
        f"{result.reminded} weekly reminder(s)."
    )


@surveys_cli.command("recount", short_help="Recount every run's answers from the answers.")
def recount_command() -> None:
    """Recount how many answers each run gave each choice (and how many text answers).

    The app keeps the counts current itself; this is for after data was loaded or corrected
    outside it (a bulk load, a restore, a hand-made SQL fix).
    """
    rows = counts.rebuild_all()
    db.session.commit()
    click.echo(f"Recounted {rows} survey answer counts.")
