"""The calendar page and the private feed address a calendar app subscribes to."""

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from mentoring.core import localtime
from mentoring.core.changes import change
from mentoring.core.forms import ButtonForm
from mentoring.core.models import utcnow
from mentoring.core.policy import public, role_required
from mentoring.core.roles import Role
from mentoring.schedule import calendar, operations, queries
from mentoring.schedule.routes import bp, ics_response


@bp.get("/calendar")
@role_required(Role.MENTOR, Role.MENTEE)
def calendar_page():
    """Your private calendar feed: whether it is on, and how to turn it on, renew or off."""
    return _calendar_page(None)


def _calendar_page(token: str | None):
    response = Response(
        render_template(
            "schedule/calendar.html",
            created_at=queries.feed_created_at(current_user.id),
            feed_url=(
                f"{current_app.config['PUBLIC_URL'].rstrip('/')}"
                f"{url_for('schedule.feed', token=token)}"
                if token
                else None
            ),
            button=ButtonForm(formdata=None),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/calendar/feed")
@role_required(Role.MENTOR, Role.MENTEE)
def new_feed():
    """Make a new feed address, shown once; any earlier one stops working."""
    if not ButtonForm().validate_on_submit():
        return redirect(url_for("schedule.calendar_page"))
    with change():
        token = operations.new_feed_token(current_user)
    return _calendar_page(token)


@bp.post("/calendar/feed/revoke")
@role_required(Role.MENTOR, Role.MENTEE)
def revoke_feed():
    """Turn the feed address off: calendars that subscribed get nothing more."""
    if ButtonForm().validate_on_submit():
        with change():
            revoked = operations.revoke_feed(current_user)
        if revoked:
            flash("Your calendar feed is turned off.", "success")
    return redirect(url_for("schedule.calendar_page"))


@bp.get("/calendar/<token>.ics")
@public
def feed(token: str):
    """A person's meetings as a calendar feed that calendar apps subscribe to."""
    owner = operations.feed_owner(token)
    if owner is None:
        abort(404)
    zone = localtime.zone()
    rows = queries.feed_rows(owner, utcnow())
    return ics_response(calendar.build(rows, zone, "Mentoring meetings"))
