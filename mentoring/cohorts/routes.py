"""Cohorts: the list, creating and editing one, its requirements, its mentors' groups.

The cohorts blueprint (cohorts/blueprint.py) spans several modules, registered at the end of
this one: enrollment_routes.py (enrol, assign, withdraw, correct, match), roster_routes.py
(roster import) and experience_routes.py (essential experiences). The cohort page itself,
``cohorts.show_cohort``, combines several features and lives in dashboards/routes.py.
"""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mentoring.cohorts import operations, queries
from mentoring.cohorts.blueprint import bp
from mentoring.cohorts.forms import AddMentorForm, CohortFilterForm, CohortForm
from mentoring.cohorts.models import Cohort, CohortStatus, PlcGroup
from mentoring.cohorts.requirements import (
    RequirementColumns,
    RequirementsForm,
    current_defaults,
    update_requirements,
)
from mentoring.core import localtime
from mentoring.core.changes import change
from mentoring.core.errors import MentoringError
from mentoring.core.policy import (
    can_view_group,
    get_or_404,
    in_regions,
    limit_region_choices,
    regions_of,
    role_required,
    statewide,
)
from mentoring.core.roles import Role
from mentoring.core.views import page_number
from mentoring.extensions import db

__all__ = ["bp"]


# Cohorts -------------------------------------------------------------------------------------


@bp.get("/admin/cohorts")
@role_required(Role.SPECIALIST)
def list_cohorts():
    """List cohorts with filters and paging."""
    filters = CohortFilterForm(request.args)
    limit_region_choices(filters.region, current_user)
    valid = filters.validate()
    page = queries.cohorts_page(
        status=CohortStatus(filters.status.data) if valid and filters.status.data else None,
        region=(filters.region.data or "") if valid else "",
        start_year=filters.year.data if valid else None,
        page=page_number(),
        per_page=current_app.config["ITEMS_PER_PAGE"],
        regions=regions_of(current_user),
    )
    return render_template("cohorts/list.html", page=page, filters=filters)


@bp.route("/admin/cohorts/new", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def new_cohort():
    """Create a cohort; it copies the program's default requirements."""
    form = CohortForm(status=CohortStatus.PLANNING.value, start_year=localtime.today().year)
    del form.status  # a new cohort starts in planning
    limit_region_choices(form.region, current_user)
    if form.validate_on_submit():
        with change(form, "name") as outcome:
            cohort = operations.create_cohort(
                form.name.data, form.region.data, form.start_year.data, current_user
            )
        if outcome.saved:
            flash(f"Cohort {cohort.name} created.", "success")
            return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    return render_template("cohorts/form.html", form=form, cohort=None), (
        400 if form.errors else 200
    )


@bp.route("/admin/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def edit_cohort(cohort_id: int):
    """Edit a cohort's name, region, start year and status."""
    cohort = get_or_404(Cohort, cohort_id)
    form = CohortForm(obj=cohort, status=cohort.status.value)
    limit_region_choices(form.region, current_user)
    if form.validate_on_submit():
        with change(form, "status") as outcome:
            operations.update_cohort(
                cohort,
                current_user,
                form.name.data,
                form.region.data,
                form.start_year.data,
                CohortStatus(form.status.data),
            )
        if outcome.saved:
            flash("Cohort saved.", "success")
            return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    return render_template("cohorts/form.html", form=form, cohort=cohort), (
        400 if form.errors else 200
    )


@bp.post("/admin/cohorts/<int:cohort_id>/mentors")
@role_required(Role.SPECIALIST)
def add_mentor(cohort_id: int):
    """Give a vetted mentor a PLC group in this cohort."""
    cohort = get_or_404(Cohort, cohort_id)
    form = AddMentorForm()
    if form.validate_on_submit():
        profile = queries.mentor_profile_by_email(form.email.data)
        with change(form, "email") as outcome:
            if profile is None or not in_regions(current_user, profile):
                raise MentoringError("No vetted mentor has this email.", field="email")
            operations.add_mentor(cohort, profile, current_user)
        if outcome.saved:
            flash(f"{profile.user.name} now leads a PLC group in {cohort.name}.", "success")
        if outcome.finished:
            return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    # The cohort page (dashboards/routes.py), without its progress sections, with the error.
    roster_view = queries.cohort_roster(cohort)
    return render_template(
        "dashboards/cohort.html", cohort=cohort, roster=roster_view, add_mentor=form
    ), 400


# Requirements (cohorts/requirements.py) ------------------------------------------------------


def _edit_requirements(owner: RequirementColumns, cohort: Cohort | None, done_url: str):
    form = RequirementsForm(data=RequirementsForm.data_of(owner))
    if form.validate_on_submit():
        with change(form, "at_risk_days") as outcome:
            update_requirements(owner, current_user, **form.entry())
        if outcome.saved:
            flash(
                f"Requirements of {cohort.name} saved."
                if cohort
                else "Program defaults saved. Cohorts created from now on copy them.",
                "success",
            )
            return redirect(done_url)
    return render_template("cohorts/requirements.html", form=form, cohort=cohort), (
        400 if form.errors else 200
    )


@bp.route("/admin/requirements", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
@statewide
def default_requirements():
    """Edit the program's default requirements, which new cohorts copy."""
    return _edit_requirements(current_defaults(), None, url_for("cohorts.default_requirements"))


@bp.route("/admin/cohorts/<int:cohort_id>/requirements", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def cohort_requirements(cohort_id: int):
    """Edit one cohort's requirements (audited)."""
    cohort = get_or_404(Cohort, cohort_id)
    return _edit_requirements(cohort, cohort, url_for("cohorts.show_cohort", cohort_id=cohort.id))


# Mentors' view of their own groups -----------------------------------------------------------


@bp.get("/groups")
@role_required(Role.MENTOR)
def my_groups():
    """A mentor's PLC groups across cohorts."""
    return render_template("cohorts/my_groups.html", groups=queries.mentor_groups(current_user.id))


@bp.get("/groups/<int:group_id>")
@role_required(Role.MENTOR, Role.SPECIALIST)
def show_group(group_id: int):
    """One PLC group: its cohort and its mentees' profiles (only for its mentor and specialists)."""
    group = get_or_404(PlcGroup, group_id, lambda group: can_view_group(current_user, group))
    return render_template(
        "cohorts/group.html",
        group=group,
        cohort=db.session.get(Cohort, group.cohort_id),
        members=queries.group_members(group.id),
    )


# The other modules of the blueprint add their routes to it when imported.
from mentoring.cohorts import enrollment_routes, experience_routes, roster_routes  # noqa: E402

__all__ += ["enrollment_routes", "experience_routes", "roster_routes"]
