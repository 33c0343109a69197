from tests.matrix import SIGN_IN, regional_object, row, specialists_only, statewide_setting

ROUTES = {
    "cohorts.list_cohorts": specialists_only(),
    "cohorts.new_cohort": specialists_only(),
    "cohorts.edit_cohort": regional_object(),
    "cohorts.show_cohort": regional_object(),  # served by dashboards/routes.py
    "cohorts.default_requirements": statewide_setting(),
    "cohorts.cohort_requirements": regional_object(),
    "cohorts.add_mentor": regional_object("POST", 400),  # an empty form is refused
    "cohorts.enroll_mentee": regional_object(),
    "cohorts.assign_mentor": regional_object(),
    "cohorts.withdraw_mentee": regional_object(),
    "cohorts.correct_person": regional_object(),
    "cohorts.suggest_matches": regional_object(),
    "cohorts.roster_template": specialists_only(),
    "cohorts.roster_template_xlsx": specialists_only(),
    "cohorts.import_roster": regional_object(),
    "cohorts.default_experiences": statewide_setting(),
    "cohorts.cohort_experiences": regional_object(),
    "cohorts.rename_experience": regional_object("POST", 400),  # no wording: refused
    # The world's experience is ticked off for its mentee: the removal is refused, with a flash.
    "cohorts.remove_experience": regional_object("POST", 302),
    "cohorts.my_groups": row("GET", SIGN_IN, 403, 200, 403),
    # The world's group is led by the visiting mentor.
    "cohorts.show_group": row("GET", SIGN_IN, 200, 200, 403, regional=404),
}
