"""The public application form, and the specialists' queue and decisions."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mentoring.core import drafts, localtime
from mentoring.core.changes import change
from mentoring.core.choices import GradeLevel
from mentoring.core.policy import public, regions_of, role_required
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
    WithdrawForm,
)
from mentoring.mentors.models import DEFAULT_CAPACITY, ApplicationStatus, MentorApplication
from mentoring.mentors.routes import bp


@bp.route("/mentors/apply", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
@public
def apply():
    """Apply to become a mentor."""
    form = ApplicationForm()
    if form.validate_on_submit():
        with change(form, "email") as outcome:
            operations.submit_application(**form.entry())
        if outcome.saved:
            return redirect(url_for("mentors.apply_thanks"))
    page = render_template("mentors/apply.html", form=form, rules=operations.ELIGIBILITY_RULES)
    return page, (400 if form.is_submitted() else 200)  # a refused form is a 400, as elsewhere


@bp.get("/mentors/apply/thanks")
@public
def apply_thanks():
    """Thank the applicant and say what happens next."""
    return render_template("mentors/thanks.html")


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


def _decide(application_id: int, form, form_name: str, decide, done: str):
    """Run one decision form inside change(): decided, back to the application (so too when
    refused with no field, the refusal flashed); else the page again (400) with the form's
    errors beside their fields."""
    application = db.one_or_404(
        queries.application_with_decider(application_id, regions_of(current_user))
    )
    if form.validate_on_submit():
        with change(form) as outcome:
            decide(application)
            drafts.forget(current_user, _approve_path(application_id))  # decided: no more use
        if outcome.saved:
            flash(done.format(name=application.name), "success")
        if outcome.saved or outcome.error.field is None:
            return redirect(url_for("mentors.show_application", application_id=application_id))
        # The rollback expired the application; load it again, with its decider.
        application = db.one_or_404(
            queries.application_with_decider(application_id, regions_of(current_user))
        )
    return _render_application(application, status=400, **{form_name: form})


@bp.post("/admin/applications/<int:application_id>/approve")
@role_required(Role.SPECIALIST)
@drafts.keeps_drafts({"approve-note": NOTE_LENGTH, "approve-override_reason": NOTE_LENGTH})
def approve_application(application_id: int):
    """Approve an application: the applicant becomes a mentor and is invited."""
    form = ApproveForm(prefix="approve")
    return _decide(
        application_id,
        form,
        "approve",
        lambda application: operations.approve_application(
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
    form = DeclineForm(prefix="decline")
    return _decide(
        application_id,
        form,
        "decline",
        lambda application: operations.decline_application(
            application, current_user, form.note.data
        ),
        "The application from {name} is declined.",
    )


@bp.post("/admin/applications/<int:application_id>/withdraw")
@role_required(Role.SPECIALIST)
def withdraw_application(application_id: int):
    """Mark an application withdrawn at the applicant's request."""
    form = WithdrawForm(prefix="withdraw")
    return _decide(
        application_id,
        form,
        "withdraw",
        lambda application: operations.withdraw_application(
            application, current_user, form.note.data
        ),
        "The application from {name} is withdrawn.",
    )
