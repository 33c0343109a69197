"""Sending email: the one way the app sends mail."""

from flask import render_template
from flask_mailman import EmailMessage


def send(to: str, subject: str, template: str, **context) -> None:
    """Render templates/email/<template>.txt and send it as a plain-text message to one person."""
    body = render_template(f"email/{template}.txt", **context)
    EmailMessage(subject=subject, body=body, to=[to]).send()
