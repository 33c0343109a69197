"""Mentees' confidential reflections, and their mentors' acknowledgements.

Only the author and, while it is shared, the mentor it was written for reach a reflection; for
anyone else it does not exist (404), and no page here is a specialist's (403). Flash messages
never quote the text: flashes travel in the session cookie.
"""

import logging

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from wtforms.fields.choices import SelectChoice

from mentoring.cohorts.models import Enrollment
from mentoring.cohorts.queries import active_enrollment_of
from mentoring.core import drafts, localtime, sessions
from mentoring.core.changes import show_error
from mentoring.core.errors import MentoringError, render_error
from mentoring.core.forms import ButtonForm
from mentoring.core.policy import (
    can_read_reflection,
    get_or_404,
    is_reflection_author,
    role_required,
)
from mentoring.core.roles import Role
from mentoring.core.views import page_number
from mentoring.extensions import db
from mentoring.meetings.models import Meeting
from mentoring.reflections import operations, queries
from mentoring.reflections.forms import AcknowledgeForm, EditReflectionForm, ReflectionForm
from mentoring.reflections.models import MAX_BODY, Reflection
from mentoring.reflections.operations import MAX_TITLE
from mentoring.users.models import User

bp = Blueprint("reflections", __name__)
keeps_drafts = drafts.keeps_drafts({"title": MAX_TITLE, "body": MAX_BODY})
log = logging.getLogger(__name__)

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


def _readable(reflection_id: int) -> Reflection:
    return get_or_404(Reflection, reflection_id, lambda r: can_read_reflection(current_user, r))


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


# The author ----------------------------------------------------------------------------------


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
        try:
            reflection = operations.write_reflection(
                current_user,
                localtime.today(),
                title=form.title.data,
                body=form.body.data,
                is_shared=form.is_shared.data,
                meeting_id=int(form.meeting_id.data) if form.meeting_id.data else None,
            )
        except MentoringError as error:
            db.session.rollback()
            problem = _problem(form, error)
        else:
            drafts.forget(current_user)
            db.session.commit()
            flash("Your reflection is saved.", "success")
            return redirect(url_for("reflections.show_reflection", reflection_id=reflection.id))
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
        try:
            operations.update_reflection(
                reflection,
                current_user,
                localtime.today(),
                title=form.title.data,
                body=form.body.data,
            )
        except MentoringError as error:
            db.session.rollback()
            problem = _problem(form, error)
        else:
            drafts.forget(current_user)
            db.session.commit()
            flash("Your changes are saved.", "success")
            return redirect(url_for("reflections.show_reflection", reflection_id=reflection.id))
    elif not form.is_submitted():
        queries.load_text(reflection)
        form.title.data, form.body.data = reflection.title, reflection.body
    return _render_form(form, reflection=reflection, problem=problem)


def _set_shared(reflection_id: int, shared: bool):
    reflection = _own(reflection_id)
    if ButtonForm(prefix="visibility").validate_on_submit():
        operations.set_shared(reflection, current_user, shared)
        db.session.commit()
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
        try:
            operations.delete_reflection(reflection, current_user)
        except MentoringError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            db.session.commit()
            flash("The reflection is deleted.", "success")
            return redirect(url_for("reflections.list_reflections"))
    return redirect(url_for("reflections.show_reflection", reflection_id=reflection_id))


# The author and the mentor -------------------------------------------------------------------


def _render_show(reflection: Reflection, acknowledge_form: AcknowledgeForm | None = None):
    queries.load_text(reflection)
    meeting = db.session.get(Meeting, reflection.meeting_id) if reflection.meeting_id else None
    is_author = is_reflection_author(current_user, reflection)
    context = {"reflection": reflection, "meeting": meeting, "is_author": is_author}
    if is_author:
        context.update(
            edit_problem=operations.edit_problem(reflection, localtime.today()),
            delete_problem=operations.delete_problem(reflection),
            visibility=ButtonForm(prefix="visibility", formdata=None),
            delete=ButtonForm(prefix="delete", formdata=None),
        )
    else:
        context.update(
            mentee=db.session.get(User, reflection.author_id),
            acknowledge=acknowledge_form or AcknowledgeForm(formdata=None),
        )
    status = 400 if acknowledge_form is not None and acknowledge_form.errors else 200
    return render_template("reflections/show.html", **context), status


@bp.get("/reflections/<int:reflection_id>")
@role_required(Role.MENTEE, Role.MENTOR)
def show_reflection(reflection_id: int):
    """Show a reflection to its author, or to its mentor while it is shared."""
    return _render_show(_readable(reflection_id))


# The mentor ----------------------------------------------------------------------------------


@bp.get("/mentor/reflections")
@role_required(Role.MENTOR)
def mentor_reflections():
    """List the reflections shared with this mentor: unacknowledged first, then newest."""
    page = queries.mentor_reflections_page(
        current_user.id, page_number(), current_app.config["ITEMS_PER_PAGE"]
    )
    return render_template("reflections/mentor_list.html", page=page)


@bp.post("/reflections/<int:reflection_id>/acknowledge")
@role_required(Role.MENTOR)
def acknowledge_reflection(reflection_id: int):
    """Acknowledge a shared reflection, with an optional reply that the author reads."""
    reflection = _readable(reflection_id)
    form = AcknowledgeForm()
    if form.validate_on_submit():
        try:
            operations.acknowledge(reflection, current_user, form.reply.data)
        except MentoringError as error:
            db.session.rollback()
            if error.field is None:
                flash(error.message, "info")
                return redirect(url_for("reflections.show_reflection", reflection_id=reflection_id))
            show_error(form, error, "reply")
        else:
            db.session.commit()
            flash("Acknowledged. The author can see it.", "success")
            return redirect(url_for("reflections.mentor_reflections"))
    return _render_show(reflection, form)
