"""The close-out page of a cohort whose second program year has ended."""

from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from mentoring.closeout import operations
from mentoring.cohorts.models import Cohort
from mentoring.core.errors import MentoringError
from mentoring.core.forms import ButtonForm
from mentoring.core.policy import get_or_404, role_required
from mentoring.extensions import db
from mentoring.users.models import Role

bp = Blueprint("closeout", __name__)


@bp.route("/admin/cohorts/<int:cohort_id>/close", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def close_cohort(cohort_id: int):
    """List who completed, who waits for a certificate and who did not; close on confirmation."""
    cohort = get_or_404(Cohort, cohort_id)
    today = date.today()
    form = ButtonForm()
    if form.validate_on_submit():
        try:
            view = operations.close_cohort(cohort, current_user, today)
        except MentoringError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            db.session.commit()
            not_completed = len(view.of(operations.Outcome.NOT_COMPLETED))
            flash(f"{cohort.name} is closed; {not_completed} not completed.", "success")
            return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    view = operations.closeout(cohort, today)
    return render_template(
        "closeout/close.html",
        cohort=cohort,
        view=view,
        Outcome=operations.Outcome,
        problem=operations.close_problem(cohort, today, view),
        form=form,
        button=ButtonForm(formdata=None),
    ), (400 if form.is_submitted() else 200)
