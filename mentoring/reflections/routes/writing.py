"""The author's pages: the list, writing and editing (with drafts), sharing, deleting."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from wtforms.fields.choices import SelectChoice

from mentoring.cohorts.models import Enrollment
from mentoring.cohorts.queries import active_enrollment_of
from mentoring.core import drafts, localtime, sessions
from mentoring.core.changes import change, show_error
from mentoring.core.errors import MentoringError, render_error
from mentoring.core.forms import ButtonForm
from mentoring.core.policy import get_or_404, is_reflection_author, role_required
from mentoring.core.roles import Role
from mentoring.core.views import page_number
from mentoring.extensions import db
from mentoring.reflections import operations, queries
from mentoring.reflections.forms import EditReflectionForm, ReflectionForm
from mentoring.reflections.models import MAX_BODY, Reflection
from mentoring.reflections.routes import bp, keeps_drafts, log

FORM_REFUSED = (
    "This form had expired or did not come from this site, so nothing was saved yet. "
    "Your text is below: check it and save it again."
)


BUTTON_REFUSED = (
    "This form had expired or did not come from this site, so nothing was saved. "
    "Go back, reload the page and send it again."
)


def _own(reflection_id: int) -> Reflection:
    return get_or_404(Reflection, reflection_id, lambda r: is_reflection_author(current_user, r))


def _problem(form: FlaskForm, error: MentoringError) -> str | None:
    """Put a domain error beside its field; return it when it belongs to the whole form."""
    if error.field and hasattr(form, error.field):
        show_error(form, error, error.field)
        return None
    return error.message


def _new_form() -> tuple[ReflectionForm, Enrollment | None]:
    enrollment = active_enrollment_of(current_user.id)
    meetings = queries.attended_meetings(enrollment.id) if enrollment else []
    form = ReflectionForm()
    form.meeting_id.choices = [SelectChoice("", "No particular meeting")] + [
        SelectChoice(
            str(meeting.id),
            f"{meeting.held_on:%B %-d, %Y}: {meeting.kind.label}, {meeting.duration_minutes} min",
        )
        for meeting in meetings
    ]
    return form, enrollment


def _render_form(
    form: FlaskForm,
    *,
    reflection: Reflection | None = None,
    enrollment: Enrollment | None = None,
    problem: str | None = None,
):
    status = 400 if form.errors or problem else 200
    return render_template(
        "reflections/form.html",
        form=form,
        draft=drafts.prepare(current_user, form),
        reflection=reflection,
        enrollment=enrollment,
        problem=problem,
        max_body=MAX_BODY,
        not_enrolled=operations.NOT_ENROLLED,
    ), status


@bp.errorhandler(CSRFError)
def _refused(error: CSRFError):
    """Show a refused reflection form again with the text typed into it, so none is lost."""
    # Flask asks a blueprint's handlers before the app's. The token is checked before access
    # (both in before_request), so this handler checks access itself, including whether the
    # session has timed out: the access hook that would end it has not run yet, and the form
    # lists the mentee's meetings.
    log.info("CSRF refused on %s %s: %s", request.method, request.path, error.description)
    signed_in = current_user.is_authenticated and sessions.ended() is None
    if signed_in and current_user.role == Role.MENTEE:
        if request.endpoint == "reflections.new_reflection":
            form, enrollment = _new_form()
            return _render_form(form, enrollment=enrollment, problem=FORM_REFUSED)
        if request.endpoint == "reflections.edit_reflection":
            reflection = db.session.get(Reflection, request.view_args["reflection_id"])
            if reflection is not None and is_reflection_author(current_user, reflection):
                return _render_form(
                    EditReflectionForm(), reflection=reflection, problem=FORM_REFUSED
                )
    return render_error(400, BUTTON_REFUSED)


@bp.get("/reflections")
@role_required(Role.MENTEE)
def list_reflections():
    """List the mentee's own reflections, newest first, with their mentor's replies."""
    page = queries.own_reflections_page(
        current_user.id, page_number(), current_app.config["ITEMS_PER_PAGE"]
    )
    return render_template("reflections/list.html", page=page)


@bp.route("/reflections/new", methods=["GET", "POST"])
@role_required(Role.MENTEE)
@keeps_drafts
def new_reflection():
    """Write a reflection, shared with the mentor unless the mentee unticks the box."""
    form, enrollment = _new_form()
    problem = None
    if form.validate_on_submit():
        with change(quiet=True) as outcome:
            reflection = operations.write_reflection(
                current_user,
                localtime.today(),
                title=form.title.data,
                body=form.body.data,
                is_shared=form.is_shared.data,
                meeting_id=int(form.meeting_id.data) if form.meeting_id.data else None,
            )
            drafts.forget(current_user)
        if outcome.saved:
            flash("Your reflection is saved.", "success")
            return redirect(url_for("reflections.show_reflection", reflection_id=reflection.id))
        problem = _problem(form, outcome.error)
    return _render_form(form, enrollment=enrollment, problem=problem)


@bp.route("/reflections/<int:reflection_id>/edit", methods=["GET", "POST"])
@role_required(Role.MENTEE)
@keeps_drafts
def edit_reflection(reflection_id: int):
    """Edit the title and body, for 14 days after writing."""
    reflection = _own(reflection_id)
    problem = operations.edit_problem(reflection, localtime.today())
    if problem and request.method == "GET":
        flash(problem, "info")
        return redirect(url_for("reflections.show_reflection", reflection_id=reflection.id))
    form = EditReflectionForm()
    if form.validate_on_submit():
        with change(quiet=True) as outcome:
            operations.update_reflection(
                reflection,
                current_user,
                localtime.today(),
                title=form.title.data,
                body=form.body.data,
            )
            drafts.forget(current_user)
        if outcome.saved:
            flash("Your changes are saved.", "success")
            return redirect(url_for("reflections.show_reflection", reflection_id=reflection.id))
        problem = _problem(form, outcome.error)
    elif not form.is_submitted():
        queries.load_text(reflection)
        form.title.data, form.body.data = reflection.title, reflection.body
    return _render_form(form, reflection=reflection, problem=problem)


def _set_shared(reflection_id: int, shared: bool):
    reflection = _own(reflection_id)
    if ButtonForm(prefix="visibility").validate_on_submit():
        with change():
            operations.set_shared(reflection, current_user, shared)
        flash(
            "Your mentor can now read this reflection."
            if shared
            else "This reflection is now private: only you can read it.",
            "success",
        )
    return redirect(url_for("reflections.show_reflection", reflection_id=reflection.id))


@bp.post("/reflections/<int:reflection_id>/share")
@role_required(Role.MENTEE)
def share_reflection(reflection_id: int):
    """Share a reflection with the mentor it was written for."""
    return _set_shared(reflection_id, True)


@bp.post("/reflections/<int:reflection_id>/private")
@role_required(Role.MENTEE)
def make_private(reflection_id: int):
    """Make a reflection private: only its author reads it."""
    return _set_shared(reflection_id, False)


@bp.post("/reflections/<int:reflection_id>/delete")
@role_required(Role.MENTEE)
def delete_reflection(reflection_id: int):
    """Delete a reflection, unless it counts toward a year signed off as met."""
    reflection = _own(reflection_id)
    if ButtonForm(prefix="delete").validate_on_submit():
        with change() as outcome:
            operations.delete_reflection(reflection, current_user)
        if outcome.saved:
            flash("The reflection is deleted.", "success")
            return redirect(url_for("reflections.list_reflections"))
    return redirect(url_for("reflections.show_reflection", reflection_id=reflection_id))
