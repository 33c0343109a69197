"""Notifications: every signed-in person has their own list and choices; a notification of
someone else's is 404; the unsubscribe link needs no sign-in, only its signed token (the
matrix's made-up token is 404 to everyone)."""

from tests.matrix import SIGN_IN, everyone, row

ROUTES = {
    "notifications.preferences": row("GET", SIGN_IN, 200, 200, 200),
    "notifications.list_notifications": row("GET", SIGN_IN, 200, 200, 200),
    # The visiting mentee's own notification: opened; anyone else's: 404.
    "notifications.mark_read": row("POST", SIGN_IN, 404, 404, 302, office=404),
    "notifications.mark_all_read": row("POST", SIGN_IN, 302, 302, 302),
    "notifications.unsubscribe": everyone("GET", 404),
}
