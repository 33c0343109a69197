"""Schedule routes. The world's scheduled meeting is a PLC meeting of the visiting mentor's
group two days from now, so it invites the visiting mentee. An empty POST to cancel (CSRF off)
cancels it and redirects to it; the feed's made-up token opens nothing (404)."""

from tests.matrix import SIGN_IN, everyone, row

ROUTES = {
    "schedule.group_schedule": row("GET", SIGN_IN, 200, 200, 403, regional=404),
    "schedule.new_scheduled_meeting": row("GET", SIGN_IN, 200, 200, 403, regional=404),
    "schedule.show_scheduled_meeting": row("GET", SIGN_IN, 200, 200, 200, office=403, regional=404),
    "schedule.edit_scheduled_meeting": row("GET", SIGN_IN, 200, 200, 403, regional=404),
    "schedule.cancel_scheduled_meeting": row("POST", SIGN_IN, 302, 302, 403, regional=404),
    "schedule.download_ics": row("GET", SIGN_IN, 200, 200, 200, office=403, regional=404),
    "schedule.calendar_page": row("GET", SIGN_IN, 403, 200, 200, office=403),
    "schedule.new_feed": row("POST", SIGN_IN, 403, 200, 200, office=403),
    "schedule.revoke_feed": row("POST", SIGN_IN, 403, 302, 302, office=403),
    "schedule.feed": everyone("GET", 404),
}
