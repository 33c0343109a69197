from tests.matrix import everyone, regional_object, specialists_only

ROUTES = {
    # An empty application is invalid: the form is shown again with its errors (400).
    "mentors.apply": everyone("POST", 400),
    "mentors.apply_thanks": everyone("GET", 200),
    "mentors.list_applications": specialists_only(),
    "mentors.show_application": regional_object(),
    # Empty POSTs on the world's submitted application: approving needs nothing more (it meets
    # every rule), declining needs a note (400), withdrawing needs nothing more.
    "mentors.approve_application": regional_object("POST", 302),
    "mentors.decline_application": regional_object("POST", 400),
    "mentors.withdraw_application": regional_object("POST", 302),
    "mentors.list_mentors": specialists_only(),
    "mentors.show_mentor": regional_object(),
    # Renewing needs the new expiry (400); retiring the world's mentor is refused with a
    # message, because they lead a PLC group with a mentee (302 back to the profile).
    "mentors.renew_mentor_vetting": regional_object("POST", 400),
    "mentors.retire_mentor": regional_object("POST", 302),
}
