"""Meeting log routes. The world's group is led by the visiting mentor and its meeting was
logged just now (held 3 days ago), so the mentor may still change it. An empty POST to delete
(CSRF off) deletes the meeting and redirects to the meeting log (302)."""

from tests.matrix import SIGN_IN, row

ROUTES = {
    "meetings.list_meetings": row("GET", SIGN_IN, 200, 200, 403, regional=404),
    "meetings.new_meeting": row("GET", SIGN_IN, 200, 200, 403, regional=404),
    "meetings.show_meeting": row("GET", SIGN_IN, 200, 200, 403, regional=404),
    "meetings.edit_meeting": row("GET", SIGN_IN, 200, 200, 403, regional=404),
    "meetings.delete_meeting": row("POST", SIGN_IN, 302, 302, 403, regional=404),
}
