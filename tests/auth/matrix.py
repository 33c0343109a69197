from tests.matrix import SIGN_IN, everyone, row

ROUTES = {
    "auth.login": row("GET", 200, 302, 302, 302),
    "auth.logout": everyone("POST", 302),
    "auth.forgot_password": everyone("GET", 200),
    # The matrix uses a made-up token: every visitor gets the "link not usable" page.
    "auth.accept_invitation": everyone("GET", 400),
    "auth.reset_password": everyone("GET", 400),
    "auth.change_password": row("GET", SIGN_IN, 200, 200, 200),
}
