"""`flask notifications digest`: the weekly digest emails."""

import click
from flask.cli import AppGroup

from mentoring.core.models import utcnow
from mentoring.extensions import db
from mentoring.notifications import operations

notifications_cli = AppGroup("notifications", help="Notification emails.")


@notifications_cli.command("digest", short_help="Email each person their weekly digest.")
def digest_command() -> None:
    """Email each person who chose a weekly digest one message with their notifications not
    yet in a digest. Meant for a weekly cron; a second run sends nothing again."""
    sent = operations.send_digests(utcnow())
    db.session.commit()
    click.echo(f"Sent {sent} weekly digests.")
