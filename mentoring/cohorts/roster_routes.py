"""Roster import: the template to download and the upload (routes of the cohorts blueprint,
registered by cohorts/routes.py)."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from mentoring.cohorts import roster
from mentoring.cohorts.blueprint import bp
from mentoring.cohorts.forms import RosterForm
from mentoring.cohorts.models import Cohort
from mentoring.core import localtime
from mentoring.core.changes import change
from mentoring.core.limits import takes_upload
from mentoring.core.policy import get_or_404, role_required
from mentoring.core.roles import Role
from mentoring.core.spreadsheets import spreadsheet_download


@bp.get("/admin/cohorts/roster-template.csv")
@role_required(Role.SPECIALIST)
def roster_template():
    """Download the roster template as CSV."""
    return spreadsheet_download("roster-template", "csv", *roster.template_rows())


@bp.get("/admin/cohorts/roster-template.xlsx")
@role_required(Role.SPECIALIST)
def roster_template_xlsx():
    """Download the roster template as an Excel workbook."""
    return spreadsheet_download("roster-template", "xlsx", *roster.template_rows())


@bp.route("/admin/cohorts/<int:cohort_id>/roster", methods=["GET", "POST"])
@takes_upload
@role_required(Role.SPECIALIST)
def import_roster(cohort_id: int):
    """Import a CSV roster of mentees: every row valid, or nothing imported."""
    cohort = get_or_404(Cohort, cohort_id)
    form = RosterForm()
    problems = None
    if form.validate_on_submit():
        data = form.roster.data.read(roster.MAX_BYTES + 1)
        with change(form, "roster") as outcome:
            result = roster.import_roster(cohort, data, current_user, localtime.today())
        if outcome.saved:
            flash(
                f"Roster imported: {result.created} created, {result.matched} matched, "
                f"{result.enrolled} enrolled, {result.assigned} assigned, "
                f"{result.unchanged} unchanged.",
                "success",
            )
            return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
        problems = getattr(outcome.error, "problems", None)
        if problems:  # listed row by row below the form instead of beside the field
            form.roster.errors = []
    return render_template(
        "cohorts/roster.html",
        cohort=cohort,
        form=form,
        problems=problems,
        columns=roster.COLUMNS,
        required=roster.REQUIRED,
    ), (400 if form.errors or problems else 200)
