"""Mentoring plan routes. The world's plan is the visiting mentee's for year 1, with one goal;
the visiting mentor leads their group. Specialists' role never reaches a plan (403). Empty
POSTs (CSRF off): a goal or progress note without text is refused (400); deleting the goal, an
empty comment and agreeing the plan (it has a goal) redirect to it (302)."""

from tests.matrix import SIGN_IN, row

ROUTES = {
    "plans.show_plan": row("GET", SIGN_IN, 403, 200, 200),
    "plans.add_goal": row("POST", SIGN_IN, 403, 403, 400),
    "plans.edit_goal": row("GET", SIGN_IN, 403, 403, 200),
    "plans.delete_goal": row("POST", SIGN_IN, 403, 403, 302),
    "plans.add_progress": row("POST", SIGN_IN, 403, 400, 400),
    "plans.comment": row("POST", SIGN_IN, 403, 302, 403),
    "plans.agree": row("POST", SIGN_IN, 403, 302, 403),
    # Marking a goal reached belongs to the pair; an empty POST means "not reached" (no change).
    "plans.mark_goal": row("POST", SIGN_IN, 403, 302, 302),
    # The world's first essential experience is ticked off: ticking it needs a day (400), the
    # mentor may take it back (302); the mentee sees it but does not tick (403).
    "plans.tick_experience": row("POST", SIGN_IN, 403, 400, 403),
    "plans.untick_experience": row("POST", SIGN_IN, 403, 302, 403),
}
