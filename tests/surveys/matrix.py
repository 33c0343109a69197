"""Survey routes. The world gives a survey of mentees with one scale question to the visiting
mentee's cohort, open today, and an administrators' survey with its link; nobody has answered."""

from tests.matrix import SIGN_IN, everyone, row, specialists_only

ROUTES = {
    "surveys.list_surveys": specialists_only(),
    "surveys.new_survey": specialists_only(),
    "surveys.edit_survey": specialists_only(),
    "surveys.show_survey": specialists_only(),
    "surveys.new_question": specialists_only(),
    "surveys.edit_question": specialists_only(),
    "surveys.delete_question": specialists_only("POST", 302),
    "surveys.move_question": specialists_only("POST", 302),
    "surveys.give_survey": specialists_only(),
    "surveys.run_dates": specialists_only(),
    "surveys.results": specialists_only(),
    # Fewer than 5 answers: nothing to download, back to the results page.
    "surveys.export_results": specialists_only("GET", 302),
    # Only the people a run asks see it: the visiting mentee; anyone else gets 404.
    "surveys.answer": row("GET", SIGN_IN, 404, 404, 200),
    "surveys.answer_by_link": everyone("GET", 200),
}
