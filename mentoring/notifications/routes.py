"""Each person chooses which notifications reach them by email."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import RadioField, SubmitField
from wtforms.fields.choices import SelectChoice

from mentoring.core.forms import Form
from mentoring.core.policy import signed_in
from mentoring.extensions import db
from mentoring.notifications import operations
from mentoring.notifications.models import Choice, Kind

bp = Blueprint("notifications", __name__)
CHOICES = [SelectChoice(choice.value, choice.label) for choice in Choice]


class PreferencesForm(Form):
    meetings = RadioField(Kind.MEETINGS.label, choices=CHOICES)
    plans = RadioField(Kind.PLANS.label, choices=CHOICES)
    submit = SubmitField("Save my choices")


@bp.route("/account/notifications", methods=["GET", "POST"])
@signed_in
def preferences():
    """Choose, per kind, an email each time or none (account-security emails always go)."""
    saved = operations.choices(current_user.id)
    form = PreferencesForm(data={kind.value: choice.value for kind, choice in saved.items()})
    if form.validate_on_submit():
        operations.save_choices(
            current_user, {kind: Choice(form[kind.value].data) for kind in Kind}
        )
        db.session.commit()
        flash("Your choices are saved.", "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form), (
        400 if form.errors else 200
    )
