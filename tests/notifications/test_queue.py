"""The outgoing mail queue (core/mail.py): mail is written in the change's transaction and sent
by a worker, never by the request, over a real SMTP server on loopback."""

import time
from datetime import timedelta

from sqlalchemy import func, select, update

from mentoring.auth.operations import request_password_reset
from mentoring.core import mail
from mentoring.core.mail import OutgoingMail
from mentoring.core.models import utcnow
from mentoring.core.roles import Role
from mentoring.extensions import db
from tests.factories import make_user
from tests.notifications.helpers import body


def _queue_one() -> None:
    user = make_user(Role.MENTEE, name="Noor Mentee", email="noor@example.org")
    mail.send(user.email, "Your password was changed", "password_changed", user=user)


def _queued() -> int:
    db.session.commit()  # end the test's read snapshot: see what the worker did
    return db.session.scalar(select(func.count()).select_from(OutgoingMail))


def _wait_for(inbox, count: int, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while len(inbox.messages) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def test_a_slow_smtp_server_does_not_slow_a_page(app, client, slow_smtp_server):
    """The mail server takes 2 s per message; the page answers well before, and the
    background thread (development's drain) delivers the message after."""
    _controller, inbox = slow_smtp_server
    app.config["MAIL_QUEUE"] = "thread"
    user = make_user(Role.MENTEE, email="noor@example.org")
    started = time.monotonic()
    response = client.post("/password/forgot", data={"email": user.email})
    known = time.monotonic() - started
    assert response.status_code == 302
    started = time.monotonic()
    client.post("/password/forgot", data={"email": "nobody@example.org"})
    unknown = time.monotonic() - started
    # Neither waits for the server, so the time does not tell whether the account exists.
    assert known < 1.0 and unknown < 1.0, (known, unknown)
    assert inbox.messages == []
    _wait_for(inbox, 1)
    [message] = inbox.messages
    assert message["To"] == "noor@example.org"
    assert "/password/reset/" in body(message)
    _wait_for_empty_queue()


def _wait_for_empty_queue(seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while _queued() and time.monotonic() < deadline:
        db.session.rollback()  # a new snapshot
        time.sleep(0.05)
    assert _queued() == 0


def test_a_rolled_back_change_sends_nothing(app, smtp_server):
    _controller, inbox = smtp_server
    _queue_one()
    # Written in the transaction, not yet committed.
    assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 1
    db.session.rollback()
    assert _queued() == 0
    assert mail.deliver_due() == 0
    assert inbox.messages == []


def test_the_worker_command_sends_what_is_queued_once(app, runner, smtp_server):
    """Production's drain: a change commits its mail to the queue; `flask mail worker` sends
    it; a second worker run finds nothing."""
    _controller, inbox = smtp_server
    app.config["MAIL_QUEUE"] = "worker"
    make_user(Role.MENTEE, password=None)  # commits; queues nothing
    user = make_user(Role.MENTEE)
    request_password_reset(user.email)
    db.session.commit()
    assert _queued() == 1 and inbox.messages == []
    result = runner.invoke(args=["mail", "worker", "--once"])
    assert result.output == "Sent 1 messages.\n"
    assert [m["To"] for m in inbox.messages] == [user.email] and _queued() == 0
    assert runner.invoke(args=["mail", "worker", "--once"]).output == "Sent 0 messages.\n"
    assert len(inbox.messages) == 1


def test_a_message_the_server_refuses_is_kept_and_tried_again_later(app, smtp_server):
    controller, inbox = smtp_server
    app.config["MAIL_QUEUE"] = "worker"
    state = app.extensions["mailman"]
    state.port = 1  # nothing listens there
    _queue_one()
    db.session.commit()
    before = utcnow()
    assert mail.deliver_due() == 0
    row = db.session.scalar(select(OutgoingMail))
    assert row.attempts == 1 and row.claimed_at is None
    assert row.last_error == "ConnectionRefusedError"
    # Tried again after a minute, not before.
    assert row.send_after >= before + timedelta(minutes=1)
    assert mail.deliver_due() == 0 and inbox.messages == []
    state.port = controller.port
    db.session.execute(update(OutgoingMail).values(send_after=utcnow()))
    db.session.commit()
    assert mail.deliver_due() == 1
    assert [m["To"] for m in inbox.messages] == ["noor@example.org"]


def test_a_message_claimed_by_another_worker_is_not_sent_twice(app, smtp_server):
    _controller, inbox = smtp_server
    app.config["MAIL_QUEUE"] = "worker"
    _queue_one()
    db.session.commit()
    # Another worker claimed it a minute ago and is sending it now.
    db.session.execute(update(OutgoingMail).values(claimed_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    assert mail.deliver_due() == 0 and inbox.messages == []
    # A worker that died with it: after ten minutes the claim lapses and it goes.
    db.session.execute(update(OutgoingMail).values(claimed_at=utcnow() - timedelta(minutes=11)))
    db.session.commit()
    assert mail.deliver_due() == 1 and len(inbox.messages) == 1
