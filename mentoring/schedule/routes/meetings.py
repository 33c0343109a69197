"""A group's scheduled meetings: scheduled, shown, changed, cancelled, downloaded."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from mentoring.cohorts.models import Cohort, PlcGroup
from mentoring.core import localtime
from mentoring.core.changes import change
from mentoring.core.forms import ButtonForm
from mentoring.core.models import utcnow
from mentoring.core.policy import can_view_group, role_required
from mentoring.core.roles import Role
from mentoring.core.views import page_number
from mentoring.extensions import db
from mentoring.meetings.models import MeetingFormat, MeetingKind
from mentoring.schedule import calendar, operations, queries
from mentoring.schedule.forms import ChangeForm, ScheduleForm, default_start
from mentoring.schedule.routes import bp, group_or_404, ics_response, row_or_404
from mentoring.users.models import User


@bp.get("/groups/<int:group_id>/schedule")
@role_required(Role.MENTOR, Role.SPECIALIST)
def group_schedule(group_id: int):
    """A group's meetings from today on, soonest first, paged."""
    group, cohort = group_or_404(group_id)
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
    group, cohort = group_or_404(group_id)
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
        with change(form, "starts_on") as outcome:
            meetings = operations.schedule_meetings(group, current_user, now, **form.entry())
        overlap = isinstance(outcome.error, operations.Overlap)
        if outcome.saved:
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
    row = row_or_404(scheduled_id)
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
    row = row_or_404(scheduled_id)
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
        with change(form, "starts_on") as outcome:
            changed = operations.update_meeting(meeting, current_user, now, **form.times())
        overlap = isinstance(outcome.error, operations.Overlap)
        if outcome.saved:
            flash("Your changes are saved." if changed else "Nothing was changed.", "success")
            return redirect(url_for("schedule.show_scheduled_meeting", scheduled_id=meeting.id))
    return _form_page(form, row.group, row.cohort, row, overlap=overlap)


@bp.post("/scheduled/<int:scheduled_id>/cancel")
@role_required(Role.MENTOR, Role.SPECIALIST)
def cancel_scheduled_meeting(scheduled_id: int):
    """Cancel a meeting (and, if asked, the later ones of its series)."""
    row = row_or_404(scheduled_id)
    if not can_view_group(current_user, row.group):
        abort(404)
    form = ButtonForm()
    if form.validate_on_submit():
        rest = request.form.get("scope") == "series"
        with change() as outcome:
            count = operations.cancel_meetings(
                row.meeting, current_user, utcnow(), rest_of_series=rest
            )
        if outcome.saved:
            flash(f"{count} meeting{'' if count == 1 else 's'} cancelled.", "success")
    return redirect(url_for("schedule.show_scheduled_meeting", scheduled_id=scheduled_id))


@bp.get("/scheduled/<int:scheduled_id>/event.ics")
@role_required(Role.MENTOR, Role.SPECIALIST, Role.MENTEE)
def download_ics(scheduled_id: int):
    """The meeting as an .ics file to add to a calendar."""
    row = row_or_404(scheduled_id)
    zone = localtime.zone()
    body = calendar.build([row], zone, "Counselor Mentoring Program", method="PUBLISH")
    return ics_response(body, calendar.download_name(row, zone))
