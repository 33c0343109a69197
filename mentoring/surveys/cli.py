"""`flask surveys send`: the emails about open surveys."""

from datetime import datetime

import click
from flask.cli import AppGroup

from mentoring.core import localtime
from mentoring.extensions import db
from mentoring.surveys import operations

surveys_cli = AppGroup("surveys", help="Survey emails.")


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
