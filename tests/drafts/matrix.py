from tests.matrix import SIGN_IN, row

ROUTES = {
    # An empty POST names no form that keeps drafts: 404 for everyone signed in.
    "drafts.save_draft": row("POST", SIGN_IN, 404, 404, 404),
    # An empty POST discards nothing and goes back to the page it came from.
    "drafts.discard_draft": row("POST", SIGN_IN, 302, 302, 302),
}
