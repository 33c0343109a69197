"""Curriculum routes. The world's cohort has a topic for October of year 1 with a link and a
file; the visiting mentor leads a group in it and the visiting mentee is enrolled in it, so
both read its curriculum and download its file. An empty POST (CSRF off) to clear the month
shows its confirmation page; the other removals redirect."""

from tests.matrix import SIGN_IN, regional_object, row, statewide_setting

ROUTES = {
    "curriculum.year_page": row("GET", SIGN_IN, 200, 200, 200, office=403, regional=404),
    "curriculum.edit_month": regional_object(),
    "curriculum.clear_month": regional_object("POST"),
    "curriculum.remove_link": regional_object("POST", 302),
    "curriculum.remove_file": regional_object("POST", 302),
    "curriculum.download_file": row("GET", SIGN_IN, 200, 200, 200, office=403, regional=404),
    "curriculum.topic_list": statewide_setting(),
    "curriculum.remove_topic": statewide_setting("POST", 302),
}
