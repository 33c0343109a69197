"""Scheduled meetings: a mentor (or the program staff) schedules, changes and cancels them;
the group's mentees see theirs; everyone downloads .ics files and subscribes to a private feed.

A meeting not the visitor's does not exist for them (404). The feed answers to its token alone,
and a revoked or unknown token is a 404.
"""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from mentoring.cohorts.models import Cohort, PlcGroup
from mentoring.core import localtime
from mentoring.core.changes import show_error
from mentoring.core.errors import MentoringError
from mentoring.core.forms import ButtonForm
from mentoring.core.models import utcnow
from mentoring.core.policy import (
    can_view_group,
    can_view_scheduled_meeting,
    get_or_404,
    public,
    role_required,
)
from mentoring.core.roles import Role
from mentoring.core.views import page_number
from mentoring.extensions import db
from mentoring.meetings.models import MeetingFormat, MeetingKind
from mentoring.schedule import calendar, operations, queries
from mentoring.schedule.forms import ChangeForm, ScheduleForm, default_start
from mentoring.users.models import User

bp = Blueprint("schedule", __name__)


def _group(group_id: int) -> tuple[PlcGroup, Cohort]:
    group = get_or_404(PlcGroup, group_id, lambda group: can_view_group(current_user, group))
    return group, db.session.get(Cohort, group.cohort_id)


def _row(scheduled_id: int) -> queries.Row:
    row = queries.row(scheduled_id)
    invited = (
        row is not None
        and current_user.role == Role.MENTEE
        and queries.is_invited(scheduled_id, current_user.id)
    )
    if row is None or not can_view_scheduled_meeting(current_user, row.group, invited):
        abort(404)
    return row


def _ics(body: bytes, filename: str | None = None) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Cache-Control"] = "no-store"
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/groups/<int:group_id>/schedule")
@role_required(Role.MENTOR, Role.SPECIALIST)
def group_schedule(group_id: int):
    """A group's meetings from today on, soonest first, paged."""
    group, cohort = _group(group_id)
    zone = localtime.zone()
    since = queries.start_of_today(utcnow().astimezone(zone).date(), zone)
    return render_template(
        "schedule/list.html",
        group=group,
        cohort=cohort,
        mentor=db.session.get(User, group.mentor_id),
        page=queries.group_page(
            group.id, since, page_number(), current_app.config["ITEMS_PER_PAGE"]
        ),
        zone=zone,
    )


@bp.route("/groups/<int:group_id>/schedule/new", methods=["GET", "POST"])
@role_required(Role.MENTOR, Role.SPECIALIST)
def new_scheduled_meeting(group_id: int):
    """Schedule a PLC meeting or a one-on-one, once or monthly (24 meetings at most)."""
    group, cohort = _group(group_id)
    zone, now = localtime.zone(), utcnow()
    starts_on, start_time = default_start(now, zone)
    form = ScheduleForm(
        now=now,
        zone=zone,
        mentees=queries.mentee_choices(group.id),
        starts_on=starts_on,
        start_time=start_time,
        duration_minutes=90,
    )
    overlap = False
    if form.validate_on_submit():
        try:
            meetings = operations.schedule_meetings(group, current_user, now, **form.entry())
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "starts_on")
            overlap = isinstance(error, operations.Overlap)
        else:
            db.session.commit()
            count = len(meetings)
            flash(f"{count} meeting{'s' if count > 1 else ''} scheduled.", "success")
            return redirect(url_for("schedule.show_scheduled_meeting", scheduled_id=meetings[0].id))
    return _form_page(form, group, cohort, overlap=overlap)


def _form_page(
    form, group: PlcGroup, cohort: Cohort, row: queries.Row | None = None, overlap=False
):
    """The schedule form; "Schedule it anyway" shows once an overlap was found."""
    return render_template(
        "schedule/form.html",
        form=form,
        group=group,
        cohort=cohort,
        row=row,
        mentor=db.session.get(User, group.mentor_id),
        show_overlap=overlap or form.allow_overlap.data,
        max_occurrences=operations.MAX_OCCURRENCES,
    ), (400 if form.errors else 200)


@bp.get("/scheduled/<int:scheduled_id>")
@role_required(Role.MENTOR, Role.SPECIALIST, Role.MENTEE)
def show_scheduled_meeting(scheduled_id: int):
    """A scheduled meeting: when, where, the agenda, its .ics; for its mentor, the changes."""
    row = _row(scheduled_id)
    zone, now = localtime.zone(), utcnow()
    manages = can_view_group(current_user, row.group)
    return render_template(
        "schedule/show.html",
        row=row,
        zone=zone,
        manages=manages,
        change_problem=operations.change_problem(row.meeting, now),
        can_log=manages and row.meeting.starts_at <= now and not row.meeting.is_cancelled,
        is_logged=queries.is_logged(row.meeting),
        log_url=_log_url(row) if manages else None,
        rule=operations.rule_label(row.meeting.starts_on) if row.meeting.series else None,
        button=ButtonForm(formdata=None),
    )


def _log_url(row: queries.Row) -> str:
    """The meeting log's form, filled in from the scheduled meeting."""
    meeting = row.meeting
    attendees = (
        [meeting.enrollment_id]
        if meeting.kind == MeetingKind.ONE_ON_ONE
        else queries.active_enrollment_ids(row.group.id)
    )
    return url_for(
        "meetings.new_meeting",
        group_id=row.group.id,
        held_on=meeting.starts_on.isoformat(),
        duration_minutes=meeting.duration_minutes,
        kind=meeting.kind.value,
        format=(
            MeetingFormat.VIRTUAL
            if meeting.video_url and not meeting.location
            else MeetingFormat.IN_PERSON
        ).value,
        topics=[meeting.topic.value] if meeting.topic else [],
        attendees=attendees,
    )


@bp.route("/scheduled/<int:scheduled_id>/edit", methods=["GET", "POST"])
@role_required(Role.MENTOR, Role.SPECIALIST)
def edit_scheduled_meeting(scheduled_id: int):
    """Change one scheduled meeting; calendars update it (its SEQUENCE grows)."""
    row = _row(scheduled_id)
    if not can_view_group(current_user, row.group):
        abort(404)
    zone, now = localtime.zone(), utcnow()
    meeting = row.meeting
    problem = operations.change_problem(meeting, now)
    if problem:
        flash(problem, "info")
        return redirect(url_for("schedule.show_scheduled_meeting", scheduled_id=meeting.id))
    start = meeting.starts_at.astimezone(zone)
    form = ChangeForm(
        now=now,
        zone=zone,
        data={
            "starts_on": start.date(),
            "start_time": start.time().replace(tzinfo=None),
            "duration_minutes": meeting.duration_minutes,
            "location": meeting.location or "",
            "video_url": meeting.video_url or "",
            "topic": meeting.topic.value if meeting.topic else "",
            "agenda": meeting.agenda,
        },
    )
    overlap = False
    if form.validate_on_submit():
        try:
            changed = operations.update_meeting(meeting, current_user, now, **form.times())
        except MentoringError as error:
            db.session.rollback()
            show_error(form, error, "starts_on")
            overlap = isinstance(error, operations.Overlap)
        else:
            db.session.commit()
            flash("Your changes are saved." if changed else "Nothing was changed.", "success")
            return redirect(url_for("schedule.show_scheduled_meeting", scheduled_id=meeting.id))
    return _form_page(form, row.group, row.cohort, row, overlap=overlap)


@bp.post("/scheduled/<int:scheduled_id>/cancel")
@role_required(Role.MENTOR, Role.SPECIALIST)
def cancel_scheduled_meeting(scheduled_id: int):
    """Cancel a meeting (and, if asked, the later ones of its series)."""
    row = _row(scheduled_id)
    if not can_view_group(current_user, row.group):
        abort(404)
    form = ButtonForm()
    if form.validate_on_submit():
        rest = request.form.get("scope") == "series"
        try:
            count = operations.cancel_meetings(
                row.meeting, current_user, utcnow(), rest_of_series=rest
            )
        except MentoringError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            db.session.commit()
            flash(f"{count} meeting{'' if count == 1 else 's'} cancelled.", "success")
    return redirect(url_for("schedule.show_scheduled_meeting", scheduled_id=scheduled_id))


@bp.get("/scheduled/<int:scheduled_id>/event.ics")
@role_required(Role.MENTOR, Role.SPECIALIST, Role.MENTEE)
def download_ics(scheduled_id: int):
    """The meeting as an .ics file to add to a calendar."""
    row = _row(scheduled_id)
    zone = localtime.zone()
    body = calendar.build([row], zone, "Counselor Mentoring Program", method="PUBLISH")
    return _ics(body, calendar.download_name(row, zone))


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
    token = operations.new_feed_token(current_user)
    db.session.commit()
    return _calendar_page(token)


@bp.post("/calendar/feed/revoke")
@role_required(Role.MENTOR, Role.MENTEE)
def revoke_feed():
    """Turn the feed address off: calendars that subscribed get nothing more."""
    if ButtonForm().validate_on_submit() and operations.revoke_feed(current_user):
        db.session.commit()
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
    return _ics(calendar.build(rows, zone, "Mentoring meetings"))
