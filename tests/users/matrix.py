from tests.matrix import specialists_only

ROUTES = {
    "users.list_users": specialists_only(),
    "users.invite_user": specialists_only(),
    "users.show_user": specialists_only(),
    # An empty POST: the role form is invalid (400); the buttons act on the world's mentee.
    "users.change_role": specialists_only("POST", 400),
    "users.deactivate_user": specialists_only("POST", 302),
    "users.reactivate_user": specialists_only("POST", 302),
    "users.resend_invitation": specialists_only("POST", 302),
    # The world's user has no second factor: refused with a message, back to their page.
    "users.reset_second_factor": specialists_only("POST", 302),
    "users.audit_log": specialists_only(),
}
