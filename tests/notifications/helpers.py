"""Helpers of the notifications tests, imported from here (a conftest holds fixtures only)."""

import email
from email.message import Message as EmailMessage

from tests.schedule.helpers import live  # noqa: F401 (a fixture)


def body(message: EmailMessage) -> str:
    """The plain-text body of a received message."""
    parsed = email.message_from_bytes(message.as_bytes())
    part = next(p for p in parsed.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode()
