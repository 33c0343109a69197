"""`flask upgrade …`: the daily expiry reminders of the upgrade checklist."""

from datetime import UTC, date, datetime, time

import click
from flask.cli import AppGroup

from mentoring.core.models import utcnow
from mentoring.extensions import db
from mentoring.upgrade import reminders

upgrade_cli = AppGroup("upgrade", help="The certificate upgrade checklist.")


@upgrade_cli.command("remind", short_help="Email mentees whose ISS expires in 180, 60 or 30 days.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Act as if today were this date (YYYY-MM-DD), for tests and backfills.",
)
def remind_command(today: datetime | None) -> None:
    """Email each mentee 180, 60 and 30 days before their ISS expires, with what is missing.

    Meant for a daily cron: each reminder goes out once per expiry date.
    """
    if today is None:
        day, now = date.today(), utcnow()
    else:
        day = today.date()
        now = datetime.combine(day, time(12), UTC)
    sent = reminders.send_expiry_reminders(day, now)
    db.session.commit()
    click.echo(f"Expiry reminders for {day.isoformat()}: {sent} sent.")
