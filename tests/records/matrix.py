"""The visiting mentee's record: specialists and their current mentor (the visiting mentor)
see it; the mentee's own role has no such page (403)."""

from tests.matrix import SIGN_IN, row, specialists_only

ROUTES = {
    "records.mentee_record": row("GET", SIGN_IN, 200, 200, 403, regional=404),
    "records.search": specialists_only(),
}
