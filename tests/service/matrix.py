"""Mentor service routes. The world's training was attended by the visiting mentor. Empty posts
(CSRF off): a training without its fields, or attendees without an address, show the form again
(400); removing the visiting mentor from the training redirects. The statement is the visiting
mentor's own: they and specialists get it; mentees are refused."""

from tests.matrix import SIGN_IN, regional_object, row, specialists_only, statewide_setting

ROUTES = {
    "service.list_trainings": specialists_only(),
    "service.new_training": specialists_only(),
    "service.show_training": regional_object(),
    "service.remove_attendee": regional_object("POST", 302),
    "service.requirements": statewide_setting(),
    # No requirements are set in the world: the download sends the specialist to set them.
    "service.met_csv": statewide_setting("GET", 302),
    "service.met_xlsx": statewide_setting("GET", 302),
    "service.my_service": row("GET", SIGN_IN, 403, 200, 403),
    "service.statement": row("GET", SIGN_IN, 200, 200, 403, regional=404),
}
