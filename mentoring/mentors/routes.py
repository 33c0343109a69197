"""Mentor applications (public form), the vetting queue, and mentor profiles."""

from collections.abc import Callable

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from mentoring.cohorts.queries import active_mentee_count
from mentoring.core import drafts, localtime
from mentoring.core.changes import show_error
from mentoring.core.choices import GradeLevel
from mentoring.core.errors import MentoringError
from mentoring.core.forms import ButtonForm
from mentoring.core.policy import (
    get_or_404,
    limit_region_choices,
    public,
    regions_of,
    role_required,
)
from mentoring.core.roles import Role
from mentoring.core.views import page_number
from mentoring.extensions import db, limiter
from mentoring.mentors import operations, queries
from mentoring.mentors.forms import (
    NOTE_LENGTH,
    ApplicationFilterForm,
    ApplicationForm,
    ApproveForm,
    DeclineForm,
    MentorFilterForm,
    ProfileForm,
    RenewForm,
    WithdrawForm,
)
from mentoring.mentors.models import (
    DEFAULT_CAPACITY,
    ApplicationStatus,
    MentorApplication,
    MentorProfile,
)

bp = Blueprint("mentors", __name__)


# The public application ------------------------------------------------------------------------


@bp.route("/mentors/apply", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
@public
def apply():
    """Apply to become a mentor."""
    form = ApplicationForm()
    if form.validate_on_submit():
        try:
            operations.submit_application(**form.application_fields())
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "email")
        else:
            db.session.commit()
            return redirect(url_for("mentors.apply_thanks"))
    page = render_template("mentors/apply.html", form=form, rules=operations.ELIGIBILITY_RULES)
    return page, (400 if form.is_submitted() else 200)  # a refused form is a 400, as elsewhere


@bp.get("/mentors/apply/thanks")
@public
def apply_thanks():
    """Thank the applicant and say what happens next."""
    return render_template("mentors/thanks.html")


# The specialists' queue ------------------------------------------------------------------------


@bp.get("/admin/applications")
@role_required(Role.SPECIALIST)
def list_applications():
    """List applications, newest first, filtered by status (waiting ones by default)."""
    filters = ApplicationFilterForm(request.args)
    chosen = filters.status.data if filters.validate() else ApplicationStatus.SUBMITTED.value
    page = queries.applications_page(
        status=ApplicationStatus(chosen) if chosen else None,
        page=page_number(),
        per_page=current_app.config["ITEMS_PER_PAGE"],
        regions=regions_of(current_user),
    )
    return render_template("mentors/applications.html", page=page, filters=filters)


def _render_application(
    application: MentorApplication,
    approve: ApproveForm | None = None,
    decline: DeclineForm | None = None,
    withdraw: WithdrawForm | None = None,
    status: int = 200,
):
    approve_form = approve or ApproveForm(prefix="approve", formdata=None)
    return render_template(
        "mentors/application.html",
        application=application,
        checks=operations.eligibility_checks(application, localtime.today()),
        training_rule=operations.TRAINING_RULE,
        default_capacity=DEFAULT_CAPACITY,
        ApplicationStatus=ApplicationStatus,
        GradeLevel=GradeLevel,
        approve=approve_form,
        draft=drafts.prepare(current_user, approve_form, _approve_path(application.id)),
        decline=decline or DeclineForm(prefix="decline", formdata=None),
        withdraw=withdraw or WithdrawForm(prefix="withdraw", formdata=None),
    ), status


@bp.get("/admin/applications/<int:application_id>")
@role_required(Role.SPECIALIST)
def show_application(application_id: int):
    """Show one application: every answer, the eligibility check, the decision or its forms."""
    return _render_application(
        db.one_or_404(queries.application_with_decider(application_id, regions_of(current_user)))
    )


def _approve_path(application_id: int) -> str:
    return url_for("mentors.approve_application", application_id=application_id)


def _decide(application_id: int, form: FlaskForm, form_name: str, decide: Callable, done: str):
    """Run one decision form: invalid input re-renders the page (400) and changes nothing."""
    application = db.one_or_404(
        queries.application_with_decider(application_id, regions_of(current_user))
    )
    if form.validate_on_submit():
        try:
            decide(application, form)
        except MentoringError as error:
            db.session.rollback()
            if error.field is None:
                flash(error.message, "danger")
                return redirect(url_for("mentors.show_application", application_id=application_id))
            show_error(form, error, "note")
            # The rollback expired the application; load it again, with its decider.
            application = db.one_or_404(
                queries.application_with_decider(application_id, regions_of(current_user))
            )
        else:
            drafts.forget(current_user, _approve_path(application_id))  # decided: no more use
            db.session.commit()
            flash(done.format(name=application.name), "success")
            return redirect(url_for("mentors.show_application", application_id=application_id))
    return _render_application(application, status=400, **{form_name: form})


@bp.post("/admin/applications/<int:application_id>/approve")
@role_required(Role.SPECIALIST)
@drafts.keeps_drafts({"approve-note": NOTE_LENGTH, "approve-override_reason": NOTE_LENGTH})
def approve_application(application_id: int):
    """Approve an application: the applicant becomes a mentor and is invited."""
    return _decide(
        application_id,
        ApproveForm(prefix="approve"),
        "approve",
        lambda application, form: operations.approve_application(
            application,
            current_user,
            localtime.today(),
            note=form.note.data,
            override_reason=form.override_reason.data,
            training_completed_on=form.training_completed_on.data,
        ),
        "{name} is approved as a mentor.",
    )


@bp.post("/admin/applications/<int:application_id>/decline")
@role_required(Role.SPECIALIST)
def decline_application(application_id: int):
    """Decline an application with a note saying why."""
    return _decide(
        application_id,
        DeclineForm(prefix="decline"),
        "decline",
        lambda application, form: operations.decline_application(
            application, current_user, form.note.data
        ),
        "The application from {name} is declined.",
    )


@bp.post("/admin/applications/<int:application_id>/withdraw")
@role_required(Role.SPECIALIST)
def withdraw_application(application_id: int):
    """Mark an application withdrawn at the applicant's request."""
    return _decide(
        application_id,
        WithdrawForm(prefix="withdraw"),
        "withdraw",
        lambda application, form: operations.withdraw_application(
            application, current_user, form.note.data
        ),
        "The application from {name} is withdrawn.",
    )


# Vetted mentors --------------------------------------------------------------------------------


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
        form=form or ProfileForm.for_profile(profile, formdata=None),
        renew=renew or RenewForm(prefix="renew", formdata=None),
        button=ButtonForm(prefix="retire"),
    ), status


@bp.route("/admin/mentors/<int:mentor_id>", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def show_mentor(mentor_id: int):
    """Show a mentor's profile and save edits to it."""
    profile = get_or_404(MentorProfile, mentor_id)
    form = ProfileForm.for_profile(profile)
    if form.validate_on_submit():
        try:
            operations.update_profile(profile, current_user, **form.profile_fields())
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "capacity")
        else:
            db.session.commit()
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
        try:
            operations.renew_vetting(
                profile, current_user, localtime.today(), renew.association_expires_on.data
            )
        except MentoringError as error:
            db.session.rollback()
            show_error(renew, error, "association_expires_on")
        else:
            db.session.commit()
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
    try:
        operations.retire_mentor(profile, current_user, localtime.today())
    except MentoringError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        db.session.commit()
        flash(f"{profile.user.name} is retired as a mentor.", "success")
    return redirect(url_for("mentors.show_mentor", mentor_id=mentor_id))
