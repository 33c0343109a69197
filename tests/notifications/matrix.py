"""Notification preferences: every signed-in person has their own page."""

from tests.matrix import SIGN_IN, row

ROUTES = {
    "notifications.preferences": row("GET", SIGN_IN, 200, 200, 200),
}
