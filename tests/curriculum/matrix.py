"""Curriculum routes. The world's cohort has a topic for October of year 1 with a link and a
file; the visiting mentor leads a group in it and the visiting mentee is enrolled in it, so
both read its curriculum and download its file. An empty POST (CSRF off) to clear the month
shows its confirmation page; the other removals redirect."""

from tests.matrix import SIGN_IN, row, specialists_only

ROUTES = {
    "curriculum.year_page": row("GET", SIGN_IN, 200, 200, 200),
    "curriculum.edit_month": specialists_only(),
    "curriculum.clear_month": specialists_only("POST"),
    "curriculum.remove_link": specialists_only("POST", 302),
    "curriculum.remove_file": specialists_only("POST", 302),
    "curriculum.download_file": row("GET", SIGN_IN, 200, 200, 200),
    "curriculum.topic_list": specialists_only(),
    "curriculum.remove_topic": specialists_only("POST", 302),
}
