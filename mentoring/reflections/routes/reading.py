"""A reflection's page for its author or mentor; the mentor's list and acknowledgement."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from mentoring.core import localtime
from mentoring.core.changes import change, show_error
from mentoring.core.forms import ButtonForm
from mentoring.core.policy import is_reflection_author, role_required
from mentoring.core.roles import Role
from mentoring.core.views import page_number
from mentoring.extensions import db
from mentoring.meetings.models import Meeting
from mentoring.reflections import operations, queries
from mentoring.reflections.forms import AcknowledgeForm
from mentoring.reflections.models import Reflection
from mentoring.reflections.routes import bp, readable_or_404
from mentoring.users.models import User


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
    return _render_show(readable_or_404(reflection_id))


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
    reflection = readable_or_404(reflection_id)
    form = AcknowledgeForm()
    if form.validate_on_submit():
        with change(quiet=True) as outcome:
            operations.acknowledge(reflection, current_user, form.reply.data)
        if outcome.saved:
            flash("Acknowledged. The author can see it.", "success")
            return redirect(url_for("reflections.mentor_reflections"))
        if outcome.error.field is None:  # about the reflection, not the reply
            flash(outcome.error.message, "info")
            return redirect(url_for("reflections.show_reflection", reflection_id=reflection_id))
        show_error(form, outcome.error, "reply")
    return _render_show(reflection, form)
