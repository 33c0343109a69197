"""Sending email: the one way the app sends mail.

Messages wait in the database session and go out only when its transaction commits, so a
change that is rolled back (a refused form, an import with a bad row) never sends anything.
"""

import logging

from flask import Flask, render_template
from flask_mailman import EmailMessage
from sqlalchemy import event
from sqlalchemy.orm import Session

from mentoring.extensions import db

log = logging.getLogger(__name__)
_QUEUE = "mentoring.outbox"


def send(
    to: str,
    subject: str,
    template: str,
    attachment: tuple[str, bytes, str] | None = None,
    **context,
) -> None:
    """Queue a plain-text message from templates/email/<template>.txt for the next commit,
    with an attachment (filename, content, MIME type) if given."""
    body = render_template(f"email/{template}.txt", **context)
    message = EmailMessage(subject=subject, body=body, to=[to])
    if attachment:
        message.attach(*attachment)
    db.session.info.setdefault(_QUEUE, []).append(message)


def _send_queued(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a SAVEPOINT was released; the real commit is still to come
    for message in session.info.pop(_QUEUE, []):
        try:
            message.send()
        except Exception:  # the change is committed; a mail failure must not undo or hide it
            log.exception("Could not send %r to %s", message.subject, message.to)


def _drop_queued(session: Session) -> None:
    session.info.pop(_QUEUE, None)


def init_app(app: Flask) -> None:
    if not event.contains(Session, "after_commit", _send_queued):
        event.listen(Session, "after_commit", _send_queued)
        event.listen(Session, "after_rollback", _drop_queued)
