"""Training events and who attended them (specialists)."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from mentoring.core.changes import change
from mentoring.core.forms import ButtonForm
from mentoring.core.paging import paginate_rows
from mentoring.core.policy import get_or_404, limit_region_choices, regions_of, role_required
from mentoring.core.roles import Role
from mentoring.core.views import page_number
from mentoring.mentors.models import TrainingEvent, TrainingKind
from mentoring.service import operations, queries
from mentoring.service.forms import AttendeesForm, TrainingForm
from mentoring.service.routes import bp


@bp.get("/admin/trainings")
@role_required(Role.SPECIALIST)
def list_trainings():
    """Training events, newest first, with their number of attendees."""
    page = queries.trainings_page(
        page_number(), current_app.config["ITEMS_PER_PAGE"], regions_of(current_user)
    )
    return render_template("service/trainings.html", page=page)


@bp.route("/admin/trainings/new", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def new_training():
    """Record a regional training or a mentor forum."""
    form = TrainingForm()
    limit_region_choices(form.region, current_user)
    if form.validate_on_submit():
        with change():
            training = operations.create_training(
                current_user,
                TrainingKind(form.kind.data),
                form.title.data,
                form.held_on.data,
                form.region.data,
                form.minutes,
            )
        flash("The training is recorded. Now record who attended.", "success")
        return redirect(url_for("service.show_training", training_id=training.id))
    return render_template("service/new_training.html", form=form), (400 if form.errors else 200)


@bp.route("/admin/trainings/<int:training_id>", methods=["GET", "POST"])
@role_required(Role.SPECIALIST)
def show_training(training_id: int):
    """A training event, its attendees (paged), and the form that records more of them."""
    training = get_or_404(TrainingEvent, training_id)
    form = AttendeesForm()
    if form.validate_on_submit():
        with change(form, "emails") as outcome:
            added = operations.record_attendance(
                training, current_user, form.addresses(), regions_of(current_user)
            )
        if outcome.saved:
            flash(f"{added} attendee{'' if added == 1 else 's'} recorded.", "success")
            return redirect(url_for("service.show_training", training_id=training_id))
    page = paginate_rows(
        queries.attendees_query(training_id), page_number(), current_app.config["ITEMS_PER_PAGE"]
    )
    return render_template(
        "service/training.html", training=training, form=form, page=page, button=ButtonForm()
    ), (400 if form.errors else 200)


@bp.post("/admin/trainings/<int:training_id>/attendees/<int:mentor_id>/remove")
@role_required(Role.SPECIALIST)
def remove_attendee(training_id: int, mentor_id: int):
    """Take a mentor off a training's attendees."""
    training = get_or_404(TrainingEvent, training_id)
    if not ButtonForm().validate_on_submit():
        flash("The form had expired. Try again.", "danger")
        return redirect(url_for("service.show_training", training_id=training_id))
    with change():
        removed = operations.remove_attendance(training, mentor_id, current_user)
    if not removed:
        abort(404)
    flash("The attendee is removed.", "success")
    return redirect(url_for("service.show_training", training_id=training_id))
