"""Survey routes. The world gives a survey of mentees with one scale question to the visiting
mentee's cohort, open today, and an administrators' survey with its link; nobody has answered."""

from tests.matrix import SIGN_IN, everyone, row, statewide_setting

ROUTES = {
    "surveys.list_surveys": statewide_setting(),
    "surveys.new_survey": statewide_setting(),
    "surveys.edit_survey": statewide_setting(),
    "surveys.show_survey": statewide_setting(),
    "surveys.new_question": statewide_setting(),
    "surveys.edit_question": statewide_setting(),
    "surveys.delete_question": statewide_setting("POST", 302),
    "surveys.move_question": statewide_setting("POST", 302),
    "surveys.give_survey": statewide_setting(),
    "surveys.run_dates": statewide_setting(),
    "surveys.results": statewide_setting(),
    # Fewer than 5 answers: nothing to download, back to the results page.
    "surveys.export_results": statewide_setting("GET", 302),
    # Only the people a run asks see it: the visiting mentee; anyone else gets 404.
    "surveys.answer": row("GET", SIGN_IN, 404, 404, 200, office=404),
    "surveys.answer_by_link": everyone("GET", 200),
}
