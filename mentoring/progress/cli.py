"""`flask reminders …`: the daily reminder emails; `flask progress …`: the year tallies."""

from datetime import UTC, datetime, time

import click
from flask.cli import AppGroup

from mentoring.core import localtime
from mentoring.core.models import utcnow
from mentoring.extensions import db
from mentoring.progress import reminders, tallies

today_option = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Act as if today were this date (YYYY-MM-DD), for tests and backfills.",
)
reminders_cli = AppGroup("reminders", help="Send reminder emails.")
progress_cli = AppGroup("progress", help="Progress records.")


@reminders_cli.command("send", short_help="Email mentors of quiet groups and quiet mentees.")
@today_option
def send_command(today: datetime | None) -> None:
    """Email mentors whose group has not met for 30 days and mentees with no reflection for 45.

    Meant for a daily cron: each person gets each kind of reminder at most once a week.
    """
    if today is None:
        day, now = localtime.today(), utcnow()
    else:
        # Record a backfill's reminders on the day it stands for, so the weekly rule holds.
        day = today.date()
        now = datetime.combine(day, time(12), UTC)
    result = reminders.send_reminders(day, now)
    db.session.commit()
    click.echo(
        f"Reminders for {day.isoformat()}: {result.mentors} to mentors of groups without a "
        f"meeting for {reminders.QUIET_GROUP_DAYS} days, {result.mentees} to mentees without "
        f"a reflection for {reminders.QUIET_MENTEE_DAYS} days; {result.skipped} not sent again "
        f"within {reminders.REMIND_EVERY_DAYS} days."
    )


@reminders_cli.command("sign-off", short_help="Tell mentors a year's sign-off is open.")
@today_option
def sign_off_command(today: datetime | None) -> None:
    """Tell each mentor with mentees, once per cohort and program year, that the year's
    sign-off window is open. Meant for the daily cron: a second run sends nothing again."""
    day = today.date() if today else localtime.today()
    told = reminders.announce_sign_off_windows(day)
    db.session.commit()
    click.echo(f"Sign-off windows open on {day.isoformat()}: {told} mentors emailed.")


@progress_cli.command("recount", short_help="Recount every year tally from the source rows.")
def recount_command() -> None:
    """Recount the meetings, contact minutes and reflections of every enrollment and program
    year from the meetings and reflections tables, and who attended each PLC group's meetings
    in each program year.

    The app keeps the tallies current itself; this is for after data was loaded or corrected
    outside it (a bulk load, a restore, a hand-made SQL fix).
    """
    rows = tallies.rebuild_all()
    db.session.commit()
    click.echo(f"Recounted {rows} year tallies.")
