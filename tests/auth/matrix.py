from tests.matrix import SIGN_IN, everyone, row

ROUTES = {
    "auth.login": row("GET", 200, 302, 302, 302),
    "auth.logout": everyone("POST", 302),
    "auth.forgot_password": everyone("GET", 200),
    # The matrix uses a made-up token: every visitor gets the "link not usable" page.
    "auth.open_invitation": everyone("GET", 400),
    "auth.open_password_reset": everyone("GET", 400),
    "auth.open_email_change": everyone("GET", 400),
    # No link opened in this session: the "link not usable" page again.
    "auth.accept_invitation": everyone("GET", 400),
    "auth.reset_password": everyone("GET", 400),
    "auth.confirm_email_change": everyone("GET", 400),
    "auth.change_password": row("GET", SIGN_IN, 200, 200, 200),
    # No password given yet in this session: the second step sends everyone back to sign in.
    "auth.second_factor": everyone("GET", 302),
    "auth.account": row("GET", SIGN_IN, 200, 200, 200),
    "auth.change_email": row("GET", SIGN_IN, 200, 200, 200),
    "auth.edit_details": row("GET", SIGN_IN, 200, 200, 200),
    # The visiting specialist (and the office) has a second factor already: sent to their
    # account page.
    "auth.second_factor_setup": row("GET", SIGN_IN, 302, 200, 200, office=302),
    # An empty POST: refused with a message, back to the account page.
    "auth.remove_second_factor": row("POST", SIGN_IN, 302, 302, 302),
    "auth.reauthenticate": row("GET", SIGN_IN, 200, 200, 200),
}
