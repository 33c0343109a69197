"""The meeting log of a PLC group: its mentor and the program staff log and correct meetings.

A group or meeting that is not the visitor's does not exist for them (404); mentees have no
page here (403).
"""

import secrets

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from mentoring.cohorts.models import Cohort, PlcGroup, program_year_for
from mentoring.core import drafts, localtime
from mentoring.core.changes import change, show_error
from mentoring.core.errors import MentoringError
from mentoring.core.forms import ButtonForm
from mentoring.core.policy import (
    can_edit_meeting,
    can_read_private_notes,
    can_view_group,
    get_or_404,
    role_required,
)
from mentoring.core.roles import Role
from mentoring.core.views import page_number
from mentoring.curriculum import queries as curriculum_queries
from mentoring.curriculum.models import CurriculumMonth
from mentoring.extensions import db
from mentoring.meetings import operations, queries
from mentoring.meetings.forms import (
    EditMeetingForm,
    MeetingFilterForm,
    MeetingForm,
    NewMeetingForm,
    attendance_choices,
    prefill,
)
from mentoring.meetings.models import EDIT_WINDOW_DAYS, Meeting
from mentoring.users.models import User

bp = Blueprint("meetings", __name__)
keeps_drafts = drafts.keeps_drafts(
    {name: operations.MAX_TEXT for name in ("focus", "next_steps", "private_notes")}
)


def _group(group_id: int) -> tuple[PlcGroup, Cohort]:
    group = get_or_404(PlcGroup, group_id, lambda group: can_view_group(current_user, group))
    return group, db.session.get(Cohort, group.cohort_id)


def _meeting(meeting_id: int) -> tuple[Meeting, PlcGroup, Cohort]:
    meeting = get_or_404(
        Meeting,
        meeting_id,
        lambda meeting: can_view_group(
            current_user, db.session.get(PlcGroup, meeting.plc_group_id)
        ),
    )
    group = db.session.get(PlcGroup, meeting.plc_group_id)
    return meeting, group, db.session.get(Cohort, group.cohort_id)


def _render_form(form: MeetingForm, group: PlcGroup, cohort: Cohort, meeting=None, problem=None):
    today = localtime.today()
    year = program_year_for(today, cohort)
    return render_template(
        "meetings/form.html",
        form=form,
        group=group,
        cohort=cohort,
        meeting=meeting,
        draft=drafts.prepare(current_user, form),
        # This month's topic and its resources, beside the form.
        curriculum=year and curriculum_queries.month_view(cohort.id, year, today.month),
        button=ButtonForm(formdata=None),
        mentor=db.session.get(User, group.mentor_id),
        deadline=meeting.editable_until if meeting else None,
        window_days=EDIT_WINDOW_DAYS,
        problem=problem,
    ), (400 if form.errors or problem else 200)


def _problem(form: MeetingForm, error: MentoringError) -> str | None:
    """Put a domain error beside its field; return it when it belongs to the whole form."""
    if error.field and error.field in form:
        show_error(form, error, error.field)
        return None
    return error.message


@bp.get("/groups/<int:group_id>/meetings")
@role_required(Role.MENTOR, Role.SPECIALIST)
def list_meetings(group_id: int):
    """List a group's meetings, newest first, paged and filtered by program year."""
    group, cohort = _group(group_id)
    filters = MeetingFilterForm(request.args, cohort=cohort)
    year = int(filters.year.data) if filters.validate() and filters.year.data else None
    page = queries.group_meetings_page(
        group.id, year, page_number(), current_app.config["ITEMS_PER_PAGE"]
    )
    return render_template(
        "meetings/list.html",
        group=group,
        cohort=cohort,
        mentor=db.session.get(User, group.mentor_id),
        page=page,
        filters=filters,
        topic_labels=queries.TOPIC_LABELS,
    )


@bp.route("/groups/<int:group_id>/meetings/new", methods=["GET", "POST"])
@role_required(Role.MENTOR, Role.SPECIALIST)
@keeps_drafts
def new_meeting(group_id: int):
    """Log a meeting of the group with its attendance; a form sent twice logs it once."""
    group, cohort = _group(group_id)
    today = localtime.today()
    held_on = min(today, cohort.ends_on)
    # The group's mentees on the default date; the date entered decides (meetings.operations).
    rows = queries.attendance_choices(group.id, held_on)
    everyone = [enrollment.id for enrollment, _ in rows]
    answers = {
        "held_on": held_on,
        "attendees": everyone,  # everyone, until unticked
        **prefill(request.args, set(everyone)),  # "Log this meeting" of a scheduled one
    }
    months = curriculum_queries.meeting_choices(cohort.id)
    # The topic of the meeting's month, chosen until changed.
    covered = curriculum_queries.topic_of_day(months, cohort, answers["held_on"])
    answers["curriculum_month_id"] = str(covered.id) if covered else ""
    form = NewMeetingForm(
        cohort=cohort,
        today=today,
        months=months,
        choices=attendance_choices(rows, group.id),
        submission_token=secrets.token_urlsafe(24),
        **answers,
    )
    problem = None
    if form.validate_on_submit():
        with change(quiet=True) as outcome:
            meeting = operations.log_meeting(
                group,
                current_user,
                today,
                **form.entry(),
                submission_token=form.submission_token.data,
            )
            drafts.forget(current_user)
        if outcome.saved:
            flash(f"Meeting of {meeting.held_on:%B %-d, %Y} logged.", "success")
            return redirect(url_for("meetings.list_meetings", group_id=group.id))
        problem = _problem(form, outcome.error)
    return _render_form(form, group, cohort, problem=problem)


@bp.get("/meetings/<int:meeting_id>")
@role_required(Role.MENTOR, Role.SPECIALIST)
def show_meeting(meeting_id: int):
    """Show a meeting; its private notes only to whoever logged it and to specialists."""
    meeting, group, cohort = _meeting(meeting_id)
    today = localtime.today()
    can_edit = can_edit_meeting(current_user, meeting, group, today)
    return render_template(
        "meetings/show.html",
        meeting=meeting,
        group=group,
        cohort=cohort,
        mentor=db.session.get(User, group.mentor_id),
        logged_by=db.session.get(User, meeting.logged_by_id) if meeting.logged_by_id else None,
        attendees=queries.attendees(meeting.id),
        topic_labels=queries.TOPIC_LABELS,
        curriculum_topic=db.session.get(CurriculumMonth, meeting.curriculum_month_id)
        if meeting.curriculum_month_id
        else None,
        show_notes=can_read_private_notes(current_user, meeting),
        can_edit=can_edit,
        deadline=meeting.editable_until,
        edit_problem=None if can_edit else operations.edit_problem(current_user, meeting, today),
        delete=ButtonForm(formdata=None),
    )


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@role_required(Role.MENTOR, Role.SPECIALIST)
@keeps_drafts
def edit_meeting(meeting_id: int):
    """Correct a meeting: its mentor for 30 days after logging it, specialists at any time."""
    meeting, group, cohort = _meeting(meeting_id)
    today = localtime.today()
    problem = operations.edit_problem(current_user, meeting, today)
    if problem:
        flash(problem, "info")
        return redirect(url_for("meetings.show_meeting", meeting_id=meeting.id))
    form = EditMeetingForm(
        cohort=cohort,
        today=today,
        months=curriculum_queries.meeting_choices(cohort.id),
        choices=attendance_choices(
            queries.attendance_choices(group.id, meeting.held_on, meeting.id), group.id
        ),
        data={
            "held_on": meeting.held_on,
            "duration_minutes": meeting.duration_minutes,
            "format": meeting.format.value,
            "kind": meeting.kind.value,
            "topics": meeting.topics.split(","),
            "curriculum_month_id": str(meeting.curriculum_month_id or ""),
            "attendees": queries.attendee_ids(meeting.id),
            "focus": meeting.focus,
            "next_steps": meeting.next_steps,
            "next_meeting_on": meeting.next_meeting_on,
            "private_notes": meeting.private_notes,
        },
    )
    if not can_read_private_notes(current_user, meeting):
        del form.private_notes
    if form.validate_on_submit():
        with change(quiet=True) as outcome:
            operations.update_meeting(meeting, current_user, today, **form.entry())
            drafts.forget(current_user)
        if outcome.saved:
            flash("Your changes are saved.", "success")
            return redirect(url_for("meetings.show_meeting", meeting_id=meeting.id))
        problem = _problem(form, outcome.error)
    return _render_form(form, group, cohort, meeting=meeting, problem=problem)


@bp.post("/meetings/<int:meeting_id>/delete")
@role_required(Role.MENTOR, Role.SPECIALIST)
def delete_meeting(meeting_id: int):
    """Delete a meeting and its attendance, under the same rule as correcting it."""
    meeting, group, _ = _meeting(meeting_id)
    if ButtonForm().validate_on_submit():
        with change() as outcome:
            operations.delete_meeting(meeting, current_user, localtime.today())
        if outcome.saved:
            flash("The meeting is deleted.", "success")
            return redirect(url_for("meetings.list_meetings", group_id=group.id))
    return redirect(url_for("meetings.show_meeting", meeting_id=meeting_id))
