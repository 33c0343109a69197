from tests.matrix import regional_object, specialists_only, statewide_setting

ROUTES = {
    "users.list_users": specialists_only(),
    "users.invite_user": statewide_setting(),
    "users.show_user": regional_object(),
    # An empty POST: the role form is invalid (400); the buttons act on the world's mentee.
    "users.change_role": statewide_setting("POST", 400),
    "users.deactivate_user": regional_object("POST", 302),
    "users.reactivate_user": regional_object("POST", 302),
    "users.resend_invitation": regional_object("POST", 302),
    # The world's user has no second factor: refused with a message, back to their page.
    "users.reset_second_factor": regional_object("POST", 302),
    "users.audit_log": statewide_setting(),
    # An empty POST: no region ticked would make the world's user statewide, but they are a
    # mentee: refused with the message beside the field (400).
    "users.set_regions": statewide_setting("POST", 400),
}
