"""Each person's notifications: the list with its unread count, their email choices, and the
one-click unsubscribe that emails carry."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from wtforms import RadioField, SubmitField
from wtforms.fields.choices import SelectChoice

from mentoring.core.changes import change
from mentoring.core.forms import Form
from mentoring.core.models import utcnow
from mentoring.core.paging import paginate_rows
from mentoring.core.policy import get_or_404, public, signed_in
from mentoring.core.views import page_number
from mentoring.extensions import csrf
from mentoring.notifications import operations
from mentoring.notifications.models import Choice, Kind, Notification

bp = Blueprint("notifications", __name__)
CHOICES = [SelectChoice(choice.value, choice.label) for choice in Choice]


class PreferencesForm(Form):
    submit = SubmitField("Save my choices")


for _kind in Kind:
    setattr(PreferencesForm, _kind.value, RadioField(_kind.label, choices=CHOICES))


@bp.route("/account/notifications", methods=["GET", "POST"])
@signed_in
def preferences():
    """Choose, per kind, an email each time, a weekly digest or none (account-security
    emails always go)."""
    saved = operations.choices(current_user.id)
    form = PreferencesForm(data={kind.value: choice.value for kind, choice in saved.items()})
    if form.validate_on_submit():
        with change():
            operations.save_choices(
                current_user, {kind: Choice(form[kind.value].data) for kind in Kind}
            )
        flash("Your choices are saved.", "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form, kinds=list(Kind)), (
        400 if form.errors else 200
    )


@bp.get("/notifications")
@signed_in
def list_notifications():
    """The person's notifications, newest first, unread ones marked."""
    page = paginate_rows(
        operations.recent(current_user.id), page_number(), current_app.config["ITEMS_PER_PAGE"]
    )
    return render_template("notifications/list.html", page=page, form=Form())


@bp.post("/notifications/<int:notification_id>/read")
@signed_in
def mark_read(notification_id: int):
    """Mark one notification read and open its page."""
    notification = get_or_404(Notification, notification_id, lambda n: n.user_id == current_user.id)
    with change():
        operations.mark_read(current_user, utcnow(), notification.id)
    return redirect(notification.link)


@bp.post("/notifications/read")
@signed_in
def mark_all_read():
    """Mark every notification of the person read."""
    with change():
        operations.mark_read(current_user, utcnow())
    flash("All your notifications are marked read.", "success")
    return redirect(url_for("notifications.list_notifications"))


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@public
@csrf.exempt  # a mail client's one-click POST (RFC 8058) has no CSRF token; the token is the key
def unsubscribe(token: str):
    """GET: ask to confirm; POST (the page's button, or the mail client's one click): stop
    that kind of email for that person, without signing in."""
    found = operations.read_unsubscribe_token(token)
    if found is None:
        abort(404)
    user, kind = found
    if request.method == "POST":
        with change():
            operations.unsubscribe(user, kind)
        return render_template("notifications/unsubscribed.html", kind=kind)
    return render_template("notifications/unsubscribe.html", kind=kind, token=token)


@bp.app_context_processor
def _unread_count():
    """The navigation bar's unread count: one query, and only on pages that show it."""

    def unread_notifications() -> int:
        if not current_user.is_authenticated:
            return 0
        if "unread_notifications" not in g:
            g.unread_notifications = operations.unread_count(current_user.id)
        return g.unread_notifications

    return {"unread_notifications": unread_notifications}
