"""The close-out page of a cohort whose second program year has ended."""

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from mentoring.closeout import operations
from mentoring.cohorts.models import Cohort
from mentoring.core import localtime
from mentoring.core.changes import change
from mentoring.core.forms import ButtonForm
from mentoring.core.policy import get_or_404, role_required
from mentoring.core.roles import Role
from mentoring.core.views import page_number

bp = Blueprint("closeout", __name__)

# Each outcome's list is paged on its own: the query argument of its page number.
PAGE_PARAMS = {
    operations.Outcome.COMPLETED: "completed_page",
    operations.Outcome.AWAITING_CERTIFICATE: "waiting_page",
    operations.Outcome.NOT_COMPLETED: "unfinished_page",
}


@bp.route("/admin/cohorts/<int:cohort_id>/close", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def close_cohort(cohort_id: int):
    """List who completed, who waits for a certificate and who did not; close on confirmation."""
    cohort = get_or_404(Cohort, cohort_id)
    today = localtime.today()
    form = ButtonForm()
    if form.validate_on_submit():
        with change() as outcome:
            unfinished = operations.close_cohort(cohort, current_user, today)
        if outcome.saved:
            flash(f"{cohort.name} is closed; {len(unfinished)} not completed.", "success")
            return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    view = operations.closeout(
        cohort,
        today,
        current_app.config["ITEMS_PER_PAGE"],
        {outcome: page_number(PAGE_PARAMS[outcome]) for outcome in operations.Outcome},
    )
    return render_template(
        "closeout/close.html",
        cohort=cohort,
        view=view,
        Outcome=operations.Outcome,
        pages=PAGE_PARAMS,
        problem=operations.close_problem(
            cohort, today, view.total(operations.Outcome.AWAITING_CERTIFICATE)
        ),
        form=form,
        button=ButtonForm(formdata=None),
    ), (400 if form.is_submitted() else 200)
