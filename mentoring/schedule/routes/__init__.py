"""Scheduled meetings: a mentor (or the program staff) schedules, changes and cancels them;
the group's mentees see theirs; everyone downloads .ics files and subscribes to a private feed.

A meeting not the visitor's does not exist for them (404). The feed answers to its token alone,
and a revoked or unknown token is a 404.

meetings.py: the scheduled meetings and their .ics files; feeds.py: the calendar page and the
private feed.
"""

from flask import Blueprint, Response, abort
from flask_login import current_user

from mentoring.cohorts.models import Cohort, PlcGroup
from mentoring.core.policy import can_view_group, can_view_scheduled_meeting, get_or_404
from mentoring.core.roles import Role
from mentoring.extensions import db
from mentoring.schedule import queries

bp = Blueprint("schedule", __name__)


def group_or_404(group_id: int) -> tuple[PlcGroup, Cohort]:
    group = get_or_404(PlcGroup, group_id, lambda group: can_view_group(current_user, group))
    return group, db.session.get(Cohort, group.cohort_id)


def row_or_404(scheduled_id: int) -> queries.Row:
    row = queries.row(scheduled_id)
    invited = (
        row is not None
        and current_user.role == Role.MENTEE
        and queries.is_invited(scheduled_id, current_user.id)
    )
    if row is None or not can_view_scheduled_meeting(current_user, row.group, invited):
        abort(404)
    return row


def ics_response(body: bytes, filename: str | None = None) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Cache-Control"] = "no-store"
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


from mentoring.schedule.routes import feeds, meetings  # noqa: E402, F401  (the views)
