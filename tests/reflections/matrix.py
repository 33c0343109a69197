"""Reflection routes. The world's reflection is shared by the visiting mentee with the visiting
mentor; empty POSTs (CSRF off) succeed for them and redirect (302)."""

from tests.matrix import SIGN_IN, row

ROUTES = {
    "reflections.list_reflections": row("GET", SIGN_IN, 403, 403, 200),
    "reflections.new_reflection": row("GET", SIGN_IN, 403, 403, 200),
    "reflections.show_reflection": row("GET", SIGN_IN, 403, 200, 200),
    "reflections.edit_reflection": row("GET", SIGN_IN, 403, 403, 200),
    "reflections.share_reflection": row("POST", SIGN_IN, 403, 403, 302),
    "reflections.make_private": row("POST", SIGN_IN, 403, 403, 302),
    "reflections.delete_reflection": row("POST", SIGN_IN, 403, 403, 302),
    "reflections.mentor_reflections": row("GET", SIGN_IN, 403, 200, 403),
    "reflections.acknowledge_reflection": row("POST", SIGN_IN, 403, 302, 403),
}
