"""Progress routes. The world's enrollment is the visiting mentee's, in the visiting mentor's
group; its program year 1 is under way, so the sign-off page explains when it opens."""

from tests.matrix import SIGN_IN, row

ROUTES = {
    "progress.sign_off_year": row("GET", SIGN_IN, 200, 200, 403, regional=404),
}
