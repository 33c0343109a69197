from tests.matrix import SIGN_IN, row, specialists_only

ROUTES = {
    "cohorts.list_cohorts": specialists_only(),
    "cohorts.new_cohort": specialists_only(),
    "cohorts.edit_cohort": specialists_only(),
    "cohorts.show_cohort": specialists_only(),  # served by dashboards/routes.py
    "cohorts.default_requirements": specialists_only(),
    "cohorts.cohort_requirements": specialists_only(),
    "cohorts.add_mentor": specialists_only("POST", 400),  # an empty form is refused
    "cohorts.enroll_mentee": specialists_only(),
    "cohorts.assign_mentor": specialists_only(),
    "cohorts.withdraw_mentee": specialists_only(),
    "cohorts.correct_person": specialists_only(),
    "cohorts.suggest_matches": specialists_only(),
    "cohorts.roster_template": specialists_only(),
    "cohorts.roster_template_xlsx": specialists_only(),
    "cohorts.import_roster": specialists_only(),
    "cohorts.default_experiences": specialists_only(),
    "cohorts.cohort_experiences": specialists_only(),
    "cohorts.rename_experience": specialists_only("POST", 400),  # no wording: refused
    # The world's experience is ticked off for its mentee: the removal is refused, with a flash.
    "cohorts.remove_experience": specialists_only("POST", 302),
    "cohorts.my_groups": row("GET", SIGN_IN, 403, 200, 403),
    # The world's group is led by the visiting mentor.
    "cohorts.show_group": row("GET", SIGN_IN, 200, 200, 403),
}
