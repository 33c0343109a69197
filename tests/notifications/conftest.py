"""The notification tests: the schedule tests' live program, and a real SMTP server on
loopback (aiosmtpd) that the app sends to when a test asks for it."""

import asyncio
import socket
from email.message import Message as EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from tests.schedule.helpers import live  # noqa: F401 (a fixture)


class Inbox(Message):
    """What the SMTP server received, each message parsed."""

    def __init__(self, delay: float = 0):
        super().__init__()
        self.messages = []
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)  # a slow mail server
        return await super().handle_DATA(server, session, envelope)

    def handle_message(self, message):
        self.messages.append(message)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def _serve(inbox: Inbox):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = _serve(inbox)
    yield controller, inbox
    controller.stop()


@pytest.fixture
def slow_smtp_server():
    """An SMTP server that takes 2 seconds to accept each message."""
    inbox = Inbox(delay=2)
    controller = _serve(inbox)
    yield controller, inbox
    controller.stop()


@pytest.fixture
def app_config(request):
    for name in ("smtp_server", "slow_smtp_server"):
        if name in request.fixturenames:
            controller, _inbox = request.getfixturevalue(name)
            return {
                "MAIL_BACKEND": "smtp",
                "MAIL_SERVER": "127.0.0.1",
                "MAIL_PORT": controller.port,
            }
    return {}
