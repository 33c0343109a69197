"""Mail through a real SMTP server on loopback, and the development outbox folder."""

import socket
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from mentoring.core import mail
from mentoring.core.roles import Role
from mentoring.extensions import db
from tests.factories import make_user


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def app_config(request):
    if "smtp_server" in request.fixturenames:
        controller, _inbox = request.getfixturevalue("smtp_server")
        return {"MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": controller.port}
    if "instance_outbox" in request.node.name:
        return {"MAIL_BACKEND": "file"}
    return {}


def test_an_invitation_is_delivered_over_smtp(smtp_server, client, auth):
    _controller, inbox = smtp_server
    auth.login_as(make_user(Role.SPECIALIST))
    response = client.post(
        "/admin/users/invite",
        data={"name": "Smtp Mentor", "email": "smtp@example.org", "role": "mentor"},
    )
    assert response.status_code == 302
    [message] = inbox.messages
    assert message["To"] == "smtp@example.org"
    assert message["Subject"] == "You are invited to the Counselor Mentoring Program"
    assert "/invitation/" in message.get_payload(decode=True).decode()


def test_development_mail_is_written_to_the_instance_outbox(app, client, auth):
    auth.login_as(make_user(Role.SPECIALIST))
    client.post(
        "/admin/users/invite",
        data={"name": "File Mentor", "email": "file@example.org", "role": "mentor"},
    )
    [written] = list((Path(app.instance_path) / "outbox").iterdir())
    text = written.read_text()
    assert "To: file@example.org" in text and "/invitation/" in text


def _queue_one(to="queued@example.org"):
    mail.send(to, "Subject", "password_reset", user=make_user(), link="http://x/y", hours=2)


def test_mail_goes_out_only_when_the_transaction_commits(app, outbox):
    _queue_one()
    with db.session.begin_nested():
        pass  # releasing a savepoint is not the commit
    assert outbox == []
    db.session.rollback()
    db.session.commit()
    assert outbox == []
    _queue_one()
    db.session.commit()
    assert [message.to for message in outbox] == [["queued@example.org"]]
