"""Sending email: the one way the app sends mail, never from inside a request.

`send()` writes the message as a row of `outgoing_mails` in the caller's transaction, so a
change that is rolled back (a refused form, an import with a bad row) leaves nothing to send,
and a committed one always leaves its mail. Delivery drains that table, each row claimed with a
conditional UPDATE so two workers never send one message twice, and deletes a row once sent (it
may hold a live password-reset link). Who drains it is MAIL_QUEUE:

- "worker" (production): `flask mail worker`, a process of its own beside gunicorn;
- "thread" (development): a background thread of the app's process, woken after each commit
  that queued mail, so `make run` needs no extra process;
- "inline" (tests): right after the commit, in the committing thread, so tests can read
  what was sent without waiting; the tests of the other two set them.

A failed delivery is tried again later (after 1, 4, 9, 16 minutes); after MAX_ATTEMPTS the row
stays, with the error's kind, for an administrator to see.
"""

import logging
import secrets
import threading
import time
from datetime import datetime, timedelta

import click
from flask import Flask, current_app, has_request_context, render_template
from flask.cli import AppGroup
from flask_mailman import EmailMessage
from sqlalchemy import JSON, LargeBinary, String, Text, delete, event, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from mentoring.core.models import UTCDateTime, utcnow
from mentoring.extensions import db

log = logging.getLogger(__name__)
_QUEUED = "mentoring.mail_queued"
_WORKER = "mentoring.mail_worker"
MAX_ATTEMPTS = 5
# A row claimed this long ago by a worker that never finished (it died) is free again.
STALE_CLAIM = timedelta(minutes=10)
BATCH = 100
POLL_SECONDS = 15.0


def _new_id() -> str:
    return secrets.token_hex(16)


class OutgoingMail(db.Model):
    """A message waiting to be sent; deleted once it is.

    The id is made by the app, not the database, so a run that queues many messages writes
    them in one executemany: with ids from the database, SQLite inserts them one by one.
    """

    __tablename__ = "outgoing_mails"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_new_id)
    recipient: Mapped[str] = mapped_column(String(254), nullable=False)
    subject: Mapped[str] = mapped_column(Text, nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    headers: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    attachment_name: Mapped[str | None] = mapped_column(String(255), nullable=True)
    attachment_type: Mapped[str | None] = mapped_column(String(100), nullable=True)
    attachment_content: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    send_after: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, nullable=False, index=True
    )
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(nullable=False, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200), nullable=True)

    def __repr__(self) -> str:
        return f"<OutgoingMail {self.id} attempts={self.attempts}>"


def send(
    to: str,
    subject: str,
    template: str,
    attachment: tuple[str, bytes, str] | None = None,
    headers: dict[str, str] | None = None,
    **context,
) -> None:
    """Queue a plain-text message from templates/email/<template>.txt in the current
    transaction, with an attachment (filename, content, MIME type) and headers if given."""
    name, content, mimetype = attachment or (None, None, None)
    db.session.add(
        OutgoingMail(
            recipient=to,
            subject=subject,
            body=render_template(f"email/{template}.txt", **context),
            headers=headers or {},
            attachment_name=name,
            attachment_type=mimetype,
            attachment_content=content,
        )
    )
    db.session.info[_QUEUED] = True


def _message(row) -> EmailMessage:
    message = EmailMessage(
        subject=row.subject, body=row.body, to=[row.recipient], headers=dict(row.headers or {})
    )
    if row.attachment_name:
        message.attach(row.attachment_name, row.attachment_content, row.attachment_type)
    return message


def _claimable(now: datetime):
    return (
        OutgoingMail.send_after <= now,
        OutgoingMail.attempts < MAX_ATTEMPTS,
        or_(OutgoingMail.claimed_at.is_(None), OutgoingMail.claimed_at < now - STALE_CLAIM),
    )


def deliver_due() -> int:
    """Send every message due now, each claimed first; return how many were sent.

    Runs on connections of its own (never the request's session), one short transaction per
    step, each beginning with its write, so on SQLite it waits for the lock instead of failing.
    """
    sent = 0
    while True:
        batch, count = _deliver_batch()
        sent += count
        if batch < BATCH:
            return sent


def _deliver_batch() -> tuple[int, int]:
    """Send up to BATCH due messages: how many were due, and how many were sent."""
    sent = 0
    now = utcnow()
    with db.engine.connect() as connection:
        due = connection.scalars(
            select(OutgoingMail.id)
            .where(*_claimable(now))
            .order_by(OutgoingMail.created_at, OutgoingMail.id)
            .limit(BATCH)
        ).all()
        connection.rollback()
        for mail_id in due:
            with connection.begin():
                claimed = connection.execute(
                    update(OutgoingMail)
                    .where(OutgoingMail.id == mail_id, *_claimable(now))
                    .values(claimed_at=utcnow(), attempts=OutgoingMail.attempts + 1)
                ).rowcount
                if not claimed:
                    continue  # another worker has it
                row = connection.execute(
                    select(OutgoingMail.__table__).where(OutgoingMail.id == mail_id)
                ).one()
            try:
                _message(row).send()
            except Exception as error:  # kept for a later try; the text never reaches the log
                log.warning(
                    "Could not send mail %s (try %s): %s",
                    mail_id,
                    row.attempts,
                    type(error).__name__,
                )
                with connection.begin():
                    connection.execute(
                        update(OutgoingMail)
                        .where(OutgoingMail.id == mail_id)
                        .values(
                            claimed_at=None,
                            send_after=utcnow() + timedelta(minutes=row.attempts**2),
                            last_error=type(error).__name__[:200],
                        )
                    )
                continue
            with connection.begin():
                connection.execute(delete(OutgoingMail).where(OutgoingMail.id == mail_id))
            sent += 1
    return len(due), sent


class _Worker:
    """The development drain: a daemon thread that sends after each wake and every POLL_SECONDS."""

    def __init__(self, app: Flask):
        self.app = app
        self.wake = threading.Event()
        self.stopping = False
        self.thread = threading.Thread(target=self._run, name="mail-worker", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopping:
            with self.app.app_context():
                try:
                    deliver_due()
                except Exception:  # the next round tries again
                    log.exception("The mail worker could not read its queue")
            self.wake.wait(POLL_SECONDS)
            self.wake.clear()

    def stop(self) -> None:
        self.stopping = True
        self.wake.set()
        self.thread.join(timeout=30)


def wake(app: Flask) -> None:
    """Tell the app's drain that mail is waiting."""
    mode = app.config["MAIL_QUEUE"]
    # A command (a cron job's reminders) sends before it exits, unless a worker process drains.
    if mode == "inline" or (mode == "thread" and not has_request_context()):
        deliver_due()
    elif mode == "thread":
        worker = app.extensions.get(_WORKER)
        if worker is None or worker.stopping:
            worker = app.extensions[_WORKER] = _Worker(app)
        worker.wake.set()


def stop_worker(app: Flask) -> None:
    """Stop the app's drain thread, if it has one (tests, and a clean shutdown)."""
    worker = app.extensions.pop(_WORKER, None)
    if worker is not None:
        worker.stop()


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction() or not session.info.pop(_QUEUED, False):
        return  # a SAVEPOINT was released (the real commit is to come), or nothing was queued
    try:
        wake(current_app._get_current_object())
    except Exception:  # the change is committed and its mail is queued: a later drain sends it
        log.exception("Could not start sending the queued mail")


mail_cli = AppGroup("mail", help="The outgoing mail queue.")


@mail_cli.command("worker", short_help="Send queued mail, polling the queue.")
@click.option("--once", is_flag=True, help="Send what is due now, then stop (for cron or tests).")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between polls.")
def worker_command(once: bool, interval: float) -> None:
    """Send the queued mail: production runs this as a process of its own beside gunicorn."""
    while True:
        try:
            sent = deliver_due()
        except Exception:  # the database restarting, say: poll again
            log.exception("The mail worker could not read its queue")
            sent = 0
        if once:
            click.echo(f"Sent {sent} messages.")
            return
        time.sleep(interval)


def init_app(app: Flask) -> None:
    if app.config["MAIL_QUEUE"] not in ("worker", "thread", "inline"):
        raise SystemExit("mentoring: MAIL_QUEUE must be worker, thread or inline.")
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
    app.cli.add_command(mail_cli)
