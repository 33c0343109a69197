"""Vetted mentors: the list, a profile and its edits, renewal of vetting, retirement."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mentoring.cohorts.queries import active_mentee_count
from mentoring.core import localtime
from mentoring.core.changes import change
from mentoring.core.forms import ButtonForm
from mentoring.core.policy import get_or_404, limit_region_choices, regions_of, role_required
from mentoring.core.roles import Role
from mentoring.core.views import page_number
from mentoring.mentors import operations, queries
from mentoring.mentors.forms import MentorFilterForm, ProfileForm, RenewForm
from mentoring.mentors.models import MentorProfile
from mentoring.mentors.routes import bp


@bp.get("/admin/mentors")
@role_required(Role.SPECIALIST)
def list_mentors():
    """List vetted mentors with their current mentees, filtered by region and status."""
    filters = MentorFilterForm(request.args)
    limit_region_choices(filters.region, current_user)
    valid = filters.validate()
    today = localtime.today()
    page = queries.mentors_page(
        today,
        region=(filters.region.data or "") if valid else "",
        status=(filters.status.data or "") if valid else "",
        page=page_number(),
        per_page=current_app.config["ITEMS_PER_PAGE"],
        regions=regions_of(current_user),
    )
    return render_template("mentors/list.html", page=page, filters=filters, today=today)


def _render_mentor(
    profile: MentorProfile,
    form: ProfileForm | None = None,
    renew: RenewForm | None = None,
    status: int = 200,
):
    return render_template(
        "mentors/show.html",
        profile=profile,
        mentee_count=active_mentee_count(profile.user_id),
        trainings=queries.mentor_trainings(profile.user_id),
        today=localtime.today(),
        form=form or ProfileForm(formdata=None, data=ProfileForm.data_of(profile)),
        renew=renew or RenewForm(prefix="renew", formdata=None),
        button=ButtonForm(prefix="retire"),
    ), status


@bp.route("/admin/mentors/<int:mentor_id>", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def show_mentor(mentor_id: int):
    """Show a mentor's profile and save edits to it."""
    profile = get_or_404(MentorProfile, mentor_id)
    form = ProfileForm(data=ProfileForm.data_of(profile))
    if form.validate_on_submit():
        with change(form, "capacity") as outcome:
            operations.update_profile(profile, current_user, **form.entry())
        if outcome.saved:
            flash(f"{profile.user.name}'s profile is saved.", "success")
            return redirect(url_for("mentors.show_mentor", mentor_id=mentor_id))
    return _render_mentor(profile, form=form, status=400 if form.errors else 200)


@bp.post("/admin/mentors/<int:mentor_id>/renew")
@role_required(Role.SPECIALIST)
def renew_mentor_vetting(mentor_id: int):
    """Renew a mentor's vetting with their new membership expiry."""
    profile = get_or_404(MentorProfile, mentor_id)
    renew = RenewForm(prefix="renew")
    if renew.validate_on_submit():
        with change(renew, "association_expires_on") as outcome:
            operations.renew_vetting(
                profile, current_user, localtime.today(), renew.association_expires_on.data
            )
        if outcome.saved:
            flash(f"{profile.user.name}'s vetting is renewed.", "success")
            return redirect(url_for("mentors.show_mentor", mentor_id=mentor_id))
    return _render_mentor(profile, renew=renew, status=400)


@bp.post("/admin/mentors/<int:mentor_id>/retire")
@role_required(Role.SPECIALIST)
def retire_mentor(mentor_id: int):
    """Retire a mentor; nobody can assign them mentees any more."""
    profile = get_or_404(MentorProfile, mentor_id)
    if not ButtonForm(prefix="retire").validate_on_submit():
        flash("The form had expired. Try again.", "danger")
        return redirect(url_for("mentors.show_mentor", mentor_id=mentor_id))
    with change() as outcome:
        operations.retire_mentor(profile, current_user, localtime.today())
    if outcome.saved:
        flash(f"{profile.user.name} is retired as a mentor.", "success")
    return redirect(url_for("mentors.show_mentor", mentor_id=mentor_id))
